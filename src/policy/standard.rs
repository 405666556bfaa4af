//! The standard metrics of a profile: what `segments.metrics(p, as_of)`
//! writes as JSON and what `segments.classify(p, as_of, policy)` reads
//! without JSON. One function, `value`, gives each metric's value; the JSON
//! text (`Value::json`) and the classifier's input (`Value::input`) are two
//! readings of it, so the two paths cannot drift apart.
//!
//! The input is what the JSON path gives after jsonb stored the text and
//! `classify` read it back through `numeric::float8`: a decimal (total,
//! max_order) is its correctly rounded float (`Decimal::to_float8`, with
//! PostgreSQL's range errors), a count its nearest float, a float the same
//! float (serde writes the shortest text that reads back to it; not finite
//! is JSON null; numeric has no negative zero).

use std::borrow::Cow;

use crate::decimal::Decimal;
use crate::error::Result;
use crate::language::Language;
use crate::policy::rules::Input;
use crate::profile::header::Header;
use crate::profile::measures::Categories;

/// The standard metrics, in the order `metrics()` writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard {
    Total,
    Orders,
    Lines,
    PurchaseDays,
    AvgOrder,
    MaxOrder,
    Returns,
    RecencyDays,
    TenureDays,
    AmountPerMonth,
    OrdersPerMonth,
    PurchaseInterval,
    OverdueDays,
    Preference,
    TopCategory,
    Lifecycle,
    IsNew,
}

/// Share of the amount the top category needs to be the preference.
pub const DOMINANCE: f64 = 0.6;
/// `lifecycle`'s windows: new within 90 days, lapsed after 180.
pub const NEW_DAYS: i32 = 90;
pub const LAPSE_DAYS: i32 = 180;

impl Standard {
    pub const ALL: [Standard; 17] = [
        Standard::Total,
        Standard::Orders,
        Standard::Lines,
        Standard::PurchaseDays,
        Standard::AvgOrder,
        Standard::MaxOrder,
        Standard::Returns,
        Standard::RecencyDays,
        Standard::TenureDays,
        Standard::AmountPerMonth,
        Standard::OrdersPerMonth,
        Standard::PurchaseInterval,
        Standard::OverdueDays,
        Standard::Preference,
        Standard::TopCategory,
        Standard::Lifecycle,
        Standard::IsNew,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Standard::Total => "total",
            Standard::Orders => "orders",
            Standard::Lines => "lines",
            Standard::PurchaseDays => "purchase_days",
            Standard::AvgOrder => "avg_order",
            Standard::MaxOrder => "max_order",
            Standard::Returns => "returns",
            Standard::RecencyDays => "recency_days",
            Standard::TenureDays => "tenure_days",
            Standard::AmountPerMonth => "amount_per_month",
            Standard::OrdersPerMonth => "orders_per_month",
            Standard::PurchaseInterval => "purchase_interval",
            Standard::OverdueDays => "overdue_days",
            Standard::Preference => "preference",
            Standard::TopCategory => "top_category",
            Standard::Lifecycle => "lifecycle",
            Standard::IsNew => "is_new",
        }
    }

    /// The standard metric called `name`, if any.
    pub fn named(name: &str) -> Option<Standard> {
        Standard::ALL
            .into_iter()
            .find(|metric| metric.name() == name)
    }

    /// Read from the categories (the others from the header alone).
    pub fn needs_categories(self) -> bool {
        matches!(self, Standard::Preference | Standard::TopCategory)
    }

    /// Looks back from `as_of`: missing when `as_of` is before the last
    /// purchase.
    fn looks_back(self) -> bool {
        matches!(
            self,
            Standard::RecencyDays
                | Standard::TenureDays
                | Standard::AmountPerMonth
                | Standard::OrdersPerMonth
                | Standard::OverdueDays
                | Standard::Lifecycle
                | Standard::IsNew
        )
    }
}

/// One standard metric's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// JSON null.
    Missing,
    /// Exact money, written as its decimal text.
    Decimal(Decimal),
    Count(u64),
    Days(i32),
    Float(f64),
    Text(Cow<'a, str>),
    Bool(bool),
}

