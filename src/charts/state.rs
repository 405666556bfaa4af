//! Transition states of the chart aggregates, with the binary form that
//! parallel workers and Citus shards ship (version byte first) and the
//! merge of partial states.
//!
//! A state keeps its options as the JSON text the caller gave (parsed once,
//! on the group's first row), so that the flat form carries them to the
//! node that draws the chart.

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::reports::spread::Concentration;

use super::draw::MAX_BARS;
use super::svg::Options;

const BARS_VERSION: u8 = 1;
const PARETO_VERSION: u8 = 1;

/// The options of a chart: the caller's JSON text and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    text: Option<String>,
    pub parsed: Options,
}

impl ChartOptions {
    pub fn parse(text: Option<String>, allowed: &[&str], percent: bool) -> Result<ChartOptions> {
        let parsed = Options::parse(text.as_deref(), allowed, percent)?;
        Ok(ChartOptions { text, parsed })
    }

    fn write(&self, writer: &mut Writer) {
        match &self.text {
            Some(text) => writer.u8(1).str(text),
            None => writer.u8(0),
        };
    }

    fn read(reader: &mut Reader, allowed: &[&str], percent: bool) -> Result<ChartOptions> {
        let text = match reader.u8()? {
            0 => None,
            1 => Some(reader.str()?),
            other => return Err(Error::corrupted(format!("chart options of kind {other}"))),
        };
        ChartOptions::parse(text, allowed, percent)
            .map_err(|error| Error::corrupted(format!("chart options: {}", error.message)))
    }
}

/// The options keys of svg_pareto besides the common ones.
pub const PARETO_KEYS: [&str; 2] = ["top", "share"];

/// State of `svg_bars`: the options and the bars in the order they came.
#[derive(Debug, Clone, PartialEq)]
pub struct BarsState {
    pub options: ChartOptions,
    pub rows: Vec<(Option<String>, f64)>,
    /// The bytes of the labels held, charged against
    /// `segments.max_state_mb` with the bars themselves.
    label_bytes: usize,
}

fn too_many_bars() -> Error {
    Error::limit_exceeded(format!("svg_bars draws at most {MAX_BARS} bars"))
}

/// What one bar holds besides its label's bytes.
const BAR_BYTES: usize = std::mem::size_of::<(Option<String>, f64)>();

fn label_len(label: &Option<String>) -> usize {
    label.as_ref().map_or(0, String::len)
}

impl BarsState {
    pub fn new(options: ChartOptions) -> BarsState {
        BarsState {
            options,
            rows: Vec::new(),
            label_bytes: 0,
        }
    }

    /// Refuses a state of `bars` bars with `label_bytes` bytes of labels
    /// past `segments.max_state_mb`.
    fn charge(bars: usize, label_bytes: usize) -> Result<()> {
        let held = bars.saturating_mul(BAR_BYTES).saturating_add(label_bytes);
        crate::limits::charge("svg_bars", held, || {
            format!("{bars} bars holding {label_bytes} bytes of labels")
        })
    }

    pub fn push(&mut self, label: Option<String>, value: f64) -> Result<()> {
        if self.rows.len() >= MAX_BARS {
            return Err(too_many_bars());
        }
        let label_bytes = self.label_bytes.saturating_add(label_len(&label));
        BarsState::charge(self.rows.len() + 1, label_bytes)?;
        self.label_bytes = label_bytes;
        self.rows.push((label, value));
        Ok(())
    }

