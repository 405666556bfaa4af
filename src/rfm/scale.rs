//! RFM scales and scores.
//!
//! Each dimension is a tier scale over the population (or given cuts);
//! scores run 1..=bins with the better end scored `bins`: more frequency and
//! monetary is better, fewer days of recency is better. Equal inputs always
//! get equal scores, and a value equal to a cut gets the better score: at
//! least the cut of frequency or monetary scores above it, at most the cut
//! of recency days too. Quantile cuts follow the same rule (ties go to the
//! better score), so a block of tied customers never lands below where its
//! best member would.

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::tiers::quantile::{quantile_cuts, quantile_cuts_of};
use crate::tiers::scale::number;

pub const MIN_BINS: u8 = 2;
pub const MAX_BINS: u8 = 10;
/// Customers one scale may hold: their partial states (8 bytes per value,
/// three values each) must serialize under PostgreSQL's 1 GB limit.
pub const MAX_POPULATION: usize = 40_000_000;

pub fn check_population(customers: usize) -> Result<()> {
    if customers > MAX_POPULATION {
        return Err(Error::limit_exceeded(format!(
            "rfm_scale takes at most {MAX_POPULATION} customers per group, not {customers}"
        )));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Recency,
    Frequency,
    Monetary,
}

impl Dimension {
    pub const ALL: [Dimension; 3] = [
        Dimension::Recency,
        Dimension::Frequency,
        Dimension::Monetary,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dimension::Recency => "recency",
            Dimension::Frequency => "frequency",
            Dimension::Monetary => "monetary",
        }
    }

    /// The name of this dimension's cuts argument in rfm_scale_fixed().
    pub fn cuts_name(self) -> &'static str {
        match self {
            Dimension::Recency => "r_cuts",
            Dimension::Frequency => "f_cuts",
            Dimension::Monetary => "m_cuts",
        }
    }

    pub fn parse(text: &str) -> Result<Dimension> {
        match text.to_ascii_lowercase().as_str() {
            "r" | "recency" => Ok(Dimension::Recency),
            "f" | "frequency" => Ok(Dimension::Frequency),
            "m" | "monetary" => Ok(Dimension::Monetary),
            _ => Err(Error::invalid_parameter(format!(
                "dimension must be 'r', 'f' or 'm', not \"{text}\""
            ))),
        }
    }
}

pub fn check_bins(bins: i32) -> Result<u8> {
    if (MIN_BINS as i32..=MAX_BINS as i32).contains(&bins) {
        Ok(bins as u8)
    } else {
        Err(Error::invalid_parameter(format!(
            "bins must lie between {MIN_BINS} and {MAX_BINS}, not {bins}"
        )))
    }
}

#[inline]
pub fn check_value(value: f64, dimension: Dimension) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(not_finite(value, dimension))
    }
}

#[cold]
fn not_finite(value: f64, dimension: Dimension) -> Error {
    Error::invalid_parameter(format!(
        "{} must be a finite number, not {}",
        dimension.name(),
        number(value)
    ))
}

/// One dimension: ascending cuts (bins - 1 of them) and the population mean
/// (`None` for fixed cuts).
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub cuts: Vec<f64>,
    pub mean: Option<f64>,
}

impl Axis {
    /// 1 for the lowest values .. bins for the highest; at a cut, the higher.
    fn more_is_better(&self, value: f64) -> u8 {
        1 + self.cuts.partition_point(|cut| value >= *cut) as u8
    }

    /// 1 for the highest values .. bins for the lowest; at a cut, the higher.
    fn fewer_is_better(&self, value: f64) -> u8 {
        1 + (self.cuts.len() - self.cuts.partition_point(|cut| *cut < value)) as u8
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RfmScale {
    pub bins: u8,
    pub axes: [Axis; 3],
}

/// An RFM score: each of r, f, m in 1..=10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score {
    pub r: u8,
    pub f: u8,
    pub m: u8,
}

impl RfmScale {
    /// A scale from given cuts; recency cuts in days, strictly ascending.
    pub fn fixed(cuts: [Vec<f64>; 3]) -> Result<RfmScale> {
        Self::from_cuts(cuts, true)
    }

