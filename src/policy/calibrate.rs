//! Calibration: a policy's population-relative thresholds (dimensions by
//! `fractions`, comparisons with `{"quantile": q}`) replaced by the values
//! they have in one population, by the rule of `quantile_scale` (see
//! `tiers::quantile`): the cut for fraction `f` over `n` ascending values
//! is the value at position `ceil(f·n)`, ties going to the upper tier.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::policy::rules::{Input, Policy};
use crate::tiers::quantile::{quantile_cuts, MAX_VALUES};

const VERSION: u8 = 1;

/// Transition state of `calibrate`: the policy and, for each metric a
/// relative threshold reads, the values seen.
#[derive(Clone)]
pub struct CalibrateState {
    body: Value,
    policy: Arc<Policy>,
    /// Each relative threshold's metric, as an index into `metrics`.
    slots: Vec<usize>,
    fractions: Vec<Vec<f64>>,
    /// Distinct metric indexes (into the policy's metrics) and their values.
    metrics: Vec<usize>,
    values: Vec<Vec<f64>>,
    /// The bytes the policy argument came as, to refuse another policy
    /// later in the group (not serialized: workers compare their own rows).
    pub argument: Vec<u8>,
}

impl CalibrateState {
    pub fn new(body: Value) -> Result<Self> {
        let policy = Policy::parse(&body)?;
        let mut metrics: Vec<usize> = Vec::new();
        let (slots, fractions) = policy
            .relative_thresholds()
            .into_iter()
            .map(|(metric, fractions)| {
                let slot = match metrics.iter().position(|m| *m == metric) {
                    Some(position) => position,
                    None => {
                        metrics.push(metric);
                        metrics.len() - 1
                    }
                };
                (slot, fractions)
            })
            .unzip();
        let values = vec![Vec::new(); metrics.len()];
        Ok(CalibrateState {
            body,
            policy: Arc::new(policy),
            slots,
            fractions,
            metrics,
            values,
            argument: Vec::new(),
        })
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The policy metrics (indexes) whose values each row must provide.
    pub fn needed(&self) -> &[usize] {
        &self.metrics
    }

    /// One customer: `inputs[i]` is the value of `needed()[i]`.
    pub fn add(&mut self, inputs: &[Input<'_>]) -> Result<()> {
        let mut inputs = inputs.iter().copied();
        self.add_by_name(|_| Ok(inputs.next().unwrap_or(Input::Missing)))
    }

    /// One customer: `lookup(name)` gives the value of each needed metric
    /// by its name, in the order of `needed()`; nothing is collected first,
    /// so a transition adds a row without allocating.
    pub fn add_by_name<'a>(
        &mut self,
        mut lookup: impl FnMut(&str) -> Result<Input<'a>>,
    ) -> Result<()> {
        let slots = self.values.len();
        for (metric, values) in self.metrics.iter().zip(&mut self.values) {
            let input = lookup(&self.policy.metrics[*metric].name)?;
            if let Some(value) = self.policy.number(*metric, input)? {
                if values.len() >= MAX_VALUES {
                    return Err(Error::limit_exceeded(format!(
                        "calibrate takes at most {MAX_VALUES} customers per group"
                    )));
                }
                crate::limits::reserve(values, 1, "calibrate", "values", slots)?;
                values.push(value);
            }
        }
        Ok(())
    }

    pub fn merge(&mut self, other: &CalibrateState) -> Result<()> {
        if other.body != self.body {
            return Err(Error::invalid_parameter(
                "policy must be the same on every row of a group",
            ));
        }
        let slots = self.values.len();
        for (mine, theirs) in self.values.iter_mut().zip(&other.values) {
            if mine.len() + theirs.len() > MAX_VALUES {
                return Err(Error::limit_exceeded(format!(
                    "calibrate takes at most {MAX_VALUES} customers per group"
                )));
            }
            crate::limits::reserve(mine, theirs.len(), "calibrate", "values", slots)?;
            mine.extend_from_slice(theirs);
        }
        Ok(())
    }

    /// The calibrated policy; `None` when a relative threshold's metric had
    /// no value in the group. Reorders the values in place (windows call
    /// this once per row).
    pub fn calibrated(&mut self) -> Option<Value> {
        let mut cuts = Vec::with_capacity(self.slots.len());
        for (slot, fractions) in self.slots.iter().zip(&self.fractions) {
            let values = &mut self.values[*slot];
            if values.is_empty() {
                return None;
            }
            cuts.push(quantile_cuts(values, fractions));
        }
        let mut body = self.body.clone();
        let mut cuts = cuts.into_iter();
        fill(&mut body, &mut cuts);
        Some(body)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(VERSION);
        writer.str(&self.body.to_string()).len(self.values.len());
        for values in &self.values {
            writer.f64s(values);
        }
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let mut reader = Reader::new(bytes, VERSION, "calibrate state")?;
        let text = reader.str()?;
        let body: Value = serde_json::from_str(&text)
            .map_err(|error| Error::corrupted(format!("calibrate state: {error}")))?;
        let mut state = Self::new(body).map_err(|error| Error::corrupted(error.message))?;
        let count = reader.len(4)?;
        if count != state.values.len() {
            return Err(Error::corrupted("calibrate state: wrong number of metrics"));
        }
        for values in &mut state.values {
            *values = reader.f64s()?;
        }
        reader.finish()?;
        Ok(state)
    }
}

/// Writes the cuts into the relative thresholds, in the order the policy
/// lists them (dimensions, then tags, each rule depth first).
fn fill(body: &mut Value, cuts: &mut impl Iterator<Item = Vec<f64>>) {
    if let Some(Value::Object(dimensions)) = body.get_mut("dimensions") {
        for dimension in dimensions.values_mut() {
            if let Value::Object(spec) = dimension {
                if spec.contains_key("fractions") && !spec.contains_key("cuts") {
                    let values = cuts.next().unwrap_or_default();
                    spec.insert("cuts".into(), numbers(&values));
                }
            }
        }
    }
    if let Some(Value::Object(tags)) = body.get_mut("tags") {
        for rule in tags.values_mut() {
            fill_rule(rule, cuts);
        }
    }
}

fn fill_rule(rule: &mut Value, cuts: &mut impl Iterator<Item = Vec<f64>>) {
    let Value::Object(map) = rule else { return };
    for key in ["all", "any"] {
        if let Some(Value::Array(rules)) = map.get_mut(key) {
            rules.iter_mut().for_each(|rule| fill_rule(rule, cuts));
            return;
        }
    }
    if let Some(rule) = map.get_mut("not") {
        return fill_rule(rule, cuts);
    }
    for key in ["gt", "gte", "lt", "lte"] {
        if let Some(bound) = map.get_mut(key) {
            fill_bound(bound, cuts);
        }
    }
    if let Some(Value::Array(bounds)) = map.get_mut("between") {
        bounds.iter_mut().for_each(|bound| fill_bound(bound, cuts));
    }
}

fn fill_bound(bound: &mut Value, cuts: &mut impl Iterator<Item = Vec<f64>>) {
    if bound.is_object() {
        let value = cuts.next().and_then(|cuts| cuts.first().copied());
        *bound = value.map(number).unwrap_or(Value::Null);
    }
}

fn number(value: f64) -> Value {
    serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
}

fn numbers(values: &[f64]) -> Value {
    Value::Array(values.iter().map(|value| number(*value)).collect())
}

/// For tests: the inputs of `needed()` from a metrics object.
pub fn needed_inputs<'a>(
    state: &CalibrateState,
    metrics: &'a Map<String, Value>,
) -> Vec<Input<'a>> {
    let all = crate::policy::rules::inputs_of(state.policy(), metrics);
    state.needed().iter().map(|index| all[*index]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn relative() -> Value {
        json!({"metrics": {"total": "number", "avg_order": "number"},
               "dimensions": {"value": {"metric": "total", "fractions": [0.1, 0.9],
                                        "labels": ["low", "medium", "high"]}},
               "tags": {"above_median": {"all": [{"metric": "avg_order", "gt": {"quantile": 0.5}},
                                                  {"metric": "total", "between": [{"quantile": 0.25}, 1000000]}]}}})
    }

    fn customers() -> Vec<Map<String, Value>> {
        (0..1000)
            .map(|i| {
                let total = ((i * 7919) % 1000) as f64 + 0.5;
                json!({"total": total, "avg_order": (i % 100) as f64})
                    .as_object()
                    .unwrap()
                    .clone()
            })
            .collect()
    }

    #[test]
    fn calibration_gives_the_10_80_10_split() {
        let mut state = CalibrateState::new(relative()).unwrap();
        let rows = customers();
        for row in &rows {
            let inputs = needed_inputs(&state, row);
            state.add(&inputs).unwrap();
        }
        let calibrated = state.calibrated().unwrap();
        assert_eq!(
            calibrated["dimensions"]["value"]["cuts"],
            json!([100.5, 900.5])
        );
        assert_eq!(
            calibrated["tags"]["above_median"]["all"][0]["gt"],
            json!(50.0)
        );
        assert_eq!(
            calibrated["tags"]["above_median"]["all"][1]["between"],
            json!([250.5, 1000000])
        );
        let policy = Policy::parse(&calibrated).unwrap();
        policy.check_calibrated().unwrap();
        let mut counts = std::collections::BTreeMap::new();
        for row in &rows {
            let mut out = String::new();
            policy
                .classify(&crate::policy::rules::inputs_of(&policy, row), &mut out)
                .unwrap();
            let result: Value = serde_json::from_str(&out).unwrap();
            *counts
                .entry(result["dimensions"]["value"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
        }
        assert_eq!(
            counts.into_iter().collect::<Vec<_>>(),
            vec![
                ("high".into(), 100),
                ("low".into(), 100),
                ("medium".into(), 800)
            ]
        );
    }

    #[test]
    fn merged_and_decoded_states_equal_one_state() {
        let rows = customers();
        let mut whole = CalibrateState::new(relative()).unwrap();
        let mut left = whole.clone();
        let mut right = whole.clone();
        for (index, row) in rows.iter().enumerate() {
            let inputs = needed_inputs(&whole, row);
            whole.add(&inputs).unwrap();
            if index < 300 {
                left.add(&inputs).unwrap()
            } else {
                right.add(&inputs).unwrap()
            }
        }
        let right = CalibrateState::decode(&right.encode()).unwrap();
        left.merge(&right).unwrap();
        assert_eq!(left.calibrated(), whole.calibrated());
        let other = CalibrateState::new(json!({"metrics": {}})).unwrap();
        assert!(left.merge(&other).is_err());
        let mut bytes = whole.encode();
        bytes[0] = VERSION + 1;
        assert!(CalibrateState::decode(&bytes).is_err());
    }

    #[test]
    fn no_values_give_no_calibration() {
        let mut state = CalibrateState::new(relative()).unwrap();
        let empty = Map::new();
        let inputs = needed_inputs(&state, &empty);
        state.add(&inputs).unwrap();
        assert_eq!(state.calibrated(), None);
        let absolute = json!({"metrics": {"x": "number"}, "tags": {"t": {"metric": "x", "gt": 1}}});
        let mut state = CalibrateState::new(absolute.clone()).unwrap();
        assert_eq!(state.calibrated(), Some(absolute));
    }
}
