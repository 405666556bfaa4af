//! A policy: the company's segmentation rules as one JSON value.
//!
//! ```json
//! {"metrics":    {"amount_per_month": "number", "industry": "text"},
//!  "dimensions": {"amount": {"metric": "amount_per_month", "bands": [...]},
//!                 "industry": {"metric": "industry", "map": {"C": "制造业"}, "default": "其他"}},
//!  "tags":       {"VIP": {"all": [{"metric": "total", "gte": 100000}, ...]}}}
//! ```
//!
//! `check` lists every problem of a policy at once, each with its JSON
//! path; `Policy::parse` builds the checked policy that `classify` applies
//! to one customer's metrics. Scales (cuts, bands, calibrated quantiles)
//! are `tier_scale`s, read by the same code as `segments.tier_scale`.

use std::fmt::Write;

use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::language::Language;
use crate::tiers::scale::{check_fractions, number, LabelledScale, TierScale};

/// Deepest JSON nesting a policy may have (an error, 54000, beyond it).
pub const MAX_JSON_DEPTH: usize = 64;
/// Deepest nesting of `all`/`any`/`not` in a tag rule (a problem beyond it).
pub const MAX_RULE_DEPTH: usize = 16;
/// Largest policy, in bytes of its stored form (an error, 54000, beyond it).
pub const MAX_POLICY_BYTES: usize = 256 * 1024;

/// One problem of a policy: where (a JSON path such as
/// `$.dimensions.amount.bands[1]`) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub problem: String,
}

/// The type a policy declares for a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Number,
    Text,
    Bool,
    Date,
}

impl Type {
    fn parse(name: &str) -> Option<Type> {
        match name {
            "number" => Some(Type::Number),
            "text" => Some(Type::Text),
            "bool" => Some(Type::Bool),
            "date" => Some(Type::Date),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Type::Number => "number",
            Type::Text => "text",
            Type::Bool => "bool",
            Type::Date => "date",
        }
    }
}

#[derive(Debug)]
pub struct Metric {
    pub name: String,
    pub kind: Type,
    /// Read by some dimension or rule (only those are fetched per row).
    pub used: bool,
}

/// How a dimension turns its metric into a label.
enum Labeller {
    Scale(LabelledScale),
    Map {
        labels: FxHashMap<String, String>,
        default: Option<String>,
    },
    /// Population quantiles not yet calibrated: `fractions` of the metric.
    Relative {
        fractions: Vec<f64>,
    },
}

struct Dimension {
    name: String,
    metric: usize,
    labeller: Labeller,
    labels: Vec<String>,
}

/// A comparison value: a constant, or a population quantile still to be
/// calibrated.
#[derive(Debug, Clone, PartialEq)]
enum Bound {
    Value(Scalar),
    Quantile(f64),
}