    /// Quantile cuts may repeat where values tie; given cuts may not.
    fn from_cuts(cuts: [Vec<f64>; 3], strictly_ascending: bool) -> Result<RfmScale> {
        let bins = cuts[0].len() + 1;
        if !(MIN_BINS as usize..=MAX_BINS as usize).contains(&bins) {
            return Err(Error::invalid_parameter(format!(
                "r_cuts must hold {} to {} cuts ({MIN_BINS} to {MAX_BINS} bins), not {}",
                MIN_BINS - 1,
                MAX_BINS - 1,
                bins - 1
            )));
        }
        for (dimension, axis_cuts) in Dimension::ALL.iter().zip(&cuts) {
            let name = dimension.cuts_name();
            if axis_cuts.len() + 1 != bins {
                return Err(Error::invalid_parameter(format!(
                    "{name} must hold as many cuts as r_cuts ({}), not {}",
                    bins - 1,
                    axis_cuts.len()
                )));
            }
            if let Some(bad) = axis_cuts.iter().find(|cut| !cut.is_finite()) {
                return Err(Error::invalid_parameter(format!(
                    "{name} must be finite, not {}",
                    number(*bad)
                )));
            }
            let out_of_order = |pair: &[f64]| {
                if strictly_ascending {
                    pair[0] >= pair[1]
                } else {
                    pair[0] > pair[1]
                }
            };
            if axis_cuts.windows(2).any(out_of_order) {
                let order = if strictly_ascending {
                    "strictly ascending"
                } else {
                    "ascending"
                };
                return Err(Error::invalid_parameter(format!("{name} must be {order}")));
            }
        }
        let bins = bins as u8;
        let [r, f, m] = cuts;
        let axis = |cuts| Axis { cuts, mean: None };
        // (Means, when the scale has them, are set by the caller.)
        Ok(RfmScale {
            bins,
            axes: [axis(r), axis(f), axis(m)],
        })
    }

    /// A scale with quantile cuts and means of a population.
    pub fn of_population(bins: u8, values: [&mut Vec<f64>; 3]) -> Option<RfmScale> {
        if values[0].is_empty() {
            return None;
        }
        let fractions: Vec<f64> = (1..bins).map(|k| k as f64 / bins as f64).collect();
        let mean = |values: &[f64]| exact_sum(values) / values.len() as f64;
        let [recency, frequency, monetary] = values;
        // More is better: quantile cuts of the ascending values, ties go up.
        let more_is_better = |values: &mut Vec<f64>| Axis {
            cuts: quantile_cuts(values, &fractions),
            mean: Some(mean(values)),
        };
        // Fewer days are better: the same rule on negated days, so that ties
        // go to the better (more recent) score too; cuts shown in days. The
        // days themselves are left as they were (a running window calls
        // the final function again on the same state).
        let fewer_is_better = |days: &mut Vec<f64>| {
            let cuts = quantile_cuts_of(days, &fractions, true)
                .iter()
                .rev()
                .map(|cut| -cut)
                .collect();
            Axis {
                cuts,
                mean: Some(mean(days)),
            }
        };
        Some(RfmScale {
            bins,
            axes: [
                fewer_is_better(recency),
                more_is_better(frequency),
                more_is_better(monetary),
            ],
        })
    }

    pub fn axis(&self, dimension: Dimension) -> &Axis {
        &self.axes[dimension as usize]
    }

    pub fn score(&self, recency: f64, frequency: f64, monetary: f64) -> Result<Score> {
        let recency = check_value(recency, Dimension::Recency)?;
        let frequency = check_value(frequency, Dimension::Frequency)?;
        let monetary = check_value(monetary, Dimension::Monetary)?;
        Ok(Score {
            r: self.axes[0].fewer_is_better(recency),
            f: self.axes[1].more_is_better(frequency),
            m: self.axes[2].more_is_better(monetary),
        })
    }

