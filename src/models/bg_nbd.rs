//! The BG/NBD model (Fader, Hardie and Lee, "Counting Your Customers the
//! Easy Way", Marketing Science 2005): while alive, a customer buys at rate
//! λ ~ Gamma(r, α); after each purchase the customer drops out with
//! probability p ~ Beta(a, b). A customer's history is (x, t_x, T): x repeat
//! purchases, the last at time t_x after the first purchase, observed for T
//! time units since the first purchase. α is in that time unit; r, a and b
//! have none.
//!
//! This module: the input checks, the fitting state (distinct histories
//! with their counts), the log-likelihood and its gradient, the maximum
//! likelihood fit, and the model's predictions. No pgrx.

use rustc_hash::FxHashMap;

use super::checks::{check_time, number, whole_count};
use super::optimize::{minimize, Settings};
use super::special::{digamma, expected_alive, expected_alive_within, ln_gamma};
use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};

/// Distinct histories one fit may hold (32 bytes each when shipped).
pub const MAX_HISTORIES: usize = 10_000_000;

/// Checks one customer's history as every function reads it: finite,
/// non-negative, x whole, t_x ≤ T, t_x = 0 when x = 0.
pub fn check_history(frequency: f64, recency: f64, age: f64) -> Result<(f64, f64, f64)> {
    let x = whole_count(frequency, "frequency")?;
    let t_x = check_time(recency, "recency")?;
    let t = check_time(age, "age")?;
    if t_x > t {
        return Err(Error::invalid_parameter(format!(
            "recency must not exceed age: recency {} is after age {}",
            number(t_x),
            number(t)
        )));
    }
    if x == 0.0 && t_x != 0.0 {
        return Err(Error::invalid_parameter(format!(
            "recency must be 0 when frequency is 0 (no repeat purchase), not {}",
            number(t_x)
        )));
    }
    Ok((x, t_x, t))
}

/// What the fit reads: each distinct (x, t_x, T) once, with the number of
/// customers that have it, and the fit's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Histories {
    pub settings: Settings,
    counts: FxHashMap<[u64; 3], u64>,
}

const STATE_VERSION: u8 = 1;
const MODEL_VERSION: u8 = 1;

impl Histories {
    pub fn new(settings: Settings) -> Self {
        Histories {
            settings,
            counts: FxHashMap::default(),
        }
    }

    /// Adds one customer (checked).
    pub fn add(&mut self, frequency: f64, recency: f64, age: f64) -> Result<()> {
        let (x, t_x, t) = check_history(frequency, recency, age)?;
        self.add_checked([x, t_x, t], 1)
    }

    fn add_checked(&mut self, history: [f64; 3], count: u64) -> Result<()> {
        // +0.0 for -0.0, so equal histories share a key.
        let key = history.map(|v| (v + 0.0).to_bits());
        // A full table grows on a new key: within the documented cap and
        // segments.max_state_mb (checked only then, not per row).
        if self.counts.len() >= self.counts.capacity().min(MAX_HISTORIES)
            && !self.counts.contains_key(&key)
        {
            if self.counts.len() >= MAX_HISTORIES {
                return Err(Error::limit_exceeded(format!(
                    "bgnbd_fit takes at most {MAX_HISTORIES} distinct (frequency, recency, age) per group"
                )));
            }
            crate::limits::reserve_entry(
                &self.counts,
                "bgnbd_fit",
                "distinct (frequency, recency, age)",
            )?;
        }
        let slot = self.counts.entry(key).or_insert(0);
        *slot = slot
            .checked_add(count)
            .ok_or_else(|| Error::limit_exceeded("bgnbd_fit: the count of customers overflows"))?;
        Ok(())
    }

    pub fn customers(&self) -> u64 {
        self.counts
            .values()
            .fold(0u64, |sum, c| sum.saturating_add(*c))
    }

    pub fn merge(&mut self, other: &Histories) -> Result<()> {
        if self.settings != other.settings {
            return Err(Error::invalid_parameter(
                "options must be the same on every row of a group",
            ));
        }
        for (key, count) in &other.counts {
            self.add_checked(key.map(f64::from_bits), *count)?;
        }
        Ok(())
    }

    /// The histories sorted by (x, t_x, T), with their counts.
    pub fn sorted(&self) -> Vec<([f64; 3], u64)> {
        super::checks::sorted_counts(&self.counts)
    }

