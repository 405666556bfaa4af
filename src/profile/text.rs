//! The text form of a profile: JSON with days as ISO dates and amounts as
//! decimal strings, so that it reads back exactly and people can read it.
//!
//! `{"categories":{"product":{"amount":"320.00","rows":2}},
//!   "days":{"2026-01-05":"120.00","2026-02-03":"200.00"},
//!   "max":"200.00","orders":2,"returns":0,"skipped":0}`
//!
//! `orders` there is the rows counted (the name 0.1.0 gave it). A profile
//! given its documents adds `"documents":[[1001,"120.00"],["SO-2","5.00"]]`:
//! each document's key (a JSON number for int4 and int8 keys, a string for
//! text keys) and total, in key order (integers first); its `max` is then
//! the largest document's total rather than the largest row.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{format_day, parse_day};
use crate::decimal::Decimal;
use crate::error::{Error, Result};
use crate::profile::documents::{DocKey, Documents};
use crate::profile::state::{CategoryTotal, Days, Name, Profile};

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryText {
    amount: String,
    rows: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileText {
    categories: BTreeMap<String, CategoryText>,
    days: BTreeMap<String, String>,
    max: Option<String>,
    orders: u64,
    returns: u64,
    skipped: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    documents: Option<Vec<(serde_json::Value, String)>>,
}

impl Profile {
    pub fn to_text(&self) -> String {
        let amount = |mantissa: i128| self.decimal(mantissa).to_string();
        let text = ProfileText {
            categories: self
                .categories
                .iter()
                .map(|c| {
                    (
                        c.name().to_string(),
                        CategoryText {
                            amount: amount(c.amount),
                            rows: c.rows,
                        },
                    )
                })
                .collect(),
            days: self
                .days
                .iter()
                .map(|(day, total)| (format_day(day), amount(total)))
                .collect(),
            max: self.largest().map(amount),
            orders: self.rows,
            returns: self.returns,
            skipped: self.skipped,
            documents: self.documents.as_ref().map(|documents| {
                documents
                    .iter()
                    .map(|(key, total)| {
                        let key = match key {
                            DocKey::Int(id) => serde_json::Value::from(*id),
                            DocKey::Text(text) => {
                                serde_json::Value::from(String::from_utf8_lossy(text).into_owned())
                            }
                        };
                        (key, amount(total))
                    })
                    .collect()
            }),
        };
        serde_json::to_string(&text).expect("a profile always serializes")
    }

    pub fn parse(input: &str) -> Result<Profile> {
        Self::parse_fields(input).map_err(|error| error.context("customer_profile"))
    }

    fn parse_fields(input: &str) -> Result<Profile> {
        crate::json::check(input, "customer_profile")?;
        let text: ProfileText =
            serde_json::from_str(input).map_err(|error| Error::invalid_text(error.to_string()))?;
        let invalid = |message: &str| Error::invalid_text(message);
        let mut days = Vec::with_capacity(text.days.len());
        for (day, amount) in &text.days {
            days.push((parse_day(day)?, Decimal::parse(amount)?));
        }
        days.sort_by_key(|(day, _)| *day);
        let max = text.max.as_deref().map(Decimal::parse).transpose()?;
        let mut categories = Vec::with_capacity(text.categories.len());
        for (name, category) in &text.categories {
            categories.push((name, Decimal::parse(&category.amount)?, category.rows));
        }
        let documents: Option<Vec<(DocKey, Decimal)>> = text
            .documents
            .as_ref()
            .map(|documents| {
                documents
                    .iter()
                    .map(|(key, total)| {
                        let key = match key {
                            serde_json::Value::Number(number) => {
                                DocKey::Int(number.as_i64().ok_or_else(|| {
                                    invalid("a document key must be an integer or a string")
                                })?)
                            }
                            serde_json::Value::String(text) => DocKey::Text(text.as_bytes().into()),
                            _ => {
                                return Err(invalid(
                                    "a document key must be an integer or a string",
                                ))
                            }
                        };
                        Ok((key, Decimal::parse(total)?))
                    })
                    .collect::<Result<_>>()
            })
            .transpose()?;

        let mut profile = Profile {
            rows: text.orders,
            returns: text.returns,
            skipped: text.skipped,
            ..Default::default()
        };
        // Every amount at the largest scale among them, as the profile keeps
        // them, or, past 38 significant digits, at the scale that leaves
        // room for the largest amount and the sum of the days.
        let amounts = || {
            days.iter()
                .map(|(_, a)| a)
                .chain(max.iter())
                .chain(categories.iter().map(|(_, a, _)| a))
                .chain(documents.iter().flatten().map(|(_, a)| a))
        };
        let scale = amounts().map(Decimal::scale).max().unwrap_or(0);
        let lead = amounts().map(Decimal::lead).max().unwrap_or(i32::MIN);
        let sum_lead = lead.saturating_add(crate::decimal::digits(days.len() as i128));
        let build = |profile: &mut Profile, scale: i16, exact: bool| -> Result<()> {
            let at = |amount: &Decimal| {
                if exact {
                    crate::decimal::rescale(amount.mantissa(), amount.scale(), scale)
                } else {
                    amount.at(scale)
                }
            };
            profile.scale = scale;
            profile.total = 0;
            let mut day_totals = Vec::with_capacity(days.len());
            for (day, amount) in &days {
                let amount = at(amount)?;
                profile.total = profile
                    .total
                    .checked_add(amount)
                    .ok_or_else(|| crate::decimal::total_too_large(scale))?;
                day_totals.push((*day, amount));
            }
            profile.days = Days::from_pairs(day_totals);
            profile.max_amount = max.as_ref().map(at).transpose()?;
            profile.categories.clear();
            for (name, amount, rows) in &categories {
                let amount = at(amount)?;
                profile.categories.push(CategoryTotal {
                    name: Name::from_slice(name.as_bytes()),
                    amount,
                    rows: *rows,
                });
            }
            profile.documents = match &documents {
                Some(documents) => {
                    let mut kept = Documents::default();
                    for (key, total) in documents {
                        let before = kept.len();
                        kept.add(key, at(total)?, crate::limits::max_bytes())?;
                        if kept.len() == before {
                            return Err(invalid("a document is listed twice"));
                        }
                    }
                    Some(Box::new(kept))
                }
                None => None,
            };
            if let Some(documents) = &profile.documents {
                if profile.max_amount != documents.max_total() {
                    return Err(invalid("max must be the largest document's total"));
                }
                profile.max_amount = None;
            }
            Ok(())
        };
        if build(&mut profile, scale, true).is_err() {
            build(&mut profile, crate::decimal::room(sum_lead, scale)?, false)?;
        }

        // Every count, day and total against the others, as for the binary
        // form (the same messages).
        profile
            .check_consistent()
            .map_err(|error| invalid(&error.message))?;
        Ok(profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::state::tests::{profile_of, rows};

    #[test]
    fn text_round_trips() {
        let mut profile = profile_of(&rows());
        profile.skip();
        let text = profile.to_text();
        assert!(text.contains(r#""2000-04-10":"150.50""#), "{text}");
        assert_eq!(Profile::parse(&text).unwrap(), profile);
        assert_eq!(
            Profile::parse(&Profile::default().to_text()).unwrap(),
            Profile::default()
        );
    }

    #[test]
    fn bad_text_is_invalid_text() {
        for text in [
            "",
            "{}",
            r#"{"categories":{},"days":{},"max":null,"orders":1,"returns":0,"skipped":0}"#,
            r#"{"categories":{},"days":{"2026-02-30":"1"},"max":"1","orders":1,"returns":0,"skipped":0}"#,
            r#"{"categories":{},"days":{"2026-01-01":"x"},"max":"1","orders":1,"returns":0,"skipped":0}"#,
            r#"{"categories":{},"days":{"2026-01-01":"1"},"max":"1","orders":1,"returns":2,"skipped":0}"#,
            r#"{"categories":{},"days":{},"max":null,"orders":0,"returns":0,"skipped":0,"extra":1}"#,
            // Category rows whose sum overflows: an error, not a panic.
            r#"{"categories":{"a":{"amount":"1","rows":18446744073709551615},"b":{"amount":"0","rows":2}},"days":{"2026-01-01":"1"},"max":"1","orders":1,"returns":0,"skipped":0}"#,
        ] {
            assert_eq!(
                Profile::parse(text).unwrap_err().kind,
                crate::error::Kind::InvalidText,
                "{text}"
            );
        }
    }
}