    /// The bars of another partial state after these (the order of rows
    /// across partial states is the order they are combined in, as any
    /// order without ORDER BY in the call).
    pub fn merge(&mut self, other: &BarsState) -> Result<()> {
        if self.rows.len() + other.rows.len() > MAX_BARS {
            return Err(too_many_bars());
        }
        let label_bytes = self.label_bytes.saturating_add(other.label_bytes);
        BarsState::charge(self.rows.len() + other.rows.len(), label_bytes)?;
        self.label_bytes = label_bytes;
        self.rows.extend(other.rows.iter().cloned());
        Ok(())
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(BARS_VERSION);
        self.options.write(&mut writer);
        writer.u32(self.rows.len() as u32);
        for (label, value) in &self.rows {
            match label {
                Some(label) => writer.u8(1).str(label),
                None => writer.u8(0),
            };
            writer.f64(*value);
        }
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<BarsState> {
        let mut reader = Reader::new(bytes, BARS_VERSION, "svg_bars state")?;
        let options = ChartOptions::read(&mut reader, &[], false)?;
        // Label flag and value: at least 9 bytes a bar.
        let count = reader.len(9)?;
        if count > MAX_BARS {
            return Err(Error::corrupted(format!("svg_bars state of {count} bars")));
        }
        let mut state = BarsState::new(options);
        state.rows.reserve_exact(count);
        for _ in 0..count {
            let label = match reader.u8()? {
                0 => None,
                1 => Some(reader.str()?),
                other => return Err(Error::corrupted(format!("svg_bars label of kind {other}"))),
            };
            let value = reader.f64()?;
            if !value.is_finite() {
                return Err(Error::corrupted("svg_bars state: a value is not finite"));
            }
            state.push(label, value)?;
        }
        reader.finish()?;
        Ok(state)
    }
}

/// State of `svg_pareto`: the options and the values.
#[derive(Debug, Clone, PartialEq)]
pub struct ParetoState {
    pub options: ChartOptions,
    pub values: Concentration,
}

impl ParetoState {
    pub fn merge(&mut self, other: &ParetoState) -> Result<()> {
        self.values.merge_for(&other.values, "svg_pareto")
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(PARETO_VERSION);
        self.options.write(&mut writer);
        writer.bytes(&self.values.encode());
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<ParetoState> {
        let mut reader = Reader::new(bytes, PARETO_VERSION, "svg_pareto state")?;
        let options = ChartOptions::read(&mut reader, &PARETO_KEYS, true)?;
        let values = Concentration::decode(&reader.bytes()?)?;
        reader.finish()?;
        Ok(ParetoState { options, values })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_round_trip_and_merge_in_order() {
        let options =
            ChartOptions::parse(Some(r#"{"title": "Sales"}"#.into()), &[], false).unwrap();
        let mut first = BarsState::new(options);
        first.push(Some("north".into()), 12.5).unwrap();
        first.push(None, 0.0).unwrap();
        let bytes = first.encode();
        let decoded = BarsState::decode(&bytes).unwrap();
        assert_eq!(decoded, first);
        assert_eq!(decoded.encode(), bytes);

        let mut second = BarsState::new(ChartOptions::parse(None, &[], false).unwrap());
        second.push(Some("south".into()), -3.0).unwrap();
        first.merge(&second).unwrap();
        let labels: Vec<_> = first
            .rows
            .iter()
            .map(|(label, _)| label.as_deref())
            .collect();
        assert_eq!(labels, [Some("north"), None, Some("south")]);
        assert_eq!(first.options.parsed.title.as_deref(), Some("Sales"));
    }

    #[test]
    fn bars_merge_keeps_the_limit() {
        let mut full = BarsState::new(ChartOptions::parse(None, &[], false).unwrap());
        for at in 0..MAX_BARS {
            full.push(None, at as f64).unwrap();
        }
        let mut one = BarsState::new(ChartOptions::parse(None, &[], false).unwrap());
        one.push(None, 1.0).unwrap();
        assert!(full.clone().merge(&one).is_err());
        assert!(one.merge(&full).is_err());
        assert!(full.push(None, 1.0).is_err());
    }

    #[test]
    fn label_bytes_count_against_the_bound() {
        // The default bound is 1 GB (segments.max_state_mb 1024): 1,000
        // bars with 1 GB of labels do not fit, with 512 MB they do.
        assert!(BarsState::charge(1000, 1 << 29).is_ok());
        let error = BarsState::charge(1000, 1 << 30).unwrap_err();
        assert!(
            error.message.starts_with(
                "svg_bars: the state of one group would exceed segments.max_state_mb (1024 MB) with 1000 bars holding 1073741824 bytes of labels"
            ),
            "{}",
            error.message
        );
        // Pushes and merges count the labels (the bytes stand in for
        // labels this test does not allocate).
        let mut state = BarsState::new(ChartOptions::parse(None, &[], false).unwrap());
        state.push(Some("north".into()), 1.0).unwrap();
        state.push(None, 2.0).unwrap();
        assert_eq!(state.label_bytes, 5);
        let mut half = state.clone();
        half.label_bytes = 600 << 20;
        assert!(half.clone().merge(&state).is_ok());
        assert!(half.clone().merge(&half).is_err());
        half.label_bytes = (1 << 30) - 4;
        assert!(half.push(Some("south".into()), 3.0).is_err());
        assert_eq!(half.rows.len(), 2);
        // Decoding counts them again.
        let decoded = BarsState::decode(&state.encode()).unwrap();
        assert_eq!(decoded.label_bytes, 5);
        assert_eq!(decoded, state);
    }

    #[test]
    fn pareto_round_trip_and_merge() {
        let options =
            ChartOptions::parse(Some(r#"{"top": 0.2}"#.into()), &PARETO_KEYS, true).unwrap();
        let mut values = Concentration::new();
        values.add(5.0).unwrap();
        values.add(1.0).unwrap();
        let mut state = ParetoState { options, values };
        let bytes = state.encode();
        let decoded = ParetoState::decode(&bytes).unwrap();
        assert_eq!(decoded, state);
        state.merge(&decoded).unwrap();
        state.values.finish();
        assert_eq!(state.values.values(), [5.0, 5.0, 1.0, 1.0]);
    }

    #[test]
    fn damaged_states_are_refused() {
        let mut bars = BarsState::new(ChartOptions::parse(None, &[], false).unwrap());
        bars.push(Some("a".into()), 1.0).unwrap();
        let bytes = bars.encode();
        for cut in 0..bytes.len() {
            assert!(BarsState::decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut wrong_kind = bytes.clone();
        wrong_kind[1] = 7;
        assert!(BarsState::decode(&wrong_kind).is_err());
        let bad_options = ChartOptions {
            text: Some("[1]".into()),
            parsed: ChartOptions::parse(None, &[], false).unwrap().parsed,
        };
        let bytes = BarsState::new(bad_options).encode();
        assert!(BarsState::decode(&bytes).is_err());
    }
}