    pub fn encode(&self) -> Vec<u8> {
        let entries = self.sorted();
        let mut writer = Writer::with_capacity(STATE_VERSION, 24 + entries.len() * 32);
        writer
            .u32(self.settings.max_iterations)
            .f64(self.settings.tolerance);
        writer.len(entries.len());
        for (history, count) in entries {
            writer
                .f64(history[0])
                .f64(history[1])
                .f64(history[2])
                .u64(count);
        }
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Histories> {
        let mut reader = Reader::new(bytes, STATE_VERSION, "bgnbd_fit state")?;
        let settings = Settings {
            max_iterations: reader.u32()?,
            tolerance: reader.f64()?,
        };
        check_settings(settings).map_err(|e| Error::corrupted(e.message))?;
        let len = reader.len(32)?;
        let mut histories = Histories::new(settings);
        for _ in 0..len {
            let (x, t_x, t) = (reader.f64()?, reader.f64()?, reader.f64()?);
            let count = reader.u64()?;
            let checked = check_history(x, t_x, t).map_err(|e| Error::corrupted(e.message))?;
            if count == 0 {
                return Err(Error::corrupted(
                    "bgnbd_fit state: a history with no customer",
                ));
            }
            histories.add_checked([checked.0, checked.1, checked.2], count)?;
        }
        reader.finish()?;
        Ok(histories)
    }
}

/// The fit's options: at most this many iterations, this tolerance.
pub fn check_settings(settings: Settings) -> Result<Settings> {
    if !(1..=100_000).contains(&settings.max_iterations) {
        return Err(Error::invalid_parameter(format!(
            "options: max_iterations must lie between 1 and 100000, not {}",
            settings.max_iterations
        )));
    }
    if !(settings.tolerance > 0.0 && settings.tolerance < 1.0) {
        return Err(Error::invalid_parameter(format!(
            "options: tolerance must lie between 0 and 1 (exclusive), not {}",
            number(settings.tolerance)
        )));
    }
    Ok(settings)
}

/// Reads the options JSON: `{"max_iterations": 500, "tolerance": 1e-9}`,
/// both optional.
pub fn parse_options(text: &str) -> Result<Settings> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Options {
        max_iterations: Option<i64>,
        tolerance: Option<f64>,
    }
    let options: Options =
        crate::json::from_str(text, "options").map_err(|e| Error::invalid_parameter(e.message))?;
    let defaults = Settings::default();
    let max_iterations = match options.max_iterations {
        None => defaults.max_iterations,
        Some(n) if (1..=100_000).contains(&n) => n as u32,
        Some(n) => {
            return Err(Error::invalid_parameter(format!(
                "options: max_iterations must lie between 1 and 100000, not {n}"
            )))
        }
    };
    check_settings(Settings {
        max_iterations,
        tolerance: options.tolerance.unwrap_or(defaults.tolerance),
    })
}

/// A fitted (or given) BG/NBD model.
#[derive(Debug, Clone, PartialEq)]
pub struct BgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
    /// The log-likelihood at the parameters (in the data's time unit);
    /// `None` for a model given as text without one.
    pub log_likelihood: Option<f64>,
    pub customers: u64,
    pub iterations: u32,
    pub converged: bool,
}

/// Histories grouped by x for the likelihood: the lnΓ and ψ terms depend
/// on x only. Times are kept once each: recency and age take few distinct
/// values in practice (whole days or weeks), so ln(α + t) and 1/(α + t) are
/// computed once per distinct time and evaluation, not twice per history.
struct Grouped {
    /// (x, total weight, first and last index into `histories`).
    groups: Vec<(f64, f64, usize, usize)>,
    /// (index of t_x, index of T into `times`, weight).
    histories: Vec<(u32, u32, f64)>,
    /// The distinct times (t_x and T), scaled, ascending.
    times: Vec<f64>,
    weight: f64,
}