    /// High (true) or low against the population means: recency is high
    /// (recent) at or below its mean, frequency and monetary at or above.
    pub fn highs(&self, recency: f64, frequency: f64, monetary: f64) -> Result<[bool; 3]> {
        let mean = |dimension: Dimension| {
            self.axis(dimension).mean.ok_or_else(|| {
                Error::invalid_parameter("scale has no population means (rfm_scale_fixed() makes none): the cn8 model needs a scale from rfm_scale()")
            })
        };
        Ok([
            check_value(recency, Dimension::Recency)? <= mean(Dimension::Recency)?,
            check_value(frequency, Dimension::Frequency)? >= mean(Dimension::Frequency)?,
            check_value(monetary, Dimension::Monetary)? >= mean(Dimension::Monetary)?,
        ])
    }

    // ---- text and binary forms ----------------------------------------------

    pub fn to_text(&self) -> String {
        let axis = |axis: &Axis| {
            let cuts: Vec<String> = axis.cuts.iter().map(|cut| number(*cut)).collect();
            let mean = axis.mean.map_or("null".to_string(), number);
            format!("{{\"cuts\":[{}],\"mean\":{mean}}}", cuts.join(","))
        };
        format!(
            "{{\"bins\":{},\"r\":{},\"f\":{},\"m\":{}}}",
            self.bins,
            axis(&self.axes[0]),
            axis(&self.axes[1]),
            axis(&self.axes[2])
        )
    }

    pub fn parse(text: &str) -> Result<RfmScale> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct AxisText {
            cuts: Vec<f64>,
            mean: Option<f64>,
        }
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct ScaleText {
            bins: i32,
            r: AxisText,
            f: AxisText,
            m: AxisText,
        }
        let invalid = |message: String| Error::invalid_text(format!("rfm_scale: {message}"));
        crate::json::check(text, "rfm_scale")?;
        let parsed: ScaleText =
            serde_json::from_str(text).map_err(|error| invalid(error.to_string()))?;
        let means = [parsed.r.mean, parsed.f.mean, parsed.m.mean];
        let from_population = means.iter().all(Option::is_some);
        let mut scale = RfmScale::from_cuts(
            [parsed.r.cuts, parsed.f.cuts, parsed.m.cuts],
            !from_population,
        )
        .map_err(|error| invalid(error.message))?;
        if scale.bins as i32 != parsed.bins {
            return Err(invalid(format!(
                "bins is {} but the cuts make {} bins",
                parsed.bins, scale.bins
            )));
        }
        if means.iter().any(Option::is_some) && means.iter().any(Option::is_none) {
            return Err(invalid(
                "either every dimension has a mean or none has".to_string(),
            ));
        }
        for (axis, mean) in scale.axes.iter_mut().zip(means) {
            axis.mean = mean;
        }
        Ok(scale)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(VERSION);
        writer.u8(self.bins);
        for axis in &self.axes {
            writer
                .f64s(&axis.cuts)
                .u8(axis.mean.is_some() as u8)
                .f64(axis.mean.unwrap_or(0.0));
        }
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<RfmScale> {
        let mut reader = Reader::new(bytes, VERSION, "rfm_scale")?;
        let bins = reader.u8()?;
        let mut axis = || -> Result<Axis> {
            let cuts = reader.f64s()?;
            let has_mean = reader.u8()? != 0;
            let mean = reader.f64()?;
            Ok(Axis {
                cuts,
                mean: has_mean.then_some(mean),
            })
        };
        let axes = [axis()?, axis()?, axis()?];
        reader.finish()?;
        if check_bins(bins as i32).is_err()
            || axes.iter().any(|axis| axis.cuts.len() + 1 != bins as usize)
        {
            return Err(Error::corrupted("rfm_scale: cuts do not match bins"));
        }
        Ok(RfmScale { bins, axes })
    }
}

const VERSION: u8 = 1;

impl Score {
    pub fn new(r: i32, f: i32, m: i32) -> Result<Score> {
        let check = |value: i32, name: &str| {
            u8::try_from(value)
                .ok()
                .filter(|v| (1..=MAX_BINS).contains(v))
                .ok_or_else(|| {
                    Error::invalid_parameter(format!(
                        "{name} score must lie between 1 and {MAX_BINS}, not {value}"
                    ))
                })
        };
        Ok(Score {
            r: check(r, "r")?,
            f: check(f, "f")?,
            m: check(m, "m")?,
        })
    }

