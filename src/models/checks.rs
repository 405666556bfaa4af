//! Input checks the models share: every number a model function reads is
//! finite, within range, and an error names the argument (22023).

use crate::error::{Error, Result};

pub use crate::tiers::scale::number;

/// Times and counts above this are refused: no time unit needs more, and
/// the series and sums stay exact and bounded in time below it.
pub const MAX_VALUE: f64 = 1e9;

fn finite(value: f64, name: &str) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Error::invalid_parameter(format!(
            "{name} must be a finite number, not {}",
            number(value)
        )))
    }
}

/// A time (recency, age, horizon): finite, 0 ≤ value ≤ 1e9.
#[inline]
pub fn check_time(value: f64, name: &str) -> Result<f64> {
    if (0.0..=MAX_VALUE).contains(&value) {
        return Ok(value + 0.0);
    }
    finite(value, name)?;
    Err(Error::invalid_parameter(format!(
        "{name} must lie between 0 and {}, not {}",
        number(MAX_VALUE),
        number(value)
    )))
}

/// A number of repeat purchases: a whole number, 0 ≤ value ≤ 1e9.
#[inline]
pub fn whole_count(value: f64, name: &str) -> Result<f64> {
    let value = check_time(value, name)?;
    if value.fract() != 0.0 {
        return Err(Error::invalid_parameter(format!(
            "{name} must be a whole number of repeat purchases, not {}",
            number(value)
        )));
    }
    Ok(value)
}

/// An amount of money: finite, 0 < value ≤ 1e15 (0 allowed when `zero_ok`).
pub fn check_money(value: f64, name: &str, zero_ok: bool) -> Result<f64> {
    finite(value, name)?;
    if (value > 0.0 || (zero_ok && value == 0.0)) && value <= 1e15 {
        return Ok(value + 0.0);
    }
    Err(Error::invalid_parameter(format!(
        "{name} must be {} and at most 1e15, not {}",
        if zero_ok { "non-negative" } else { "positive" },
        number(value)
    )))
}

/// Distinct rows counted by the bits of their values (finite, as the checks
/// above admit), as values sorted in ascending order with their counts: the
/// order the fits read them in and the binary forms write them in.
pub fn sorted_counts<const N: usize>(
    counts: &rustc_hash::FxHashMap<[u64; N], u64>,
) -> Vec<([f64; N], u64)> {
    // Up to millions of entries in a final function: both loops check for
    // interrupts. The keys are distinct, so an unstable sort is exact.
    let mut entries: Vec<([f64; N], u64)> = crate::interrupts::each(counts.iter())
        .map(|(key, count)| (key.map(f64::from_bits), *count))
        .collect();
    entries.sort_unstable_by(crate::interrupts::ticking(
        |a: &([f64; N], u64), b: &([f64; N], u64)| {
            a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal)
        },
    ));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_argument() {
        assert!(check_time(f64::NAN, "age")
            .unwrap_err()
            .message
            .starts_with("age must be a finite number"));
        assert!(check_time(-1.0, "recency")
            .unwrap_err()
            .message
            .starts_with("recency must lie between"));
        assert!(check_time(2e9, "age").is_err());
        assert!(whole_count(1.5, "frequency")
            .unwrap_err()
            .message
            .contains("whole number"));
        assert_eq!(check_time(-0.0, "age").unwrap().to_bits(), 0.0f64.to_bits());
        assert!(check_money(0.0, "monetary", false).is_err());
        assert!(check_money(f64::INFINITY, "monetary", false).is_err());
        assert_eq!(check_money(12.5, "monetary", false).unwrap(), 12.5);
    }
}