fn grouped(entries: &[([f64; 3], u64)], scale: f64) -> Grouped {
    let mut times: Vec<f64> = Vec::with_capacity(2 * entries.len());
    for ([_, t_x, t], _) in crate::interrupts::each(entries) {
        times.push(t_x / scale);
        times.push(t / scale);
    }
    times.sort_unstable_by(crate::interrupts::ticking(f64::total_cmp));
    times.dedup_by(|a, b| a.to_bits() == b.to_bits());
    let index = |time: f64| times.partition_point(|t| t.total_cmp(&time).is_lt()) as u32;
    let mut groups: Vec<(f64, f64, usize, usize)> = Vec::new();
    let mut histories = Vec::with_capacity(entries.len());
    let mut weight = 0.0;
    for (at, ([x, t_x, t], count)) in crate::interrupts::each(entries.iter().enumerate()) {
        let w = *count as f64;
        weight += w;
        histories.push((index(t_x / scale), index(t / scale), w));
        match groups.last_mut() {
            Some(group) if group.0 == *x => {
                group.1 += w;
                group.3 = at + 1;
            }
            _ => groups.push((*x, w, at, at + 1)),
        }
    }
    Grouped {
        groups,
        histories,
        times,
        weight,
    }
}

/// Σ weight · ln L(r, α, a, b | x, t_x, T) and its gradient with respect
/// to (r, α, a, b), over histories in the time unit of `data`. `logs`
/// holds (ln(α + t), 1/(α + t)) of every distinct time, rewritten here.
fn log_likelihood_and_gradient(
    params: [f64; 4],
    data: &Grouped,
    logs: &mut Vec<(f64, f64)>,
    gradient: &mut [f64; 4],
) -> f64 {
    let [r, alpha, a, b] = params;
    let ln_alpha = alpha.ln();
    logs.clear();
    logs.extend(
        data.times
            .iter()
            .map(|t| ((alpha + t).ln(), 1.0 / (alpha + t))),
    );
    let logs = &logs[..];
    let (lg_r, lg_b, lg_ab) = (ln_gamma(r), ln_gamma(b), ln_gamma(a + b));
    let (dg_r, dg_b, dg_ab) = (digamma(r), digamma(b), digamma(a + b));
    let mut total = 0.0;
    let mut g = [0.0; 4];
    for &(x, group_weight, first, last) in &data.groups {
        crate::interrupts::tick();
        let rx = r + x;
        let constant = ln_gamma(rx) - lg_r + r * ln_alpha + lg_ab + ln_gamma(b + x)
            - lg_b
            - ln_gamma(a + b + x);
        total += group_weight * constant;
        let dg_abx = digamma(a + b + x);
        g[0] += group_weight * (digamma(rx) - dg_r + ln_alpha);
        g[1] += group_weight * r / alpha;
        g[2] += group_weight * (dg_ab - dg_abx);
        g[3] += group_weight * (dg_ab + digamma(b + x) - dg_b - dg_abx);
        let histories = &data.histories[first..last];
        if x == 0.0 {
            let (mut sum, mut g0, mut g1) = (0.0, 0.0, 0.0);
            for &(_, t, w) in histories {
                let (ln_t, inverse_t) = logs[t as usize];
                sum += w * ln_t;
                g0 += w * ln_t;
                g1 += w * inverse_t;
            }
            total -= rx * sum;
            g[0] -= g0;
            g[1] -= rx * g1;
            continue;
        }
        let ln_dropout = a.ln() - (b + x - 1.0).ln();
        let (mut sum, mut g0, mut g1, mut g_dropout) = (0.0, 0.0, 0.0, 0.0);
        for &(t_x, t, w) in histories {
            let (ln_t, inverse_t) = logs[t as usize];
            let (ln_t_x, inverse_t_x) = logs[t_x as usize];
            // ln(e^a3 + e^a4) with a3 = -(r+x) ln(α+T) (alive at T) and
            // a4 = ln(a/(b+x-1)) - (r+x) ln(α+t_x) (dropped out after the
            // last purchase): a3 + ln(1 + e^d), d = a4 - a3, and the weight
            // w4 = e^a4 / (e^a3 + e^a4) of the second term.
            let d = ln_dropout + rx * (ln_t - ln_t_x);
            let e = (-d.abs()).exp();
            let (softplus, w4) = if d > 0.0 {
                (d + e.ln_1p(), 1.0 / (1.0 + e))
            } else {
                (e.ln_1p(), e / (1.0 + e))
            };
            let w3 = 1.0 - w4;
            sum += w * (softplus - rx * ln_t);
            g0 -= w * (w3 * ln_t + w4 * ln_t_x);
            g1 -= w * (w3 * inverse_t + w4 * inverse_t_x);
            g_dropout += w * w4;
        }
        total += sum;
        g[0] += g0;
        g[1] += rx * g1;
        g[2] += g_dropout / a;
        g[3] -= g_dropout / (b + x - 1.0);
    }
    *gradient = g;
    total
}

