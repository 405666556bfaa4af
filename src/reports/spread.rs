//! Concentration of value among customers: top shares, how many customers
//! make a share, the Gini coefficient and the Lorenz curve.
//!
//! NULL values are skipped (as `sum()` does). A value below zero counts as a
//! customer who brought nothing (0): a customer whose credit notes exceed
//! their purchases holds no share of what customers brought. The total is
//! the sum of the values after that, so shares lie between 0 and 1. When the
//! total is 0 every share and the Gini coefficient are NULL.

use serde::Deserialize;

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::tiers::scale::{check_shares, number};

/// Values one group may hold; their binary form must stay under 1 GB.
pub const MAX_VALUES: usize = 100_000_000;

/// Most points a Lorenz curve may have.
pub const MAX_POINTS: i32 = 10_000;

/// Relative tolerance for "reaches a share" (float rounding).
const TOLERANCE: f64 = 1e-12;

const VERSION: u8 = 1;

/// The state of `concentration` and the value of type
/// `segments.concentration`: every customer's value, largest first once
/// finished.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Concentration {
    values: Vec<f64>,
}

impl Concentration {
    pub fn new() -> Self {
        Concentration::default()
    }

    pub fn from_values(values: &[f64]) -> Result<Self> {
        let mut concentration = Concentration::new();
        for value in values {
            crate::interrupts::tick();
            concentration.add(*value)?;
        }
        concentration.finish();
        Ok(concentration)
    }

    pub fn add(&mut self, value: f64) -> Result<()> {
        self.add_for(value, "concentration")
    }

    /// `add` for the aggregate `aggregate` (named when the state is too big).
    pub fn add_for(&mut self, value: f64, aggregate: &str) -> Result<()> {
        check_value(value)?;
        if self.values.len() >= MAX_VALUES {
            return Err(Error::limit_exceeded(format!(
                "concentration takes at most {MAX_VALUES} values per group"
            )));
        }
        crate::limits::reserve(&mut self.values, 1, aggregate, "values", 1)?;
        self.values.push(value.max(0.0));
        Ok(())
    }

    pub fn merge(&mut self, other: &Concentration) -> Result<()> {
        self.merge_for(other, "concentration")
    }

    /// `merge` for the aggregate `aggregate`.
    pub fn merge_for(&mut self, other: &Concentration, aggregate: &str) -> Result<()> {
        if self.values.len() + other.values.len() > MAX_VALUES {
            return Err(Error::limit_exceeded(format!(
                "concentration takes at most {MAX_VALUES} values per group"
            )));
        }
        crate::limits::reserve(&mut self.values, other.values.len(), aggregate, "values", 1)?;
        self.values.extend_from_slice(&other.values);
        Ok(())
    }

    /// Sorts the values, largest first (the stored order).
    pub fn finish(&mut self) {
        self.values
            .sort_unstable_by(crate::interrupts::ticking(|a: &f64, b: &f64| {
                b.total_cmp(a)
            }));
    }

