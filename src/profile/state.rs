//! A customer's profile: everything the behavioural measures need, built in
//! one pass over the customer's order lines and mergeable exactly.
//!
//! Its size is bounded by the customer's distinct purchase days and
//! categories, never by the number of rows: each purchase day keeps that
//! day's total (for repeat values and purchase cycles), each category its
//! amount and rows (for preferences).
//!
//! Layout is chosen for the aggregate's hot loop: a GROUP BY over many
//! customers touches each state at random, so one row should touch as few
//! cache lines as possible. All amounts are integers at one common scale
//! (the largest scale seen, as numeric addition keeps it); the first eight
//! purchase days and two categories, with names up to 16 bytes, live inside
//! the state itself instead of behind further pointers.

use smallvec::SmallVec;

use crate::codec::{Reader, Writer};
use crate::decimal::Decimal;
use crate::error::{Error, Result};

/// A category name; up to 16 bytes stored inline. Always valid UTF-8.
pub type Name = SmallVec<[u8; 16]>;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CategoryTotal {
    pub name: Name,
    /// At the profile's scale.
    pub amount: i128,
    pub rows: u64,
}

impl CategoryTotal {
    pub fn name(&self) -> &str {
        std::str::from_utf8(&self.name).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// Rows counted (non-NULL day and amount).
    pub(crate) rows: u64,
    /// Rows skipped because the day or the amount was NULL.
    pub(crate) skipped: u64,
    /// Rows with a negative amount (returns, credit notes).
    pub(crate) returns: u64,
    /// Decimal scale of every amount below.
    pub(crate) scale: u16,
    pub(crate) total: i128,
    pub(crate) max_amount: Option<i128>,
    /// (purchase day as a PostgreSQL day number, that day's total), by day.
    pub(crate) days: SmallVec<[(i32, i64); 8]>,
    /// By name.
    pub(crate) categories: SmallVec<[CategoryTotal; 2]>,
}

/// Per-profile limits (54000 beyond them), so that one group cannot
/// exhaust memory or make each row's insert slow: 100,000 distinct purchase
/// days (274 years of daily buying) and 10,000 categories.
pub const MAX_DAYS: usize = 100_000;
pub const MAX_CATEGORIES: usize = 10_000;

fn too_large() -> Error {
    Error::limit_exceeded("a customer's total on one day exceeds 18 significant digits")
}

fn checked(value: Option<i128>) -> Result<i128> {
    value.ok_or_else(|| {
        Error::limit_exceeded(
            "amount exceeds the 38 significant digits customer_segments keeps exactly",
        )
    })
}

impl Profile {
    /// `value` as a decimal at the profile's scale.
    pub fn decimal(&self, mantissa: i128) -> Decimal {
        Decimal::new(mantissa, self.scale).expect("the profile's scale is valid")
    }

    /// The mantissa of `amount` at the profile's scale, raising the
    /// profile's scale first when the amount has more decimals.
    pub(crate) fn align(&mut self, amount: &Decimal) -> Result<i128> {
        if amount.scale() > self.scale {
            self.rescale(amount.scale())?;
        }
        let factor = checked(10i128.checked_pow((self.scale - amount.scale()) as u32))?;
        checked(amount.mantissa().checked_mul(factor))
    }

    fn rescale(&mut self, scale: u16) -> Result<()> {
        let factor = checked(10i128.checked_pow((scale - self.scale) as u32))?;
        let up = |value: i128| checked(value.checked_mul(factor));
        self.total = up(self.total)?;
        self.max_amount = self.max_amount.map(up).transpose()?;
        for (_, total) in self.days.iter_mut() {
            *total = i64::try_from(up(*total as i128)?).map_err(|_| too_large())?;
        }
        for category in self.categories.iter_mut() {
            category.amount = up(category.amount)?;
        }
        self.scale = scale;
        Ok(())
    }

    pub fn add(&mut self, day: i32, amount: Decimal, category: Option<&str>) -> Result<()> {
        let amount = self.align(&amount)?;
        self.rows += 1;
        self.returns += (amount < 0) as u64;
        self.total = checked(self.total.checked_add(amount))?;
        if self.max_amount.is_none_or(|max| amount > max) {
            self.max_amount = Some(amount);
        }
        self.add_to_day(day, amount)?;
        if let Some(name) = category {
            self.add_category(name.as_bytes(), amount, 1)?;
        }
        Ok(())
    }

    pub fn skip(&mut self) {
        self.skipped += 1;
    }

    fn check_room_for_day(&self) -> Result<()> {
        if self.days.len() >= MAX_DAYS {
            return Err(Error::limit_exceeded(format!(
                "a profile holds at most {MAX_DAYS} distinct purchase days"
            )));
        }
        Ok(())
    }

