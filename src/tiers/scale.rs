//! The tier scale: ordered boundaries between tiers, with labels.
//!
//! A scale is given as cuts (ascending inclusive lower bounds), as bands
//! with `gt`/`gte`/`lt`/`lte` bounds, or is computed from a population by
//! `quantile_scale`. All three become the same thing: a list of boundaries,
//! each saying at which value a customer passes into the next tier.

use std::cmp::Ordering;
use std::fmt::Write;

use serde::Deserialize;

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::language::Language;

/// Most tiers a scale may have.
pub const MAX_TIERS: usize = 1000;

/// A value passes a boundary when it is `>= at`, or `> at` when `exclusive`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boundary {
    pub at: f64,
    pub exclusive: bool,
}

impl Boundary {
    pub fn inclusive(at: f64) -> Self {
        Boundary {
            at,
            exclusive: false,
        }
    }

    fn passed_by(&self, value: f64) -> bool {
        if self.exclusive {
            value > self.at
        } else {
            value >= self.at
        }
    }

    /// Order along the number line: at `x`, `>= x` is passed before `> x`.
    fn order(&self, other: &Boundary) -> Ordering {
        self.at
            .total_cmp(&other.at)
            .then(self.exclusive.cmp(&other.exclusive))
    }
}

/// How the scale was made; decides its text form.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    Cuts,
    Bands,
    /// Cut at these population fractions; cuts may repeat when values tie.
    Quantiles(Vec<f64>),
    /// ABC classes at these cumulative shares of the total (`abc_scale`);
    /// cuts may repeat when a class is empty.
    Shares(Vec<f64>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TierScale {
    /// `tiers - 1` boundaries in ascending order.
    boundaries: Vec<Boundary>,
    /// Values that do not pass `floor` are below every tier (bands only).
    floor: Option<Boundary>,
    /// Values that pass `ceiling` are above every tier (bands only).
    ceiling: Option<Boundary>,
    /// `None`: default labels, in the language in force when read.
    labels: Option<Vec<String>>,
    origin: Origin,
}

impl TierScale {
    /// A scale from ascending inclusive lower bounds.
    pub fn from_cuts(cuts: &[f64], labels: Option<Vec<String>>) -> Result<Self> {
        check_finite(cuts, "cuts")?;
        if let Some(pair) = cuts.windows(2).find(|pair| pair[0] >= pair[1]) {
            return Err(Error::invalid_parameter(format!(
                "cuts must be strictly ascending, but {} is followed by {}",
                number(pair[0]),
                number(pair[1])
            )));
        }
        Self::build(
            cuts.iter().map(|at| Boundary::inclusive(*at)).collect(),
            None,
            None,
            labels,
            Origin::Cuts,
        )
    }

    /// A scale cut at population fractions; `cuts` may repeat (ties).
    pub fn from_quantiles(
        cuts: Vec<f64>,
        fractions: Vec<f64>,
        labels: Option<Vec<String>>,
    ) -> Result<Self> {
        check_fractions(&fractions)?;
        check_finite(&cuts, "cuts")?;
        if cuts.len() != fractions.len() || cuts.windows(2).any(|pair| pair[0] > pair[1]) {
            return Err(Error::invalid_parameter(
                "cuts must be ascending, one per fraction",
            ));
        }
        let boundaries = cuts.iter().map(|at| Boundary::inclusive(*at)).collect();
        Self::build(boundaries, None, None, labels, Origin::Quantiles(fractions))
    }

    /// ABC classes: cuts where each class begins (ascending, may repeat,
    /// one per share) for cumulative `shares` of the total, in (0,1].
    pub fn from_shares(
        cuts: Vec<f64>,
        shares: Vec<f64>,
        labels: Option<Vec<String>>,
    ) -> Result<Self> {
        check_shares(&shares, "shares")?;
        check_finite(&cuts, "cuts")?;
        if cuts.len() != shares.len() || cuts.windows(2).any(|pair| pair[0] > pair[1]) {
            return Err(Error::invalid_parameter(
                "cuts must be ascending, one per share",
            ));
        }
        let boundaries = cuts.iter().map(|at| Boundary::inclusive(*at)).collect();
        Self::build(boundaries, None, None, labels, Origin::Shares(shares))
    }

    fn build(
        boundaries: Vec<Boundary>,
        floor: Option<Boundary>,
        ceiling: Option<Boundary>,
        labels: Option<Vec<String>>,
        origin: Origin,
    ) -> Result<Self> {
        let tiers = boundaries.len() + 1;
        if tiers < 2 {
            return Err(Error::invalid_parameter(
                "cuts must hold at least one value (a scale needs two tiers)",
            ));
        }
        if tiers > MAX_TIERS {
            return Err(Error::limit_exceeded(format!(
                "a scale may have at most {MAX_TIERS} tiers, this one has {tiers}"
            )));
        }
        if let Some(labels) = &labels {
            check_labels(labels, tiers)?;
        }
        check_boundaries(&boundaries, floor, ceiling, &origin)?;
        Ok(TierScale {
            boundaries,
            floor,
            ceiling,
            labels,
            origin,
        })
    }

    pub fn tiers(&self) -> usize {
        self.boundaries.len() + 1
    }

    /// The tier of `value`, 1 for the lowest; `None` outside every band.
    pub fn rank(&self, value: f64) -> Result<Option<usize>> {
        if !value.is_finite() {
            return Err(Error::invalid_parameter(format!(
                "value must be a finite number, not {}",
                number(value)
            )));
        }
        let below_floor = self.floor.is_some_and(|floor| !floor.passed_by(value));
        let above_ceiling = self.ceiling.is_some_and(|ceiling| ceiling.passed_by(value));
        if below_floor || above_ceiling {
            return Ok(None);
        }
        Ok(Some(
            1 + self
                .boundaries
                .partition_point(|boundary| boundary.passed_by(value)),
        ))
    }

    /// The label of `value`'s tier; `None` outside every band.
    pub fn label(&self, value: f64, language: Language) -> Result<Option<String>> {
        let rank = self.rank(value)?;
        Ok(rank.map(|rank| match &self.labels {
            Some(labels) => labels[rank - 1].clone(),
            None => default_label(rank, self.tiers(), language),
        }))
    }

    /// The values where tiers begin (each boundary's value).
    pub fn cuts(&self) -> Vec<f64> {
        self.boundaries.iter().map(|boundary| boundary.at).collect()
    }

    pub fn labels(&self, language: Language) -> Vec<String> {
        match &self.labels {
            Some(labels) => labels.clone(),
            None => default_labels(self.tiers(), language),
        }
    }
}

/// A scale with its labels spelled out in one language: what the SQL
/// functions keep per call site, so that labelling a row allocates nothing.
pub struct LabelledScale {
    pub scale: TierScale,
    labels: Vec<String>,
}

impl LabelledScale {
    pub fn new(scale: TierScale, language: Language) -> Self {
        let labels = scale.labels(language);
        LabelledScale { scale, labels }
    }

    /// The labels, lowest tier first.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The label of `value`'s tier; `None` outside every band.
    pub fn label(&self, value: f64) -> Result<Option<&str>> {
        Ok(self
            .scale
            .rank(value)?
            .map(|rank| self.labels[rank - 1].as_str()))
    }
}

/// What every way of making a scale guarantees, checked again in `build`
/// so that binary input and stored bytes pass the same rules as text:
/// finite boundaries in ascending order (strictly, except quantile and
/// ABC cuts, which tie), one fraction or share per cut, a floor and ceiling
/// outside them.
fn check_boundaries(
    boundaries: &[Boundary],
    floor: Option<Boundary>,
    ceiling: Option<Boundary>,
    origin: &Origin,
) -> Result<()> {
    let all: Vec<f64> = floor
        .iter()
        .chain(boundaries)
        .chain(ceiling.iter())
        .map(|b| b.at)
        .collect();
    check_finite(&all, "cuts")?;
    let ties_allowed = matches!(origin, Origin::Quantiles(_) | Origin::Shares(_));
    if let Origin::Quantiles(fractions) = origin {
        check_fractions(fractions)?;
        if fractions.len() != boundaries.len() {
            return Err(Error::invalid_parameter(
                "cuts must be ascending, one per fraction",
            ));
        }
    }
    if let Origin::Shares(shares) = origin {
        check_shares(shares, "shares")?;
        if shares.len() != boundaries.len() {
            return Err(Error::invalid_parameter(
                "cuts must be ascending, one per share",
            ));
        }
    }
    let out_of_order = boundaries
        .windows(2)
        .any(|pair| match pair[0].order(&pair[1]) {
            Ordering::Less => false,
            Ordering::Equal => !ties_allowed,
            Ordering::Greater => true,
        });
    let floor_after = match (floor, boundaries.first()) {
        (Some(floor), Some(first)) => floor.order(first) == Ordering::Greater,
        _ => false,
    };
    let ceiling_before = match (ceiling, boundaries.last()) {
        (Some(ceiling), Some(last)) => ceiling.order(last) == Ordering::Less,
        _ => false,
    };
    if out_of_order || floor_after || ceiling_before {
        return Err(Error::invalid_parameter(
            "cuts must be in ascending order (bands must not overlap)",
        ));
    }
    Ok(())
}

fn check_finite(values: &[f64], argument: &str) -> Result<()> {
    match values.iter().find(|value| !value.is_finite()) {
        Some(bad) => Err(Error::invalid_parameter(format!(
            "{argument} must hold finite numbers, not {}",
            number(*bad)
        ))),
        None => Ok(()),
    }
}

/// Fractions must lie strictly between 0 and 1, in ascending order.
pub fn check_fractions(fractions: &[f64]) -> Result<()> {
    if fractions.is_empty() {
        return Err(Error::invalid_parameter(
            "fractions must hold at least one value",
        ));
    }
    if fractions.len() >= MAX_TIERS {
        return Err(Error::limit_exceeded(format!(
            "fractions may hold at most {} values",
            MAX_TIERS - 1
        )));
    }
    if let Some(bad) = fractions.iter().find(|f| !(**f > 0.0 && **f < 1.0)) {
        return Err(Error::invalid_parameter(format!(
            "fractions must lie strictly between 0 and 1, not {}",
            number(*bad)
        )));
    }
    if let Some(pair) = fractions.windows(2).find(|pair| pair[0] >= pair[1]) {
        return Err(Error::invalid_parameter(format!(
            "fractions must be strictly ascending, but {} is followed by {}",
            number(pair[0]),
            number(pair[1])
        )));
    }
    Ok(())
}

/// Cumulative shares must lie in (0,1], in strictly ascending order.
pub fn check_shares(shares: &[f64], argument: &str) -> Result<()> {
    if shares.is_empty() {
        return Err(Error::invalid_parameter(format!(
            "{argument} must hold at least one value"
        )));
    }
    if shares.len() >= MAX_TIERS {
        return Err(Error::limit_exceeded(format!(
            "{argument} may hold at most {} values",
            MAX_TIERS - 1
        )));
    }
    if let Some(bad) = shares.iter().find(|s| !(**s > 0.0 && **s <= 1.0)) {
        return Err(Error::invalid_parameter(format!(
            "{argument} must lie in (0,1], not {}",
            number(*bad)
        )));
    }
    if let Some(pair) = shares.windows(2).find(|pair| pair[0] >= pair[1]) {
        return Err(Error::invalid_parameter(format!(
            "{argument} must be strictly ascending, but {} is followed by {}",
            number(pair[0]),
            number(pair[1])
        )));
    }
    Ok(())
}

/// Labels must match the number of tiers.
pub fn check_labels(labels: &[String], tiers: usize) -> Result<()> {
    if labels.len() != tiers {
        return Err(Error::invalid_parameter(format!(
            "labels must hold one label per tier: {tiers}, not {}",
            labels.len()
        )));
    }
    for label in labels {
        crate::error::check_no_nul(label, "labels")?;
    }
    Ok(())
}

/// Default labels: low/high, low/medium/high, …; documented in the README.
pub fn default_labels(tiers: usize, language: Language) -> Vec<String> {
    (1..=tiers)
        .map(|rank| default_label(rank, tiers, language))
        .collect()
}

fn default_label(rank: usize, tiers: usize, language: Language) -> String {
    const EN: [&[&str]; 4] = [
        &["low", "high"],
        &["low", "medium", "high"],
        &["low", "medium-low", "medium-high", "high"],
        &["very low", "low", "medium", "high", "very high"],
    ];
    const ZH: [&[&str]; 4] = [
        &["低", "高"],
        &["低", "中", "高"],
        &["低", "中低", "中高", "高"],
        &["很低", "低", "中", "高", "很高"],
    ];
    let names = match language {
        Language::En => &EN,
        Language::Zh => &ZH,
    };
    match names.get(tiers.wrapping_sub(2)) {
        Some(names) => names[rank - 1].to_string(),
        None => match language {
            Language::En => format!("tier {rank}"),
            Language::Zh => format!("第{rank}档"),
        },
    }
}

/// Shortest text that reads back as the same f64 (`5000`, `4999.99`),
/// spelling the special values as PostgreSQL does.
pub fn number(value: f64) -> String {
    match value {
        f64::INFINITY => "Infinity".to_string(),
        f64::NEG_INFINITY => "-Infinity".to_string(),
        _ if value.is_nan() => "NaN".to_string(),
        // Tiny and huge magnitudes in exponent form (5e-324, not 324 digits);
        // both forms print the shortest digits that read back as the same
        // double, and -0 keeps its sign.
        _ if value == 0.0 && value.is_sign_negative() => "-0.0".to_string(),
        _ if value != 0.0 && !(1e-7..1e21).contains(&value.abs()) => format!("{value:e}"),
        _ => format!("{value}"),
    }
}

// ---- text form -------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CutsSpec {
    cuts: Vec<f64>,
    #[serde(default)]
    labels: Option<Vec<String>>,
    #[serde(default)]
    fractions: Option<Vec<f64>>,
    #[serde(default)]
    shares: Option<Vec<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BandSpec {
    #[serde(default)]
    label: Option<String>,
    gt: Option<f64>,
    gte: Option<f64>,
    lt: Option<f64>,
    lte: Option<f64>,
}

/// One band: the boundary a value passes to enter it, the one it passes
/// to leave it.
struct Band {
    /// How messages name the band: its label, or its place in the list.
    name: String,
    label: Option<String>,
    lower: Option<Boundary>,
    upper: Option<Boundary>,
}

impl BandSpec {
    fn into_band(self, position: usize) -> Result<Band> {
        let name = match &self.label {
            Some(label) => format!("\"{label}\""),
            None => format!("{position}"),
        };
        let lower = match (self.gt, self.gte) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid_text(format!(
                    "band {name} has both gt and gte"
                )))
            }
            (Some(at), None) => Some(Boundary {
                at,
                exclusive: true,
            }),
            (None, Some(at)) => Some(Boundary {
                at,
                exclusive: false,
            }),
            (None, None) => None,
        };
        // Leaving `lt x` happens at `>= x`; leaving `lte x` at `> x`.
        let upper = match (self.lt, self.lte) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid_text(format!(
                    "band {name} has both lt and lte"
                )))
            }
            (Some(at), None) => Some(Boundary {
                at,
                exclusive: false,
            }),
            (None, Some(at)) => Some(Boundary {
                at,
                exclusive: true,
            }),
            (None, None) => None,
        };
        if let (Some(lower), Some(upper)) = (lower, upper) {
            if lower.order(&upper) != Ordering::Less {
                return Err(Error::invalid_text(format!(
                    "band {name} is empty: its lower bound is not below its upper bound"
                )));
            }
        }
        Ok(Band {
            name,
            label: self.label,
            lower,
            upper,
        })
    }
}