/// The log-likelihood of `params` over histories ((x, t_x, T), count).
pub fn log_likelihood(params: [f64; 4], entries: &[([f64; 3], u64)]) -> f64 {
    let mut gradient = [0.0; 4];
    log_likelihood_and_gradient(
        params,
        &grouped(entries, 1.0),
        &mut Vec::new(),
        &mut gradient,
    )
}

/// The gradient of the log-likelihood (for tests).
pub fn log_likelihood_gradient(params: [f64; 4], entries: &[([f64; 3], u64)]) -> [f64; 4] {
    let mut gradient = [0.0; 4];
    log_likelihood_and_gradient(
        params,
        &grouped(entries, 1.0),
        &mut Vec::new(),
        &mut gradient,
    );
    gradient
}

/// The number of parameters: fewer customers cannot determine them.
pub const PARAMETERS: u64 = 4;

/// Fits r, α, a, b by maximum likelihood. Times are divided by their mean
/// age for the search (so that α' = α / scale is near 1 whatever the time
/// unit), and α and the log-likelihood are given back in the data's unit.
pub fn fit(histories: &Histories) -> Result<BgNbd> {
    let customers = histories.customers();
    if customers < PARAMETERS {
        return Err(Error::invalid_parameter(format!(
            "bgnbd_fit needs at least {PARAMETERS} customers to estimate its 4 parameters, not {customers}"
        )));
    }
    let entries = histories.sorted();
    let mean_age = entries.iter().map(|(h, c)| h[2] * *c as f64).sum::<f64>() / customers as f64;
    let scale = if mean_age > 0.0 { mean_age } else { 1.0 };
    let data = grouped(&entries, scale);
    let weight = data.weight;
    let mut logs = Vec::with_capacity(data.times.len());
    let objective = |theta: &[f64; 4], gradient: &mut [f64; 4]| {
        crate::interrupts::check();
        let params = theta.map(f64::exp);
        let mut g = [0.0; 4];
        let ll = log_likelihood_and_gradient(params, &data, &mut logs, &mut g);
        for i in 0..4 {
            gradient[i] = -g[i] * params[i] / weight;
        }
        -ll / weight
    };
    let starts = [
        [0.0, 0.0, 0.0, 0.0],
        [(0.5f64).ln(), (0.2f64).ln(), (0.5f64).ln(), (2.0f64).ln()],
        [(2.0f64).ln(), (2.0f64).ln(), (2.0f64).ln(), (10.0f64).ln()],
    ];
    let found = minimize(objective, &starts, histories.settings);
    let [r, alpha_scaled, a, b] = found.theta.map(f64::exp);
    // LL in the data's unit: each history's likelihood carries scale^-x.
    let x_total: f64 = entries.iter().map(|(h, c)| h[0] * *c as f64).sum();
    let log_likelihood = -found.value * weight - x_total * scale.ln();
    Ok(BgNbd {
        r,
        alpha: alpha_scaled * scale,
        a,
        b,
        log_likelihood: log_likelihood.is_finite().then_some(log_likelihood),
        customers,
        iterations: found.iterations,
        // Without a repeat purchase a and b are not identified at all.
        converged: found.converged && log_likelihood.is_finite() && x_total > 0.0,
    })
}

fn check_parameter(value: f64, name: &str) -> Result<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(Error::invalid_parameter(format!(
            "{name} must be a positive finite number, not {}",
            number(value)
        )))
    }
}

impl BgNbd {
    /// A model of given parameters (checked).
    pub fn new(r: f64, alpha: f64, a: f64, b: f64) -> Result<BgNbd> {
        Ok(BgNbd {
            r: check_parameter(r, "r")?,
            alpha: check_parameter(alpha, "alpha")?,
            a: check_parameter(a, "a")?,
            b: check_parameter(b, "b")?,
            log_likelihood: None,
            customers: 0,
            iterations: 0,
            converged: true,
        })
    }

    /// The probability that a customer with this history is still alive at
    /// age T: 1 / (1 + δ(x>0) · a/(b+x-1) · ((α+T)/(α+t_x))^(r+x)).
    #[inline]
    pub fn p_alive(&self, x: f64, t_x: f64, t: f64) -> f64 {
        if x == 0.0 {
            return 1.0;
        }
        let z = (self.a / (self.b + x - 1.0)).ln()
            + (self.r + x) * ((t - t_x) / (self.alpha + t_x)).ln_1p();
        1.0 / (1.0 + z.exp())
    }