    fn add_to_day(&mut self, day: i32, amount: i128) -> Result<()> {
        // Rows often come in date order: try the last day first.
        let index = match self.days.last() {
            Some((last, _)) if *last == day => self.days.len() - 1,
            Some((last, _)) if *last > day => {
                match self.days.binary_search_by_key(&day, |(day, _)| *day) {
                    Ok(index) => index,
                    Err(index) => {
                        self.check_room_for_day()?;
                        self.days.insert(index, (day, 0));
                        index
                    }
                }
            }
            _ => {
                self.check_room_for_day()?;
                self.days.push((day, 0));
                self.days.len() - 1
            }
        };
        let total = &mut self.days[index].1;
        let sum = (*total as i128).checked_add(amount).ok_or_else(too_large)?;
        *total = i64::try_from(sum).map_err(|_| too_large())?;
        Ok(())
    }

    fn add_category(&mut self, name: &[u8], amount: i128, rows: u64) -> Result<()> {
        let index = match self
            .categories
            .iter()
            .position(|c| c.name.as_slice() >= name)
        {
            Some(index) if self.categories[index].name.as_slice() == name => index,
            position => {
                if self.categories.len() >= MAX_CATEGORIES {
                    return Err(Error::limit_exceeded(format!(
                        "a profile holds at most {MAX_CATEGORIES} categories"
                    )));
                }
                let index = position.unwrap_or(self.categories.len());
                self.categories.insert(
                    index,
                    CategoryTotal {
                        name: Name::from_slice(name),
                        amount: 0,
                        rows: 0,
                    },
                );
                index
            }
        };
        let category = &mut self.categories[index];
        category.amount = checked(category.amount.checked_add(amount))?;
        category.rows += rows;
        Ok(())
    }

    /// Adds another profile of the same customer: the result equals the
    /// profile of both sets of rows, in any order of merging.
    pub fn merge(&mut self, other: &Profile) -> Result<()> {
        let mut other = other.clone();
        if other.scale < self.scale {
            other.rescale(self.scale)?;
        } else if other.scale > self.scale {
            self.rescale(other.scale)?;
        }
        self.rows += other.rows;
        self.skipped += other.skipped;
        self.returns += other.returns;
        self.total = checked(self.total.checked_add(other.total))?;
        if let Some(max) = other.max_amount {
            if self.max_amount.is_none_or(|mine| max > mine) {
                self.max_amount = Some(max);
            }
        }
        for (day, amount) in &other.days {
            self.add_to_day(*day, *amount as i128)?;
        }
        for category in &other.categories {
            self.add_category(&category.name, category.amount, category.rows)?;
        }
        Ok(())
    }

    // ---- binary form -------------------------------------------------------

    pub fn encode(&self) -> Vec<u8> {
        let size = 64 + 20 * self.days.len() + 48 * self.categories.len();
        let mut writer = Writer::with_capacity(VERSION, size);
        writer
            .u64(self.rows)
            .u64(self.skipped)
            .u64(self.returns)
            .u16(self.scale)
            .i128(self.total);
        writer.u8(self.max_amount.is_some() as u8);
        if let Some(max) = self.max_amount {
            writer.i128(max);
        }
        writer.len(self.days.len());
        for (day, amount) in &self.days {
            writer.i32(*day).i128(*amount as i128);
        }
        writer.len(self.categories.len());
        for category in &self.categories {
            writer
                .str(category.name())
                .u64(category.rows)
                .i128(category.amount);
        }
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Profile> {
        let mut reader = Reader::new(bytes, VERSION, "customer_profile")?;
        let corrupted = |what: &str| Error::corrupted(format!("customer_profile: {what}"));
        let mut profile = Profile {
            rows: reader.u64()?,
            skipped: reader.u64()?,
            returns: reader.u64()?,
            scale: reader.u16()?,
            total: reader.i128()?,
            ..Default::default()
        };
        Decimal::new(0, profile.scale).map_err(|_| corrupted("scale out of range"))?;
        if reader.u8()? != 0 {
            profile.max_amount = Some(reader.i128()?);
        }
        for _ in 0..reader.len(20)? {
            let day = reader.i32()?;
            let amount =
                i64::try_from(reader.i128()?).map_err(|_| corrupted("day total out of range"))?;
            profile.days.push((day, amount));
        }
        for _ in 0..reader.len(28)? {
            let name = Name::from_slice(reader.str()?.as_bytes());
            let rows = reader.u64()?;
            profile.categories.push(CategoryTotal {
                name,
                rows,
                amount: reader.i128()?,
            });
        }
        reader.finish()?;
        let days_in_order = profile.days.windows(2).all(|pair| pair[0].0 < pair[1].0);
        if !days_in_order
            || !profile
                .categories
                .windows(2)
                .all(|pair| pair[0].name < pair[1].name)
        {
            return Err(corrupted("days or categories out of order"));
        }
        profile.check_consistent().map_err(|error| corrupted(&error.message))?;
        Ok(profile)
    }

    /// What every profile the aggregate builds satisfies, checked on every
    /// decode (stored bytes, binary input, and text input, which passes
    /// through the binary form): counts within the orders, days within
    /// PostgreSQL's dates, the total equal to the sum of the day totals.
    pub fn check_consistent(&self) -> Result<()> {
        // Days since 2000-01-01 of PostgreSQL's first and last date.
        const DATES: std::ops::RangeInclusive<i32> = -2_451_545..=2_145_031_948;
        let category_rows = self
            .categories
            .iter()
            .try_fold(0u64, |sum, c| sum.checked_add(c.rows));
        let day_total: i128 = self.days.iter().map(|(_, amount)| *amount as i128).sum();
        let problem = if (self.rows == 0) != self.days.is_empty()
            || self.max_amount.is_some() != (self.rows > 0)
        {
            "orders, days and max must all be present or all be empty"
        } else if self.returns > self.rows
            || category_rows.is_none_or(|rows| rows > self.rows)
            || self.days.len() as u64 > self.rows
        {
            "returns, category rows and days cannot exceed orders"
        } else if !self.days.iter().all(|(day, _)| DATES.contains(day)) {
            "a purchase day outside PostgreSQL's dates"
        } else if day_total != self.total {
            "the total is not the sum of the day totals"
        } else if self.days.len() > MAX_DAYS || self.categories.len() > MAX_CATEGORIES {
            "more days or categories than a profile holds"
        } else {
            return Ok(());
        };
        Err(Error::invalid_parameter(problem))
    }
}

const VERSION: u8 = 1;

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
    fn decode_checks_what_text_input_checks() {
        let profile = profile_of(&rows());
        Profile::decode(&profile.encode()).unwrap();
        let mut more_returns = profile.clone();
        more_returns.returns = more_returns.rows + 1;
        assert!(Profile::decode(&more_returns.encode()).is_err());
        let mut wrong_total = profile.clone();
        wrong_total.total += 1;
        assert!(Profile::decode(&wrong_total.encode()).is_err());
        let mut far_day = profile.clone();
        far_day.days.last_mut().unwrap().0 = i32::MAX;
        assert!(Profile::decode(&far_day.encode()).is_err());
        Profile::decode(&Profile::default().encode()).unwrap();
    }