impl TierScale {
    /// Parses the text form: `{"cuts":[…], "labels":[…]}`, an array of
    /// bands `[{"label":"low","lt":5000}, …]`, or a PostgreSQL array of
    /// cuts `{5000,10000}` (so `tier(v, '{5000,10000}')` reads naturally).
    pub fn parse(text: &str) -> Result<Self> {
        if let Some(cuts) = array_literal(text) {
            return Self::from_cuts(&cuts?, None)
                .map_err(|error| Error::invalid_text(error.message));
        }
        crate::json::check(text, "tier_scale")?;
        let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
            Error::invalid_text(format!("tier_scale is not valid JSON: {error}"))
        })?;
        Self::from_json(value)
    }

    /// A scale from its JSON form already parsed (a policy's bands or cuts):
    /// an array of bands or an object with `"cuts"`, checked as `parse`
    /// checks them.
    pub fn from_json(value: serde_json::Value) -> Result<Self> {
        if value.is_array() {
            let specs: Vec<BandSpec> = serde_json::from_value(value)
                .map_err(|error| Error::invalid_text(format!("tier_scale bands: {error}")))?;
            Self::from_bands(specs)
        } else {
            let spec: CutsSpec = serde_json::from_value(value).map_err(|error| {
                Error::invalid_text(format!(
                    "tier_scale must be an array of bands or an object with \"cuts\": {error}"
                ))
            })?;
            let fail = |error: Error| Error::invalid_text(error.message);
            match (spec.fractions, spec.shares) {
                (Some(_), Some(_)) => Err(Error::invalid_text(
                    "tier_scale has both fractions and shares",
                )),
                (Some(fractions), None) => {
                    Self::from_quantiles(spec.cuts, fractions, spec.labels).map_err(fail)
                }
                (None, Some(shares)) => {
                    Self::from_shares(spec.cuts, shares, spec.labels).map_err(fail)
                }
                (None, None) => Self::from_cuts(&spec.cuts, spec.labels).map_err(fail),
            }
        }
    }

    fn from_bands(specs: Vec<BandSpec>) -> Result<Self> {
        let mut bands = specs
            .into_iter()
            .enumerate()
            .map(|(index, spec)| spec.into_band(index + 1))
            .collect::<Result<Vec<_>>>()?;
        if bands.len() < 2 {
            return Err(Error::invalid_text("tier_scale needs at least two bands"));
        }
        // Sort by where each band starts; an open lower end comes first.
        bands.sort_by(|a, b| match (&a.lower, &b.lower) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(a), Some(b)) => a.order(b),
        });
        let mut boundaries = Vec::with_capacity(bands.len() - 1);
        for pair in bands.windows(2) {
            boundaries.push(meeting_point(&pair[0], &pair[1])?);
        }
        let floor = bands.first().and_then(|band| band.lower);
        let ceiling = bands.last().and_then(|band| band.upper);
        // Either every band is labelled or none is (then default labels).
        let labels: Option<Vec<String>> = bands.iter().map(|band| band.label.clone()).collect();
        if labels.is_none() && bands.iter().any(|band| band.label.is_some()) {
            return Err(Error::invalid_text(
                "either every band has a label or none has",
            ));
        }
        Self::build(boundaries, floor, ceiling, labels, Origin::Bands)
            .map_err(|error| Error::invalid_text(error.message))
    }

    /// The text form; it reads back as an equal scale.
    pub fn to_text(&self) -> String {
        match self.origin {
            Origin::Bands => self.bands_text(),
            _ => self.cuts_text(),
        }
    }

    fn cuts_text(&self) -> String {
        let mut out = format!("{{\"cuts\":{}", numbers_json(&self.cuts()));
        if let Origin::Quantiles(fractions) = &self.origin {
            let _ = write!(out, ",\"fractions\":{}", numbers_json(fractions));
        }
        if let Origin::Shares(shares) = &self.origin {
            let _ = write!(out, ",\"shares\":{}", numbers_json(shares));
        }
        if let Some(labels) = &self.labels {
            let _ = write!(
                out,
                ",\"labels\":{}",
                serde_json::Value::from(labels.clone())
            );
        }
        out.push('}');
        out
    }

    fn bands_text(&self) -> String {
        let bands: Vec<String> = (0..self.tiers())
            .map(|index| {
                let lower = if index == 0 {
                    self.floor
                } else {
                    Some(self.boundaries[index - 1])
                };
                let upper = self
                    .boundaries
                    .get(index)
                    .copied()
                    .or(if index + 1 == self.tiers() {
                        self.ceiling
                    } else {
                        None
                    });
                let mut fields = Vec::new();
                if let Some(labels) = &self.labels {
                    fields.push(format!(
                        "\"label\":{}",
                        serde_json::Value::from(labels[index].clone())
                    ));
                }
                if let Some(lower) = lower {
                    let op = if lower.exclusive { "gt" } else { "gte" };
                    fields.push(format!("\"{op}\":{}", number(lower.at)));
                }
                if let Some(upper) = upper {
                    let op = if upper.exclusive { "lte" } else { "lt" };
                    fields.push(format!("\"{op}\":{}", number(upper.at)));
                }
                format!("{{{}}}", fields.join(","))
            })
            .collect();
        format!("[{}]", bands.join(","))
    }
}

