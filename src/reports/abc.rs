//! ABC classes by cumulative share of the total (the Pareto rule).
//!
//! Customers are sorted by value, largest first. Class A is the smallest set
//! of top customers whose cumulative share of the positive total reaches the
//! first share (the customer who crosses it is in A); B continues up to the
//! second share, and so on; the rest are in the last class. Equal values
//! always get the same class: a tie block that straddles a limit goes to the
//! better class. Values <= 0 go to the last class and do not count towards
//! the shares; when no value is positive every customer is in the last class.
//!
//! The result is a tier scale: class k begins at the value of the last
//! customer whose cumulative share *before* it is still below share k. Cuts
//! are inclusive lower bounds, so every value equal to a cut goes to the
//! better class, which is the tie rule. Two shares can give the same cut
//! (the class between them is empty).

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::reports::spread::check_value;
use crate::tiers::scale::{check_labels, check_shares, TierScale};

/// Values one group may hold; their binary form must stay under 1 GB.
pub const MAX_VALUES: usize = 100_000_000;

/// Shares are compared with this relative tolerance, so that a cumulative
/// sum that reaches a share up to float rounding counts as reaching it.
pub const TOLERANCE: f64 = 1e-12;

const VERSION: u8 = 1;

/// Transition state of `abc_scale`: the positive values of the group.
#[derive(Debug, Clone, PartialEq)]
pub struct AbcState {
    shares: Vec<f64>,
    /// Class labels best first (A, B, C), as the user gives them.
    labels: Option<Vec<String>>,
    positive: Vec<f64>,
    /// Rows seen, positive or not: a group of zeros still has a scale.
    rows: u64,
}

/// Default labels: A, B, C, … (one letter per class).
pub fn default_labels(classes: usize) -> Vec<String> {
    (0..classes)
        .map(|class| match class {
            0..=25 => ((b'A' + class as u8) as char).to_string(),
            _ => format!("class {}", class + 1),
        })
        .collect()
}

impl AbcState {
    pub fn new(shares: Vec<f64>, labels: Option<Vec<String>>) -> Result<Self> {
        check_shares(&shares, "shares")?;
        if let Some(labels) = &labels {
            check_labels(labels, shares.len() + 1)?;
        }
        Ok(AbcState {
            shares,
            labels,
            positive: Vec::new(),
            rows: 0,
        })
    }

    pub fn add(&mut self, value: f64) -> Result<()> {
        check_value(value)?;
        if self.positive.len() >= MAX_VALUES {
            return Err(Error::limit_exceeded(format!(
                "abc_scale takes at most {MAX_VALUES} values per group"
            )));
        }
        self.rows = self.rows.saturating_add(1); // only a crafted state comes near u64::MAX
        if value > 0.0 {
            crate::limits::reserve(&mut self.positive, 1, "abc_scale", "positive values", 1)?;
            self.positive.push(value);
        }
        Ok(())
    }

    pub fn merge(&mut self, other: &AbcState) -> Result<()> {
        if other.shares != self.shares || other.labels != self.labels {
            return Err(Error::invalid_parameter(
                "shares and labels must be the same on every row of a group",
            ));
        }
        if self.positive.len() + other.positive.len() > MAX_VALUES {
            return Err(Error::limit_exceeded(format!(
                "abc_scale takes at most {MAX_VALUES} values per group"
            )));
        }
        crate::limits::reserve(
            &mut self.positive,
            other.positive.len(),
            "abc_scale",
            "positive values",
            1,
        )?;
        self.positive.extend_from_slice(&other.positive);
        // Counts of a state read from its text form can be anything.
        self.rows = self.rows.checked_add(other.rows).ok_or_else(|| {
            Error::limit_exceeded("abc_scale counts more rows than 18446744073709551615")
        })?;
        Ok(())
    }

    /// The scale; `None` for a group without rows. Sorts the values in
    /// place, which leaves the state valid for more rows (window frames).
    pub fn scale(&mut self) -> Result<Option<TierScale>> {
        if self.rows == 0 {
            return Ok(None);
        }
        let mut cuts = class_starts(&mut self.positive, &self.shares);
        cuts.reverse();
        // The tier scale lists labels lowest tier first.
        let mut labels = self
            .labels
            .clone()
            .unwrap_or_else(|| default_labels(self.shares.len() + 1));
        labels.reverse();
        TierScale::from_shares(cuts, self.shares.clone(), Some(labels)).map(Some)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(VERSION);
        writer.f64s(&self.shares).u8(self.labels.is_some() as u8);
        if let Some(labels) = &self.labels {
            writer.strs(labels);
        }
        writer.u64(self.rows).f64s(&self.positive);
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let mut reader = Reader::new(bytes, VERSION, "abc_scale state")?;
        let shares = reader.f64s()?;
        let labels = if reader.u8()? != 0 {
            Some(reader.strs()?)
        } else {
            None
        };
        let rows = reader.u64()?;
        let positive = reader.f64s()?;
        reader.finish()?;
        Ok(AbcState {
            shares,
            labels,
            positive,
            rows,
        })
    }
}

