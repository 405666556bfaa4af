//! The text form of a profile: JSON with days as ISO dates and amounts as
//! decimal strings, so that it reads back exactly and people can read it.
//!
//! `{"categories":{"product":{"amount":"320.00","rows":2}},
//!   "days":{"2026-01-05":"120.00","2026-02-03":"200.00"},
//!   "max":"200.00","orders":2,"returns":0,"skipped":0}`

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{format_day, parse_day};
use crate::decimal::Decimal;
use crate::error::{Error, Result};
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
            max: self.max_amount.map(amount),
            orders: self.rows,
            returns: self.returns,
            skipped: self.skipped,
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
            Ok(())
        };
        if build(&mut profile, scale, true).is_err() {
            build(&mut profile, crate::decimal::room(sum_lead, scale)?, false)?;
        }

        let category_rows: u64 = profile.categories.iter().map(|c| c.rows).sum();
        if (profile.rows == 0) != profile.days.is_empty()
            || profile.max_amount.is_some() != (profile.rows > 0)
        {
            return Err(invalid(
                "orders, days and max must all be present or all be empty",
            ));
        }
        if profile.returns > profile.rows
            || category_rows > profile.rows
            || (profile.days.len() as u64) > profile.rows
        {
            return Err(invalid(
                "returns, category rows and days cannot exceed orders",
            ));
        }
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
        ] {
            assert_eq!(
                Profile::parse(text).unwrap_err().kind,
                crate::error::Kind::InvalidText,
                "{text}"
            );
        }
    }
}