#[derive(Debug, Clone, PartialEq)]
enum Scalar {
    Number(f64),
    Text(String),
    Bool(bool),
    /// A date as year·10000 + month·100 + day (orders as dates do).
    Date(i32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Order {
    Gt,
    Gte,
    Lt,
    Lte,
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    Exists(bool),
    Eq(Scalar),
    Ne(Scalar),
    In(Vec<Scalar>),
    Compare(Order, Bound),
    Between(Bound, Bound),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Operand {
    Metric(usize),
    Dimension(usize),
}

#[derive(Debug, Clone, PartialEq)]
enum Rule {
    All(Vec<Rule>),
    Any(Vec<Rule>),
    Not(Box<Rule>),
    Test(Operand, Test),
}

struct Tag {
    name: String,
    rule: Rule,
}

/// One customer's classification: each dimension's label, the tags that
/// hold (in the policy's order).
pub struct Outcome<'p> {
    pub dimensions: smallvec::SmallVec<[(&'p str, Option<&'p str>); 12]>,
    pub tags: smallvec::SmallVec<[&'p str; 8]>,
}

/// A checked policy, ready to classify.
pub struct Policy {
    pub metrics: Vec<Metric>,
    dimensions: Vec<Dimension>,
    tags: Vec<Tag>,
    /// Paths of the relative thresholds (quantiles) not yet calibrated.
    relative: Vec<String>,
}

// ---- paths -----------------------------------------------------------------

/// `path.key`, or `path."odd key"` when the key is not a plain name.
fn key_path(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}.{}", Value::from(key))
    }
}

fn index_path(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses `YYYY-MM-DD` into a comparable number.
fn parse_date(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<i32> {
        let part = &text[range];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days)
        .contains(&day)
        .then_some(year * 10000 + month * 100 + day)
}

// ---- checking --------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DimensionSpec {
    metric: String,
    #[serde(default)]
    cuts: Option<Value>,
    #[serde(default)]
    fractions: Option<Value>,
    #[serde(default)]
    labels: Option<Value>,
    #[serde(default)]
    bands: Option<Value>,
    #[serde(default)]
    map: Option<Value>,
    #[serde(default)]
    default: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TestSpec {
    #[serde(default)]
    metric: Option<String>,
    #[serde(default)]
    dimension: Option<String>,
    #[serde(default)]
    eq: Option<Value>,
    #[serde(default)]
    ne: Option<Value>,
    #[serde(default)]
    gt: Option<Value>,
    #[serde(default)]
    gte: Option<Value>,
    #[serde(default)]
    lt: Option<Value>,
    #[serde(default)]
    lte: Option<Value>,
    #[serde(default, rename = "in")]
    within: Option<Value>,
    #[serde(default)]
    between: Option<Value>,
    #[serde(default)]
    exists: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuantileSpec {
    quantile: f64,
}

/// Collects problems while building a policy.
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn problem(&mut self, path: &str, problem: impl Into<String>) {
        self.problems.push(Problem {
            path: path.to_string(),
            problem: problem.into(),
        });
    }

    fn object<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.problem(path, format!("must be an object, not {}", kind_of(other)));
                None
            }
        }
    }

    /// Labels: an array of strings.
    fn labels(&mut self, value: &Value, path: &str) -> Option<Vec<String>> {
        let Value::Array(items) = value else {
            self.problem(
                path,
                format!("labels must be an array of strings, not {}", kind_of(value)),
            );
            return None;
        };
        let mut labels = Vec::with_capacity(items.len());
        let mut ok = true;
        for (index, item) in items.iter().enumerate() {
            match item {
                Value::String(label) => labels.push(label.clone()),
                other => {
                    ok = false;
                    self.problem(
                        &index_path(path, index),
                        format!("a label must be a string, not {}", kind_of(other)),
                    );
                }
            }
        }
        ok.then_some(labels)
    }

    fn metrics(&mut self, root: &Map<String, Value>) -> Vec<Metric> {
        let mut metrics = Vec::new();
        let Some(value) = root.get("metrics") else {
            self.problem(
                "$",
                "a policy must declare its metrics: \"metrics\": {\"name\": \"number\", ...}",
            );
            return metrics;
        };
        let Some(map) = self.object(value, "$.metrics") else {
            return metrics;
        };
        for (name, kind) in map {
            let path = key_path("$.metrics", name);
            match kind.as_str().and_then(Type::parse) {
                Some(kind) => metrics.push(Metric {
                    name: name.clone(),
                    kind,
                    used: false,
                }),
                None => self.problem(
                    &path,
                    format!(
                        "a metric's type must be \"number\", \"text\", \"bool\" or \"date\", not {}",
                        kind
                    ),
                ),
            }
        }
        metrics
    }

    /// The index of a declared metric; a problem when it is not declared.
    fn metric(&mut self, metrics: &mut [Metric], name: &str, path: &str) -> Option<usize> {
        match metrics.iter().position(|metric| metric.name == name) {
            Some(index) => {
                metrics[index].used = true;
                Some(index)
            }
            None => {
                self.problem(
                    path,
                    format!("metric \"{name}\" is not declared in $.metrics"),
                );
                None
            }
        }
    }

    fn dimension(
        &mut self,
        name: &str,
        value: &Value,
        path: &str,
        metrics: &mut [Metric],
        relative: &mut Vec<String>,
    ) -> Option<Dimension> {
        let spec: DimensionSpec = match DimensionSpec::deserialize(value) {
            Ok(spec) => spec,
            Err(error) => {
                self.problem(path, error.to_string());
                return None;
            }
        };
        let metric = self.metric(metrics, &spec.metric, &key_path(path, "metric"));
        let kind = metric.map(|metric| metrics[metric].kind);
        let forms = [
            spec.cuts.is_some() || spec.fractions.is_some(),
            spec.bands.is_some(),
            spec.map.is_some(),
        ];
        if forms.iter().filter(|form| **form).count() != 1 {
            self.problem(
                path,
                "a dimension needs exactly one of cuts, fractions (population quantiles), bands or map",
            );
            return None;
        }
        let (labeller, labels) = if let Some(bands) = &spec.bands {
            self.bands(&spec, bands, kind, path)?
        } else if let Some(map) = &spec.map {
            self.map(&spec, map, kind, path)?
        } else {
            self.cuts(&spec, kind, path, relative)?
        };
        Some(Dimension {
            name: name.to_string(),
            metric: metric?,
            labeller,
            labels,
        })
    }

    /// Cuts, fractions and bands need a number metric (`kind`, when the
    /// metric is declared).
    fn number_metric(&mut self, spec: &DimensionSpec, kind: Option<Type>, path: &str) {
        if let Some(kind) = kind.filter(|kind| *kind != Type::Number) {
            self.problem(
                &key_path(path, "metric"),
                format!(
                    "cuts, fractions and bands need a number metric; \"{}\" is {}",
                    spec.metric,
                    kind.name()
                ),
            );
        }
    }

    /// `"bands": [{"label": …, "lt": …}, …]`: a tier scale whose bands carry
    /// their labels.
    fn bands(
        &mut self,
        spec: &DimensionSpec,
        bands: &Value,
        kind: Option<Type>,
        path: &str,
    ) -> Option<(Labeller, Vec<String>)> {
        self.number_metric(spec, kind, path);
        if spec.labels.is_some() || spec.default.is_some() {
            self.problem(
                path,
                "bands carry their own labels; labels and default do not apply",
            );
        }
        let bands_path = key_path(path, "bands");
        let Value::Array(items) = bands else {
            self.problem(
                &bands_path,
                format!("bands must be an array, not {}", kind_of(bands)),
            );
            return None;
        };
        let mut ok = true;
        for (index, band) in items.iter().enumerate() {
            let band_path = index_path(&bands_path, index);
            match band.get("label") {
                Some(Value::String(_)) => {}
                Some(other) => {
                    ok = false;
                    self.problem(
                        &key_path(&band_path, "label"),
                        format!("a label must be a string, not {}", kind_of(other)),
                    );
                }
                None => {
                    ok = false;
                    self.problem(&band_path, "every band of a policy needs a label");
                }
            }
        }
        if !ok {
            return None;
        }
        let scale = match TierScale::from_json(bands.clone()) {
            Ok(scale) => scale,
            Err(error) => {
                self.problem(&bands_path, error.message);
                return None;
            }
        };
        let labels = scale.labels(Language::En);
        Some((
            Labeller::Scale(LabelledScale::new(scale, Language::En)),
            labels,
        ))
    }

    /// `"map": {"key": "label", …}` (or `[[key, label], …]`) over a text or
    /// bool metric, with an optional `"default"` label.
    fn map(
        &mut self,
        spec: &DimensionSpec,
        map: &Value,
        kind: Option<Type>,
        path: &str,
    ) -> Option<(Labeller, Vec<String>)> {
        if let Some(kind) = kind.filter(|kind| !matches!(kind, Type::Text | Type::Bool)) {
            self.problem(
                &key_path(path, "metric"),
                format!(
                    "a map needs a text or bool metric; \"{}\" is {}",
                    spec.metric,
                    kind.name()
                ),
            );
        }
        if spec.labels.is_some() {
            self.problem(path, "a map's labels are its values; labels does not apply");
        }
        let default = match &spec.default {
            None => None,
            Some(Value::String(label)) => Some(label.clone()),
            Some(other) => {
                self.problem(
                    &key_path(path, "default"),
                    format!("default must be a string label, not {}", kind_of(other)),
                );
                None
            }
        };
        let map_path = key_path(path, "map");
        let mut entries: FxHashMap<String, String> = FxHashMap::default();
        let mut add = |checker: &mut Checker, key: &str, label: &Value, at: &str| {
            let Value::String(label) = label else {
                checker.problem(
                    at,
                    format!("a label must be a string, not {}", kind_of(label)),
                );
                return;
            };
            if kind == Some(Type::Bool) && key != "true" && key != "false" {
                checker.problem(at, format!("the keys of a map over a bool metric are \"true\" and \"false\", not \"{key}\""));
                return;
            }
            if entries.insert(key.to_string(), label.clone()).is_some() {
                checker.problem(
                    at,
                    format!("key \"{key}\" appears more than once in the map"),
                );
            }
        };
        match map {
            Value::Object(object) => {
                for (key, label) in object {
                    add(self, key, label, &key_path(&map_path, key));
                }
            }
            Value::Array(pairs) => {
                for (index, pair) in pairs.iter().enumerate() {
                    let at = index_path(&map_path, index);
                    match pair.as_array().map(Vec::as_slice) {
                        Some([Value::String(key), label]) => add(self, key, label, &at),
                        _ => self.problem(
                            &at,
                            "a map given as an array holds [key, label] pairs of strings",
                        ),
                    }
                }
            }
            other => {
                self.problem(
                    &map_path,
                    format!(
                        "map must be an object {{\"key\": \"label\"}} or an array of [key, label] pairs, not {}",
                        kind_of(other)
                    ),
                );
                return None;
            }
        }
        if entries.is_empty() {
            self.problem(&map_path, "map must hold at least one key");
        }
        let mut labels: Vec<String> = entries.values().cloned().collect();
        labels.extend(default.iter().cloned());
        labels.sort();
        labels.dedup();
        Some((
            Labeller::Map {
                labels: entries,
                default,
            },
            labels,
        ))
    }

    /// `"cuts": […]` with `"labels"` (a tier scale), or `"fractions": […]`
    /// alone (population quantiles, calibrated later).
    fn cuts(
        &mut self,
        spec: &DimensionSpec,
        kind: Option<Type>,
        path: &str,
        relative: &mut Vec<String>,
    ) -> Option<(Labeller, Vec<String>)> {
        self.number_metric(spec, kind, path);
        if spec.default.is_some() {
            self.problem(path, "default applies to maps only");
        }
        let labels_path = key_path(path, "labels");
        let Some(labels_value) = &spec.labels else {
            self.problem(
                path,
                "labels are required: a policy's labels must not change with segments.language",
            );
            return None;
        };
        let labels = self.labels(labels_value, &labels_path)?;
        match (&spec.cuts, &spec.fractions) {
            (None, Some(fractions)) => {
                let fractions_path = key_path(path, "fractions");
                let fractions: Vec<f64> = match serde_json::from_value(fractions.clone()) {
                    Ok(fractions) => fractions,
                    Err(error) => {
                        self.problem(&fractions_path, format!("fractions: {error}"));
                        return None;
                    }
                };
                if let Err(error) = check_fractions(&fractions) {
                    self.problem(&fractions_path, error.message);
                    return None;
                }
                if labels.len() != fractions.len() + 1 {
                    self.problem(
                        &labels_path,
                        format!(
                            "labels must hold one label per tier: {}, not {}",
                            fractions.len() + 1,
                            labels.len()
                        ),
                    );
                    return None;
                }
                relative.push(fractions_path);
                Some((Labeller::Relative { fractions }, labels))
            }
            (cuts, fractions) => {
                // The scale's own JSON form, as `segments.tier_scale` reads it.
                let mut scale = Map::new();
                scale.insert("cuts".into(), cuts.clone().unwrap_or(Value::Null));
                scale.insert("labels".into(), labels_value.clone());
                if let Some(fractions) = fractions {
                    scale.insert("fractions".into(), fractions.clone());
                }
                match TierScale::from_json(Value::Object(scale)) {
                    Ok(scale) => Some((
                        Labeller::Scale(LabelledScale::new(scale, Language::En)),
                        labels,
                    )),
                    Err(error) => {
                        self.problem(path, error.message);
                        None
                    }
                }
            }
        }
    }

    /// A tag rule: `all`, `any` or `not` of rules, or a comparison.
    fn rule(
        &mut self,
        value: &Value,
        path: &str,
        depth: usize,
        context: &mut RuleContext<'_>,
    ) -> Option<Rule> {
        let map = self.object(value, path)?;
        if depth > MAX_RULE_DEPTH {
            self.problem(
                path,
                format!("tag rules may nest all/any/not at most {MAX_RULE_DEPTH} levels deep"),
            );
            return None;
        }
        let combinator = ["all", "any", "not"]
            .into_iter()
            .find(|key| map.contains_key(*key));
        match combinator {
            Some(key) => self.combination(map, key, path, depth, context),
            None => self.comparison(value, path, context),
        }
    }

    /// `{"all": [rules]}`, `{"any": [rules]}` or `{"not": rule}`.
    fn combination(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        path: &str,
        depth: usize,
        context: &mut RuleContext<'_>,
    ) -> Option<Rule> {
        if map.len() != 1 {
            self.problem(
                path,
                format!("a rule with \"{key}\" must have no other key"),
            );
            return None;
        }
        let inner_path = key_path(path, key);
        let inner = &map[key];
        if key == "not" {
            let rule = self.rule(inner, &inner_path, depth + 1, context)?;
            return Some(Rule::Not(Box::new(rule)));
        }
        let Value::Array(items) = inner else {
            self.problem(
                &inner_path,
                format!("{key} must be an array of rules, not {}", kind_of(inner)),
            );
            return None;
        };
        if items.is_empty() {
            self.problem(&inner_path, format!("{key} must hold at least one rule"));
            return None;
        }
        let mut rules = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            rules.push(self.rule(item, &index_path(&inner_path, index), depth + 1, context));
        }
        let rules: Option<Vec<Rule>> = rules.into_iter().collect();
        Some(if key == "all" {
            Rule::All(rules?)
        } else {
            Rule::Any(rules?)
        })
    }

    /// `{"metric": …, "gte": …}` or `{"dimension": …, "eq": …}`: one
    /// operand, one operator.
    fn comparison(
        &mut self,
        value: &Value,
        path: &str,
        context: &mut RuleContext<'_>,
    ) -> Option<Rule> {
        let spec = match TestSpec::deserialize(value) {
            Ok(spec) => spec,
            Err(error) => {
                self.problem(path, format!("{error} (or all, any, not)"));
                return None;
            }
        };
        let compared = self.compared(&spec, path, context)?;
        let operators = [
            ("eq", &spec.eq),
            ("ne", &spec.ne),
            ("gt", &spec.gt),
            ("gte", &spec.gte),
            ("lt", &spec.lt),
            ("lte", &spec.lte),
            ("in", &spec.within),
            ("between", &spec.between),
            ("exists", &spec.exists),
        ];
        let given: Vec<(&str, &Value)> = operators
            .iter()
            .filter_map(|(op, value)| value.as_ref().map(|value| (*op, value)))
            .collect();
        let [(op, operand_value)] = given.as_slice() else {
            self.problem(
                path,
                "a comparison needs exactly one of eq, ne, gt, gte, lt, lte, in, between, exists",
            );
            return None;
        };
        let op_path = key_path(path, op);
        let test = match *op {
            "exists" => match operand_value {
                Value::Bool(flag) => Test::Exists(*flag),
                other => {
                    self.problem(
                        &op_path,
                        format!("exists takes true or false, not {}", kind_of(other)),
                    );
                    return None;
                }
            },
            "eq" => Test::Eq(self.scalar(&compared, operand_value, &op_path)?),
            "ne" => Test::Ne(self.scalar(&compared, operand_value, &op_path)?),
            "in" => {
                let Value::Array(items) = operand_value else {
                    self.problem(
                        &op_path,
                        format!("in takes an array, not {}", kind_of(operand_value)),
                    );
                    return None;
                };
                if items.is_empty() {
                    self.problem(&op_path, "in must hold at least one value");
                    return None;
                }
                let values: Vec<Option<Scalar>> = items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| self.scalar(&compared, item, &index_path(&op_path, index)))
                    .collect();
                Test::In(values.into_iter().collect::<Option<Vec<_>>>()?)
            }
            "between" => {
                if !self.ordered(&compared, op, &op_path) {
                    return None;
                }
                let Some([low, high]) = operand_value.as_array().map(Vec::as_slice) else {
                    self.problem(&op_path, "between takes [low, high] (both included)");
                    return None;
                };
                let low = self.bound(&compared, low, &index_path(&op_path, 0), context);
                let high = self.bound(&compared, high, &index_path(&op_path, 1), context);
                let (low, high) = (low?, high?);
                if let (Bound::Value(a), Bound::Value(b)) = (&low, &high) {
                    if compare(a, b).is_some_and(|order| order == std::cmp::Ordering::Greater) {
                        self.problem(&op_path, "between's low end is above its high end");
                        return None;
                    }
                }
                Test::Between(low, high)
            }
            order => {
                if !self.ordered(&compared, op, &op_path) {
                    return None;
                }
                let order = match order {
                    "gt" => Order::Gt,
                    "gte" => Order::Gte,
                    "lt" => Order::Lt,
                    _ => Order::Lte,
                };
                Test::Compare(
                    order,
                    self.bound(&compared, operand_value, &op_path, context)?,
                )
            }
        };
        Some(Rule::Test(compared.operand, test))
    }

    /// What a comparison names: a declared metric or a valid dimension.
    fn compared(
        &mut self,
        spec: &TestSpec,
        path: &str,
        context: &mut RuleContext<'_>,
    ) -> Option<Compared> {
        match (&spec.metric, &spec.dimension) {
            (Some(metric), None) => {
                let index = self.metric(context.metrics, metric, &key_path(path, "metric"))?;
                let kind = context.metrics[index].kind;
                Some(Compared {
                    operand: Operand::Metric(index),
                    kind,
                    labels: None,
                    what: format!("{} metric \"{metric}\"", kind.name()),
                })
            }
            (None, Some(dimension)) => {
                let dimensions = context.dimensions;
                let Some(index) = dimensions.iter().position(|(name, _)| name == dimension) else {
                    self.problem(
                        &key_path(path, "dimension"),
                        format!("dimension \"{dimension}\" is not in $.dimensions"),
                    );
                    return None;
                };
                // A dimension with problems of its own is not checked again.
                let labels = dimensions[index].1.clone()?;
                Some(Compared {
                    operand: Operand::Dimension(index),
                    kind: Type::Text,
                    labels: Some(labels),
                    what: format!("dimension \"{dimension}\""),
                })
            }
            _ => {
                self.problem(
                    path,
                    "a comparison names exactly one metric or one dimension",
                );
                None
            }
        }
    }

    /// A constant compared with: of the operand's type, and one of a
    /// dimension's labels.
    fn scalar(&mut self, compared: &Compared, value: &Value, at: &str) -> Option<Scalar> {
        let scalar = match (compared.kind, value) {
            (Type::Number, Value::Number(number)) => number.as_f64().map(Scalar::Number),
            (Type::Text, Value::String(text)) => Some(Scalar::Text(text.clone())),
            (Type::Bool, Value::Bool(flag)) => Some(Scalar::Bool(*flag)),
            (Type::Date, Value::String(text)) => {
                let date = parse_date(text).map(Scalar::Date);
                if date.is_none() {
                    self.problem(at, format!("\"{text}\" is not a date (YYYY-MM-DD)"));
                    return None;
                }
                date
            }
            _ => None,
        };
        let what = &compared.what;
        if scalar.is_none() {
            self.problem(at, format!("{what} is compared with {}", kind_of(value)));
            return None;
        }
        if let (Some(labels), Some(Scalar::Text(label))) = (&compared.labels, &scalar) {
            if !labels.contains(label) {
                self.problem(at, format!("\"{label}\" is not a label of {what}"));
                return None;
            }
        }
        scalar
    }

    /// Whether `op` (gt, gte, lt, lte, between) applies: to a number or
    /// date metric only.
    fn ordered(&mut self, compared: &Compared, op: &str, op_path: &str) -> bool {
        let ok = matches!(compared.operand, Operand::Metric(_))
            && matches!(compared.kind, Type::Number | Type::Date);
        if !ok {
            self.problem(
                op_path,
                format!("{op} needs a number or date metric, not {}", compared.what),
            );
        }
        ok
    }

    /// A bound of gt, gte, lt, lte or between: a constant, or a relative
    /// threshold `{"quantile": q}` still to be calibrated.
    fn bound(
        &mut self,
        compared: &Compared,
        value: &Value,
        at: &str,
        context: &mut RuleContext<'_>,
    ) -> Option<Bound> {
        if !value.is_object() {
            return self.scalar(compared, value, at).map(Bound::Value);
        }
        let spec = match QuantileSpec::deserialize(value) {
            Ok(spec) => spec,
            Err(error) => {
                self.problem(
                    at,
                    format!("a relative threshold is {{\"quantile\": q}}: {error}"),
                );
                return None;
            }
        };
        if compared.kind != Type::Number {
            self.problem(
                at,
                format!("quantiles need a number metric, not {}", compared.what),
            );
            return None;
        }
        if !(spec.quantile > 0.0 && spec.quantile < 1.0) {
            self.problem(
                at,
                format!(
                    "quantile must lie strictly between 0 and 1, not {}",
                    number(spec.quantile)
                ),
            );
            return None;
        }
        context.relative.push(at.to_string());
        Some(Bound::Quantile(spec.quantile))
    }
}