impl Value<'_> {
    /// As `metrics()` writes it in its JSON object.
    pub fn json(&self) -> String {
        match self {
            Value::Missing => "null".to_string(),
            Value::Decimal(decimal) => decimal.to_string(),
            Value::Count(count) => count.to_string(),
            Value::Days(days) => days.to_string(),
            Value::Float(value) => serde_json::Number::from_f64(*value)
                .map_or("null".to_string(), |number| number.to_string()),
            Value::Text(text) => serde_json::Value::from(text.as_ref()).to_string(),
            Value::Bool(flag) => flag.to_string(),
        }
    }

    /// As `classify` reads the JSON `json` wrote back from jsonb (see the
    /// module's note); a decimal beyond the float range is PostgreSQL's
    /// error (22003).
    pub fn input(&self) -> Result<Input<'_>> {
        Ok(match self {
            Value::Missing => Input::Missing,
            Value::Decimal(decimal) => Input::Number(decimal.to_float8()?),
            Value::Count(count) => Input::Number(*count as f64),
            Value::Days(days) => Input::Number(*days as f64),
            Value::Float(value) if value.is_finite() => {
                Input::Number(if *value == 0.0 { 0.0 } else { *value })
            }
            Value::Float(_) => Input::Missing,
            Value::Text(text) => Input::Text(text),
            Value::Bool(flag) => Input::Bool(*flag),
        })
    }
}

/// The standard metric `metric` of a profile (its header `p`, and its
/// categories when `metric.needs_categories()`; others may pass `None`)
/// at `as_of`. When `as_of` is before the last purchase (before the first
/// one included), the profile holds purchases after that day: the
/// measures that look back from `as_of` (recency, tenure, per month,
/// overdue, lifecycle, is_new) are missing, never an error, and the others
/// are the profile's as it is. Language-neutral: labels in English.
pub fn value<'c>(
    metric: Standard,
    p: &Header,
    categories: Option<&Categories<'c>>,
    as_of: i32,
) -> Result<Value<'c>> {
    if metric.looks_back() && p.last_day().is_some_and(|last| as_of < last) {
        return Ok(Value::Missing);
    }
    let or_missing = |value: Option<Value<'c>>| value.unwrap_or(Value::Missing);
    Ok(match metric {
        Standard::Total => Value::Decimal(p.total()),
        Standard::Orders => Value::Count(p.orders()),
        Standard::Lines => Value::Count(p.lines()),
        Standard::PurchaseDays => Value::Count(p.purchase_days()),
        Standard::AvgOrder => or_missing(
            p.avg_order()
                .map(|(total, documents)| Value::Float(total.to_f64() / documents as f64)),
        ),
        Standard::MaxOrder => or_missing(p.max_order().map(Value::Decimal)),
        Standard::Returns => Value::Count(p.returns()),
        Standard::RecencyDays => or_missing(p.recency_days(as_of)?.map(Value::Days)),
        Standard::TenureDays => or_missing(p.tenure_days(as_of)?.map(Value::Days)),
        Standard::AmountPerMonth => or_missing(p.amount_per_month(as_of)?.map(Value::Float)),
        Standard::OrdersPerMonth => or_missing(p.orders_per_month(as_of)?.map(Value::Float)),
        Standard::PurchaseInterval => or_missing(p.purchase_interval().map(Value::Float)),
        Standard::OverdueDays => or_missing(p.overdue_days(as_of)?.map(Value::Days)),
        Standard::Preference => or_missing(
            categories
                .expect("preference reads the categories")
                .preference(DOMINANCE, Language::En)?
                .map(|text| Value::Text(Cow::Owned(text))),
        ),
        Standard::TopCategory => or_missing(
            categories
                .expect("top_category reads the categories")
                .top_category()
                .map(|(name, _)| Value::Text(Cow::Borrowed(name))),
        ),
        Standard::Lifecycle => or_missing(
            p.lifecycle(as_of, NEW_DAYS, LAPSE_DAYS)?
                .map(|stage| Value::Text(Cow::Borrowed(stage.label(Language::En)))),
        ),
        Standard::IsNew => or_missing(p.is_new(as_of, NEW_DAYS)?.map(Value::Bool)),
    })
}

