//! The measures read from a profile. Days are PostgreSQL day numbers; the
//! conventions of the buy-till-you-die literature (the `lifetimes` package)
//! are noted where they apply.

use crate::decimal::Decimal;
use crate::error::{Error, Result};
use crate::language::Language;
use crate::profile::header::Header;
use crate::profile::state::{CategoryTotal, Profile};

/// Average days in a month (365.25 / 12), for per-month rates.
pub const DAYS_PER_MONTH: f64 = 30.4375;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    New,
    Active,
    AtRisk,
    Lapsed,
    Reactivated,
}

impl Lifecycle {
    pub fn label(self, language: Language) -> &'static str {
        match (language, self) {
            (Language::En, Lifecycle::New) => "new",
            (Language::En, Lifecycle::Active) => "active",
            (Language::En, Lifecycle::AtRisk) => "at_risk",
            (Language::En, Lifecycle::Lapsed) => "lapsed",
            (Language::En, Lifecycle::Reactivated) => "reactivated",
            (Language::Zh, Lifecycle::New) => "新客户",
            (Language::Zh, Lifecycle::Active) => "活跃客户",
            (Language::Zh, Lifecycle::AtRisk) => "流失预警",
            (Language::Zh, Lifecycle::Lapsed) => "已流失",
            (Language::Zh, Lifecycle::Reactivated) => "回流客户",
        }
    }
}

/// The label of a mixed preference (no category dominates).
pub fn mixed_label(language: Language) -> &'static str {
    match language {
        Language::En => "mixed",
        Language::Zh => "综合",
    }
}

fn check_window(days: i32, argument: &str) -> Result<()> {
    if days < 0 {
        return Err(Error::invalid_parameter(format!(
            "{argument} must not be negative, not {days}"
        )));
    }
    Ok(())
}

impl Header {
    /// `mantissa` as a decimal at the profile's scale.
    pub fn decimal(&self, mantissa: i128) -> Decimal {
        Decimal::new(mantissa, self.scale).expect("the profile's scale is valid")
    }

    /// Orders: documents whose lines sum to 0 or more; without documents,
    /// every row (as before documents).
    pub fn orders(&self) -> u64 {
        self.documents
            .map_or(self.rows, |documents| documents.orders)
    }

    /// The rows counted, whether or not they were given documents.
    pub fn lines(&self) -> u64 {
        self.rows
    }

    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// Returns: documents whose lines sum below 0; without documents,
    /// rows with a negative amount.
    pub fn returns(&self) -> u64 {
        self.documents
            .map_or(self.returns, |documents| documents.returns)
    }

    /// Documents, orders and returns together; without documents, rows.
    pub fn documents(&self) -> u64 {
        self.documents
            .map_or(self.rows, |documents| documents.orders + documents.returns)
    }

    /// The total per document, returns included (SQL's
    /// `sum(amount) / count(DISTINCT document)`); without documents, per
    /// row. `None` without rows.
    pub fn avg_order(&self) -> Option<(Decimal, u64)> {
        let documents = self.documents();
        (documents > 0).then(|| (self.total(), documents))
    }

    pub fn total(&self) -> Decimal {
        self.decimal(self.total)
    }

    /// The largest order's total; without documents, the largest row.
    pub fn max_order(&self) -> Option<Decimal> {
        match self.documents {
            Some(documents) => documents.max_order,
            None => self.max_amount,
        }
        .map(|max| self.decimal(max))
    }

    pub fn purchase_days(&self) -> u64 {
        self.days as u64
    }

    pub fn first_day(&self) -> Option<i32> {
        (self.days > 0).then_some(self.first_day)
    }

    pub fn last_day(&self) -> Option<i32> {
        (self.days > 0).then_some(self.last_day)
    }

    /// Checks a reference date; `None` when the profile has no purchase.
    fn first_day_before(&self, as_of: i32) -> Result<Option<i32>> {
        match self.first_day() {
            Some(first) if as_of < first => Err(Error::invalid_parameter(format!(
                "as_of ({}) is before the first purchase ({})",
                crate::calendar::format_day(as_of),
                crate::calendar::format_day(first)
            ))),
            first => Ok(first),
        }
    }

    /// Days from the last purchase to `as_of`.
    pub fn recency_days(&self, as_of: i32) -> Result<Option<i32>> {
        self.first_day_before(as_of)?;
        Ok(self.last_day().map(|last| as_of - last))
    }

    /// Days from the first purchase to `as_of` (lifetimes: `T`).
    pub fn tenure_days(&self, as_of: i32) -> Result<Option<i32>> {
        Ok(self.first_day_before(as_of)?.map(|first| as_of - first))
    }

