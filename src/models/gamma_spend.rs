//! The Gamma-Gamma model of spend per transaction (Fader and Hardie, "The
//! Gamma-Gamma Model of Monetary Value", 2013): a customer's transactions
//! are Gamma(p, ν) with ν ~ Gamma(q, v) across customers, independent of how
//! often the customer buys. A customer is (x, m_x): x transactions (the
//! repeat purchases) with mean value m_x. v is in the unit of money; p and q
//! have none.
//!
//! The fitting state (distinct (x, m_x) with counts), the log-likelihood and
//! its gradient, the fit, and the expected average value. No pgrx.

use rustc_hash::FxHashMap;

use super::checks::{check_money, number, whole_count};
use super::optimize::{minimize, Settings};
use super::special::{digamma, ln_gamma};
use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};

pub const MAX_CUSTOMERS: usize = 10_000_000;
pub const PARAMETERS: u64 = 3;

const STATE_VERSION: u8 = 1;
const MODEL_VERSION: u8 = 1;

/// Checks a customer for the fit: `None` for frequency 0 (no repeat
/// purchase, no spend to learn from: skipped), else (x, m_x).
pub fn check_customer(frequency: f64, monetary: f64) -> Result<Option<(f64, f64)>> {
    let x = whole_count(frequency, "frequency")?;
    if x == 0.0 {
        check_money(monetary, "monetary", true)?;
        return Ok(None);
    }
    Ok(Some((x, check_money(monetary, "monetary", false)?)))
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spends {
    counts: FxHashMap<[u64; 2], u64>,
}

impl Spends {
    pub fn add(&mut self, frequency: f64, monetary: f64) -> Result<()> {
        match check_customer(frequency, monetary)? {
            Some((x, m)) => self.add_checked([x, m], 1),
            None => Ok(()),
        }
    }

    fn add_checked(&mut self, customer: [f64; 2], count: u64) -> Result<()> {
        let key = customer.map(f64::to_bits);
        // A full table grows on a new key: within the documented cap and
        // segments.max_state_mb (checked only then, not per row).
        if self.counts.len() >= self.counts.capacity().min(MAX_CUSTOMERS)
            && !self.counts.contains_key(&key)
        {
            if self.counts.len() >= MAX_CUSTOMERS {
                return Err(Error::limit_exceeded(format!(
                    "gamma_gamma_fit takes at most {MAX_CUSTOMERS} distinct (frequency, monetary) per group"
                )));
            }
            crate::limits::reserve_entry(
                &self.counts,
                "gamma_gamma_fit",
                "distinct (frequency, monetary)",
            )?;
        }
        let slot = self.counts.entry(key).or_insert(0);
        *slot = slot.checked_add(count).ok_or_else(|| {
            Error::limit_exceeded("gamma_gamma_fit: the count of customers overflows")
        })?;
        Ok(())
    }

    pub fn customers(&self) -> u64 {
        self.counts
            .values()
            .fold(0u64, |sum, c| sum.saturating_add(*c))
    }

    pub fn merge(&mut self, other: &Spends) -> Result<()> {
        for (key, count) in &other.counts {
            self.add_checked(key.map(f64::from_bits), *count)?;
        }
        Ok(())
    }

    pub fn sorted(&self) -> Vec<([f64; 2], u64)> {
        super::checks::sorted_counts(&self.counts)
    }

    pub fn encode(&self) -> Vec<u8> {
        let entries = self.sorted();
        let mut writer = Writer::with_capacity(STATE_VERSION, 8 + entries.len() * 24);
        writer.len(entries.len());
        for (customer, count) in entries {
            writer.f64(customer[0]).f64(customer[1]).u64(count);
        }
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Spends> {
        let mut reader = Reader::new(bytes, STATE_VERSION, "gamma_gamma_fit state")?;
        let len = reader.len(24)?;
        let mut spends = Spends::default();
        for _ in 0..len {
            let (x, m, count) = (reader.f64()?, reader.f64()?, reader.u64()?);
            let checked = check_customer(x, m).map_err(|e| Error::corrupted(e.message))?;
            match checked {
                Some((x, m)) if count > 0 => spends.add_checked([x, m], count)?,
                _ => return Err(Error::corrupted("gamma_gamma_fit state: a bad entry")),
            }
        }
        reader.finish()?;
        Ok(spends)
    }
}

/// Entries grouped by x: the lnΓ and ψ terms depend on x only.
struct Grouped {
    groups: Vec<(f64, f64, usize, usize)>,
    /// (ln m, x·m, weight), m scaled.
    spends: Vec<(f64, f64, f64)>,
    weight: f64,
}

fn grouped(entries: &[([f64; 2], u64)], scale: f64) -> Grouped {
    let mut groups: Vec<(f64, f64, usize, usize)> = Vec::new();
    let mut spends = Vec::with_capacity(entries.len());
    let mut weight = 0.0;
    for (index, ([x, m], count)) in entries.iter().enumerate() {
        let w = *count as f64;
        let m = m / scale;
        weight += w;
        spends.push((m.ln(), x * m, w));
        match groups.last_mut() {
            Some(group) if group.0 == *x => {
                group.1 += w;
                group.3 = index + 1;
            }
            _ => groups.push((*x, w, index, index + 1)),
        }
    }
    Grouped {
        groups,
        spends,
        weight,
    }
}

/// Σ w · [lnΓ(px+q) - lnΓ(px) - lnΓ(q) + q ln v + (px-1) ln m + px ln x
/// - (px+q) ln(xm + v)] and its gradient in (p, q, v).
fn log_likelihood_and_gradient(params: [f64; 3], data: &Grouped, gradient: &mut [f64; 3]) -> f64 {
    let [p, q, v] = params;
    let (lg_q, dg_q, ln_v) = (ln_gamma(q), digamma(q), v.ln());
    let mut total = 0.0;
    let mut g = [0.0; 3];
    for &(x, group_weight, first, last) in &data.groups {
        crate::interrupts::tick();
        let px = p * x;
        let ln_x = x.ln();
        total += group_weight * (ln_gamma(px + q) - ln_gamma(px) - lg_q + q * ln_v + px * ln_x);
        let (dg_pxq, dg_px) = (digamma(px + q), digamma(px));
        g[0] += group_weight * x * (dg_pxq - dg_px + ln_x);
        g[1] += group_weight * (dg_pxq - dg_q + ln_v);
        g[2] += group_weight * q / v;
        let (mut sum, mut g0, mut g1, mut g2) = (0.0, 0.0, 0.0, 0.0);
        for &(ln_m, xm, w) in &data.spends[first..last] {
            let ln_xmv = (xm + v).ln();
            sum += w * ((px - 1.0) * ln_m - (px + q) * ln_xmv);
            g0 += w * (ln_m - ln_xmv);
            g1 -= w * ln_xmv;
            g2 -= w / (xm + v);
        }
        total += sum;
        g[0] += x * g0;
        g[1] += g1;
        g[2] += (px + q) * g2;
    }
    *gradient = g;
    total
}

/// The log-likelihood of (p, q, v) over ((x, m_x), count).
pub fn log_likelihood(params: [f64; 3], entries: &[([f64; 2], u64)]) -> f64 {
    let mut gradient = [0.0; 3];
    log_likelihood_and_gradient(params, &grouped(entries, 1.0), &mut gradient)
}

pub fn log_likelihood_gradient(params: [f64; 3], entries: &[([f64; 2], u64)]) -> [f64; 3] {
    let mut gradient = [0.0; 3];
    log_likelihood_and_gradient(params, &grouped(entries, 1.0), &mut gradient);
    gradient
}

#[derive(Debug, Clone, PartialEq)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub v: f64,
    pub log_likelihood: Option<f64>,
    pub customers: u64,
    pub iterations: u32,
    pub converged: bool,
}

/// Fits p, q, v by maximum likelihood; amounts are divided by their mean
/// for the search and v is given back in the unit of money.
pub fn fit(spends: &Spends, settings: Settings) -> Result<GammaGamma> {
    let customers = spends.customers();
    if customers < PARAMETERS {
        return Err(Error::invalid_parameter(format!(
            "gamma_gamma_fit needs at least {PARAMETERS} customers with a repeat purchase (frequency > 0) to estimate its 3 parameters, not {customers}"
        )));
    }
    let entries = spends.sorted();
    let mean = entries.iter().map(|(s, c)| s[1] * *c as f64).sum::<f64>() / customers as f64;
    let data = grouped(&entries, mean);
    let weight = data.weight;
    let objective = |theta: &[f64; 3], gradient: &mut [f64; 3]| {
        crate::interrupts::check();
        let params = theta.map(f64::exp);
        let mut g = [0.0; 3];
        let ll = log_likelihood_and_gradient(params, &data, &mut g);
        for i in 0..3 {
            gradient[i] = -g[i] * params[i] / weight;
        }
        -ll / weight
    };
    let starts = [
        // Amounts are scaled to mean 1 = p v / (q - 1).
        [(5.0f64).ln(), (4.0f64).ln(), (0.6f64).ln()],
        [(1.0f64).ln(), (3.0f64).ln(), (2.0f64).ln()],
        [0.0, 0.0, 0.0],
    ];
    let found = minimize(objective, &starts, settings);
    let [p, q, v_scaled] = found.theta.map(f64::exp);
    // Each customer's likelihood carries 1/scale.
    let log_likelihood = -found.value * weight - weight * mean.ln();
    Ok(GammaGamma {
        p,
        q,
        v: v_scaled * mean,
        log_likelihood: log_likelihood.is_finite().then_some(log_likelihood),
        customers,
        iterations: found.iterations,
        converged: found.converged && log_likelihood.is_finite(),
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

impl GammaGamma {
    pub fn new(p: f64, q: f64, v: f64) -> Result<GammaGamma> {
        Ok(GammaGamma {
            p: check_parameter(p, "p")?,
            q: check_parameter(q, "q")?,
            v: check_parameter(v, "v")?,
            log_likelihood: None,
            customers: 0,
            iterations: 0,
            converged: true,
        })
    }

    /// E(M | x, m_x) = p (v + x m_x) / (p x + q - 1): a weighted mean of
    /// the population mean p v / (q - 1) and the customer's own m_x.
    pub fn expected_avg_value(&self, frequency: f64, monetary: f64) -> Result<f64> {
        let x = whole_count(frequency, "frequency")?;
        let m = if x == 0.0 {
            check_money(monetary, "monetary", true)?;
            0.0
        } else {
            check_money(monetary, "monetary", false)?
        };
        let denominator = self.p * x + self.q - 1.0;
        if denominator <= 0.0 {
            return Err(Error::invalid_parameter(format!(
                "the model has no finite expected value for frequency {}: p·frequency + q - 1 = {} is not positive",
                number(x),
                number(denominator)
            )));
        }
        Ok(self.p * (self.v + x * m) / denominator)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::with_capacity(MODEL_VERSION, 56);
        writer.f64(self.p).f64(self.q).f64(self.v);
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

    pub fn decode(bytes: &[u8]) -> Result<GammaGamma> {
        let mut reader = Reader::new(bytes, MODEL_VERSION, "gamma_gamma")?;
        let (p, q, v) = (reader.f64()?, reader.f64()?, reader.f64()?);
        let log_likelihood = match reader.u8()? {
            0 => None,
            1 => Some(reader.f64()?),
            _ => return Err(Error::corrupted("gamma_gamma: bad log-likelihood flag")),
        };
        let customers = reader.u64()?;
        let iterations = reader.u32()?;
        let converged = match reader.u8()? {
            0 => false,
            1 => true,
            _ => return Err(Error::corrupted("gamma_gamma: bad converged flag")),
        };
        reader.finish()?;
        let mut model = GammaGamma::new(p, q, v)
            .map_err(|e| Error::corrupted(format!("gamma_gamma: {}", e.message)))?;
        if log_likelihood.is_some_and(|ll| !ll.is_finite()) {
            return Err(Error::corrupted(
                "gamma_gamma: log-likelihood is not finite",
            ));
        }
        model.log_likelihood = log_likelihood;
        model.customers = customers;
        model.iterations = iterations;
        model.converged = converged;
        Ok(model)
    }

    pub fn to_text(&self) -> String {
        format!(
            "{{\"p\": {}, \"q\": {}, \"v\": {}, \"log_likelihood\": {}, \"customers\": {}, \"iterations\": {}, \"converged\": {}}}",
            number(self.p),
            number(self.q),
            number(self.v),
            self.log_likelihood.map_or("null".to_string(), number),
            self.customers,
            self.iterations,
            self.converged
        )
    }

    pub fn parse(text: &str) -> Result<GammaGamma> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Text {
            p: f64,
            q: f64,
            v: f64,
            log_likelihood: Option<f64>,
            customers: Option<u64>,
            iterations: Option<u32>,
            converged: Option<bool>,
        }
        let invalid = |message: String| Error::invalid_text(format!("gamma_gamma: {message}"));
        crate::json::check(text, "gamma_gamma")?;
        let parsed: Text = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let mut model =
            GammaGamma::new(parsed.p, parsed.q, parsed.v).map_err(|e| invalid(e.message))?;
        model.log_likelihood = parsed.log_likelihood;
        model.customers = parsed.customers.unwrap_or(0);
        model.iterations = parsed.iterations.unwrap_or(0);
        model.converged = parsed.converged.unwrap_or(true);
        Ok(model)
    }
}