/// `metrics()`'s JSON object: every standard metric, in order.
pub fn json(p: &Header, categories: &Categories<'_>, as_of: i32) -> Result<String> {
    let mut out = String::from("{");
    for (index, metric) in Standard::ALL.into_iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        out.push('"');
        out.push_str(metric.name());
        out.push_str("\": ");
        out.push_str(&value(metric, p, Some(categories), as_of)?.json());
    }
    out.push('}');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::state::tests::{document_rows, documented, profile_of, rows};
    use crate::profile::state::Profile;

    /// What the JSON path reads back: jsonb keeps a number's decimal text
    /// exactly and `numeric::float8` parses it (correctly rounded, as
    /// Rust's parsing is); JSON null is missing.
    fn read_back(json: &str) -> Option<serde_json::Value> {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        (!value.is_null()).then_some(value)
    }

    /// Every metric's input equals the reading of its JSON text, for
    /// profiles with and without documents, categories and purchases, at
    /// days before, on and after the purchases.
    #[test]
    fn inputs_equal_the_json_read_back() {
        let profiles: Vec<Profile> = vec![
            profile_of(&rows()),
            profile_of(&[(5, "12345678901234567.89", "a"), (9, "0.01", "b")]),
            profile_of(&[(5, "10", "a"), (5, "-3", "b")]),
            profile_of(&[(1, "1", "a"), (2, "1", "b"), (3, "1", "c")]),
            Profile::default(),
            documented(&document_rows()),
        ];
        for profile in &profiles {
            let header = profile.header();
            let categories = profile.categories();
            for as_of in [-10, 0, 99, 100, 101, 150, 250, 260, 400, 100_000] {
                for metric in Standard::ALL {
                    let value = value(metric, &header, Some(&categories), as_of).unwrap();
                    let json = value.json();
                    let input = value.input().unwrap();
                    match (read_back(&json), input) {
                        (None, Input::Missing) => {}
                        (Some(serde_json::Value::Number(_)), Input::Number(number)) => {
                            let parsed: f64 = json.parse().unwrap();
                            assert_eq!(parsed.to_bits(), number.to_bits(), "{metric:?} {json}");
                        }
                        (Some(serde_json::Value::String(text)), Input::Text(read)) => {
                            assert_eq!(text, read)
                        }
                        (Some(serde_json::Value::Bool(flag)), Input::Bool(read)) => {
                            assert_eq!(flag, read)
                        }
                        (json, input) => panic!("{metric:?}: {json:?} read as {input:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn metrics_json_lists_every_metric_in_order() {
        let profile = profile_of(&rows());
        let json = json(&profile.header(), &profile.categories(), 260).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value.as_object().unwrap().len(), 17);
        assert!(
            json.starts_with("{\"total\": 440.49, \"orders\": 6,"),
            "{json}"
        );
        // Before the last purchase the look-back measures are null.
        let early: serde_json::Value = serde_json::from_str(
            &super::json(&profile.header(), &profile.categories(), 99).unwrap(),
        )
        .unwrap();
        assert_eq!(early["recency_days"], serde_json::Value::Null);
        assert_eq!(early["lifecycle"], serde_json::Value::Null);
        assert_eq!(early["total"], value["total"]);
        assert_eq!(Standard::named("is_new"), Some(Standard::IsNew));
        assert_eq!(Standard::named("industry"), None);
    }

    #[test]
    fn a_total_beyond_floats_is_postgres_error() {
        let mut huge = Profile::default();
        huge.add(5, Decimal::new(1, -400).unwrap(), Some("a"))
            .unwrap();
        let header = huge.header();
        let total = value(Standard::Total, &header, None, 10).unwrap();
        assert_eq!(
            total.input().unwrap_err().kind,
            crate::error::Kind::OutOfRange
        );
        // The per-month and per-order floats are infinite: JSON null.
        let avg = value(Standard::AvgOrder, &header, None, 10).unwrap();
        assert_eq!(avg.json(), "null");
        assert_eq!(avg.input().unwrap(), Input::Missing);
    }
}
