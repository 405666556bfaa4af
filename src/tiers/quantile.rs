//! Population-relative tiers: cuts at population fractions.
//!
//! The rule at a cut: with `n` values in ascending order `v[0..n]`, the cut
//! for fraction `f` is `v[k]` with `k = ceil(f·n)` (0-based, at most n-1).
//! Cuts are inclusive lower bounds, so every value equal to a cut goes to
//! the tier above it: equal values always share a tier, and when values tie
//! around a cut that tier takes more than its fraction (a tier can even be
//! empty when two cuts fall on the same value). With distinct values each
//! tier holds exactly its share: 1000 values at `{0.1,0.9}` give 100/800/100.

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::tiers::scale::{check_fractions, check_labels, number, TierScale};

/// Values one group may hold; their binary form must stay under 1 GB.
pub const MAX_VALUES: usize = 100_000_000;

const VERSION: u8 = 1;

/// Transition state of `quantile_scale`: every non-NULL value of the group.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantileState {
    fractions: Vec<f64>,
    labels: Option<Vec<String>>,
    values: Vec<f64>,
}

impl QuantileState {
    pub fn new(fractions: Vec<f64>, labels: Option<Vec<String>>) -> Result<Self> {
        check_fractions(&fractions)?;
        if let Some(labels) = &labels {
            check_labels(labels, fractions.len() + 1)?;
        }
        Ok(QuantileState {
            fractions,
            labels,
            values: Vec::new(),
        })
    }

    pub fn add(&mut self, value: f64) -> Result<()> {
        if !value.is_finite() {
            return Err(Error::invalid_parameter(format!(
                "value must be a finite number, not {}",
                number(value)
            )));
        }
        if self.values.len() >= MAX_VALUES {
            return Err(Error::limit_exceeded(format!(
                "quantile_scale takes at most {MAX_VALUES} values per group"
            )));
        }
        crate::limits::reserve(&mut self.values, 1, "quantile_scale", "values", 1)?;
        self.values.push(value);
        Ok(())
    }

    /// Adds the values another worker collected for the same group.
    pub fn merge(&mut self, other: &QuantileState) -> Result<()> {
        if other.fractions != self.fractions || other.labels != self.labels {
            return Err(Error::invalid_parameter(
                "fractions and labels must be the same on every row of a group",
            ));
        }
        if self.values.len() + other.values.len() > MAX_VALUES {
            return Err(Error::limit_exceeded(format!(
                "quantile_scale takes at most {MAX_VALUES} values per group"
            )));
        }
        crate::limits::reserve(
            &mut self.values,
            other.values.len(),
            "quantile_scale",
            "values",
            1,
        )?;
        self.values.extend_from_slice(&other.values);
        Ok(())
    }

    /// The scale for the values so far; `None` when there are none.
    /// Reorders the values in place, which leaves the state valid for more
    /// rows (window frames call this repeatedly).
    pub fn scale(&mut self) -> Result<Option<TierScale>> {
        if self.values.is_empty() {
            return Ok(None);
        }
        let cuts = quantile_cuts(&mut self.values, &self.fractions);
        TierScale::from_quantiles(cuts, self.fractions.clone(), self.labels.clone()).map(Some)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(VERSION);
        writer.f64s(&self.fractions).u8(self.labels.is_some() as u8);
        if let Some(labels) = &self.labels {
            writer.strs(labels);
        }
        writer.f64s(&self.values);
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let mut reader = Reader::new(bytes, VERSION, "quantile_scale state")?;
        let fractions = reader.f64s()?;
        let labels = if reader.u8()? != 0 {
            Some(reader.strs()?)
        } else {
            None
        };
        let values = reader.f64s()?;
        reader.finish()?;
        Ok(QuantileState {
            fractions,
            labels,
            values,
        })
    }
}

/// Cuts for ascending `fractions` over `values` (non-empty, no NaN), by the
/// rule above. Only the values at the cut positions are put in place
/// (selection, O(n log cuts)); sorting everything costs several times more
/// and is what `percentile_disc` does. The values are reordered.
///
/// The selection runs on the values' order keys (`order_key`: integers in
/// the order of `f64::total_cmp`), written over the values and turned back
/// after: integer comparisons inline into the partition loop, where a
/// float comparator through a closure was half of an `rfm_scale`'s time.
pub fn quantile_cuts(values: &mut [f64], fractions: &[f64]) -> Vec<f64> {
    quantile_cuts_of(values, fractions, false)
}

