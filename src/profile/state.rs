//! A customer's profile: everything the behavioural measures need, built in
//! one pass over the customer's order lines and mergeable exactly.
//!
//! Its size is bounded by the customer's distinct purchase days and
//! categories, never by the number of rows: each purchase day keeps that
//! day's total (for repeat values and purchase cycles), each category its
//! amount and rows (for preferences). Both are sorted vectors: a customer
//! has few of each, and a vector searches them faster than a tree.

use crate::codec::{Reader, Writer};
use crate::decimal::Decimal;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CategoryTotal {
    pub name: String,
    pub amount: Decimal,
    pub rows: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// Rows counted (non-NULL day and amount).
    pub(crate) rows: u64,
    /// Rows skipped because the day or the amount was NULL.
    pub(crate) skipped: u64,
    /// Rows with a negative amount (returns, credit notes).
    pub(crate) returns: u64,
    pub(crate) total: Decimal,
    pub(crate) max_amount: Option<Decimal>,
    /// (purchase day as a PostgreSQL day number, that day's total), by day.
    pub(crate) days: Vec<(i32, Decimal)>,
    /// Sorted by name.
    pub(crate) categories: Vec<CategoryTotal>,
}

impl Profile {
    pub fn add(&mut self, day: i32, amount: Decimal, category: Option<&str>) -> Result<()> {
        self.rows += 1;
        self.returns += amount.is_negative() as u64;
        self.total = self.total.checked_add(&amount)?;
        if self.max_amount.is_none_or(|max| amount > max) {
            self.max_amount = Some(amount);
        }
        self.add_to_day(day, &amount)?;
        if let Some(name) = category {
            self.add_category(name, amount, 1)?;
        }
        Ok(())
    }

    fn add_to_day(&mut self, day: i32, amount: &Decimal) -> Result<()> {
        // Rows often come in date order: try the last day first.
        let index = match self.days.last() {
            Some((last, _)) if *last == day => self.days.len() - 1,
            Some((last, _)) if *last < day => {
                self.days.push((day, Decimal::ZERO));
                self.days.len() - 1
            }
            _ => match self.days.binary_search_by_key(&day, |(day, _)| *day) {
                Ok(index) => index,
                Err(index) => {
                    self.days.insert(index, (day, Decimal::ZERO));
                    index
                }
            },
        };
        let total = &mut self.days[index].1;
        *total = total.checked_add(amount)?;
        Ok(())
    }

    pub fn skip(&mut self) {
        self.skipped += 1;
    }

    fn add_category(&mut self, name: &str, amount: Decimal, rows: u64) -> Result<()> {
        let index = match self
            .categories
            .binary_search_by(|c| c.name.as_str().cmp(name))
        {
            Ok(index) => index,
            Err(index) => {
                self.categories.insert(
                    index,
                    CategoryTotal {
                        name: name.to_string(),
                        ..Default::default()
                    },
                );
                index
            }
        };
        let category = &mut self.categories[index];
        category.amount = category.amount.checked_add(&amount)?;
        category.rows += rows;
        Ok(())
    }

    /// Adds another profile of the same customer: the result equals the
    /// profile of both sets of rows, in any order of merging.
    pub fn merge(&mut self, other: &Profile) -> Result<()> {
        self.rows += other.rows;
        self.skipped += other.skipped;
        self.returns += other.returns;
        self.total = self.total.checked_add(&other.total)?;
        if let Some(max) = other.max_amount {
            if self.max_amount.is_none_or(|mine| max > mine) {
                self.max_amount = Some(max);
            }
        }
        for (day, amount) in &other.days {
            self.add_to_day(*day, amount)?;
        }
        for category in &other.categories {
            self.add_category(&category.name, category.amount, category.rows)?;
        }
        Ok(())
    }