    /// The expected number of purchases in (T, T + horizon] of a customer
    /// with this history (Fader, Hardie and Lee 2005, eq. 10).
    pub fn expected_purchases(&self, horizon: f64, x: f64, t_x: f64, t: f64) -> Result<f64> {
        self.expected_purchases_within(horizon, x, t_x, t, &mut super::special::MAX_TERMS.clone())
    }

    /// `expected_purchases` spending at most `budget` series terms.
    pub fn expected_purchases_within(
        &self,
        horizon: f64,
        x: f64,
        t_x: f64,
        t: f64,
        budget: &mut u64,
    ) -> Result<f64> {
        let alive = self.p_alive(x, t_x, t);
        let expected = expected_alive_within(
            self.r + x,
            self.alpha + t,
            self.a,
            self.b + x,
            horizon,
            budget,
        )?;
        Ok(alive * expected)
    }

    /// The expected number of purchases in (0, horizon] of a new customer
    /// (eq. 9).
    pub fn expected_purchases_new(&self, horizon: f64) -> Result<f64> {
        expected_alive(self.r, self.alpha, self.a, self.b, horizon)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::with_capacity(MODEL_VERSION, 64);
        writer.f64(self.r).f64(self.alpha).f64(self.a).f64(self.b);
        match self.log_likelihood {
            Some(ll) => writer.u8(1).f64(ll),
            None => writer.u8(0),
        };
        writer
            .u64(self.customers)
            .u32(self.iterations)
            .u8(self.converged as u8);
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<BgNbd> {
        let mut reader = Reader::new(bytes, MODEL_VERSION, "bgnbd")?;
        let (r, alpha, a, b) = (reader.f64()?, reader.f64()?, reader.f64()?, reader.f64()?);
        let log_likelihood = match reader.u8()? {
            0 => None,
            1 => Some(reader.f64()?),
            _ => return Err(Error::corrupted("bgnbd: bad log-likelihood flag")),
        };
        let customers = reader.u64()?;
        let iterations = reader.u32()?;
        let converged = match reader.u8()? {
            0 => false,
            1 => true,
            _ => return Err(Error::corrupted("bgnbd: bad converged flag")),
        };
        reader.finish()?;
        let mut model = BgNbd::new(r, alpha, a, b)
            .map_err(|e| Error::corrupted(format!("bgnbd: {}", e.message)))?;
        if log_likelihood.is_some_and(|ll| !ll.is_finite()) {
            return Err(Error::corrupted("bgnbd: log-likelihood is not finite"));
        }
        model.log_likelihood = log_likelihood;
        model.customers = customers;
        model.iterations = iterations;
        model.converged = converged;
        Ok(model)
    }

    /// The text form (and `params()`): JSON.
    pub fn to_text(&self) -> String {
        format!(
            "{{\"r\": {}, \"alpha\": {}, \"a\": {}, \"b\": {}, \"log_likelihood\": {}, \"customers\": {}, \"iterations\": {}, \"converged\": {}}}",
            number(self.r),
            number(self.alpha),
            number(self.a),
            number(self.b),
            self.log_likelihood.map_or("null".to_string(), number),
            self.customers,
            self.iterations,
            self.converged
        )
    }

    /// Reads the text form; only r, alpha, a and b are required.
    pub fn parse(text: &str) -> Result<BgNbd> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Text {
            r: f64,
            alpha: f64,
            a: f64,
            b: f64,
            log_likelihood: Option<f64>,
            customers: Option<u64>,
            iterations: Option<u32>,
            converged: Option<bool>,
        }
        let invalid = |message: String| Error::invalid_text(format!("bgnbd: {message}"));
        crate::json::check(text, "bgnbd")?;
        let parsed: Text = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let mut model = BgNbd::new(parsed.r, parsed.alpha, parsed.a, parsed.b)
            .map_err(|e| invalid(e.message))?;
        model.log_likelihood = parsed.log_likelihood;
        model.customers = parsed.customers.unwrap_or(0);
        model.iterations = parsed.iterations.unwrap_or(0);
        model.converged = parsed.converged.unwrap_or(true);
        Ok(model)
    }
}