    /// Distinct purchase days − 1 (lifetimes: `frequency`).
    pub fn repeat_purchases(&self) -> Option<u64> {
        (self.days > 0).then(|| self.purchase_days() - 1)
    }

    /// Last purchase day − first purchase day (lifetimes: `recency`).
    pub fn repeat_recency_days(&self) -> Option<i32> {
        Some(self.last_day()? - self.first_day()?)
    }

    /// Total of the repeat purchase days (all but the first) and their
    /// number; lifetimes' `monetary_value` is the first over the second.
    pub fn repeat_value(&self) -> Result<Option<(Decimal, u64)>> {
        if self.days == 0 {
            return Ok(None);
        }
        let repeat_total = self
            .decimal(self.total)
            .checked_sub(&self.decimal(self.first_day_total))?;
        Ok(Some((repeat_total, self.purchase_days() - 1)))
    }

    /// Mean days between distinct purchase days; `None` with fewer than two.
    pub fn purchase_interval(&self) -> Option<f64> {
        let gaps = self
            .purchase_days()
            .checked_sub(1)
            .filter(|gaps| *gaps > 0)?;
        Some(self.repeat_recency_days()? as f64 / gaps as f64)
    }

    /// Sample standard deviation of the gaps; `None` with fewer than two
    /// gaps. From the header's exact sums: n Σg² − (Σg)² over n (n − 1).
    pub fn purchase_interval_stddev(&self) -> Option<f64> {
        let gaps = self
            .purchase_days()
            .checked_sub(1)
            .filter(|gaps| *gaps >= 2)? as i128;
        let sum = (self.last_day as i128) - (self.first_day as i128);
        let squares = i128::try_from(self.gap_squares).ok()?;
        let numerator = gaps.checked_mul(squares)?.checked_sub(sum * sum)?.max(0);
        Some((numerator as f64 / (gaps * (gaps - 1)) as f64).sqrt())
    }

    /// Last purchase day plus the mean interval, rounded to a whole day.
    /// `None` also when the due day falls outside PostgreSQL's date range
    /// (4714-11-24 BC to 5874897-12-31 AD): such a date could not be read back.
    pub fn next_purchase_due(&self) -> Option<i32> {
        // Days since 2000-01-01 of PostgreSQL's first and last date.
        const FIRST_DAY: f64 = -2_451_545.0;
        const LAST_DAY: f64 = 2_145_031_948.0;
        let due = self.last_day()? as f64 + self.purchase_interval()?.round();
        (FIRST_DAY..=LAST_DAY).contains(&due).then_some(due as i32)
    }

    /// Days from the due date to `as_of`: positive when overdue.
    pub fn overdue_days(&self, as_of: i32) -> Result<Option<i32>> {
        self.first_day_before(as_of)?;
        Ok(self.next_purchase_due().map(|due| as_of - due))
    }

    /// Months from the first purchase to `as_of`, both days included.
    fn active_months(&self, as_of: i32) -> Result<Option<f64>> {
        Ok(self
            .first_day_before(as_of)?
            .map(|first| (as_of - first + 1) as f64 / DAYS_PER_MONTH))
    }

    pub fn orders_per_month(&self, as_of: i32) -> Result<Option<f64>> {
        Ok(self
            .active_months(as_of)?
            .map(|months| self.orders() as f64 / months))
    }

    pub fn amount_per_month(&self, as_of: i32) -> Result<Option<f64>> {
        Ok(self
            .active_months(as_of)?
            .map(|months| self.total().to_f64() / months))
    }

    /// First purchase within `days` of `as_of`.
    pub fn is_new(&self, as_of: i32, days: i32) -> Result<Option<bool>> {
        check_window(days, "days")?;
        Ok(self.tenure_days(as_of)?.map(|tenure| tenure <= days))
    }

    /// The lifecycle stage at `as_of`, checked in this order: new (first
    /// purchase within `new_days`), lapsed (no purchase for `lapse_days`),
    /// reactivated (the last purchase came after a gap of at least
    /// `lapse_days`), at risk (more than one mean interval past the due
    /// date), else active.
    pub fn lifecycle(
        &self,
        as_of: i32,
        new_days: i32,
        lapse_days: i32,
    ) -> Result<Option<Lifecycle>> {
        check_window(new_days, "new_days")?;
        check_window(lapse_days, "lapse_days")?;
        let Some(first) = self.first_day_before(as_of)? else {
            return Ok(None);
        };
        let last = self.last_day().expect("a first day implies a last day");
        let last_gap = (self.days >= 2).then(|| last - self.previous_day);
        let stage = if as_of - first <= new_days {
            Lifecycle::New
        } else if as_of - last >= lapse_days {
            Lifecycle::Lapsed
        } else if last_gap.is_some_and(|gap| gap >= lapse_days) {
            Lifecycle::Reactivated
        } else if self
            .purchase_interval()
            .is_some_and(|interval| (as_of - last) as f64 > 2.0 * interval)
        {
            Lifecycle::AtRisk
        } else {
            Lifecycle::Active
        };
        Ok(Some(stage))
    }
}