/// For each share k, the smallest value that is in class k or better:
/// where that class begins (one cut per share, descending). `positive` holds positive finite values; with none,
/// every cut is the smallest positive number (everything is the last class).
pub fn class_starts(positive: &mut [f64], shares: &[f64]) -> Vec<f64> {
    if positive.is_empty() {
        return vec![f64::from_bits(1); shares.len()];
    }
    positive.sort_unstable_by(crate::interrupts::ticking(|a: &f64, b: &f64| {
        b.total_cmp(a)
    }));
    let total: f64 = positive.iter().sum();
    let limits: Vec<f64> = shares
        .iter()
        .map(|share| share * total * (1.0 - TOLERANCE))
        .collect();
    let mut cuts = vec![positive[0]; shares.len()];
    let mut before = 0.0;
    let mut start = 0;
    while start < positive.len() {
        crate::interrupts::tick();
        let value = positive[start];
        let mut end = start + 1;
        while end < positive.len() && positive[end] == value {
            end += 1;
        }
        // This block belongs to class k or better for every share k whose
        // limit the customers before it have not reached.
        for (cut, limit) in cuts.iter_mut().zip(&limits) {
            if before < *limit {
                *cut = value;
            }
        }
        if limits.last().is_none_or(|last| before >= *last) {
            break;
        }
        before += value * (end - start) as f64;
        start = end;
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Language;

    fn classes(values: &[f64], shares: &[f64]) -> String {
        let mut state = AbcState::new(shares.to_vec(), None).unwrap();
        values.iter().for_each(|v| state.add(*v).unwrap());
        let scale = state.scale().unwrap().unwrap();
        values
            .iter()
            .map(|v| scale.label(*v, Language::En).unwrap().unwrap())
            .collect()
    }

    #[test]
    fn hand_worked_example() {
        // Total 100: 50 (50%), +30 = 80% reaches 0.8 (A), +10 = 90%, +6 = 96%
        // crosses 0.95 (B), the rest C.
        assert_eq!(
            classes(&[50.0, 30.0, 10.0, 6.0, 3.0, 1.0], &[0.8, 0.95]),
            "AABBCC"
        );
        // The customer who crosses the limit is in A: 50 + 29 = 79% < 80%,
        // so the third customer (11) crosses it.
        assert_eq!(
            classes(&[50.0, 29.0, 11.0, 5.0, 5.0], &[0.8, 0.95]),
            "AAABB"
        );
    }

    #[test]
    fn tie_block_across_a_limit_goes_to_the_better_class() {
        // 40 (40%), then three 15s: the first 15 reaches 55%, the second 70%,
        // the third 85% crosses 0.8; all three are A. Then 10 and 5.
        assert_eq!(
            classes(&[40.0, 15.0, 15.0, 15.0, 10.0, 5.0], &[0.8, 0.95]),
            "AAAABC"
        );
        // A tie block straddling both limits empties B.
        assert_eq!(classes(&[70.0, 10.0, 10.0, 10.0], &[0.8, 0.95]), "AAAA");
        assert_eq!(
            classes(&[60.0, 10.0, 10.0, 10.0, 10.0], &[0.8, 0.95]),
            "AAAAA"
        );
    }

    #[test]
    fn single_customer_all_equal_and_all_zero() {
        assert_eq!(classes(&[42.0], &[0.8, 0.95]), "A");
        assert_eq!(classes(&[7.0; 10], &[0.8, 0.95]), "AAAAAAAAAA");
        assert_eq!(classes(&[0.0; 4], &[0.8, 0.95]), "CCCC");
        assert_eq!(classes(&[0.0, -5.0], &[0.5]), "BB");
    }

    #[test]
    fn values_at_or_below_zero_are_last_and_do_not_count() {
        // Positive total 100 (the -50 does not count): 80 reaches 80%, the
        // 10 and the two 5s bring it to 100% (B: the block crosses 95%).
        assert_eq!(
            classes(&[80.0, 10.0, 5.0, 5.0, 0.0, -50.0], &[0.8, 0.95]),
            "ABBBCC"
        );
        // 80 + 15 reaches 95% exactly, so the 5 is C.
        assert_eq!(
            classes(&[80.0, 15.0, 5.0, 0.0, -50.0], &[0.8, 0.95]),
            "ABCCC"
        );
    }

    #[test]
    fn reaching_a_share_exactly_stops_the_class() {
        // 8 + 2: 8 reaches 0.8 exactly, so 2 is B.
        assert_eq!(classes(&[8.0, 2.0], &[0.8, 1.0]), "AB");
        // Float rounding: 0.1 * 8 sums to 0.7999999999999999, still "reaches".
        let values = [0.1; 10];
        assert_eq!(classes(&values, &[0.8]), "AAAAAAAAAA");
        let mut values: Vec<f64> = vec![0.3, 0.2, 0.2, 0.1, 0.1, 0.05, 0.05];
        values.sort_by(|a, b| b.total_cmp(a));
        assert_eq!(classes(&values, &[0.7, 0.9]), "AAABBCC");
    }

    #[test]
    fn order_does_not_matter_and_merge_equals_one_pass() {
        let values: Vec<f64> = (1..=200).map(|i| ((i * 7919) % 200) as f64).collect();
        let mut whole = AbcState::new(vec![0.8, 0.95], None).unwrap();
        values.iter().for_each(|v| whole.add(*v).unwrap());
        let mut left = AbcState::new(vec![0.8, 0.95], None).unwrap();
        let mut right = left.clone();
        values[..77].iter().for_each(|v| left.add(*v).unwrap());
        values[77..].iter().for_each(|v| right.add(*v).unwrap());
        let right = AbcState::decode(&right.encode()).unwrap();
        left.merge(&right).unwrap();
        assert_eq!(left.scale().unwrap(), whole.scale().unwrap());
        let other = AbcState::new(vec![0.5], None).unwrap();
        assert!(left.merge(&other).is_err());
    }

    #[test]
    fn matches_the_cumulative_sum_rule_on_many_inputs() {
        let mut seed = 11u64;
        for n in 1..120usize {
            let values: Vec<f64> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) % 20) as f64 - 3.0
                })
                .collect();
            let got = classes(&values, &[0.8, 0.95]);
            // The rule spelled out: before = sum of positive values larger
            // than this one; A when before < 0.8 total, B when < 0.95 total.
            let total: f64 = values.iter().filter(|v| **v > 0.0).sum();
            let expected: String = values
                .iter()
                .map(|v| {
                    if *v <= 0.0 {
                        return 'C';
                    }
                    let before: f64 = values.iter().filter(|w| **w > *v).sum();
                    if before < 0.8 * total {
                        'A'
                    } else if before < 0.95 * total {
                        'B'
                    } else {
                        'C'
                    }
                })
                .collect();
            assert_eq!(got, expected, "{values:?}");
        }
    }

    #[test]
    fn labels_and_text_form() {
        let mut state = AbcState::new(vec![0.5], Some(vec!["top".into(), "rest".into()])).unwrap();
        [3.0, 2.0, 1.0].iter().for_each(|v| state.add(*v).unwrap());
        let scale = state.scale().unwrap().unwrap();
        assert_eq!(
            scale.to_text(),
            r#"{"cuts":[3],"shares":[0.5],"labels":["rest","top"]}"#
        );
        assert_eq!(TierScale::parse(&scale.to_text()).unwrap(), scale);
        assert_eq!(TierScale::decode(&scale.encode()).unwrap(), scale);
    }

    #[test]
    fn bad_arguments_are_refused() {
        let message = |shares: Vec<f64>, labels: Option<Vec<String>>| {
            AbcState::new(shares, labels).unwrap_err().message
        };
        assert_eq!(message(vec![], None), "shares must hold at least one value");
        assert_eq!(message(vec![0.0], None), "shares must lie in (0,1], not 0");
        assert_eq!(
            message(vec![1.5], None),
            "shares must lie in (0,1], not 1.5"
        );
        assert_eq!(
            message(vec![0.9, 0.8], None),
            "shares must be strictly ascending, but 0.9 is followed by 0.8"
        );
        assert_eq!(
            message(vec![0.8], Some(vec!["A".into()])),
            "labels must hold one label per tier: 2, not 1"
        );
        let mut state = AbcState::new(vec![1.0], None).unwrap();
        assert!(state.add(f64::INFINITY).is_err());
        assert_eq!(state.scale().unwrap(), None);
    }
}