/// What the tag rules of a policy are checked against: its metrics (marked
/// used as rules name them), its dimensions' names with their labels (none
/// for a dimension with problems), and the relative thresholds found.
struct RuleContext<'c> {
    metrics: &'c mut [Metric],
    dimensions: &'c [(String, Option<Vec<String>>)],
    relative: &'c mut Vec<String>,
}

/// The operand of a comparison: its type, a dimension's labels, and how
/// messages name it.
struct Compared {
    operand: Operand,
    kind: Type,
    labels: Option<Vec<String>>,
    what: String,
}

fn compare(a: &Scalar, b: &Scalar) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Scalar::Number(a), Scalar::Number(b)) => a.partial_cmp(b),
        (Scalar::Date(a), Scalar::Date(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// Every problem of `value` as a policy; empty when it is valid.
pub fn check(value: &Value) -> Vec<Problem> {
    match build(value) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    }
}

fn build(value: &Value) -> std::result::Result<Policy, Vec<Problem>> {
    let mut checker = Checker {
        problems: Vec::new(),
    };
    let Some(root) = checker.object(value, "$") else {
        return Err(checker.problems);
    };
    for key in root.keys() {
        if !matches!(key.as_str(), "metrics" | "dimensions" | "tags") {
            checker.problem(
                &key_path("$", key),
                format!("unknown key \"{key}\", expected one of metrics, dimensions, tags"),
            );
        }
    }
    let mut metrics = checker.metrics(root);
    let mut relative = Vec::new();
    let mut dimensions = Vec::new();
    // Every dimension's name, with its labels when it is valid, so rules
    // can name a broken dimension without a second problem.
    let mut dimension_labels: Vec<(String, Option<Vec<String>>)> = Vec::new();
    if let Some(value) = root.get("dimensions") {
        if let Some(map) = checker.object(value, "$.dimensions") {
            for (name, spec) in map {
                let path = key_path("$.dimensions", name);
                match checker.dimension(name, spec, &path, &mut metrics, &mut relative) {
                    Some(dimension) => {
                        dimension_labels.push((name.clone(), Some(dimension.labels.clone())));
                        dimensions.push(dimension);
                    }
                    None => dimension_labels.push((name.clone(), None)),
                }
            }
        }
    }
    let mut tags = Vec::new();
    let valid_dimensions = dimension_labels.iter().all(|(_, labels)| labels.is_some());
    if let Some(value) = root.get("tags") {
        if let Some(map) = checker.object(value, "$.tags") {
            for (name, rule) in map {
                let path = key_path("$.tags", name);
                let mut context = RuleContext {
                    metrics: &mut metrics,
                    dimensions: &dimension_labels,
                    relative: &mut relative,
                };
                if let Some(rule) = checker.rule(rule, &path, 0, &mut context) {
                    tags.push(Tag {
                        name: name.clone(),
                        rule,
                    });
                }
            }
        }
    }
    if !checker.problems.is_empty() {
        return Err(checker.problems);
    }
    debug_assert!(valid_dimensions);
    Ok(Policy {
        metrics,
        dimensions,
        tags,
        relative,
    })
}

/// The problems as one message: "path: problem; path: problem".
pub fn describe(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|problem| format!("{}: {}", problem.path, problem.problem))
        .collect::<Vec<_>>()
        .join("; ")
}