/// A profile's categories, by name: from a decoded profile
/// (`Profile::categories`) or read alone from the stored bytes
/// (`Profile::read_categories`).
pub struct Categories<'a>(pub &'a [CategoryTotal]);

impl Profile {
    pub fn categories(&self) -> Categories<'_> {
        Categories(&self.categories)
    }
}

impl<'a> Categories<'a> {
    /// The amount over all categorised rows, as the shares divide by it;
    /// `None` without categories or when it is not positive.
    fn share_divisor(&self) -> Option<f64> {
        let sum = self
            .0
            .iter()
            .map(|c| crate::decimal::i128_to_f64(c.amount))
            .sum::<f64>();
        (!self.0.is_empty() && sum > 0.0).then_some(sum)
    }

    /// Each category's share of the amount over all categorised rows;
    /// `None` without categories or when that amount is not positive.
    pub fn category_shares(&self) -> Option<Vec<(&'a str, f64)>> {
        let sum = self.share_divisor()?;
        Some(
            self.0
                .iter()
                .map(|c| (c.name(), crate::decimal::i128_to_f64(c.amount) / sum))
                .collect(),
        )
    }

    /// The index of the category with the largest share (ties: the first
    /// by name) and that share; no allocation, as every profile written
    /// asks it (the stored form says where the top category is).
    pub fn top_index(&self) -> Option<(usize, f64)> {
        let sum = self.share_divisor()?;
        self.0
            .iter()
            .map(|c| crate::decimal::i128_to_f64(c.amount) / sum)
            .enumerate()
            .fold(
                None,
                |best: Option<(usize, f64)>, (index, share)| match best {
                    Some((_, best_share)) if best_share >= share => best,
                    _ => Some((index, share)),
                },
            )
    }

    /// The category with the largest amount (ties: the first by name).
    pub fn top_category(&self) -> Option<(&'a str, f64)> {
        self.top_index()
            .map(|(index, share)| (self.0[index].name(), share))
    }

    /// Herfindahl–Hirschman index of the category shares: 1 when one
    /// category takes everything, 1/n when n categories share equally.
    pub fn category_hhi(&self) -> Option<f64> {
        Some(
            self.category_shares()?
                .iter()
                .map(|(_, share)| share * share)
                .sum(),
        )
    }