    // ---- binary form -------------------------------------------------------

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(VERSION);
        writer.u64(self.rows).u64(self.skipped).u64(self.returns);
        write_decimal(&mut writer, &self.total);
        writer.u8(self.max_amount.is_some() as u8);
        if let Some(max) = &self.max_amount {
            write_decimal(&mut writer, max);
        }
        writer.len(self.days.len());
        for (day, amount) in &self.days {
            writer.i32(*day);
            write_decimal(&mut writer, amount);
        }
        writer.len(self.categories.len());
        for category in &self.categories {
            writer.str(&category.name).u64(category.rows);
            write_decimal(&mut writer, &category.amount);
        }
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Profile> {
        let mut reader = Reader::new(bytes, VERSION, "customer_profile")?;
        let mut profile = Profile {
            rows: reader.u64()?,
            skipped: reader.u64()?,
            returns: reader.u64()?,
            ..Default::default()
        };
        profile.total = read_decimal(&mut reader)?;
        if reader.u8()? != 0 {
            profile.max_amount = Some(read_decimal(&mut reader)?);
        }
        for _ in 0..reader.len(22)? {
            let day = reader.i32()?;
            profile.days.push((day, read_decimal(&mut reader)?));
        }
        for _ in 0..reader.len(30)? {
            let name = reader.str()?;
            let rows = reader.u64()?;
            profile.categories.push(CategoryTotal {
                name,
                rows,
                amount: read_decimal(&mut reader)?,
            });
        }
        reader.finish()?;
        if !profile
            .categories
            .windows(2)
            .all(|pair| pair[0].name < pair[1].name)
        {
            return Err(Error::corrupted(
                "customer_profile: categories out of order",
            ));
        }
        Ok(profile)
    }
}

const VERSION: u8 = 1;

fn write_decimal(writer: &mut Writer, value: &Decimal) {
    writer.i128(value.mantissa()).u16(value.scale());
}

fn read_decimal(reader: &mut Reader) -> Result<Decimal> {
    let mantissa = reader.i128()?;
    Decimal::new(mantissa, reader.u16()?).map_err(|error| Error::corrupted(error.message))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn money(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    /// (day, amount, category) rows of one customer.
    pub fn rows() -> Vec<(i32, &'static str, &'static str)> {
        vec![
            (100, "120.00", "product"),
            (100, "30.50", "service"),
            (130, "200.00", "product"),
            (160, "-20.00", "product"),
            (190, "99.99", "product"),
            (250, "10.00", "service"),
        ]
    }

    pub fn profile_of(rows: &[(i32, &str, &str)]) -> Profile {
        let mut profile = Profile::default();
        for (day, amount, category) in rows {
            profile.add(*day, money(amount), Some(category)).unwrap();
        }
        profile
    }

    #[test]
    fn one_pass_keeps_days_categories_and_counts() {
        let profile = profile_of(&rows());
        assert_eq!(profile.rows, 6);
        assert_eq!(profile.returns, 1);
        assert_eq!(profile.total.to_string(), "440.49");
        assert_eq!(profile.max_amount, Some(money("200")));
        assert_eq!(profile.days.len(), 5);
        assert_eq!(profile.days[0], (100, money("150.50")));
        assert_eq!(profile.categories.len(), 2);
        assert_eq!(profile.categories[0].amount.to_string(), "399.99");
    }

    #[test]
    fn merging_in_any_order_equals_one_pass() {
        let all = rows();
        let whole = profile_of(&all);
        for split in 0..=all.len() {
            let (left, right) = all.split_at(split);
            let mut a = profile_of(left);
            a.merge(&profile_of(right)).unwrap();
            assert_eq!(a, whole, "split at {split}");
            let mut b = profile_of(right);
            b.merge(&profile_of(left)).unwrap();
            assert_eq!(b, whole, "reversed split at {split}");
        }
    }

    #[test]
    fn binary_form_round_trips() {
        let mut profile = profile_of(&rows());
        profile.skip();
        let bytes = profile.encode();
        assert_eq!(bytes[0], VERSION);
        assert_eq!(Profile::decode(&bytes).unwrap(), profile);
        assert!(Profile::decode(&bytes[..bytes.len() - 3]).is_err());
        let mut future = bytes;
        future[0] = VERSION + 1;
        assert!(Profile::decode(&future).is_err());
    }
}
