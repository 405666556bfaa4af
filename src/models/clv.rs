//! Customer lifetime value from the two models:
//!
//! CLV = E(M) · Σ_{k=1}^{⌈H⌉} [E(Y(min(k, H))) - E(Y(k - 1))] / (1 + d)^k
//!
//! where E(Y(t)) is the BG/NBD expected number of purchases in the next t
//! time units (conditional on the customer's history), E(M) the Gamma-Gamma
//! expected average value, H the horizon and d the discount rate per time
//! unit: the purchases expected in each time unit, valued at E(M) and
//! discounted to today at the end of that unit. With d = 0 it is
//! E(M) · E(Y(H)). No pgrx.

use super::bg_nbd::{check_history, BgNbd};
use super::checks::{check_time, number};
use super::gamma_spend::GammaGamma;
use crate::error::{Error, Result};

/// Time units a discounted horizon may span.
pub const MAX_PERIODS: f64 = 100_000.0;

#[allow(clippy::too_many_arguments)]
pub fn clv(
    purchases: &BgNbd,
    spend: &GammaGamma,
    frequency: f64,
    recency: f64,
    age: f64,
    monetary: f64,
    horizon: f64,
    discount_rate: f64,
) -> Result<f64> {
    let (x, t_x, t) = check_history(frequency, recency, age)?;
    let horizon = check_time(horizon, "horizon")?;
    if !(discount_rate.is_finite() && (0.0..=1e6).contains(&discount_rate)) {
        return Err(Error::invalid_parameter(format!(
            "discount_rate must be a number between 0 and 1e6 (a rate per time unit), not {}",
            number(discount_rate)
        )));
    }
    let value = spend.expected_avg_value(x, monetary)?;
    if discount_rate == 0.0 {
        return Ok(value * purchases.expected_purchases(horizon, x, t_x, t)?);
    }
    let periods = horizon.ceil();
    if periods > MAX_PERIODS {
        return Err(Error::invalid_parameter(format!(
            "horizon must be at most {} time units when discount_rate is not 0, not {}",
            number(MAX_PERIODS),
            number(horizon)
        )));
    }
    let ln_factor = discount_rate.ln_1p();
    // One budget of series terms for every period: a long horizon far past
    // the customer's age is a 54000 error in bounded time, not a long wait.
    let mut budget = super::special::MAX_TERMS;
    let mut total = 0.0;
    let mut before = 0.0;
    for k in 1..=periods as u64 {
        let end = (k as f64).min(horizon);
        let expected = purchases.expected_purchases_within(end, x, t_x, t, &mut budget)?;
        total += (expected - before) * (-(k as f64) * ln_factor).exp();
        before = expected;
        crate::interrupts::tick();
    }
    Ok(value * total)
}