    #[test]
    fn days_and_categories_are_limited() {
        let mut profile = Profile::default();
        for day in 0..MAX_DAYS as i32 {
            profile.add(day, money("1"), None).unwrap();
        }
        profile.add(0, money("1"), None).unwrap();
        let error = profile.add(-1, money("1"), None).unwrap_err();
        assert_eq!(error.kind, crate::error::Kind::LimitExceeded);
        let mut profile = Profile::default();
        for index in 0..MAX_CATEGORIES {
            profile.add(1, money("1"), Some(&format!("c{index}"))).unwrap();
        }
        assert!(profile.add(1, money("1"), Some("another")).is_err());
        assert!(profile.merge(&profile_of(&[(1, "1", "more")])).is_err());
    }

    #[test]
    fn one_pass_keeps_days_categories_and_counts() {
        let profile = profile_of(&rows());
        assert_eq!(profile.rows, 6);
        assert_eq!(profile.returns, 1);
        assert_eq!(profile.decimal(profile.total).to_string(), "440.49");
        assert_eq!(profile.max_amount, Some(20000));
        assert_eq!(profile.days.len(), 5);
        assert_eq!(profile.days[0], (100, 15050));
        assert_eq!(profile.categories.len(), 2);
        assert_eq!(profile.categories[0].name(), "product");
        assert_eq!(profile.categories[0].amount, 39999);
    }

    #[test]
    fn the_scale_grows_to_the_largest_seen() {
        let profile = profile_of(&[(1, "5", "a"), (2, "0.125", "b"), (1, "1.5", "a")]);
        assert_eq!(profile.scale, 3);
        assert_eq!(profile.decimal(profile.total).to_string(), "6.625");
        assert_eq!(profile.days[0], (1, 6500));
    }

    #[test]
    fn merging_in_any_order_equals_one_pass() {
        let mut all = rows();
        all.push((120, "0.001", "other"));
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
    fn long_names_and_many_days_spill_over_correctly() {
        let name = "a category name longer than sixteen bytes";
        let rows: Vec<(i32, String, &str)> = (0..40)
            .map(|i| {
                (
                    ((i * 7) % 20) as i32,
                    format!("{i}.5"),
                    if i % 2 == 0 { name } else { "x" },
                )
            })
            .collect();
        let mut profile = Profile::default();
        for (day, amount, category) in &rows {
            profile.add(*day, money(amount), Some(category)).unwrap();
        }
        assert_eq!(profile.days.len(), 20);
        assert!(profile.days.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert_eq!(profile.categories[0].name(), name);
        assert_eq!(Profile::decode(&profile.encode()).unwrap(), profile);
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