/// The numbers of a PostgreSQL array literal such as `{5000, 10000}`;
/// `None` when the text is not one (a JSON object starts with `{"`).
fn array_literal(text: &str) -> Option<Result<Vec<f64>>> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    if inner.trim_start().starts_with('"') {
        return None;
    }
    let parse = |item: &str| {
        item.trim().parse::<f64>().map_err(|_| {
            Error::invalid_text(format!(
                "tier_scale cuts: \"{}\" is not a number",
                item.trim()
            ))
        })
    };
    Some(if inner.trim().is_empty() {
        Ok(Vec::new())
    } else {
        inner.split(',').map(parse).collect()
    })
}

/// Where band `a` ends and band `b` begins; they must meet exactly.
fn meeting_point(a: &Band, b: &Band) -> Result<Boundary> {
    let names = format!("bands {} and {}", a.name, b.name);
    let (Some(end), Some(start)) = (a.upper, b.lower) else {
        return Err(Error::invalid_text(format!("{names} overlap")));
    };
    match end.order(&start) {
        Ordering::Equal => Ok(start),
        Ordering::Less => Err(Error::invalid_text(format!(
            "{names} leave a gap between them"
        ))),
        Ordering::Greater => Err(Error::invalid_text(format!("{names} overlap"))),
    }
}