// ---- classifying -----------------------------------------------------------

/// A metric's value as it came in the data, before its type is checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input<'a> {
    /// Absent, or JSON null.
    Missing,
    Number(f64),
    Text(&'a str),
    Bool(bool),
    /// An array or an object.
    Nested,
}

#[derive(Clone, Copy)]
enum Datum<'a> {
    Number(f64),
    Text(&'a str),
    Bool(bool),
    Date(i32),
}

impl Policy {
    /// Builds the policy; every problem in one error (22023).
    pub fn parse(value: &Value) -> Result<Policy> {
        build(value).map_err(|problems| {
            Error::invalid_parameter(format!("policy is not valid: {}", describe(&problems)))
        })
    }

    /// Paths of the relative thresholds that `calibrate` must fill in.
    pub fn relative_paths(&self) -> &[String] {
        &self.relative
    }

    /// An error unless every threshold is a value (calibrated).
    pub fn check_calibrated(&self) -> Result<()> {
        match self.relative.first() {
            None => Ok(()),
            Some(path) => Err(Error::invalid_parameter(format!(
                "policy has population-relative thresholds ({path}{}): calibrate it first with segments.calibrate(policy, metrics)",
                if self.relative.len() > 1 { ", ..." } else { "" }
            ))),
        }
    }