/// `quantile_cuts` of the values negated when `negated` (fewer is better),
/// leaving the values as they were but for their order: a final function
/// may be called again on the same state (a running window aggregate).
pub fn quantile_cuts_of(values: &mut [f64], fractions: &[f64], negated: bool) -> Vec<f64> {
    let sign = if negated { -1.0 } else { 1.0 };
    let n = values.len();
    let positions: Vec<usize> = fractions
        .iter()
        .map(|fraction| cut_index(*fraction, n).min(n - 1))
        .collect();
    for value in crate::interrupts::each(values.iter_mut()) {
        *value = f64::from_bits(order_key(sign * *value) as u64);
    }
    // SAFETY: f64 and i64 have the same size and alignment, and every bit
    // pattern is a valid i64; the borrow of `values` is held meanwhile.
    let keys = unsafe { std::slice::from_raw_parts_mut(values.as_mut_ptr().cast::<i64>(), n) };
    select_positions(keys, 0, &positions);
    for value in crate::interrupts::each(values.iter_mut()) {
        *value = sign * from_order_key(value.to_bits() as i64);
    }
    positions
        .iter()
        .map(|position| sign * values[*position])
        .collect()
}

/// An integer whose order is `f64::total_cmp`'s order of `value` (the same
/// transformation `total_cmp` makes).
fn order_key(value: f64) -> i64 {
    let bits = value.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

/// The value of an order key (the transformation is its own inverse).
fn from_order_key(key: i64) -> f64 {
    f64::from_bits((key ^ ((((key >> 63) as u64) >> 1) as i64)) as u64)
}

/// Puts the order statistics at ascending `positions` (offset by `offset`
/// into the whole) in place: the middle one first, then each side. Checks
/// for interrupts before each selection (one takes about 5 ns a value).
fn select_positions(keys: &mut [i64], offset: usize, positions: &[usize]) {
    let Some(&middle) = positions.get(positions.len() / 2) else {
        return;
    };
    crate::interrupts::check();
    let at = middle - offset;
    keys.select_nth_unstable(at);
    let below = &positions[..positions.partition_point(|position| *position < middle)];
    let above = &positions[positions.partition_point(|position| *position <= middle)..];
    let (lower, upper) = keys.split_at_mut(at);
    select_positions(lower, offset, below);
    select_positions(&mut upper[1..], middle + 1, above);
}

/// `ceil(fraction · n)`, without letting float noise such as
/// 0.1·1000 = 100.00000000000001 push an exact product up by one.
fn cut_index(fraction: f64, n: usize) -> usize {
    let product = fraction * n as f64;
    let nearest = product.round();
    if (product - nearest).abs() <= 1e-9 * (n as f64).max(1.0) {
        nearest as usize
    } else {
        product.ceil() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_keys_order_as_total_cmp_and_turn_back() {
        let values = [
            f64::NEG_INFINITY,
            -1e300,
            -2.5,
            -0.0,
            0.0,
            5e-324,
            1.0,
            2.5,
            1e300,
            f64::INFINITY,
        ];
        for a in values {
            assert_eq!(from_order_key(order_key(a)).to_bits(), a.to_bits());
            for b in values {
                assert_eq!(order_key(a).cmp(&order_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
        let mut shuffled = vec![3.0, -1.0, 2.0, -0.0, 0.0, 7.5, -7.5, 1.0];
        let original = shuffled.clone();
        assert_eq!(quantile_cuts(&mut shuffled, &[0.5]), vec![1.0]);
        let mut sorted = shuffled.clone();
        sorted.sort_by(f64::total_cmp);
        let mut expected = original;
        expected.sort_by(f64::total_cmp);
        assert_eq!(sorted, expected, "the values are only reordered");
    }
    use crate::language::Language;

    fn counts(scale: &TierScale, values: &[f64]) -> Vec<usize> {
        let mut counts = vec![0; scale.tiers()];
        for value in values {
            counts[scale.rank(*value).unwrap().unwrap() - 1] += 1;
        }
        counts
    }

    fn scale_of(values: &[f64], fractions: &[f64]) -> TierScale {
        let mut state = QuantileState::new(fractions.to_vec(), None).unwrap();
        values.iter().for_each(|value| state.add(*value).unwrap());
        state.scale().unwrap().unwrap()
    }

    #[test]
    fn thousand_distinct_values_split_100_800_100() {
        // Shuffled order: the result must not depend on input order.
        let values: Vec<f64> = (0..1000)
            .map(|i| ((i * 7919) % 1000) as f64 + 0.5)
            .collect();
        let scale = scale_of(&values, &[0.1, 0.9]);
        assert_eq!(counts(&scale, &values), [100, 800, 100]);
        assert_eq!(scale.cuts(), [100.5, 900.5]);
    }

    #[test]
    fn every_size_and_fraction_gives_each_tier_its_share() {
        for n in 1..200usize {
            let values: Vec<f64> = (0..n).map(|i| i as f64).collect();
            for fraction in [0.1, 0.25, 0.3, 0.5, 0.7, 0.9, 0.99] {
                let low = counts(&scale_of(&values, &[fraction]), &values)[0];
                let expected = ((fraction * n as f64) - 1e-9).ceil().min(n as f64 - 1.0) as usize;
                assert_eq!(low, expected.max(0), "n={n} fraction={fraction}");
            }
        }
    }

    #[test]
    fn ties_at_a_cut_share_the_upper_tier() {
        // 5 distinct low values, then 10 values equal to 7.
        let mut values: Vec<f64> = (0..5).map(f64::from).collect();
        values.extend(std::iter::repeat_n(7.0, 10));
        let scale = scale_of(&values, &[0.5]);
        assert_eq!(scale.cuts(), [7.0]);
        assert_eq!(counts(&scale, &values), [5, 10]);

        let all_equal = scale_of(&[3.0; 20], &[0.1, 0.9]);
        assert_eq!(counts(&all_equal, &[3.0; 20]), [0, 0, 20]);
        assert_eq!(
            all_equal.label(3.0, Language::En).unwrap().as_deref(),
            Some("high")
        );
    }

    #[test]
    fn selection_finds_the_sorted_cuts() {
        let mut seed = 7u64;
        for n in [1usize, 2, 3, 10, 97, 1000] {
            let values: Vec<f64> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) % 50) as f64
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_unstable_by(f64::total_cmp);
            for fractions in [
                vec![0.5],
                vec![0.1, 0.9],
                vec![0.2, 0.4, 0.6, 0.8],
                vec![0.3, 0.3000001, 0.99],
            ] {
                let expected: Vec<f64> = fractions
                    .iter()
                    .map(|f| sorted[cut_index(*f, n).min(n - 1)])
                    .collect();
                assert_eq!(
                    quantile_cuts(&mut values.clone(), &fractions),
                    expected,
                    "n={n} {fractions:?}"
                );
            }
        }
    }

    #[test]
    fn merged_states_equal_one_state() {
        let values: Vec<f64> = (0..100).map(|i| (i * 37 % 100) as f64).collect();
        let whole = scale_of(&values, &[0.2, 0.8]);
        let mut left = QuantileState::new(vec![0.2, 0.8], None).unwrap();
        let mut right = left.clone();
        values[..30].iter().for_each(|v| left.add(*v).unwrap());
        values[30..].iter().for_each(|v| right.add(*v).unwrap());
        let right = QuantileState::decode(&right.encode()).unwrap();
        left.merge(&right).unwrap();
        assert_eq!(left.scale().unwrap().unwrap(), whole);

        let other = QuantileState::new(vec![0.5], None).unwrap();
        assert!(left.merge(&other).is_err());
    }

    #[test]
    fn bad_arguments_are_refused() {
        assert!(QuantileState::new(vec![], None).is_err());
        assert!(QuantileState::new(vec![0.0], None).is_err());
        assert!(QuantileState::new(vec![1.0], None).is_err());
        assert!(QuantileState::new(vec![0.9, 0.1], None).is_err());
        assert!(QuantileState::new(vec![f64::NAN], None).is_err());
        assert!(QuantileState::new(vec![0.5], Some(vec!["x".into()])).is_err());
        let mut state = QuantileState::new(vec![0.5], None).unwrap();
        assert!(state.add(f64::NAN).is_err());
        assert!(state.add(f64::NEG_INFINITY).is_err());
        assert_eq!(state.scale().unwrap(), None);
    }
}