    /// `545`, or `10-3-7` when a score exceeds 9.
    pub fn to_text(&self) -> String {
        if self.r <= 9 && self.f <= 9 && self.m <= 9 {
            format!("{}{}{}", self.r, self.f, self.m)
        } else {
            format!("{}-{}-{}", self.r, self.f, self.m)
        }
    }

    pub fn parse(text: &str) -> Result<Score> {
        let invalid = || {
            Error::invalid_text(format!(
                "rfm: \"{text}\" is not a score such as 545 or 10-3-7"
            ))
        };
        let parts: Vec<i32> = if text.contains('-') {
            text.split('-')
                .map(|part| part.trim().parse().map_err(|_| invalid()))
                .collect::<Result<_>>()?
        } else if text.len() == 3 && text.bytes().all(|b| b.is_ascii_digit()) {
            text.bytes().map(|b| (b - b'0') as i32).collect()
        } else {
            return Err(invalid());
        };
        let [r, f, m] = parts.as_slice() else {
            return Err(invalid());
        };
        Score::new(*r, *f, *m)
            .map_err(|error| Error::invalid_text(format!("rfm: {}", error.message)))
    }

    /// The binary form: the version byte, then r, f and m.
    pub fn encode(&self) -> [u8; 4] {
        [SCORE_VERSION, self.r, self.f, self.m]
    }

    pub fn decode(bytes: &[u8]) -> Result<Score> {
        // Scores are read on every row: the current form without a Reader.
        if let [SCORE_VERSION, r, f, m] = *bytes {
            if let Ok(score) = Score::new(r as i32, f as i32, m as i32) {
                return Ok(score);
            }
        }
        let mut reader = Reader::new(bytes, SCORE_VERSION, "rfm")?;
        let (r, f, m) = (reader.u8()?, reader.u8()?, reader.u8()?);
        reader.finish()?;
        Score::new(r as i32, f as i32, m as i32).map_err(|error| Error::corrupted(error.message))
    }
}

const SCORE_VERSION: u8 = 1;

// ---- the rfm_scale aggregate's state ----------------------------------------

/// What `rfm_scale` collects: every customer's recency, frequency and
/// monetary value, for the quantiles at the end.
#[derive(Debug, Clone, PartialEq)]
pub struct RfmState {
    bins: u8,
    values: [Vec<f64>; 3],
}

impl RfmState {
    /// The state of a group whose first row passes `bins`.
    pub fn new(bins: Option<i32>) -> Result<RfmState> {
        let bins = bins.ok_or_else(|| Error::invalid_parameter("bins must not be NULL"))?;
        Ok(RfmState {
            bins: check_bins(bins)?,
            values: Default::default(),
        })
    }

    /// One row. Like corr() and regr_*(), a row with any NULL value is
    /// skipped; `bins` must be the group's.
    pub fn add(&mut self, values: [Option<f64>; 3], bins: Option<i32>) -> Result<()> {
        if bins != Some(self.bins as i32) {
            return Err(not_the_same_bins());
        }
        if let [Some(recency), Some(frequency), Some(monetary)] = values {
            check_population(self.values[0].len() + 1)?;
            for ((value, dimension), list) in [recency, frequency, monetary]
                .into_iter()
                .zip(Dimension::ALL)
                .zip(&mut self.values)
            {
                crate::limits::reserve(list, 1, "rfm_scale", "customers", 3)?;
                list.push(check_value(value, dimension)?);
            }
        }
        Ok(())
    }