    fn datum<'a>(&self, index: usize, input: Input<'a>) -> Result<Option<Datum<'a>>> {
        let metric = &self.metrics[index];
        let datum = match (metric.kind, input) {
            (_, Input::Missing) => return Ok(None),
            (Type::Number, Input::Number(value)) => Datum::Number(value),
            (Type::Text, Input::Text(text)) => Datum::Text(text),
            (Type::Bool, Input::Bool(flag)) => Datum::Bool(flag),
            (Type::Date, Input::Text(text)) => match parse_date(text.get(..10).unwrap_or(text)) {
                Some(date) => Datum::Date(date),
                None => {
                    return Err(Error::invalid_parameter(format!(
                        "metrics.{}: \"{text}\" is not a date (YYYY-MM-DD), as the policy declares",
                        metric.name
                    )))
                }
            },
            (kind, input) => {
                let got = match input {
                    Input::Number(_) => "a number",
                    Input::Text(_) => "a string",
                    Input::Bool(_) => "a boolean",
                    _ => "an array or object",
                };
                return Err(Error::invalid_parameter(format!(
                    "metrics.{} must be {} as the policy declares, not {got}",
                    metric.name,
                    match kind {
                        Type::Number => "a number",
                        Type::Text => "a string",
                        Type::Bool => "a boolean",
                        Type::Date => "a date string",
                    }
                )));
            }
        };
        Ok(Some(datum))
    }

    /// Classifies one customer. `inputs[i]` is the value of metric `i`
    /// (unused metrics may be `Missing`). Writes the result as JSON:
    /// `{"dimensions": {"name": "label" or null, ...}, "tags": [...]}`.
    /// Classifies one customer. `inputs[i]` is the value of metric `i`
    /// (unused metrics may be `Missing`).
    pub fn apply<'p>(&'p self, inputs: &[Input<'_>]) -> Result<Outcome<'p>> {
        self.check_calibrated()?;
        let mut data: smallvec::SmallVec<[Option<Datum<'_>>; 24]> = smallvec::SmallVec::new();
        for (index, input) in inputs.iter().enumerate() {
            data.push(if self.metrics[index].used {
                self.datum(index, *input)?
            } else {
                None
            });
        }
        let mut labels: smallvec::SmallVec<[Option<&str>; 12]> = smallvec::SmallVec::new();
        for dimension in &self.dimensions {
            labels.push(self.label(dimension, data[dimension.metric])?);
        }
        let mut outcome = Outcome {
            dimensions: smallvec::SmallVec::new(),
            tags: smallvec::SmallVec::new(),
        };
        for tag in &self.tags {
            if evaluate(&tag.rule, &data, &labels) {
                outcome.tags.push(tag.name.as_str());
            }
        }
        outcome.dimensions.extend(
            self.dimensions
                .iter()
                .zip(labels)
                .map(|(dimension, label)| (dimension.name.as_str(), label)),
        );
        Ok(outcome)
    }

    /// `apply`, written as JSON:
    /// `{"dimensions": {"name": "label" or null, ...}, "tags": [...]}`.
    pub fn classify(&self, inputs: &[Input<'_>], out: &mut String) -> Result<()> {
        let outcome = self.apply(inputs)?;
        out.push_str("{\"dimensions\": {");
        for (index, (name, label)) in outcome.dimensions.iter().enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            write_string(out, name);
            out.push_str(": ");
            match label {
                Some(label) => write_string(out, label),
                None => out.push_str("null"),
            }
        }
        out.push_str("}, \"tags\": [");
        for (index, tag) in outcome.tags.iter().enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            write_string(out, tag);
        }
        out.push_str("]}");
        Ok(())
    }

    fn label<'p>(
        &'p self,
        dimension: &'p Dimension,
        datum: Option<Datum<'_>>,
    ) -> Result<Option<&'p str>> {
        let Some(datum) = datum else {
            return Ok(None);
        };
        match (&dimension.labeller, datum) {
            (Labeller::Scale(scale), Datum::Number(value)) => scale
                .label(value)
                .map_err(|error| error.context(&format!("dimension \"{}\"", dimension.name))),
            (Labeller::Map { labels, default }, Datum::Text(text)) => {
                Ok(labels.get(text).map(String::as_str).or(default.as_deref()))
            }
            (Labeller::Map { labels, default }, Datum::Bool(flag)) => {
                let key = if flag { "true" } else { "false" };
                Ok(labels.get(key).map(String::as_str).or(default.as_deref()))
            }
            _ => Ok(None),
        }
    }

    /// Each relative threshold (the ones `calibrate` fills), in the order
    /// of `relative_paths`: its metric index and its fractions, from one
    /// walk of the rules.
    pub fn relative_thresholds(&self) -> Vec<(usize, Vec<f64>)> {
        let mut out = Vec::new();
        for dimension in &self.dimensions {
            if let Labeller::Relative { fractions } = &dimension.labeller {
                out.push((dimension.metric, fractions.clone()));
            }
        }
        for tag in &self.tags {
            collect_quantiles(&tag.rule, &mut out);
        }
        out
    }

    /// A number metric's value from an input, for calibration: `None` when
    /// missing; an error when of the wrong type.
    pub fn number(&self, index: usize, input: Input<'_>) -> Result<Option<f64>> {
        Ok(match self.datum(index, input)? {
            Some(Datum::Number(value)) => Some(value),
            _ => None,
        })
    }
}