    /// The values, largest first.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    pub fn count(&self) -> i64 {
        self.values.len() as i64
    }

    /// Sum of the values (negative ones counted as 0), smallest first.
    pub fn total(&self) -> f64 {
        self.values.iter().rev().sum()
    }

    fn positive_total(&self) -> Option<f64> {
        let total = self.total();
        (total > 0.0).then_some(total)
    }

    /// Share of the total that the top `fraction` of customers bring: the
    /// top ceil(fraction · count) customers. NULL when the total is 0.
    pub fn top_share(&self, fraction: f64) -> Result<Option<f64>> {
        check_unit(fraction, "fraction")?;
        let Some(total) = self.positive_total() else {
            return Ok(None);
        };
        let top = top_count(fraction, self.values.len());
        Ok(Some(self.values[..top].iter().sum::<f64>() / total))
    }

    /// How many top customers it takes to reach `share` of the total.
    pub fn customers_for_share(&self, share: f64) -> Result<Option<i64>> {
        check_unit(share, "share")?;
        let Some(total) = self.positive_total() else {
            return Ok(None);
        };
        let limit = share * total * (1.0 - TOLERANCE);
        let mut sum = 0.0;
        for (index, value) in self.values.iter().enumerate() {
            crate::interrupts::tick();
            sum += value;
            if sum >= limit {
                return Ok(Some(index as i64 + 1));
            }
        }
        Ok(Some(self.values.len() as i64))
    }

    /// Population Gini coefficient: the mean absolute difference between
    /// any two customers over twice the mean. 0 when all are equal, NULL
    /// when the total is 0.
    pub fn gini(&self) -> Option<f64> {
        let total = self.positive_total()?;
        let n = self.values.len() as f64;
        // Ascending x_i (0-based): sum_{i<j} (x_j - x_i) = sum_i x_i (2i - n + 1).
        let weighted: f64 = self
            .values
            .iter()
            .rev()
            .enumerate()
            .map(|(i, x)| x * (2.0 * i as f64 - n + 1.0))
            .sum();
        Some((weighted / (n * total)).max(0.0))
    }

    /// The Lorenz curve at `points` + 1 evenly spaced customer shares from 0
    /// to 1: the share of the total held by that share of customers, the
    /// smallest first (linear between customers). Value shares are NULL when
    /// the total is 0.
    pub fn lorenz(&self, points: i32) -> Result<Vec<(f64, Option<f64>)>> {
        if !(1..=MAX_POINTS).contains(&points) {
            return Err(Error::invalid_parameter(format!(
                "points must lie between 1 and {MAX_POINTS}, not {points}"
            )));
        }
        let total = self.positive_total();
        let ascending: Vec<f64> = self.values.iter().rev().copied().collect();
        let mut cumulative = Vec::with_capacity(ascending.len() + 1);
        cumulative.push(0.0);
        for value in &ascending {
            crate::interrupts::tick();
            cumulative.push(cumulative.last().copied().unwrap_or(0.0) + value);
        }
        let n = ascending.len();
        Ok((0..=points)
            .map(|point| {
                let customer_share = point as f64 / points as f64;
                let value_share = total.map(|total| {
                    if point == points {
                        return 1.0;
                    }
                    let position = customer_share * n as f64;
                    let whole = (position.floor() as usize).min(n);
                    let part = position - whole as f64;
                    let next = ascending.get(whole).copied().unwrap_or(0.0);
                    (cumulative[whole] + part * next) / total
                });
                (customer_share, value_share)
            })
            .collect())
    }

    // ---- text and binary forms -------------------------------------------

    /// `{"count":3,"total":6,"gini":0.2222222222222222,"values":[3,2,1]}`;
    /// reads back from `values` alone.
    pub fn to_text(&self) -> String {
        let values: Vec<String> = self.values.iter().map(|v| number(*v)).collect();
        let gini = self.gini().map_or("null".to_string(), number);
        format!(
            "{{\"count\":{},\"total\":{},\"gini\":{},\"values\":[{}]}}",
            self.count(),
            number(self.total()),
            gini,
            values.join(",")
        )
    }

    pub fn parse(text: &str) -> Result<Self> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Spec {
            values: Vec<f64>,
            count: Option<i64>,
            total: Option<f64>,
            gini: Option<f64>,
        }
        let spec: Spec = serde_json::from_str(text).map_err(|error| {
            Error::invalid_text(format!(
                "concentration must be an object with \"values\": {error}"
            ))
        })?;
        if spec
            .count
            .is_some_and(|count| count != spec.values.len() as i64)
        {
            return Err(Error::invalid_text(
                "concentration: count does not match the number of values",
            ));
        }
        Self::from_values(&spec.values).map_err(|error| Error::invalid_text(error.message))
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::with_capacity(VERSION, 8 + 8 * self.values.len());
        writer.f64s(&self.values);
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let mut reader = Reader::new(bytes, VERSION, "concentration")?;
        let values = reader.f64s()?;
        reader.finish()?;
        if values.iter().any(|v| !v.is_finite() || *v < 0.0) {
            return Err(Error::corrupted(
                "concentration: a value is not a finite number >= 0",
            ));
        }
        Ok(Concentration { values })
    }
}

/// A value a report aggregate takes (abc_scale, concentration, the
/// charts' bars) must be a finite number.
pub fn check_value(value: f64) -> Result<()> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid_parameter(format!(
            "value must be a finite number, not {}",
            number(value)
        )))
    }
}

/// A share or fraction of customers must lie in (0,1], as one share of
/// `check_shares` does.
fn check_unit(value: f64, argument: &str) -> Result<()> {
    check_shares(&[value], argument)
}