    pub fn merge(&mut self, other: &RfmState) -> Result<()> {
        if self.bins != other.bins {
            return Err(not_the_same_bins());
        }
        check_population(self.values[0].len() + other.values[0].len())?;
        for (list, more) in self.values.iter_mut().zip(&other.values) {
            crate::limits::reserve(list, more.len(), "rfm_scale", "customers", 3)?;
            list.extend_from_slice(more);
        }
        Ok(())
    }

    /// The scale of the population collected; `None` when it is empty. The
    /// values are reordered.
    pub fn scale(&mut self) -> Option<RfmScale> {
        let [r, f, m] = &mut self.values;
        RfmScale::of_population(self.bins, [r, f, m])
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(1);
        writer.u8(self.bins);
        self.values.iter().for_each(|values| {
            writer.f64s(values);
        });
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<RfmState> {
        let mut reader = Reader::new(bytes, 1, "rfm_scale state")?;
        let bins = reader.u8()?;
        let values = [reader.f64s()?, reader.f64s()?, reader.f64s()?];
        reader.finish()?;
        Ok(RfmState { bins, values })
    }
}

fn not_the_same_bins() -> Error {
    Error::invalid_parameter("bins must be the same on every row of a group")
}

/// The correctly rounded sum of `values`: independent of their order, so a
/// scale's means are the same however parallel workers split the rows.
/// Values that are whole multiples of 2^-64 below 2^36 (days, counts, any
/// amount from 0.00025 up to about 68 billion) add exactly as 128-bit fixed
/// point; others take Shewchuk's algorithm.
fn exact_sum(values: &[f64]) -> f64 {
    const SCALE: f64 = 18446744073709551616.0; // 2^64
    const MANTISSA: u64 = (1 << 52) - 1;
    let mut fixed: i128 = 0;
    for &value in values {
        // value · 2^64 = ±mantissa · 2^shift, read from the bits (float
        // conversions to and from i128 are library calls on x86-64). A
        // value of 2^36 or more (shift 48 and up, NaN and infinities
        // included) or one with bits below 2^-64 takes Shewchuk's
        // algorithm; the others are below 2^100 here, and 2^27 of them
        // fit in an i128.
        let bits = value.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as i32;
        let mantissa = if exponent == 0 {
            bits & MANTISSA
        } else {
            (bits & MANTISSA) | (1 << 52)
        };
        let shift = exponent.max(1) - 1075 + 64;
        let scaled = if shift >= 48 {
            return shewchuk_sum(values);
        } else if shift >= 0 {
            (mantissa as i128) << shift
        } else if mantissa == 0 {
            0
        } else if shift <= -53 || mantissa & ((1 << -shift) - 1) != 0 {
            return shewchuk_sum(values);
        } else {
            (mantissa >> -shift) as i128
        };
        fixed += if bits >> 63 != 0 { -scaled } else { scaled };
    }
    fixed as f64 / SCALE
}

/// The correctly rounded sum (Shewchuk's algorithm, as Python's `math.fsum`).
fn shewchuk_sum(values: &[f64]) -> f64 {
    let mut partials: Vec<f64> = Vec::new();
    for &value in values {
        let mut x = value;
        let mut kept = 0;
        for index in 0..partials.len() {
            let mut y = partials[index];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let high = x + y;
            let low = y - (high - x);
            if low != 0.0 {
                partials[kept] = low;
                kept += 1;
            }
            x = high;
        }
        partials.truncate(kept);
        partials.push(x);
    }
    round_partials(&partials)
}

/// Adds non-overlapping partials (ascending magnitude) with one rounding.
fn round_partials(partials: &[f64]) -> f64 {
    let Some((&last, rest)) = partials.split_last() else {
        return 0.0;
    };
    let (mut high, mut low) = (last, 0.0);
    let mut remaining = rest.len();
    while remaining > 0 {
        remaining -= 1;
        let (x, y) = (high, rest[remaining]);
        high = x + y;
        low = y - (high - x);
        if low != 0.0 {
            break;
        }
    }
    // Half-way cases: the partials below decide which way to round.
    if remaining > 0
        && ((low < 0.0 && rest[remaining - 1] < 0.0) || (low > 0.0 && rest[remaining - 1] > 0.0))
    {
        let y = low * 2.0;
        let x = high + y;
        if y == x - high {
            high = x;
        }
    }
    high
}

#[cfg(test)]
mod tests {