fn collect_quantiles(rule: &Rule, out: &mut Vec<(usize, Vec<f64>)>) {
    match rule {
        Rule::All(rules) | Rule::Any(rules) => rules.iter().for_each(|r| collect_quantiles(r, out)),
        Rule::Not(rule) => collect_quantiles(rule, out),
        Rule::Test(Operand::Metric(metric), test) => {
            let bounds: &[&Bound] = match test {
                Test::Compare(_, bound) => &[bound],
                Test::Between(low, high) => &[low, high],
                _ => &[],
            };
            for bound in bounds {
                if let Bound::Quantile(q) = bound {
                    out.push((*metric, vec![*q]));
                }
            }
        }
        Rule::Test(..) => {}
    }
}

fn write_string(out: &mut String, text: &str) {
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(text);
        out.push('"');
    } else {
        let _ = write!(out, "{}", Value::from(text));
    }
}

/// A missing operand makes every comparison false, except `exists: false`.
fn evaluate(rule: &Rule, data: &[Option<Datum<'_>>], labels: &[Option<&str>]) -> bool {
    match rule {
        Rule::All(rules) => rules.iter().all(|rule| evaluate(rule, data, labels)),
        Rule::Any(rules) => rules.iter().any(|rule| evaluate(rule, data, labels)),
        Rule::Not(rule) => !evaluate(rule, data, labels),
        Rule::Test(operand, test) => {
            let value = match operand {
                Operand::Metric(index) => data[*index],
                Operand::Dimension(index) => labels[*index].map(Datum::Text),
            };
            let Some(value) = value else {
                return matches!(test, Test::Exists(false));
            };
            match test {
                Test::Exists(flag) => *flag,
                Test::Eq(scalar) => equals(value, scalar),
                Test::Ne(scalar) => !equals(value, scalar),
                Test::In(scalars) => scalars.iter().any(|scalar| equals(value, scalar)),
                Test::Compare(order, Bound::Value(bound)) => match ordering(value, bound) {
                    Some(ordering) => match order {
                        Order::Gt => ordering.is_gt(),
                        Order::Gte => ordering.is_ge(),
                        Order::Lt => ordering.is_lt(),
                        Order::Lte => ordering.is_le(),
                    },
                    None => false,
                },
                Test::Between(Bound::Value(low), Bound::Value(high)) => {
                    ordering(value, low).is_some_and(|o| o.is_ge())
                        && ordering(value, high).is_some_and(|o| o.is_le())
                }
                // Uncalibrated: refused before any row (check_calibrated).
                _ => false,
            }
        }
    }
}

fn equals(value: Datum<'_>, scalar: &Scalar) -> bool {
    match (value, scalar) {
        (Datum::Number(a), Scalar::Number(b)) => a == *b,
        (Datum::Text(a), Scalar::Text(b)) => a == b,
        (Datum::Bool(a), Scalar::Bool(b)) => a == *b,
        (Datum::Date(a), Scalar::Date(b)) => a == *b,
        _ => false,
    }
}

fn ordering(value: Datum<'_>, scalar: &Scalar) -> Option<std::cmp::Ordering> {
    match (value, scalar) {
        (Datum::Number(a), Scalar::Number(b)) => a.partial_cmp(b),
        (Datum::Date(a), Scalar::Date(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// Reads a metrics object of serde values into inputs (unit tests, and
/// callers that have a parsed object).
pub fn inputs_of<'a>(policy: &Policy, metrics: &'a Map<String, Value>) -> Vec<Input<'a>> {
    policy
        .metrics
        .iter()
        .map(|metric| match metrics.get(&metric.name) {
            None | Some(Value::Null) => Input::Missing,
            Some(Value::Number(number)) => Input::Number(number.as_f64().unwrap_or(f64::NAN)),
            Some(Value::String(text)) => Input::Text(text),
            Some(Value::Bool(flag)) => Input::Bool(*flag),
            Some(_) => Input::Nested,
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// The sample data's default policy, in short.
    pub fn seed() -> Value {
        json!({
            "metrics": {"amount_per_month": "number", "orders_per_month": "number",
                        "preference": "text", "employees": "number", "tenure_days": "number",
                        "total": "number", "orders": "number", "avg_order": "number",
                        "industry": "text", "key_account": "bool", "first_order": "date"},
            "dimensions": {
                "amount": {"metric": "amount_per_month", "bands": [
                    {"label": "low", "lt": 5000}, {"label": "medium", "gte": 5000, "lte": 10000},
                    {"label": "high", "gt": 10000}]},
                "frequency": {"metric": "orders_per_month", "cuts": [5, 10], "labels": ["low", "medium", "high"]},
                "size": {"metric": "employees", "cuts": [50, 500], "labels": ["small", "medium", "large"]},
                "age": {"metric": "tenure_days", "cuts": [365], "labels": ["new", "old"]},
                "industry": {"metric": "industry", "map": {"C": "manufacturing", "F": "retail"}, "default": "other"}
            },
            "tags": {
                "VIP": {"all": [{"metric": "total", "gte": 100000}, {"metric": "orders", "gte": 12}]},
                "high_potential": {"all": [{"dimension": "age", "eq": "new"}, {"metric": "avg_order", "gt": 800}]},
                "key": {"any": [{"metric": "key_account", "eq": true}, {"not": {"metric": "first_order", "gte": "2025-01-01"}}]}
            }
        })
    }

    fn run(policy: &Policy, metrics: Value) -> Result<Value> {
        let map = metrics.as_object().unwrap().clone();
        let inputs = inputs_of(policy, &map);
        let mut out = String::new();
        policy.classify(&inputs, &mut out)?;
        Ok(serde_json::from_str(&out).unwrap())
    }

    fn problems(policy: Value) -> Vec<(String, String)> {
        check(&policy)
            .into_iter()
            .map(|p| (p.path, p.problem))
            .collect()
    }

    #[test]
    fn the_seed_policy_classifies() {
        let policy = Policy::parse(&seed()).unwrap();
        let result = run(
            &policy,
            json!({"amount_per_month": 10000, "orders_per_month": 10, "employees": 49,
                   "tenure_days": 100, "total": 120000, "orders": 12, "avg_order": 900,
                   "industry": "C", "key_account": false, "first_order": "2024-12-31"}),
        )
        .unwrap();
        assert_eq!(
            result,
            json!({"dimensions": {"amount": "medium", "frequency": "high", "size": "small",
                                  "age": "new", "industry": "manufacturing"},
                   "tags": ["VIP", "high_potential", "key"]})
        );
        let other = run(
            &policy,
            json!({"amount_per_month": 10000.01, "industry": "Z", "first_order": "2025-01-01"}),
        )
        .unwrap();
        assert_eq!(other["dimensions"]["amount"], "high");
        assert_eq!(other["dimensions"]["industry"], "other");
        assert_eq!(other["tags"], json!([]));
    }

    #[test]
    fn missing_metrics_give_null_dimensions_and_false_comparisons() {
        let policy = Policy::parse(&seed()).unwrap();
        let result = run(&policy, json!({"employees": null})).unwrap();
        assert_eq!(result["dimensions"]["size"], Value::Null);
        assert_eq!(result["dimensions"]["industry"], Value::Null);
        // not(first_order >= ...) is true when first_order is missing.
        assert_eq!(result["tags"], json!(["key"]));
        let exists = json!({"metrics": {"x": "number"}, "tags": {
            "has": {"metric": "x", "exists": true}, "lacks": {"metric": "x", "exists": false},
            "ne": {"metric": "x", "ne": 1}}});
        let policy = Policy::parse(&exists).unwrap();
        assert_eq!(run(&policy, json!({})).unwrap()["tags"], json!(["lacks"]));
        assert_eq!(
            run(&policy, json!({"x": 2})).unwrap()["tags"],
            json!(["has", "ne"])
        );
    }

    #[test]
    fn a_metric_of_the_wrong_type_is_an_error_naming_it() {
        let policy = Policy::parse(&seed()).unwrap();
        let error = run(&policy, json!({"employees": "many"})).unwrap_err();
        assert_eq!(error.kind, crate::error::Kind::InvalidParameter);
        assert_eq!(
            error.message,
            "metrics.employees must be a number as the policy declares, not a string"
        );
        let error = run(&policy, json!({"first_order": "2025-02-30"})).unwrap_err();
        assert!(error.message.contains("first_order"), "{}", error.message);
        // Unused declared metrics are not read.
        let policy = Policy::parse(&json!({"metrics": {"x": "number", "y": "text"},
            "tags": {"t": {"metric": "y", "eq": "a"}}}))
        .unwrap();
        assert!(run(&policy, json!({"x": "oops", "y": "a"})).is_ok());
    }

    #[test]
    fn check_lists_every_problem_with_its_path() {
        let found = problems(json!({
            "metrics": {"total": "number", "industry": "text", "bad": "integer"},
            "dimensions": {
                "amount": {"metric": "total", "bands": [{"label": "low", "lte": 5000}, {"label": "high", "gte": 5000}]},
                "gap": {"metric": "total", "bands": [{"label": "low", "lt": 5000}, {"label": "high", "gt": 5000}]},
                "size": {"metric": "employees", "cuts": [50, 500], "labels": ["small", 2, "large"]},
                "industry": {"metric": "industry", "map": [["C", "manufacturing"], ["C", "retail"]]},
                "typo": {"metric": "total", "cut": [1]}
            },
            "tags": {
                "empty": {"all": []},
                "mixed": {"metric": "total", "gte": "100000"},
                "label": {"dimension": "amount", "eq": "medium"},
                "text_order": {"metric": "industry", "gt": "C"},
                "two": {"metric": "total", "gte": 1, "lt": 2}
            },
            "version": 2
        }));
        let expected = [
            ("$.metrics.bad", "a metric's type must be \"number\", \"text\", \"bool\" or \"date\", not \"integer\""),
            ("$.version", "unknown key \"version\", expected one of metrics, dimensions, tags"),
            ("$.dimensions.amount.bands", "bands \"low\" and \"high\" overlap"),
            ("$.dimensions.gap.bands", "bands \"low\" and \"high\" leave a gap between them"),
            ("$.dimensions.industry.map[1]", "key \"C\" appears more than once in the map"),
            ("$.dimensions.size.metric", "metric \"employees\" is not declared in $.metrics"),
            ("$.dimensions.size.labels[1]", "a label must be a string, not a number"),
            ("$.tags.empty.all", "all must hold at least one rule"),
            ("$.tags.mixed.gte", "number metric \"total\" is compared with a string"),
            ("$.tags.text_order.gt", "gt needs a number or date metric, not text metric \"industry\""),
            ("$.tags.two", "a comparison needs exactly one of eq, ne, gt, gte, lt, lte, in, between, exists"),
        ];
        for (path, problem) in expected {
            assert!(
                found.iter().any(|(p, m)| p == path && m == problem),
                "missing {path}: {problem} in {found:#?}"
            );
        }
        assert!(
            found
                .iter()
                .any(|(p, m)| p == "$.dimensions.typo" && m.contains("unknown field `cut`")),
            "{found:#?}"
        );
        // A rule on a broken dimension adds no second problem.
        assert!(
            !found.iter().any(|(p, _)| p == "$.tags.label"),
            "{found:#?}"
        );
        assert_eq!(found.len(), expected.len() + 1, "{found:#?}");
    }

    #[test]
    fn labels_and_dimension_values_are_checked() {
        let found = problems(json!({"metrics": {"t": "number"},
            "dimensions": {"age": {"metric": "t", "cuts": [365], "labels": ["new", "old"]},
                           "plain": {"metric": "t", "cuts": [1]}},
            "tags": {"x": {"dimension": "age", "eq": "newish"}, "y": {"dimension": "nope", "exists": true},
                     "z": {"dimension": "age", "in": ["new", 1]}}}));
        assert_eq!(
            found,
            vec![
                (
                    "$.dimensions.plain".to_string(),
                    "labels are required: a policy's labels must not change with segments.language"
                        .to_string()
                ),
                (
                    "$.tags.x.eq".to_string(),
                    "\"newish\" is not a label of dimension \"age\"".to_string()
                ),
                (
                    "$.tags.y.dimension".to_string(),
                    "dimension \"nope\" is not in $.dimensions".to_string()
                ),
                (
                    "$.tags.z.in[1]".to_string(),
                    "dimension \"age\" is compared with a number".to_string()
                ),
            ]
        );
    }

    #[test]
    fn rules_nest_to_a_documented_depth() {
        let mut rule = json!({"metric": "x", "gt": 1});
        for _ in 0..MAX_RULE_DEPTH {
            rule = json!({"not": rule});
        }
        let policy = json!({"metrics": {"x": "number"}, "tags": {"deep": rule.clone()}});
        assert!(check(&policy).is_empty());
        let deeper = json!({"metrics": {"x": "number"}, "tags": {"deep": {"any": [rule]}}});
        let found = problems(deeper);
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("at most 16 levels"), "{found:?}");
        assert!(
            found[0].0.starts_with("$.tags.deep.any[0].not.not"),
            "{found:?}"
        );
    }

    #[test]
    fn dates_between_in_and_odd_keys() {
        let policy = Policy::parse(
            &json!({"metrics": {"d": "date", "n": "number", "odd key": "text"},
            "tags": {"q4": {"metric": "d", "between": ["2025-10-01", "2025-12-31"]},
                     "mid": {"metric": "n", "between": [10, 20]},
                     "ab": {"metric": "odd key", "in": ["a", "b"]}}}),
        )
        .unwrap();
        assert_eq!(
            run(&policy, json!({"d": "2025-12-31", "n": 20, "odd key": "b"})).unwrap()["tags"],
            json!(["ab", "mid", "q4"])
        );
        assert_eq!(
            run(&policy, json!({"d": "2026-01-01T00:00:00", "n": 9.99})).unwrap()["tags"],
            json!([])
        );
        let found = problems(json!({"metrics": {"n": "number"},
            "tags": {"b": {"metric": "n", "between": [20, 10]}, "q": {"metric": "n", "gt": {"quantile": 1.5}},
                     "\"x\"": {"metric": "m", "eq": 1}}}));
        assert_eq!(
            found.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
            vec![
                "$.tags.\"\\\"x\\\"\".metric",
                "$.tags.b.between",
                "$.tags.q.gt"
            ]
        );
    }

    #[test]
    fn relative_thresholds_must_be_calibrated() {
        let policy = Policy::parse(&json!({"metrics": {"t": "number"},
            "dimensions": {"value": {"metric": "t", "fractions": [0.1, 0.9], "labels": ["low", "medium", "high"]}},
            "tags": {"top": {"metric": "t", "gt": {"quantile": 0.5}}}})).unwrap();
        assert_eq!(
            policy.relative_paths(),
            ["$.dimensions.value.fractions", "$.tags.top.gt"]
        );
        let error = run(&policy, json!({"t": 1})).unwrap_err();
        assert!(
            error.message.contains("calibrate it first"),
            "{}",
            error.message
        );
    }

    #[test]
    fn maps_over_bool_metrics() {
        let policy = Policy::parse(&json!({"metrics": {"k": "bool"},
            "dimensions": {"importance": {"metric": "k", "map": {"true": "key", "false": "normal"}}}})).unwrap();
        assert_eq!(
            run(&policy, json!({"k": true})).unwrap()["dimensions"]["importance"],
            "key"
        );
        assert_eq!(
            run(&policy, json!({"k": false})).unwrap()["dimensions"]["importance"],
            "normal"
        );
        let found = problems(json!({"metrics": {"k": "bool"},
            "dimensions": {"importance": {"metric": "k", "map": {"yes": "key"}}}}));
        assert_eq!(found[0].0, "$.dimensions.importance.map.yes");
    }

    #[test]
    fn not_an_object_and_bad_metrics() {
        assert_eq!(
            problems(json!([1])),
            vec![(
                "$".to_string(),
                "must be an object, not an array".to_string()
            )]
        );
        assert_eq!(problems(json!({}))[0].0, "$");
        assert_eq!(
            problems(json!({"metrics": []}))[0],
            (
                "$.metrics".to_string(),
                "must be an object, not an array".to_string()
            )
        );
    }
}