fn numbers_json(values: &[f64]) -> String {
    let parts: Vec<String> = values.iter().map(|value| number(*value)).collect();
    format!("[{}]", parts.join(","))
}

// ---- binary form -----------------------------------------------------------

const VERSION: u8 = 1;

impl TierScale {
    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(VERSION);
        let boundary = |writer: &mut Writer, boundary: &Boundary| {
            writer.f64(boundary.at).u8(boundary.exclusive as u8);
        };
        writer.len(self.boundaries.len());
        self.boundaries
            .iter()
            .for_each(|b| boundary(&mut writer, b));
        for edge in [&self.floor, &self.ceiling] {
            writer.u8(edge.is_some() as u8);
            edge.iter().for_each(|b| boundary(&mut writer, b));
        }
        writer.u8(self.labels.is_some() as u8);
        self.labels.iter().for_each(|labels| {
            writer.strs(labels);
        });
        match &self.origin {
            Origin::Cuts => writer.u8(0),
            Origin::Bands => writer.u8(1),
            Origin::Quantiles(fractions) => writer.u8(2).f64s(fractions),
            Origin::Shares(shares) => writer.u8(3).f64s(shares),
        };
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let mut reader = Reader::new(bytes, VERSION, "tier_scale")?;
        let boundary = |reader: &mut Reader| -> Result<Boundary> {
            Ok(Boundary {
                at: reader.f64()?,
                exclusive: reader.u8()? != 0,
            })
        };
        let count = reader.len(9)?;
        let boundaries = (0..count)
            .map(|_| boundary(&mut reader))
            .collect::<Result<Vec<_>>>()?;
        let floor = if reader.u8()? != 0 {
            Some(boundary(&mut reader)?)
        } else {
            None
        };
        let ceiling = if reader.u8()? != 0 {
            Some(boundary(&mut reader)?)
        } else {
            None
        };
        let labels = if reader.u8()? != 0 {
            Some(reader.strs()?)
        } else {
            None
        };
        let origin = match reader.u8()? {
            0 => Origin::Cuts,
            1 => Origin::Bands,
            2 => Origin::Quantiles(reader.f64s()?),
            3 => Origin::Shares(reader.f64s()?),
            other => {
                return Err(Error::corrupted(format!(
                    "tier_scale: unknown origin {other}"
                )))
            }
        };
        reader.finish()?;
        Self::build(boundaries, floor, ceiling, labels, origin)
            .map_err(|error| Error::corrupted(error.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doubles whose text needs care: every one reads back bit for bit
    /// from the text form and from the binary form.
    const AWKWARD: [f64; 8] = [
        0.1 + 0.2,
        -0.0,
        -4.9406564584124654e-324,
        5e-324,
        1.7976931348623157e308,
        10000.000015258789,
        0.30000000000000004,
        123456.78901234567,
    ];

    #[test]
    fn awkward_doubles_round_trip_bit_for_bit() {
        for cut in AWKWARD {
            let scale = TierScale::from_cuts(&[-1e308, cut], None).unwrap();
            let again = TierScale::parse(&scale.to_text()).unwrap();
            assert_eq!(again.encode(), scale.encode(), "{cut:e} via text");
            assert_eq!(
                again.cuts()[1].to_bits(),
                cut.to_bits(),
                "{}",
                scale.to_text()
            );
            let binary = TierScale::decode(&scale.encode()).unwrap();
            assert_eq!(binary.cuts()[1].to_bits(), cut.to_bits());
        }
    }

    #[test]
    fn binary_form_passes_the_text_rules() {
        // Cuts out of order, built by hand in the binary form.
        let mut scale = TierScale::from_cuts(&[1.0, 2.0], None).unwrap();
        scale.boundaries.swap(0, 1);
        let error = TierScale::decode(&scale.encode()).unwrap_err();
        assert!(error.message.contains("ascending"), "{error:?}");
        scale.boundaries[0].at = f64::NAN;
        assert!(TierScale::decode(&scale.encode()).is_err());
        // A label with a NUL byte.
        let labelled = TierScale::from_cuts(&[1.0], Some(vec!["a".into(), "b".into()])).unwrap();
        let mut bytes = labelled.encode();
        let at = bytes.iter().rposition(|b| *b == b'b').unwrap();
        bytes[at] = 0;
        assert!(TierScale::decode(&bytes).is_err());
        assert!(TierScale::parse(r#"{"cuts":[1],"labels":["a","b\u0000"]}"#).is_err());
        // Deep JSON is a limit, not a recursion error.
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            TierScale::parse(&deep).unwrap_err().kind,
            crate::error::Kind::LimitExceeded
        );
    }

    fn seed_bands() -> TierScale {
        TierScale::parse(
            r#"[{"label":"low","lt":5000},{"label":"medium","gte":5000,"lte":10000},{"label":"high","gt":10000}]"#,
        )
        .unwrap()
    }

    #[test]
    fn cuts_are_inclusive_lower_bounds() {
        let scale = TierScale::from_cuts(&[5000.0, 10000.0], None).unwrap();
        let label = |v| scale.label(v, Language::En).unwrap().unwrap();
        assert_eq!(label(4999.99), "low");
        assert_eq!(label(5000.0), "medium");
        assert_eq!(label(9999.99), "medium");
        assert_eq!(label(10000.0), "high");
        assert_eq!(scale.rank(-1e12).unwrap(), Some(1));
    }

    #[test]
    fn bands_make_the_seed_rule_exact() {
        let scale = seed_bands();
        let label = |v| scale.label(v, Language::En).unwrap().unwrap();
        assert_eq!(label(4999.99), "low");
        assert_eq!(label(5000.0), "medium");
        assert_eq!(label(10000.0), "medium");
        assert_eq!(label(10000.01), "high");
        assert_eq!(scale.cuts(), vec![5000.0, 10000.0]);
    }

    #[test]
    fn bands_may_come_in_any_order_and_be_bounded() {
        let scale =
            TierScale::parse(r#"[{"label":"b","gte":10,"lte":20},{"label":"a","gte":0,"lt":10}]"#)
                .unwrap();
        assert_eq!(scale.label(-0.01, Language::En).unwrap(), None);
        assert_eq!(
            scale.label(0.0, Language::En).unwrap().as_deref(),
            Some("a")
        );
        assert_eq!(
            scale.label(20.0, Language::En).unwrap().as_deref(),
            Some("b")
        );
        assert_eq!(scale.label(20.01, Language::En).unwrap(), None);
    }

    #[test]
    fn overlaps_and_gaps_name_both_bands() {
        let overlap =
            TierScale::parse(r#"[{"label":"low","lte":5000},{"label":"high","gte":5000}]"#)
                .unwrap_err();
        assert_eq!(overlap.message, "bands \"low\" and \"high\" overlap");
        let gap = TierScale::parse(r#"[{"label":"low","lt":5000},{"label":"high","gt":5000}]"#)
            .unwrap_err();
        assert_eq!(
            gap.message,
            "bands \"low\" and \"high\" leave a gap between them"
        );
        let wide_gap =
            TierScale::parse(r#"[{"label":"low","lt":4000},{"label":"high","gte":5000}]"#)
                .unwrap_err();
        assert!(wide_gap.message.contains("gap"));
        let open = TierScale::parse(r#"[{"label":"a"},{"label":"b","gte":1}]"#).unwrap_err();
        assert!(open.message.contains("overlap"));
        assert!(
            TierScale::parse(r#"[{"label":"x","gt":1,"gte":2},{"label":"y","gte":3}]"#).is_err()
        );
        assert!(
            TierScale::parse(r#"[{"label":"x","gte":5,"lt":5},{"label":"y","gte":5}]"#).is_err()
        );
    }

    #[test]
    fn unlabelled_bands_take_default_labels() {
        let scale =
            TierScale::parse(r#"[{"lt":5000},{"gte":5000,"lte":10000},{"gt":10000}]"#).unwrap();
        assert_eq!(
            scale.label(10000.0, Language::En).unwrap().as_deref(),
            Some("medium")
        );
        assert_eq!(
            scale.label(10000.0, Language::Zh).unwrap().as_deref(),
            Some("中")
        );
        let gap = TierScale::parse(r#"[{"lt":5000},{"gt":5000}]"#).unwrap_err();
        assert_eq!(gap.message, "bands 1 and 2 leave a gap between them");
        let mixed = TierScale::parse(r#"[{"label":"low","lt":5000},{"gte":5000}]"#).unwrap_err();
        assert_eq!(mixed.message, "either every band has a label or none has");
    }

    #[test]
    fn a_single_point_band_is_allowed() {
        let scale = TierScale::parse(
            r#"[{"label":"neg","lt":0},{"label":"zero","gte":0,"lte":0},{"label":"pos","gt":0}]"#,
        )
        .unwrap();
        assert_eq!(scale.rank(0.0).unwrap(), Some(2));
        assert_eq!(scale.rank(1e-300).unwrap(), Some(3));
        assert_eq!(scale.rank(-1e-300).unwrap(), Some(1));
    }

    #[test]
    fn bad_cuts_labels_and_values_are_refused() {
        assert!(TierScale::from_cuts(&[10.0, 5.0], None)
            .unwrap_err()
            .message
            .contains("ascending"));
        assert!(TierScale::from_cuts(&[5.0, 5.0], None).is_err());
        assert!(TierScale::from_cuts(&[f64::NAN], None).is_err());
        assert!(TierScale::from_cuts(&[], None).is_err());
        let labels = Some(vec!["a".to_string()]);
        assert!(TierScale::from_cuts(&[1.0], labels)
            .unwrap_err()
            .message
            .contains("labels"));
        let too_many: Vec<f64> = (0..MAX_TIERS).map(|i| i as f64).collect();
        assert_eq!(
            TierScale::from_cuts(&too_many, None).unwrap_err().kind,
            crate::error::Kind::LimitExceeded
        );
        let scale = TierScale::from_cuts(&[1.0], None).unwrap();
        assert!(scale.rank(f64::NAN).is_err());
        assert!(scale.rank(f64::INFINITY).is_err());
        assert!(scale.rank(f64::NEG_INFINITY).is_err());
    }

    #[test]
    fn default_labels_follow_tier_count_and_language() {
        assert_eq!(default_labels(2, Language::En), ["low", "high"]);
        assert_eq!(default_labels(3, Language::Zh), ["低", "中", "高"]);
        assert_eq!(default_labels(5, Language::En)[0], "very low");
        assert_eq!(default_labels(7, Language::En)[6], "tier 7");
        assert_eq!(default_labels(6, Language::Zh)[0], "第1档");
    }

    #[test]
    fn text_form_round_trips() {
        for text in [
            r#"{"cuts":[5000,10000]}"#,
            r#"{"cuts":[0.5,2],"labels":["a","b","c"]}"#,
            r#"{"cuts":[3,3],"fractions":[0.1,0.9]}"#,
            r#"[{"label":"low","lt":5000},{"label":"medium","gte":5000,"lte":10000},{"label":"high","gt":10000}]"#,
            r#"[{"label":"a","gte":0,"lt":10},{"label":"b","gte":10,"lte":20}]"#,
            r#"[{"lt":5000},{"gte":5000,"lte":10000},{"gt":10000}]"#,
        ] {
            let scale = TierScale::parse(text).unwrap();
            assert_eq!(scale.to_text(), text);
            assert_eq!(TierScale::parse(&scale.to_text()).unwrap(), scale);
        }
    }

    #[test]
    fn array_literal_is_cuts() {
        let scale = TierScale::parse(" { 5000 , 10000 } ").unwrap();
        assert_eq!(
            scale,
            TierScale::from_cuts(&[5000.0, 10000.0], None).unwrap()
        );
        assert_eq!(
            TierScale::parse("{5000,x}").unwrap_err().message,
            "tier_scale cuts: \"x\" is not a number"
        );
    }

    #[test]
    fn malformed_text_is_invalid_text() {
        for text in [
            "",
            "{",
            "[1,2]",
            r#"{"cut":[1]}"#,
            r#"{"cuts":[2,1]}"#,
            r#"[{"label":"a"}]"#,
            "{}",
            "{NaN}",
            "{2,1}",
        ] {
            assert_eq!(
                TierScale::parse(text).unwrap_err().kind,
                crate::error::Kind::InvalidText,
                "{text}"
            );
        }
    }

    #[test]
    fn binary_form_round_trips_and_checks_version() {
        for scale in [
            seed_bands(),
            TierScale::from_quantiles(vec![1.0, 1.0], vec![0.25, 0.5], None).unwrap(),
        ] {
            let bytes = scale.encode();
            assert_eq!(bytes[0], VERSION);
            assert_eq!(TierScale::decode(&bytes).unwrap(), scale);
            let mut future = bytes.clone();
            future[0] = VERSION + 1;
            assert!(TierScale::decode(&future).is_err());
            assert!(TierScale::decode(&bytes[..bytes.len() - 1]).is_err());
        }
    }
}