    #[test]
    fn awkward_doubles_round_trip_bit_for_bit() {
        for cut in [
            0.1 + 0.2,
            5e-324,
            1.7976931348623157e308,
            10000.000015258789,
        ] {
            let cuts = [vec![-1e300, cut], vec![-1e300, cut], vec![-1e300, cut]];
            let scale = RfmScale::fixed(cuts).unwrap();
            let again = RfmScale::parse(&scale.to_text()).unwrap();
            assert_eq!(again.encode(), scale.encode(), "{cut:e} via text");
            assert_eq!(
                RfmScale::decode(&scale.encode()).unwrap().encode(),
                scale.encode()
            );
        }
    }
    use super::*;

    fn population() -> RfmScale {
        let mut recency: Vec<f64> = (1..=100).map(f64::from).collect();
        let mut frequency: Vec<f64> = (1..=100).map(|i| (i % 20) as f64).collect();
        let mut monetary: Vec<f64> = (1..=100).map(|i| (i * 10) as f64).collect();
        RfmScale::of_population(5, [&mut recency, &mut frequency, &mut monetary]).unwrap()
    }

    #[test]
    fn recency_runs_backwards() {
        let scale = population();
        assert_eq!(
            scale.axis(Dimension::Recency).cuts,
            [20.0, 40.0, 60.0, 80.0]
        );
        assert_eq!(
            scale.score(1.0, 0.0, 10.0).unwrap(),
            Score { r: 5, f: 1, m: 1 }
        );
        assert_eq!(
            scale.score(100.0, 19.0, 1000.0).unwrap(),
            Score { r: 1, f: 5, m: 5 }
        );
        // At a cut: the better score, for recency (fewer days) as for the others.
        assert_eq!(scale.score(20.0, 0.0, 0.0).unwrap().r, 5);
        assert_eq!(scale.score(20.1, 0.0, 0.0).unwrap().r, 4);
        let frequency_cut = scale.axis(Dimension::Frequency).cuts[0];
        assert_eq!(scale.score(0.0, frequency_cut, 0.0).unwrap().f, 2);
    }

    #[test]
    fn sums_are_exact_and_order_free() {
        assert_eq!(exact_sum(&[0.1; 10]), 1.0);
        assert_eq!(shewchuk_sum(&[0.1; 10]), 1.0);
        assert_eq!(exact_sum(&[0.1, 0.2, 0.3]), shewchuk_sum(&[0.3, 0.2, 0.1]));
        assert_eq!(exact_sum(&[1e-5, 1e12, -1e12]), 1e-5);
        assert_eq!(exact_sum(&[1e100, 1.0, -1e100, 1e-100]), 1.0);
        assert_eq!(exact_sum(&[]), 0.0);
        let values: Vec<f64> = (1..2000).map(|i| 1.0 / i as f64).collect();
        let mut reversed = values.clone();
        reversed.reverse();
        assert_eq!(exact_sum(&values), exact_sum(&reversed));
    }