    /// The top category when its share reaches `dominance`, else mixed.
    pub fn preference(&self, dominance: f64, language: Language) -> Result<Option<String>> {
        if !(dominance > 0.0 && dominance <= 1.0) {
            return Err(Error::invalid_parameter(format!(
                "dominance must lie in (0, 1], not {}",
                crate::tiers::scale::number(dominance)
            )));
        }
        Ok(self.top_category().map(|(name, share)| {
            if share >= dominance {
                name.to_string()
            } else {
                mixed_label(language).to_string()
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::state::tests::{money, profile_of, rows};

    fn header_of(rows: &[(i32, &str, &str)]) -> Header {
        profile_of(rows).header()
    }

    #[test]
    fn next_purchase_due_stays_inside_postgres_dates() {
        // Two purchases near PostgreSQL's last date: the due day is past it.
        let late = header_of(&[(2_145_031_000, "1", "a"), (2_145_031_900, "1", "a")]);
        assert_eq!(late.next_purchase_due(), None);
        assert_eq!(late.overdue_days(2_145_031_948).unwrap(), None);
        // And near its first date, a long span back.
        let early = header_of(&[(-2_451_545, "1", "a"), (2_000_000_000, "1", "a")]);
        assert_eq!(early.next_purchase_due(), None);
        let fine = header_of(&[(100, "1", "a"), (110, "1", "a")]);
        assert_eq!(fine.next_purchase_due(), Some(120));
    }

    #[test]
    fn counts_money_and_time() {
        let p = header_of(&rows());
        assert_eq!((p.orders(), p.purchase_days(), p.returns()), (6, 5, 1));
        assert_eq!(p.total().to_string(), "440.49");
        assert_eq!((p.first_day(), p.last_day()), (Some(100), Some(250)));
        assert_eq!(p.recency_days(260).unwrap(), Some(10));
        assert_eq!(p.tenure_days(260).unwrap(), Some(160));
        assert!(p.recency_days(99).is_err());
    }

    #[test]
    fn repeat_behaviour_follows_lifetimes() {
        let p = header_of(&rows());
        assert_eq!(p.repeat_purchases(), Some(4));
        assert_eq!(p.repeat_recency_days(), Some(150));
        let (value, days) = p.repeat_value().unwrap().unwrap();
        assert_eq!((value, days), (money("289.99"), 4));
        let single = header_of(&[(5, "10", "a"), (5, "2", "b")]);
        assert_eq!(single.repeat_purchases(), Some(0));
        assert_eq!(single.repeat_value().unwrap(), Some((money("0"), 0)));
    }

    #[test]
    fn purchase_cycle() {
        let p = header_of(&rows());
        // gaps 30, 30, 30, 60
        assert_eq!(p.purchase_interval(), Some(37.5));
        let stddev = p.purchase_interval_stddev().unwrap();
        assert!((stddev - 15.0).abs() < 1e-12, "{stddev}");
        assert_eq!(p.next_purchase_due(), Some(288));
        assert_eq!(p.overdue_days(300).unwrap(), Some(12));
        let two_days = header_of(&[(1, "1", "a"), (11, "1", "a")]);
        assert_eq!(two_days.purchase_interval(), Some(10.0));
        assert_eq!(two_days.purchase_interval_stddev(), None);
        // The exact sums give the stddev of gaps far apart to the last bit.
        let far = header_of(&[
            (0, "1", "a"),
            (1_000_000, "1", "a"),
            (2_000_001, "1", "a"),
            (3_000_000, "1", "a"),
        ]);
        assert_eq!(far.purchase_interval_stddev(), Some(1.0));
        assert_eq!(header_of(&[(1, "1", "a")]).purchase_interval(), None);
    }

    #[test]
    fn rates_per_month() {
        let p = header_of(&[(0, "100", "a"), (10, "100", "a")]);
        let months = 30.4375 / DAYS_PER_MONTH;
        assert_eq!(
            p.orders_per_month(30).unwrap(),
            Some(2.0 / (31.0 / 30.4375))
        );
        assert_eq!(
            p.amount_per_month(30).unwrap(),
            Some(200.0 / (31.0 / 30.4375) * months)
        );
    }

    #[test]
    fn preference_gives_the_seed_three_classes() {
        let product = profile_of(&[(1, "90", "product"), (2, "10", "service")]);
        let service = profile_of(&[(1, "30", "product"), (2, "70", "service")]);
        let mixed = profile_of(&[(1, "50", "product"), (2, "50", "service")]);
        let prefer =
            |p: &Profile, language| p.categories().preference(0.6, language).unwrap().unwrap();
        assert_eq!(prefer(&product, Language::En), "product");
        assert_eq!(prefer(&service, Language::En), "service");
        assert_eq!(prefer(&mixed, Language::En), "mixed");
        assert_eq!(prefer(&mixed, Language::Zh), "综合");
        assert_eq!(mixed.categories().top_category(), Some(("product", 0.5)));
        assert_eq!(mixed.categories().category_hhi(), Some(0.5));
        assert!(product.categories().preference(0.0, Language::En).is_err());
        assert!(product
            .categories()
            .preference(f64::NAN, Language::En)
            .is_err());
        assert_eq!(
            Profile::default()
                .categories()
                .preference(0.6, Language::En)
                .unwrap(),
            None
        );
    }

    #[test]
    fn lifecycle_stages() {
        let stage = |p: &Header, as_of| p.lifecycle(as_of, 90, 180).unwrap().unwrap();
        let regular = header_of(&[
            (0, "1", "a"),
            (30, "1", "a"),
            (60, "1", "a"),
            (90, "1", "a"),
            (120, "1", "a"),
        ]);
        assert_eq!(stage(&regular, 60), Lifecycle::New);
        assert_eq!(stage(&regular, 130), Lifecycle::Active);
        assert_eq!(stage(&regular, 181), Lifecycle::AtRisk);
        assert_eq!(stage(&regular, 300), Lifecycle::Lapsed);
        let back = header_of(&[(0, "1", "a"), (10, "1", "a"), (400, "1", "a")]);
        assert_eq!(stage(&back, 410), Lifecycle::Reactivated);
        assert!(regular.lifecycle(130, -1, 180).is_err());
        assert!(regular.is_new(130, -5).is_err());
        assert_eq!(regular.is_new(130, 90).unwrap(), Some(false));
        assert_eq!(regular.is_new(80, 90).unwrap(), Some(true));
    }
}