/// ceil(fraction · n), at least 1, ignoring float noise such as
/// 0.1 · 50 = 5.000000000000001.
pub fn top_count(fraction: f64, n: usize) -> usize {
    let product = fraction * n as f64;
    let nearest = product.round();
    let count = if (product - nearest).abs() <= 1e-9 * (n as f64).max(1.0) {
        nearest as usize
    } else {
        product.ceil() as usize
    };
    count.clamp(1.min(n), n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(values: &[f64]) -> Concentration {
        Concentration::from_values(values).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn gini_of_one_to_ten_is_0_3() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        let c = of(&values);
        // sum |xi - xj| over all pairs = 2 · 165 = 330; mean 5.5;
        // 330 / 100 / (2 · 5.5) = 0.3.
        assert!(close(c.gini().unwrap(), 0.3));
        assert_eq!(c.count(), 10);
        assert_eq!(c.total(), 55.0);
    }

    #[test]
    fn gini_edge_cases() {
        assert_eq!(of(&[5.0; 7]).gini(), Some(0.0));
        assert_eq!(of(&[5.0]).gini(), Some(0.0));
        assert_eq!(of(&[0.0, 0.0]).gini(), None);
        assert_eq!(of(&[]).gini(), None);
        // One of four has everything: pairs differ by 10 in 6 of 16 ordered
        // pairs… mean |xi-xj| = 2·3·10/16 = 3.75, mean 2.5: 0.75.
        assert!(close(of(&[0.0, 0.0, 0.0, 10.0]).gini().unwrap(), 0.75));
        // A negative value counts as 0.
        assert_eq!(of(&[-3.0, 0.0, 0.0, 10.0]), of(&[0.0, 0.0, 0.0, 10.0]));
    }

    #[test]
    fn top_share_and_customers_for_share() {
        // 10 customers: 60, then nine of 40/9. Top 10% (one customer) = 60%.
        let mut values = vec![60.0];
        values.extend(std::iter::repeat_n(40.0 / 9.0, 9));
        let c = of(&values);
        assert!(close(c.top_share(0.1).unwrap().unwrap(), 0.6));
        assert!(close(c.top_share(1.0).unwrap().unwrap(), 1.0));
        // 60 + 4.44·5 = 82.2 ≥ 80: six customers.
        assert_eq!(c.customers_for_share(0.8).unwrap(), Some(6));
        assert_eq!(c.customers_for_share(0.6).unwrap(), Some(1));
        // Ties: 4 equal values, top 30% is ceil(1.2) = 2 customers = 50%.
        let ties = of(&[1.0; 4]);
        assert_eq!(ties.top_share(0.3).unwrap(), Some(0.5));
        assert_eq!(ties.customers_for_share(0.5).unwrap(), Some(2));
        // 50 customers: 10% is exactly 5, not 6.
        assert_eq!(top_count(0.1, 50), 5);
        assert_eq!(top_count(0.01, 50), 1);
        // Zeros: NULL.
        assert_eq!(of(&[0.0; 3]).top_share(0.1).unwrap(), None);
        assert_eq!(of(&[0.0; 3]).customers_for_share(0.8).unwrap(), None);
    }

    #[test]
    fn lorenz_curve() {
        let c = of(&[1.0, 3.0]);
        let curve = c.lorenz(4).unwrap();
        let expected = [
            (0.0, 0.0),
            (0.25, 0.125),
            (0.5, 0.25),
            (0.75, 0.625),
            (1.0, 1.0),
        ];
        for ((x, y), (ex, ey)) in curve.iter().zip(expected) {
            assert!(close(*x, ex) && close(y.unwrap(), ey), "{curve:?}");
        }
        assert_eq!(
            of(&[0.0]).lorenz(1).unwrap(),
            vec![(0.0, None), (1.0, None)]
        );
        assert!(c.lorenz(0).is_err());
        assert!(c.lorenz(MAX_POINTS + 1).is_err());
    }

    #[test]
    fn bad_arguments_and_forms() {
        let c = of(&[3.0, 1.0, 2.0]);
        assert_eq!(
            c.top_share(0.0).unwrap_err().message,
            "fraction must lie in (0,1], not 0"
        );
        assert_eq!(
            c.customers_for_share(1.5).unwrap_err().message,
            "share must lie in (0,1], not 1.5"
        );
        assert!(c.top_share(f64::NAN).is_err());
        assert!(Concentration::new().add(f64::NAN).is_err());
        assert_eq!(
            c.to_text(),
            r#"{"count":3,"total":6,"gini":0.2222222222222222,"values":[3,2,1]}"#
        );
        assert_eq!(Concentration::parse(&c.to_text()).unwrap(), c);
        assert_eq!(Concentration::parse(r#"{"values":[1,3,2]}"#).unwrap(), c);
        assert!(Concentration::parse(r#"{"values":[1],"count":2}"#).is_err());
        assert!(Concentration::parse(r#"{"values":[1],"x":2}"#).is_err());
        assert_eq!(Concentration::decode(&c.encode()).unwrap(), c);
        assert!(Concentration::decode(&[1, 0]).is_err());
    }

    #[test]
    fn merged_states_equal_one_state() {
        let values: Vec<f64> = (0..100).map(|i| (i * 37 % 100) as f64).collect();
        let whole = of(&values);
        let mut left = Concentration::new();
        let mut right = Concentration::new();
        values[..40].iter().for_each(|v| left.add(*v).unwrap());
        values[40..].iter().for_each(|v| right.add(*v).unwrap());
        left.merge(&Concentration::decode(&right.encode()).unwrap())
            .unwrap();
        left.finish();
        assert_eq!(left, whole);
    }
}