    #[test]
    fn fixed_point_sums_equal_the_correctly_rounded_sum() {
        // Amounts in cents (not multiples of 2^-64: Shewchuk), days and
        // counts, quarters and negative halves (fixed point), values near
        // 2^36 and tiny powers of two: both paths give the correctly
        // rounded sum.
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let cases: Vec<Vec<f64>> = vec![
            (0..5000).map(|_| (next() * 1e6).round() / 100.0).collect(),
            (0..5000).map(|_| (next() * 730.0).floor()).collect(),
            (0..5000)
                .map(|_| ((next() - 0.5) * 1e6).round() / 4.0)
                .collect(),
            (0..5000).map(|_| -(next() * 1e3).round() / 2.0).collect(),
            vec![
                68719476735.5,
                -68719476735.75,
                1.0,
                2f64.powi(-64),
                -2f64.powi(-63),
            ],
            vec![68719476736.0, 1.0, -0.5],
            vec![2f64.powi(-65), 1.0],
            vec![-0.0, 0.0, -3.0, 2.5],
        ];
        for values in cases {
            assert_eq!(
                exact_sum(&values).to_bits(),
                shewchuk_sum(&values).to_bits(),
                "{:?}",
                &values[..values.len().min(5)]
            );
        }
    }

    #[test]
    fn tied_blocks_take_the_better_score() {
        let mut days = vec![1.0, 1.0, 50.0, 100.0, 200.0];
        let mut once = vec![1.0; 5];
        let scale = RfmScale::of_population(5, [&mut days, &mut once.clone(), &mut once]).unwrap();
        let r: Vec<u8> = [1.0, 1.0, 50.0, 100.0, 200.0]
            .iter()
            .map(|d| scale.score(*d, 1.0, 1.0).unwrap().r)
            .collect();
        assert_eq!(r, [5, 5, 3, 2, 1]);
        assert_eq!(
            scale.score(1.0, 1.0, 1.0).unwrap(),
            Score { r: 5, f: 5, m: 5 }
        );
        assert_eq!(scale.axis(Dimension::Recency).mean, Some(70.4));
    }

    #[test]
    fn highs_against_means() {
        let scale = population();
        let mean_r = scale.axis(Dimension::Recency).mean.unwrap();
        assert_eq!(mean_r, 50.5);
        assert_eq!(scale.highs(50.5, 100.0, 0.0).unwrap(), [true, true, false]);
        assert_eq!(scale.highs(50.6, 9.5, 505.0).unwrap(), [false, true, true]);
        let fixed = RfmScale::fixed([vec![30.0], vec![2.0], vec![100.0]]).unwrap();
        assert!(fixed.highs(1.0, 1.0, 1.0).is_err());
    }

    #[test]
    fn fixed_cuts_are_checked() {
        assert!(RfmScale::fixed([vec![1.0, 2.0], vec![1.0], vec![1.0, 2.0]]).is_err());
        assert!(RfmScale::fixed([vec![2.0, 1.0], vec![1.0, 2.0], vec![1.0, 2.0]]).is_err());
        assert!(RfmScale::fixed([vec![], vec![], vec![]]).is_err());
        assert!(RfmScale::fixed([vec![f64::NAN], vec![1.0], vec![1.0]]).is_err());
        let cuts: Vec<f64> = (0..10).map(f64::from).collect();
        assert!(RfmScale::fixed([cuts.clone(), cuts.clone(), cuts]).is_err());
    }

    #[test]
    fn forms_round_trip() {
        let scale = population();
        assert_eq!(RfmScale::parse(&scale.to_text()).unwrap(), scale);
        assert_eq!(RfmScale::decode(&scale.encode()).unwrap(), scale);
        let fixed =
            RfmScale::fixed([vec![30.0, 90.0], vec![2.0, 5.0], vec![100.0, 1000.0]]).unwrap();
        assert_eq!(RfmScale::parse(&fixed.to_text()).unwrap(), fixed);
        let mut ties = vec![1.0; 10];
        let tied =
            RfmScale::of_population(3, [&mut ties.clone(), &mut ties.clone(), &mut ties]).unwrap();
        assert_eq!(RfmScale::parse(&tied.to_text()).unwrap(), tied);
        for score in [Score { r: 5, f: 4, m: 5 }, Score { r: 10, f: 3, m: 7 }] {
            assert_eq!(Score::parse(&score.to_text()).unwrap(), score);
        }
        for bad in ["", "54", "5455", "605", "0-1-1", "a45", "11-1-1"] {
            assert!(Score::parse(bad).is_err(), "{bad}");
        }
    }
}
