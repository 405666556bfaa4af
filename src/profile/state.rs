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
//! (the largest scale seen, as numeric addition keeps it), each held to 38
//! significant digits at that scale (i128). Day totals stay in 64 bits
//! while they fit and widen to 128 bits the first time one does not, so
//! the first twelve purchase days (`INLINE_DAYS`) and two categories, with
//! names up to 16 bytes, live inside the state itself instead of behind
//! further pointers.

use std::borrow::Cow;

use smallvec::SmallVec;

use crate::codec::{Reader, Writer};
use crate::decimal::{self, total_too_large, Decimal};
use crate::error::{Error, Result};
use crate::profile::documents::{Documents, KeyView};
use crate::profile::header::{Header, Layout, DOCUMENTS_SIZE, HEADER_SIZE};

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

/// Purchase days kept inside the state itself; more spill to the heap.
/// Twelve keep the expanded state within a 512-byte allocation.
pub const INLINE_DAYS: usize = 12;

/// Each purchase day's total at the profile's scale, by day: the day
/// numbers in one sorted array and their totals in another, so that finding
/// a row's day reads 64 bytes of keys and updating it one total. The totals
/// are kept in 64 bits while every one of them fits (half the memory in the
/// aggregate's hot loop) and widen to 128 bits, for good, the first time one
/// does not: the values are the same either way.
#[derive(Debug, Clone, Default)]
pub struct Days {
    keys: SmallVec<[i32; INLINE_DAYS]>,
    totals: Totals,
}

#[derive(Debug, Clone)]
enum Totals {
    Narrow(SmallVec<[i64; INLINE_DAYS]>),
    Wide(Vec<i128>),
}

impl Default for Totals {
    fn default() -> Self {
        Totals::Narrow(SmallVec::new())
    }
}

impl PartialEq for Days {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// Where `day` is in `keys` (sorted), or where it goes; rows often come in
/// date order, so the last day is tried first.
fn position(keys: &[i32], day: i32) -> std::result::Result<usize, usize> {
    match keys.last() {
        Some(last) if *last == day => Ok(keys.len() - 1),
        Some(last) if *last > day => keys.binary_search(&day),
        _ => Err(keys.len()),
    }
}

type DayKeys = SmallVec<[i32; INLINE_DAYS]>;
type NarrowTotals = SmallVec<[i64; INLINE_DAYS]>;

/// Two sorted runs of days and their 64-bit totals merged into one; `None`
/// when a day's sum leaves 64 bits.
fn merge_narrow(
    keys: &[i32],
    totals: &[i64],
    other_keys: &[i32],
    other_totals: &[i64],
) -> Option<(DayKeys, NarrowTotals)> {
    let size = keys.len() + other_keys.len();
    let (mut merged_keys, mut merged_totals) = (
        DayKeys::with_capacity(size),
        NarrowTotals::with_capacity(size),
    );
    let (mut i, mut j) = (0, 0);
    while i < keys.len() && j < other_keys.len() {
        let (key, total) = match keys[i].cmp(&other_keys[j]) {
            std::cmp::Ordering::Less => {
                i += 1;
                (keys[i - 1], totals[i - 1])
            }
            std::cmp::Ordering::Greater => {
                j += 1;
                (other_keys[j - 1], other_totals[j - 1])
            }
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
                (keys[i - 1], totals[i - 1].checked_add(other_totals[j - 1])?)
            }
        };
        merged_keys.push(key);
        merged_totals.push(total);
    }
    merged_keys.extend_from_slice(&keys[i..]);
    merged_totals.extend_from_slice(&totals[i..]);
    merged_keys.extend_from_slice(&other_keys[j..]);
    merged_totals.extend_from_slice(&other_totals[j..]);
    Some((merged_keys, merged_totals))
}

impl Days {
    /// From (day, total) pairs sorted by day.
    pub fn from_pairs(pairs: Vec<(i32, i128)>) -> Days {
        let keys = pairs.iter().map(|(day, _)| *day).collect();
        let narrow: Option<SmallVec<[i64; INLINE_DAYS]>> = pairs
            .iter()
            .map(|(_, total)| i64::try_from(*total).ok())
            .collect();
        let totals = match narrow {
            Some(narrow) => Totals::Narrow(narrow),
            None => Totals::Wide(pairs.iter().map(|(_, total)| *total).collect()),
        };
        Days { keys, totals }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether the totals have widened to 128 bits.
    pub fn is_wide(&self) -> bool {
        matches!(self.totals, Totals::Wide(_))
    }

    fn total(&self, index: usize) -> i128 {
        match &self.totals {
            Totals::Narrow(totals) => totals[index] as i128,
            Totals::Wide(totals) => totals[index],
        }
    }

    /// (day, total) by day.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (i32, i128)> + ExactSizeIterator + '_ {
        (0..self.keys.len()).map(|index| (self.keys[index], self.total(index)))
    }

    pub fn first(&self) -> Option<(i32, i128)> {
        self.keys.first().map(|day| (*day, self.total(0)))
    }

    pub fn last(&self) -> Option<(i32, i128)> {
        self.keys
            .last()
            .map(|day| (*day, self.total(self.keys.len() - 1)))
    }

    /// The purchase days, in order.
    pub fn day_numbers(&self) -> impl Iterator<Item = i32> + '_ {
        self.keys.iter().copied()
    }

    fn widen(&mut self) -> &mut Vec<i128> {
        if let Totals::Narrow(totals) = &self.totals {
            self.totals = Totals::Wide(totals.iter().map(|total| *total as i128).collect());
        }
        match &mut self.totals {
            Totals::Wide(totals) => totals,
            Totals::Narrow(_) => unreachable!("just widened"),
        }
    }

    /// Adds `amount` to `day`'s total; `None` when the total needs more
    /// than 128 bits.
    pub(crate) fn add(&mut self, day: i32, amount: i128) -> Option<()> {
        let found = position(&self.keys, day);
        if let (Totals::Narrow(totals), Ok(small)) = (&mut self.totals, i64::try_from(amount)) {
            match found {
                Ok(index) => {
                    if let Some(sum) = totals[index].checked_add(small) {
                        totals[index] = sum;
                        return Some(());
                    }
                }
                Err(index) => {
                    totals.insert(index, small);
                    self.keys.insert(index, day);
                    return Some(());
                }
            }
        }
        let totals = self.widen();
        match found {
            Ok(index) => totals[index] = totals[index].checked_add(amount)?,
            Err(index) => {
                totals.insert(index, amount);
                self.keys.insert(index, day);
            }
        }
        Some(())
    }

    /// The largest magnitude (`unsigned_abs`) of the totals, 0 when none.
    pub fn largest_magnitude(&self) -> u128 {
        match &self.totals {
            Totals::Narrow(totals) => {
                totals.iter().map(|t| t.unsigned_abs()).max().unwrap_or(0) as u128
            }
            Totals::Wide(totals) => totals.iter().map(|t| t.unsigned_abs()).max().unwrap_or(0),
        }
    }

    /// Adds every day of `other` (at the same scale); `None` when a total
    /// needs more than 128 bits. Both sorted, so one pass merges them (a
    /// combine of partial states does this for every group).
    pub(crate) fn merge(&mut self, other: &Days) -> Option<()> {
        if other.is_empty() {
            return Some(());
        }
        let Days { keys, totals } = self;
        if let (Totals::Narrow(mine), Totals::Narrow(theirs)) = (&mut *totals, &other.totals) {
            // All of `other` after the last day (a rollup of months in
            // order): appended in place.
            if keys.last().is_none_or(|last| *last < other.keys[0]) {
                keys.extend_from_slice(&other.keys);
                mine.extend_from_slice(theirs);
                return Some(());
            }
        }
        if let (Totals::Narrow(mine), Totals::Narrow(theirs)) = (&self.totals, &other.totals) {
            if let Some(merged) = merge_narrow(&self.keys, mine, &other.keys, theirs) {
                (self.keys, self.totals) = (merged.0, Totals::Narrow(merged.1));
                return Some(());
            }
        }
        for (day, amount) in other.iter() {
            self.add(day, amount)?;
        }
        Some(())
    }

    /// Every total times `factor`; `None` when one needs more than 128 bits.
    fn scale_up(&mut self, factor: i128) -> Option<()> {
        if let (Totals::Narrow(totals), Ok(factor)) = (&mut self.totals, i64::try_from(factor)) {
            if totals
                .iter()
                .all(|total| total.checked_mul(factor).is_some())
            {
                totals.iter_mut().for_each(|total| *total *= factor);
                return Some(());
            }
        }
        for total in self.widen().iter_mut() {
            *total = total.checked_mul(factor)?;
        }
        Some(())
    }
}

/// Fields in the order a row reads them (`repr(C)`): the expanded state's
/// header, then these, are prefetched together at the start of each row.
#[derive(Debug, Clone, Default, PartialEq)]
#[repr(C)]
pub struct Profile {
    /// Decimal scale of every amount below.
    pub(crate) scale: i16,
    /// Rows counted (non-NULL day and amount).
    pub(crate) rows: u64,
    /// Rows with a negative amount (returns, credit notes).
    pub(crate) returns: u64,
    /// Rows skipped because the day or the amount was NULL.
    pub(crate) skipped: u64,
    pub(crate) total: i128,
    /// The largest row; `None` without rows, and always `None` in a
    /// profile given documents, whose stored "max" is the largest
    /// document's total, taken from the documents (see `largest`).
    pub(crate) max_amount: Option<i128>,
    /// (purchase day as a PostgreSQL day number, that day's total), by day.
    pub(crate) days: Days,
    /// By name.
    pub(crate) categories: SmallVec<[CategoryTotal; 2]>,
    /// The documents (orders, invoices) the rows belong to, when the
    /// aggregate was given them; `None`: every row is its own document.
    pub(crate) documents: Option<Box<Documents>>,
}

/// Per-profile limits (54000 beyond them), so that one group cannot
/// exhaust memory or make each row's insert slow: 100,000 distinct purchase
/// days (274 years of daily buying) and 10,000 categories; the bytes of
/// the days, the categories (their names included) and the documents
/// together are bounded by `segments.max_state_mb`.
pub const MAX_DAYS: usize = 100_000;
pub const MAX_CATEGORIES: usize = 10_000;

/// Bytes charged per purchase day and per category besides its name (an
/// estimate from above of what the state holds for each).
const DAY_BYTES: usize = 20;
const CATEGORY_BYTES: usize = 48;

impl Profile {
    /// `value` as a decimal at the profile's scale.
    pub fn decimal(&self, mantissa: i128) -> Decimal {
        Decimal::new(mantissa, self.scale).expect("the profile's scale is valid")
    }

    pub fn total(&self) -> Decimal {
        self.decimal(self.total)
    }

    /// The mantissa of `amount` at the profile's scale. The profile's
    /// scale rises to the amount's when every value fits there; when it
    /// does not, the amount's decimals past the profile's scale are rounded
    /// off (half to even); when the amount does not fit at the profile's
    /// scale, the profile's scale drops first (`make_room`).
    pub(crate) fn align(&mut self, amount: &Decimal) -> Result<i128> {
        self.align_rising(amount, true)
    }

    /// `align`; with `exact` false the scale rises only as far as leaves
    /// room for a carry (after `make_room`, so that it does not rise back).
    fn align_rising(&mut self, amount: &Decimal, exact: bool) -> Result<i128> {
        if amount.scale() == self.scale {
            return Ok(amount.mantissa());
        }
        if amount.scale() > self.scale {
            // Exactly, as numeric addition keeps the larger scale, when every
            // value fits there (the total is tried first: cheap to refuse).
            if exact && self.rescale(amount.scale()).is_ok() {
                return Ok(amount.mantissa());
            }
            // Else the scale rises as far as the total, the largest line and the
            // amount leave room for (judged from those three, so that a
            // profile kept at a rounded scale does not scan its days on
            // every row with more decimals); the rest of the amount's
            // decimals are rounded off.
            let lead = decimal::lead(self.total, self.scale)
                .max(
                    self.max_amount
                        .map_or(i32::MIN, |max| decimal::lead(max, self.scale)),
                )
                .max(amount.lead());
            if let Ok(target) = decimal::room(lead, amount.scale()) {
                if target > self.scale {
                    // Fails, changing nothing, when a day total has no room.
                    let _ = self.rescale(target);
                }
            }
            return Ok(decimal::round_down(
                amount.mantissa(),
                amount.scale(),
                self.scale,
            ));
        }
        if let Ok(mantissa) = decimal::rescale(amount.mantissa(), amount.scale(), self.scale) {
            return Ok(mantissa);
        }
        self.make_room(amount.lead())?;
        amount.at(self.scale)
    }

    /// The power of ten above every amount the profile keeps.
    pub(crate) fn lead(&self) -> i32 {
        // The largest magnitude first, by comparisons; one logarithm at the
        // end (every merge of partial states asks this of both sides).
        let mut most = self.total.unsigned_abs();
        if let Some(max) = self.max_amount {
            most = most.max(max.unsigned_abs());
        }
        most = most.max(self.days.largest_magnitude());
        for category in &self.categories {
            most = most.max(category.amount.unsigned_abs());
        }
        if let Some(documents) = &self.documents {
            most = most.max(documents.largest_magnitude());
        }
        decimal::lead_of_magnitude(most, self.scale)
    }

    /// Drops the profile's scale so that every value, an amount below
    /// 10^`lead` and the sum of any two fit in 38 digits: the decimals that
    /// do not fit are rounded off (half to even) and the total is again
    /// the sum of the day totals.
    pub(crate) fn make_room(&mut self, lead: i32) -> Result<()> {
        let scale = decimal::room(self.lead().max(lead), self.scale)?;
        self.set_scale(scale)
    }

    /// Every amount at `scale`: exact when larger (the caller knows it
    /// fits), rounded when smaller.
    pub(crate) fn set_scale(&mut self, scale: i16) -> Result<()> {
        if scale >= self.scale {
            return self.rescale(scale);
        }
        let from = self.scale;
        let down = |value: i128| decimal::round_down(value, from, scale);
        let days: Vec<(i32, i128)> = self
            .days
            .iter()
            .map(|(day, total)| (day, down(total)))
            .collect();
        self.total = days
            .iter()
            .try_fold(0i128, |sum, (_, total)| sum.checked_add(*total))
            .ok_or_else(|| total_too_large(scale))?;
        self.days = Days::from_pairs(days);
        self.max_amount = self.max_amount.map(down);
        for category in self.categories.iter_mut() {
            category.amount = down(category.amount);
        }
        if let Some(documents) = &mut self.documents {
            documents.round_down(from, scale);
        }
        self.scale = scale;
        Ok(())
    }

    /// Every amount brought to the larger `scale`; on error the profile is
    /// left as it was.
    fn rescale(&mut self, scale: i16) -> Result<()> {
        if self.total == 0 && self.max_amount.is_none_or(|max| max == 0) && self.lead() == i32::MIN
        {
            // Zeros are zeros at any scale.
            self.scale = scale;
            return Ok(());
        }
        let too_large = || total_too_large(scale);
        let factor = decimal::rescale(1, self.scale, scale)?;
        let up = |value: i128| value.checked_mul(factor).ok_or_else(too_large);
        let total = up(self.total)?;
        let max_amount = self.max_amount.map(up).transpose()?;
        let mut categories = self.categories.clone();
        for category in categories.iter_mut() {
            category.amount = up(category.amount)?;
        }
        let mut days = self.days.clone();
        days.scale_up(factor).ok_or_else(too_large)?;
        let mut documents = self.documents.clone();
        if let Some(documents) = &mut documents {
            documents.scale_up(factor).ok_or_else(too_large)?;
        }
        self.documents = documents;
        self.total = total;
        self.max_amount = max_amount;
        self.categories = categories;
        self.days = days;
        self.scale = scale;
        Ok(())
    }

    /// Adds one row. Never fails on the amount's size while it is within
    /// the scales kept: a total past 38 significant digits is rounded (see
    /// `crate::decimal`).
    pub fn add(&mut self, day: i32, amount: Decimal, category: Option<&str>) -> Result<()> {
        self.add_line(day, amount, category, None)
    }

    /// Adds one row of document `document`: its amount goes to that
    /// document's total too (see `documents`).
    pub fn add_line(
        &mut self,
        day: i32,
        amount: Decimal,
        category: Option<&str>,
        document: Option<&dyn KeyView>,
    ) -> Result<()> {
        let mantissa = self.align(&amount)?;
        if self.try_add(day, mantissa, amount.is_negative(), category, document)? {
            return Ok(());
        }
        self.make_room(amount.lead())?;
        let mantissa = self.align_rising(&amount, false)?;
        if self.try_add(day, mantissa, amount.is_negative(), category, document)? {
            return Ok(());
        }
        Err(total_too_large(self.scale))
    }

    /// Adds one row whose amount is at the profile's scale; `false`, with
    /// the profile unchanged, when a total would leave 128 bits.
    /// A return is a row whose amount is negative, even when rounded to 0.
    fn try_add(
        &mut self,
        day: i32,
        amount: i128,
        negative: bool,
        category: Option<&str>,
        document: Option<&dyn KeyView>,
    ) -> Result<bool> {
        let Some(total) = self.total.checked_add(amount) else {
            return Ok(false);
        };
        if let (Some(key), Some(documents)) = (document, &self.documents) {
            if !documents.fits(key, amount) {
                return Ok(false);
            }
        }
        // Check the category's total before changing anything.
        let category = match category {
            Some(name) => {
                let found = self.category_index(name.as_bytes());
                if found.is_err() {
                    if self.categories.len() >= MAX_CATEGORIES {
                        return Err(Error::limit_exceeded(format!(
                            "a profile holds at most {MAX_CATEGORIES} categories"
                        )));
                    }
                    self.check_state_bytes(CATEGORY_BYTES + name.len())?;
                }
                let before = found.ok().map_or(0, |index| self.categories[index].amount);
                let Some(sum) = before.checked_add(amount) else {
                    return Ok(false);
                };
                Some((name, found, sum))
            }
            None => None,
        };
        let days_before = self.days.len();
        if self.days.add(day, amount).is_none() {
            return Ok(false);
        }
        if self.days.len() > MAX_DAYS {
            return Err(days_limit());
        }
        // Days are charged every 256 new ones (5 kB), not on every row.
        if self.days.len() > days_before && self.days.len().is_multiple_of(256) {
            self.check_state_bytes(0)?;
        }
        match category {
            Some((_, Ok(index), sum)) => {
                self.categories[index].amount = sum;
                self.categories[index].rows = add_count(self.categories[index].rows, 1)?;
            }
            Some((name, Err(index), sum)) => {
                self.categories.insert(
                    index,
                    CategoryTotal {
                        name: Name::from_slice(name.as_bytes()),
                        amount: sum,
                        rows: 1,
                    },
                );
            }
            None => {}
        }
        if let Some(key) = document {
            let budget = self.document_budget();
            self.documents
                .get_or_insert_default()
                .add(key, amount, budget)?;
        }
        self.rows = add_count(self.rows, 1)?;
        self.returns = add_count(self.returns, negative as u64)?;
        self.total = total;
        if document.is_none() && self.max_amount.is_none_or(|max| amount > max) {
            self.max_amount = Some(amount);
        }
        Ok(true)
    }

    /// The bytes this profile's days, categories and documents take, as
    /// charged against `segments.max_state_mb`.
    pub fn state_bytes(&self) -> usize {
        let names: usize = self
            .categories
            .iter()
            .map(|c| c.name.as_slice().len())
            .sum();
        self.days.len() * DAY_BYTES
            + self.categories.len() * CATEGORY_BYTES
            + names
            + self
                .documents
                .as_ref()
                .map_or(0, |documents| documents.bytes())
    }

    /// 54000 when the state passes `segments.max_state_mb`. Checked when a
    /// category or a document is added, every 256 new purchase days and
    /// after a merge, not on every row.
    fn check_state_bytes(&self, more: usize) -> Result<()> {
        crate::limits::charge("profile", self.state_bytes().saturating_add(more), || {
            format!(
                "{} purchase days, {} categories and {} documents",
                self.days.len(),
                self.categories.len(),
                self.documents
                    .as_ref()
                    .map_or(0, |documents| documents.len())
            )
        })
    }

    /// The stored "max": the largest row, or, given documents, the largest
    /// document's total (returns included), which a window moved by whole
    /// documents (`minus`) keeps exact where the largest line would be
    /// lost.
    pub fn largest(&self) -> Option<i128> {
        match &self.documents {
            Some(documents) => documents.max_total(),
            None => self.max_amount,
        }
    }

    /// What the documents may take of `segments.max_state_mb`: the bound
    /// less the days and the categories (their fixed part; their names are
    /// charged when they arrive), so that a new document costs no scan.
    fn document_budget(&self) -> usize {
        crate::limits::max_bytes()
            .saturating_sub(self.days.len() * DAY_BYTES + self.categories.len() * CATEGORY_BYTES)
    }

    /// Whether the rows were given their documents.
    pub fn has_documents(&self) -> bool {
        self.documents.is_some()
    }

    pub fn skip(&mut self) {
        // Only a state decoded with a count near u64::MAX could reach it.
        self.skipped = self.skipped.saturating_add(1);
    }

    /// Where the category `name` is, or where it goes (by name).
    fn category_index(&self, name: &[u8]) -> std::result::Result<usize, usize> {
        match self
            .categories
            .iter()
            .position(|c| c.name.as_slice() >= name)
        {
            Some(index) if self.categories[index].name.as_slice() == name => Ok(index),
            position => Err(position.unwrap_or(self.categories.len())),
        }
    }

    fn add_category(&mut self, name: &[u8], amount: i128, rows: u64) -> Result<()> {
        let index = match self.category_index(name) {
            Ok(index) => index,
            Err(index) => {
                if self.categories.len() >= MAX_CATEGORIES {
                    return Err(Error::limit_exceeded(format!(
                        "a profile holds at most {MAX_CATEGORIES} categories"
                    )));
                }
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
        category.amount = category
            .amount
            .checked_add(amount)
            .ok_or_else(|| total_too_large(self.scale))?;
        category.rows = add_count(category.rows, rows)?;
        Ok(())
    }

    /// Adds another profile of the same customer: the result equals the
    /// profile of both sets of rows, in any order of merging, while the
    /// totals fit in 38 significant digits; past that both are first
    /// brought to the scale at which they do (see `crate::decimal`).
    pub fn merge(&mut self, other: &Profile) -> Result<()> {
        let scale = self.scale.max(other.scale);
        let lead = self.lead().max(other.lead());
        let fits = lead == i32::MIN || lead + (scale as i32) < decimal::MAX_DIGITS as i32;
        if !fits {
            // Near the limit an exact merge may still fit: tried on a copy.
            let mut exact = self.clone();
            if exact.merge_exact(other).is_ok() {
                *self = exact;
                return Ok(());
            }
            let scale = decimal::room(lead, scale)?;
            let mut other = other.clone();
            other.set_scale(scale)?;
            self.set_scale(scale)?;
            return self.merge_exact(&other);
        }
        self.merge_exact(other)
    }

    fn merge_exact(&mut self, other: &Profile) -> Result<()> {
        let self_rows = self.rows;
        // Copied only when it must be rescaled (partial states of one
        // aggregate are mostly at the same scale).
        let rescaled;
        let other = if other.scale < self.scale {
            let mut copy = other.clone();
            copy.rescale(self.scale)?;
            rescaled = copy;
            &rescaled
        } else {
            if other.scale > self.scale {
                self.rescale(other.scale)?;
            }
            other
        };
        // Counts read from a stored value can be anything up to u64::MAX.
        self.rows = add_count(self.rows, other.rows)?;
        self.skipped = add_count(self.skipped, other.skipped)?;
        self.returns = add_count(self.returns, other.returns)?;
        self.total = self
            .total
            .checked_add(other.total)
            .ok_or_else(|| total_too_large(self.scale))?;
        if let Some(max) = other.max_amount {
            if self.max_amount.is_none_or(|mine| max > mine) {
                self.max_amount = Some(max);
            }
        }
        self.days
            .merge(&other.days)
            .ok_or_else(|| total_too_large(self.scale))?;
        if self.days.len() > MAX_DAYS {
            return Err(days_limit());
        }
        for category in &other.categories {
            self.add_category(&category.name, category.amount, category.rows)?;
        }
        match (self.documents.as_deref_mut(), other.documents.as_deref()) {
            (Some(mine), Some(theirs)) => {
                mine.merge(theirs, crate::limits::max_bytes())?
                    .ok_or_else(|| total_too_large(self.scale))?;
            }
            (None, Some(theirs)) if self_rows == 0 => {
                self.documents = Some(Box::new(theirs.clone()));
            }
            (Some(_), None) if other.rows == 0 => {}
            (None, None) => {}
            // One side's rows have documents and the other's do not: an
            // undocumented row is its own document, which no key can stand
            // for, so the sum would count orders by two rules at once.
            _ => {
                return Err(Error::invalid_parameter(
                    "a profile built with a document argument cannot be merged with one built without it \
                     (orders would be counted by two rules); rebuild both from the lines with the same arguments",
                ))
            }
        }
        self.check_state_bytes(0)?;
        Ok(())
    }

    // ---- binary form -------------------------------------------------------
    //
    // Version 4: the fixed-size header (see `header`), then the categories
    // and the days; version 5 adds the documents (see `header::Layout`).
    // Versions 2 and 3 (0.2.0) had the days before the categories; version
    // 1 (0.1.0) had the scalars but no header. All are read.

    pub fn encode(&self) -> Vec<u8> {
        self.encode_with(true)
    }

    /// The binary form with the categories first (version 4 or 5), or, for
    /// the tests that prove 0.2.0's bytes still read, after the days
    /// (version 2 or 3).
    fn encode_with(&self, categories_first: bool) -> Vec<u8> {
        let size = 1
            + HEADER_SIZE
            + DOCUMENTS_SIZE
            + 20 * self.days.len()
            + 4
            + 48 * self.categories.len();
        let layout = Layout {
            documented: self.documents.is_some(),
            categories_first,
        };
        let top_category_at = if categories_first {
            self.top_category_at(1 + layout.header_size())
        } else {
            0
        };
        let mut writer = Writer::with_capacity(layout.version(), size);
        self.header().write(&mut writer, top_category_at);
        if categories_first {
            self.write_categories(&mut writer);
        }
        for (day, amount) in self.days.iter() {
            writer.i32(day).i128(amount);
        }
        if !categories_first {
            self.write_categories(&mut writer);
        }
        if let Some(documents) = &self.documents {
            documents.write(&mut writer);
        }
        writer.finish()
    }

    /// The categories as every version writes them: their count, then each
    /// one's name, rows and amount (`top_category_at` counts these bytes).
    fn write_categories(&self, writer: &mut Writer) {
        writer.len(self.categories.len());
        for category in &self.categories {
            writer
                .str(category.name())
                .u64(category.rows)
                .i128(category.amount);
        }
    }

    /// Where the top category's name would be in the binary form whose
    /// categories start at `categories_at` (`header::Layout`): the offset of
    /// its length, or 0 without a top category.
    fn top_category_at(&self, categories_at: usize) -> u32 {
        let Some((top, _)) = crate::profile::measures::Categories(&self.categories).top_index()
        else {
            return 0;
        };
        // The count, then each category before it: length, name, rows, amount.
        // As `encode_with` writes them (the name as text).
        let before: usize = self.categories[..top]
            .iter()
            .map(|category| 4 + category.name().len() + 8 + 16)
            .sum();
        // Within a stored value, which PostgreSQL bounds to 1 GB.
        (categories_at + 4 + before) as u32
    }

    /// The top category's name, as `Categories::top_category` gives it:
    /// since version 4 read where the header says it is; before, found
    /// among the categories (`read_top_category`).
    pub fn read_top_category_name(bytes: &[u8]) -> Result<Option<Cow<'_, str>>> {
        let top_category_at =
            crate::profile::header::Fields::of(bytes).and_then(|fields| fields.top_category_at());
        let Some(at) = top_category_at else {
            return Ok(Self::read_top_category(bytes)?.map(|(name, _)| name));
        };
        if at == 0 {
            return Ok(None);
        }
        let mut reader = Reader::new(bytes, bytes[0], "customer_profile")?;
        reader.skip(at.saturating_sub(1))?;
        let len = reader.len(1)?;
        let name = crate::codec::stored_str(reader.take(len)?, "customer_profile")?;
        Ok(Some(Cow::Borrowed(name)))
    }

    /// The header alone: read in place from versions 2 to 5, computed from
    /// the whole profile for version 1.
    pub fn read_header(bytes: &[u8]) -> Result<Header> {
        match bytes.first().copied().and_then(Layout::of) {
            Some(layout) if layout.documented => Header::read_documented(&bytes[1..]),
            Some(_) => Header::read(&bytes[1..]),
            None if bytes.first() == Some(&VERSION_1) => Ok(Self::decode_v1(bytes)?.header()),
            None => Err(unknown_version(bytes)),
        }
    }

    /// A version 2 to 5 profile's header, its layout, and a reader placed
    /// after the header (and documents' summary); `None` for other
    /// versions.
    fn header_and_reader(bytes: &[u8]) -> Result<Option<(Header, Layout, Reader<'_>)>> {
        let Some(layout) = bytes.first().copied().and_then(Layout::of) else {
            return Ok(None);
        };
        let header = if layout.documented {
            Header::read_documented(&bytes[1..])?
        } else {
            Header::read(&bytes[1..])?
        };
        let mut reader = Reader::new(bytes, bytes[0], "customer_profile")?;
        reader.skip(layout.header_size())?;
        Ok(Some((header, layout, reader)))
    }

    /// A reader placed at the categories of a version 2 to 5 profile, and
    /// its layout: right after the header since version 4; before that,
    /// past the days, stepped over by the days count alone, as the scalar
    /// accessors read their fields (`Fields`: the header as a whole is
    /// checked when a profile is decoded, not here). The reader bounds
    /// every read that follows.
    fn categories_reader(bytes: &[u8]) -> Result<Option<(Reader<'_>, Layout)>> {
        let Some(layout) = bytes.first().copied().and_then(Layout::of) else {
            return Ok(None);
        };
        let mut reader = Reader::new(bytes, bytes[0], "customer_profile")?;
        if layout.categories_first {
            reader.skip(layout.header_size())?;
            return Ok(Some((reader, layout)));
        }
        let Some(fields) = crate::profile::header::Fields::of(bytes) else {
            return Err(Error::corrupted(
                "customer_profile: stored value is truncated",
            ));
        };
        (fields.purchase_days() as usize)
            .checked_mul(20)
            .and_then(|days| days.checked_add(layout.header_size()))
            .map_or_else(
                || {
                    Err(Error::corrupted(
                        "customer_profile: stored length is out of range",
                    ))
                },
                |skip| reader.skip(skip),
            )?;
        Ok(Some((reader, layout)))
    }

    /// The categories alone: versions 2 to 5 read them in place, without
    /// building the days.
    pub fn read_categories(bytes: &[u8]) -> Result<SmallVec<[CategoryTotal; 2]>> {
        let Some((mut reader, layout)) = Self::categories_reader(bytes)? else {
            return Self::decode(bytes).map(|profile| profile.categories);
        };
        let mut profile = Profile::default();
        Self::decode_categories(&mut reader, &mut profile)?;
        if layout.categories_last() {
            reader.finish()?;
        }
        Ok(profile.categories)
    }

    /// The top category and its share, as `Categories::top_category` gives
    /// them, read in place: no category is copied, and the name returned
    /// is the stored one (versions 2 to 5).
    pub fn read_top_category(bytes: &[u8]) -> Result<Option<(Cow<'_, str>, f64)>> {
        let Some((categories, layout)) = Self::categories_reader(bytes)? else {
            let categories = Self::read_categories(bytes)?;
            return Ok(crate::profile::measures::Categories(&categories)
                .top_category()
                .map(|(name, share)| (Cow::Owned(name.to_string()), share)));
        };
        // Summed first, as category_shares does, so that the shares
        // compared are the ones it gives; the second pass runs over the
        // amounts kept on the stack. Only the name returned is read as text.
        let mut sum = 0.0;
        let mut amounts: SmallVec<[(&[u8], f64); 16]> = SmallVec::new();
        Self::each_category_at(categories, layout, |name, _, amount| {
            let amount = crate::decimal::i128_to_f64(amount);
            sum += amount;
            amounts.push((name, amount));
        })?;
        if amounts.is_empty() || sum <= 0.0 {
            return Ok(None);
        }
        let mut best: Option<(&[u8], f64)> = None;
        for (name, amount) in amounts {
            let share = amount / sum;
            if best.is_none_or(|(_, best_share)| best_share < share) {
                best = Some((name, share));
            }
        }
        let Some((name, share)) = best else {
            return Ok(None);
        };
        let name = crate::codec::stored_str(name, "customer_profile")?;
        Ok(Some((Cow::Borrowed(name), share)))
    }

    /// Calls `each(name, rows, amount)` for every category of a profile of
    /// `layout`, in order, from a reader placed at its categories
    /// (`categories_reader`); the names are the stored bytes, not checked
    /// as text here.
    fn each_category_at<'a>(
        mut reader: Reader<'a>,
        layout: Layout,
        mut each: impl FnMut(&'a [u8], u64, i128),
    ) -> Result<()> {
        for _ in 0..reader.len(28)? {
            let len = reader.len(1)?;
            let name = reader.take(len)?;
            let rows = reader.u64()?;
            let amount = reader.i128()?;
            each(name, rows, amount);
        }
        // Version 2 ends here; in the others, days or documents follow.
        if layout.categories_last() {
            reader.finish()?;
        }
        Ok(())
    }

    pub fn decode(bytes: &[u8]) -> Result<Profile> {
        if bytes.first() == Some(&VERSION_1) {
            return Self::decode_v1(bytes);
        }
        let corrupted = |what: &str| Error::corrupted(format!("customer_profile: {what}"));
        let Some((header, layout, mut reader)) = Self::header_and_reader(bytes)? else {
            return Err(unknown_version(bytes));
        };
        let count = header.days as usize;
        if count > bytes.len() / 20 {
            return Err(corrupted("stored length is out of range"));
        }
        let mut categories = Profile::default();
        if layout.categories_first {
            Self::decode_categories(&mut reader, &mut categories)?;
        }
        let mut days = Vec::with_capacity(count);
        for _ in 0..count {
            days.push((reader.i32()?, reader.i128()?));
        }
        if !layout.categories_first {
            Self::decode_categories(&mut reader, &mut categories)?;
        }
        let mut profile = Profile {
            rows: header.rows,
            skipped: header.skipped,
            returns: header.returns,
            scale: header.scale,
            total: header.total,
            // Given documents, the stored max is theirs (checked below
            // against the header as the documents give it).
            max_amount: if layout.documented {
                None
            } else {
                header.max_amount
            },
            days: Days::from_pairs(days),
            categories: categories.categories,
            ..Default::default()
        };
        if layout.documented {
            let documents = Documents::read(&mut reader, crate::limits::max_bytes())?;
            profile.documents = Some(Box::new(documents));
        }
        reader.finish()?;
        profile.check_order()?;
        let day_sum = profile
            .days
            .iter()
            .try_fold(0i128, |sum, (_, total)| sum.checked_add(total));
        if profile.header() != header || day_sum != Some(profile.total) {
            return Err(corrupted("header does not match the days"));
        }
        let top_category_at =
            crate::profile::header::Fields::of(bytes).and_then(|fields| fields.top_category_at());
        if top_category_at
            .is_some_and(|at| at != profile.top_category_at(1 + layout.header_size()) as usize)
        {
            return Err(corrupted("header does not match the categories"));
        }
        profile
            .check_consistent()
            .map_err(|error| corrupted(&error.message))?;
        Ok(profile)
    }

    fn decode_categories(reader: &mut Reader, profile: &mut Profile) -> Result<()> {
        for _ in 0..reader.len(28)? {
            let name = Name::from_slice(reader.str()?.as_bytes());
            let rows = reader.u64()?;
            profile.categories.push(CategoryTotal {
                name,
                rows,
                amount: reader.i128()?,
            });
        }
        Ok(())
    }

    fn check_order(&self) -> Result<()> {
        let days_in_order = self
            .days
            .day_numbers()
            .zip(self.days.day_numbers().skip(1))
            .all(|(a, b)| a < b);
        if !days_in_order
            || !self
                .categories
                .windows(2)
                .all(|pair| pair[0].name < pair[1].name)
        {
            return Err(Error::corrupted(
                "customer_profile: days or categories out of order",
            ));
        }
        Ok(())
    }

    /// The 0.1.0 form: the scalars, then each day (day, total), then the
    /// categories.
    fn decode_v1(bytes: &[u8]) -> Result<Profile> {
        let mut reader = Reader::new(bytes, VERSION_1, "customer_profile")?;
        let corrupted = |what: &str| Error::corrupted(format!("customer_profile: {what}"));
        let mut profile = Profile {
            rows: reader.u64()?,
            skipped: reader.u64()?,
            returns: reader.u64()?,
            scale: reader.u16()? as i16,
            total: reader.i128()?,
            ..Default::default()
        };
        Decimal::new(0, profile.scale).map_err(|_| corrupted("scale out of range"))?;
        if reader.u8()? != 0 {
            profile.max_amount = Some(reader.i128()?);
        }
        let count = reader.len(20)?;
        let mut days = Vec::with_capacity(count);
        for _ in 0..count {
            days.push((reader.i32()?, reader.i128()?));
        }
        profile.days = Days::from_pairs(days);
        Self::decode_categories(&mut reader, &mut profile)?;
        reader.finish()?;
        profile.check_order()?;
        profile
            .check_consistent()
            .map_err(|error| corrupted(&error.message))?;
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
        let day_total: i128 = self.days.iter().map(|(_, amount)| amount).sum();
        let problem = if (self.rows == 0) != self.days.is_empty()
            || match &self.documents {
                None => self.max_amount.is_some() != (self.rows > 0),
                Some(documents) => {
                    self.max_amount.is_some() || documents.is_empty() != (self.rows == 0)
                }
            } {
            "orders, days and max must all be present or all be empty"
        } else if self.returns > self.rows
            || category_rows.is_none_or(|rows| rows > self.rows)
            || self.days.len() as u64 > self.rows
        {
            "returns, category rows and days cannot exceed orders"
        } else if !self.days.iter().all(|(day, _)| DATES.contains(&day)) {
            "a purchase day outside PostgreSQL's dates"
        } else if day_total != self.total {
            "the total is not the sum of the day totals"
        } else if self.days.len() > MAX_DAYS || self.categories.len() > MAX_CATEGORIES {
            "more days or categories than a profile holds"
        } else if self.documents.as_ref().is_some_and(|documents| {
            documents.len() as u64 > self.rows || documents.total() != Some(self.total)
        }) {
            "the documents do not match the rows and the total"
        } else {
            return Ok(());
        };
        Err(Error::invalid_parameter(problem))
    }
}

/// The 0.1.0 form, without a header (versions 2 to 5: `header::Layout`).
const VERSION_1: u8 = 1;

#[cfg(test)]
pub(crate) mod tests {
    /// The binary form of a profile without documents since 0.3.0.
    const VERSION: u8 = 4;

    use super::*;
    use crate::profile::documents::DocKey;

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

    /// (day, amount, document) rows of one customer: two orders of
    /// several lines, a credit note of two lines, an order with a returned
    /// line.
    pub fn document_rows() -> Vec<(i32, &'static str, DocKey)> {
        vec![
            (100, "120.00", DocKey::Int(1)),
            (100, "30.50", DocKey::Int(1)),
            (130, "200.00", DocKey::Int(2)),
            (131, "5.25", DocKey::Int(2)),
            (160, "-20.00", DocKey::Int(3)),
            (160, "-5.00", DocKey::Int(3)),
            (190, "99.99", DocKey::Int(4)),
            (190, "-9.99", DocKey::Int(4)),
        ]
    }

    pub fn documented(rows: &[(i32, &str, DocKey)]) -> Profile {
        let mut profile = Profile::default();
        for (day, amount, key) in rows {
            profile
                .add_line(*day, money(amount), None, Some(key))
                .unwrap();
        }
        profile
    }

    #[test]
    fn documents_count_orders_not_lines() {
        let profile = documented(&document_rows());
        assert_eq!(profile.rows, 8);
        assert_eq!(profile.header().orders(), 3);
        assert_eq!(profile.header().returns(), 1);
        assert_eq!(profile.header().max_order(), Some(money("205.25")));
        assert_eq!(profile.total(), money("420.75"));
        let lines = Profile::default();
        assert_eq!(lines.header().orders(), 0);
        assert_eq!(profile_of(&rows()).header().orders(), 6);
    }

    #[test]
    fn documents_split_across_partials_merge_as_serial() {
        let rows = document_rows();
        let serial = documented(&rows);
        for split in 0..=rows.len() {
            let mut left = documented(&rows[..split]);
            left.merge(&documented(&rows[split..])).unwrap();
            assert_eq!(left.header().orders(), 3, "split at {split}");
            assert_eq!(left.header().returns(), 1, "split at {split}");
            assert_eq!(left.header().max_order(), serial.header().max_order());
            assert_eq!(left.total(), serial.total());
            assert_eq!(
                Profile::decode(&left.encode()).unwrap().encode(),
                serial.encode()
            );
        }
    }

    #[test]
    fn documents_follow_the_scale() {
        let mut profile = documented(&document_rows());
        profile
            .add_line(200, money("0.001"), None, Some(&DocKey::Int(4)))
            .unwrap();
        assert_eq!(profile.header().max_order(), Some(money("205.250")));
        assert_eq!(profile.documents.as_ref().unwrap().len(), 4);
    }

    #[test]
    fn documented_profiles_are_version_5_others_version_4_and_0_2_0_forms_read() {
        let profile = documented(&document_rows());
        let bytes = profile.encode();
        assert_eq!(bytes[0], 5);
        assert_eq!(profile_of(&rows()).encode()[0], VERSION);
        let mut many_days = profile_of(&rows());
        for day in 0..40 {
            many_days
                .add(1000 + day, money("-0.01"), Some("z"))
                .unwrap();
        }
        for profile in [profile, profile_of(&rows()), many_days, Profile::default()] {
            for categories_first in [true, false] {
                let bytes = profile.encode_with(categories_first);
                let expected = 2 + profile.has_documents() as u8 + 2 * categories_first as u8;
                assert_eq!(bytes[0], expected);
                assert_eq!(Profile::decode(&bytes).unwrap(), profile);
                assert_eq!(Profile::read_header(&bytes).unwrap(), profile.header());
                assert_eq!(
                    Profile::read_categories(&bytes).unwrap(),
                    profile.categories
                );
                let top = crate::profile::measures::Categories(&profile.categories)
                    .top_category()
                    .map(|(name, share)| (Cow::Owned(name.to_string()), share));
                assert_eq!(Profile::read_top_category(&bytes).unwrap(), top);
                assert_eq!(
                    Profile::read_top_category_name(&bytes).unwrap(),
                    top.map(|(name, _)| name)
                );
                if categories_first {
                    // Where the top category is, is checked on decode.
                    let mut forged = bytes.clone();
                    forged[1 + 44] ^= 1;
                    assert!(Profile::decode(&forged).is_err());
                }
                let mut truncated = bytes.clone();
                truncated.pop();
                assert!(Profile::decode(&truncated).is_err());
                if !profile.categories.is_empty() {
                    // The categories' count, wherever they are, is checked
                    // against the bytes.
                    let mut forged = bytes.clone();
                    let at = if categories_first {
                        1 + Layout::of(expected).unwrap().header_size()
                    } else {
                        1 + Layout::of(expected).unwrap().header_size() + 20 * profile.days.len()
                    };
                    forged[at] = 200;
                    assert!(Profile::decode(&forged).is_err());
                    assert!(Profile::read_categories(&forged).is_err());
                    assert!(Profile::read_top_category(&forged).is_err());
                }
            }
        }
    }

    #[test]
    fn documented_profiles_read_their_summary_in_place_and_as_text() {
        let mut profile = documented(&document_rows());
        profile
            .add_line(
                191,
                money("1.00"),
                Some("service"),
                Some(&DocKey::Text("SO-9".as_bytes().into())),
            )
            .unwrap();
        let bytes = profile.encode();
        let header = Profile::read_header(&bytes).unwrap();
        assert_eq!(
            (header.orders(), header.returns(), header.lines()),
            (4, 1, 9)
        );
        assert_eq!(header.max_order(), Some(money("205.25")));
        assert_eq!(header.avg_order(), Some((money("421.75"), 5)));
        assert_eq!(
            Profile::read_categories(&bytes).unwrap(),
            profile.categories
        );
        assert_eq!(
            Profile::read_top_category(&bytes).unwrap(),
            Some(("service".into(), 1.0))
        );
        let text = profile.to_text();
        assert!(text.contains(r#""documents":[[1,"#), "{text}");
        assert!(text.contains(r#"["SO-9","1.00"]"#), "{text}");
        assert_eq!(Profile::parse(&text).unwrap(), profile);
        // A summary that disagrees with the rows is refused.
        let mut forged = bytes.clone();
        forged[1 + HEADER_SIZE] = 200;
        assert!(Profile::decode(&forged).is_err());
        assert!(Profile::read_header(&forged).is_err());
    }

    #[test]
    fn fields_read_in_place_equal_the_header() {
        let mut skipped = profile_of(&rows());
        skipped.skip();
        for profile in [
            Profile::default(),
            profile_of(&rows()),
            skipped,
            documented(&document_rows()),
        ] {
            for bytes in [profile.encode(), profile.encode_with(false)] {
                let header = Profile::read_header(&bytes).unwrap();
                let fields = crate::profile::header::Fields::of(&bytes).unwrap();
                assert_eq!(fields.orders(), header.orders());
                assert_eq!(fields.lines(), header.lines());
                assert_eq!(fields.returns(), header.returns());
                assert_eq!(fields.skipped(), header.skipped());
                assert_eq!(fields.purchase_days(), header.purchase_days());
                assert_eq!(fields.first_day(), header.first_day());
                assert_eq!(fields.last_day(), header.last_day());
                assert_eq!(fields.total().unwrap(), header.total());
                assert!(crate::profile::header::Fields::of(&bytes[..HEADER_SIZE]).is_none());
            }
        }
    }

    #[test]
    fn documented_and_undocumented_rows_do_not_merge_but_empty_profiles_do() {
        let documented_rows = documented(&document_rows());
        let lines = profile_of(&rows());
        let mut mixed = documented_rows.clone();
        let error = mixed.merge(&lines).unwrap_err();
        assert_eq!(error.kind, crate::error::Kind::InvalidParameter);
        assert!(lines.plus(&documented_rows).is_err());
        let mut empty = Profile::default();
        empty.skip();
        assert_eq!(
            empty.plus(&documented_rows).unwrap().header().orders(),
            documented_rows.header().orders()
        );
        assert_eq!(
            documented_rows.plus(&empty).unwrap().documents,
            documented_rows.documents
        );
        assert_eq!(lines.plus(&empty).unwrap().documents, None);
    }

    pub fn profile_of(rows: &[(i32, &str, &str)]) -> Profile {
        let mut profile = Profile::default();
        for (day, amount, category) in rows {
            profile.add(*day, money(amount), Some(category)).unwrap();
        }
        profile
    }

    /// The expanded state (48-byte header, then the profile) stays within
    /// a 512-byte allocation at a cache-line start: see INLINE_DAYS.
    #[test]
    fn the_state_stays_small() {
        assert!(48 + std::mem::size_of::<Profile>() + 64 - 8 <= 512);
    }

    #[test]
    fn top_category_read_in_place_equals_the_decoded_one() {
        let tied = [(1, "5", "b"), (2, "5", "a"), (3, "1", "c")];
        let negative = [(1, "-5", "a"), (2, "1", "b")];
        let none: [(i32, &str, &str); 0] = [];
        for rows in [&rows()[..], &tied[..], &negative[..], &none[..]] {
            let profile = profile_of(rows);
            let expected = crate::profile::measures::Categories(&profile.categories)
                .top_category()
                .map(|(name, share)| (Cow::Borrowed(name), share));
            assert_eq!(
                Profile::read_top_category(&profile.encode()).unwrap(),
                expected
            );
            assert_eq!(
                Profile::read_top_category(&encode_v1(&profile)).unwrap(),
                expected
            );
            assert_eq!(
                Profile::read_top_category_name(&profile.encode()).unwrap(),
                expected.map(|(name, _)| name)
            );
        }
        // Random categories: amounts of either sign, ties and near ties
        // (equal as f64 shares), names of any length.
        let mut random = crate::decimal::tests::xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..3000 {
            let mut profile = Profile::default();
            let count = random() % 9;
            for i in 0..count {
                let r = random();
                let name = "c".repeat(1 + (r % 40) as usize) + &i.to_string();
                let amount = match r % 4 {
                    0 => money("5.00"),
                    1 => money("-3.25"),
                    2 => money(&format!("{}.{:02}", r % 1000, r % 100)),
                    _ => money("5.000000000000000000000001"),
                };
                profile.add(i as i32, amount, Some(&name)).unwrap();
            }
            let bytes = profile.encode();
            let expected = crate::profile::measures::Categories(&profile.categories)
                .top_category()
                .map(|(name, _)| Cow::Borrowed(name));
            assert_eq!(Profile::read_top_category_name(&bytes).unwrap(), expected);
            assert_eq!(Profile::decode(&bytes).unwrap(), profile);
        }
        // Truncated in the categories (version 4's come first; version 2
        // ends with them).
        let bytes = profile_of(&rows()).encode();
        assert!(Profile::read_top_category(&bytes[..1 + HEADER_SIZE + 6]).is_err());
        let bytes = profile_of(&rows()).encode_with(false);
        assert!(Profile::read_top_category(&bytes[..bytes.len() - 1]).is_err());
    }

    #[test]
    fn counts_that_leave_u64_are_refused() {
        let mut big = profile_of(&rows());
        big.rows = u64::MAX - 1;
        let error = big.clone().merge(&big).unwrap_err();
        assert!(error.message.contains("rows"), "{}", error.message);
        big.rows = u64::MAX;
        assert!(big
            .add(1, Decimal::parse("1.00").unwrap(), Some("x"))
            .is_err());
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
        let mut days: Vec<(i32, i128)> = far_day.days.iter().collect();
        days.last_mut().unwrap().0 = i32::MAX;
        far_day.days = Days::from_pairs(days);
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
            profile
                .add(1, money("1"), Some(&format!("c{index}")))
                .unwrap();
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
        assert_eq!(profile.days.first(), Some((100, 15050)));
        assert_eq!(profile.categories.len(), 2);
        assert_eq!(profile.categories[0].name(), "product");
        assert_eq!(profile.categories[0].amount, 39999);
    }

    #[test]
    fn the_scale_grows_to_the_largest_seen() {
        let profile = profile_of(&[(1, "5", "a"), (2, "0.125", "b"), (1, "1.5", "a")]);
        assert_eq!(profile.scale, 3);
        assert_eq!(profile.decimal(profile.total).to_string(), "6.625");
        assert_eq!(profile.days.first(), Some((1, 6500)));
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
        let days: Vec<i32> = profile.days.day_numbers().collect();
        assert!(days.windows(2).all(|pair| pair[0] < pair[1]));
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
        future[0] = 6;
        assert!(Profile::decode(&future).is_err());
    }

    /// The issue's two statements, in the core.
    #[test]
    fn division_results_and_float_products_add_up() {
        let mut divided = Profile::default();
        divided
            .add(1, money("1000.0000000000000000"), None)
            .unwrap();
        assert_eq!(divided.total().to_string(), "1000.0000000000000000");
        let mut floats = Profile::default();
        for (day, amount) in [(2, 349.79999999999995), (1, 148423.75)] {
            floats
                .add(day, Decimal::from_f64(amount).unwrap(), None)
                .unwrap();
        }
        assert_eq!(floats.total().to_string(), "148773.55");
        assert_eq!(floats.days.first(), Some((1, 14842375)));
    }

    /// One pass over both sorted runs gives what adding the days one by
    /// one gives: interleaved, equal and disjoint days, sums that leave 64
    /// bits (the fallback) and totals already 128 bits wide.
    #[test]
    fn merged_days_equal_days_added_one_by_one() {
        let mut next = crate::decimal::tests::xorshift(7);
        for round in 0..2_000 {
            let mut sides = [Days::default(), Days::default()];
            for side in sides.iter_mut() {
                for _ in 0..next() % 12 {
                    let day = (next() % 30) as i32;
                    let amount = match round % 4 {
                        0 => (next() % 1_000) as i128 - 500,
                        1 => i64::MAX as i128 / 2 + (next() % 3) as i128,
                        2 => (next() as i128) << 40,
                        _ => (next() % 100) as i128,
                    };
                    side.add(day, amount).unwrap();
                }
            }
            let [mut merged, other] = sides;
            let mut one_by_one = merged.clone();
            for (day, amount) in other.iter() {
                one_by_one.add(day, amount).unwrap();
            }
            merged.merge(&other).unwrap();
            assert_eq!(merged, one_by_one, "round {round}");
            assert_eq!(
                merged.largest_magnitude(),
                merged
                    .iter()
                    .map(|(_, t)| t.unsigned_abs())
                    .max()
                    .unwrap_or(0)
            );
        }
    }

    /// Scale 20 (x / 3.0) with 18 digits before the point: each day's
    /// total needs 128 bits; the days widen and the values stay exact.
    #[test]
    fn day_totals_widen_past_64_bits() {
        let third = "333333333333333333.33333333333333333333";
        let rows = [
            (1, "5", "a"),
            (2, "0.25", "b"),
            (1, third, "a"),
            (3, "1130", "b"),
            (2, "-0.125", "a"),
        ];
        let profile = profile_of(&rows);
        assert!(profile.days.is_wide());
        assert_eq!(
            profile.total().to_string(),
            "333333333333334468.45833333333333333333"
        );
        let day_one: Vec<_> = profile.days.iter().collect();
        assert_eq!(
            profile.decimal(day_one[0].1).to_string(),
            "333333333333333338.33333333333333333333"
        );
        // Every order of merging gives the same profile, narrow or wide.
        for split in 0..=rows.len() {
            let (left, right) = rows.split_at(split);
            let mut merged = profile_of(left);
            merged.merge(&profile_of(right)).unwrap();
            assert_eq!(merged, profile, "split at {split}");
        }
        // Both stored forms keep it.
        assert_eq!(Profile::decode(&profile.encode()).unwrap(), profile);
        assert_eq!(Profile::parse(&profile.to_text()).unwrap(), profile);
    }

    #[test]
    fn past_38_digits_totals_round_instead_of_failing() {
        let near = format!("{}.{}", "9".repeat(18), "9".repeat(20));
        let mut profile = profile_of(&[(1, &near, "a")]);
        profile.add(2, money(&near), Some("b")).unwrap();
        // 1999999999999999999.99999999999999999998 to 38 digits.
        let two = format!("2{}.{}", "0".repeat(18), "0".repeat(19));
        assert_eq!(profile.total().to_string(), two);
        assert_eq!(profile.scale, 19);
        assert_eq!(profile.rows, 2);
        assert_eq!(Profile::decode(&profile.encode()).unwrap(), profile);
        // Decimals past a large total's room are rounded off.
        let mut whole = profile_of(&[(1, &"9".repeat(30), "a")]);
        whole.add(1, money("0.000000001"), None).unwrap();
        assert_eq!(
            whole.total().to_string(),
            format!("{}.0000000", "9".repeat(30))
        );
        assert_eq!(whole.rows, 2);
        // The float residue case, in both orders, serial and merged.
        let big = Decimal::from_f64(987654321.5).unwrap();
        let residue = Decimal::from_f64(0.1 * 3.0 - 0.3).unwrap();
        let expected = "987654321.5000000000000000555111512313";
        for (first, second) in [(big, residue), (residue, big)] {
            let mut serial = Profile::default();
            serial.add(1, first, Some("x")).unwrap();
            serial.add(2, second, Some("y")).unwrap();
            assert_eq!(serial.total().to_string(), expected);
            let mut left = Profile::default();
            left.add(1, first, Some("x")).unwrap();
            let mut right = Profile::default();
            right.add(2, second, Some("y")).unwrap();
            left.merge(&right).unwrap();
            assert_eq!(left.total().to_string(), expected);
            serial.check_consistent().unwrap();
            left.check_consistent().unwrap();
        }
        // 1e300, subnormals and mixed signs: no error, totals as floats sum.
        let mut wide = Profile::default();
        for (day, value) in [
            (1, 1e300),
            (2, 5e-324),
            (3, -1e300),
            (4, 12.5),
            (5, -2.25),
            (6, 1e-310),
        ] {
            wide.add(day, Decimal::from_f64(value).unwrap(), None)
                .unwrap();
        }
        assert_eq!(wide.rows, 6);
        assert_eq!(wide.returns, 2);
        assert_eq!(
            wide.max_amount.map(|max| wide.decimal(max).to_f64()),
            Some(1e300)
        );
        // 1e300 - 1e300 leaves the total at 1e300's rounding: the cents are
        // below its last kept digit, as in sum(float8).
        assert_eq!(wide.total().to_f64(), 0.0);
        assert_eq!(Profile::decode(&wide.encode()).unwrap(), wide);
        // The text form reads back the same values (1e300 may come back
        // as 38 digits at scale -263 rather than 37 at -264).
        let text = Profile::parse(&wide.to_text()).unwrap();
        assert_eq!(text.to_text(), wide.to_text());
        assert_eq!(text.total(), wide.total());
    }

    /// 1,000,000 rows of amounts with up to 33 significant digits at scale
    /// 20 (x / 3.0 style), on 37 days: totals of 38 digits, checked against
    /// an independent decimal sum, and split in two and merged.
    #[test]
    fn a_million_rows_near_the_limit() {
        let amount = |i: u64| {
            Decimal::new(
                (i as i128 % 9_973 + 1) * 100_000_000_700_000_000_100_000_000_003 / 7,
                20,
            )
            .unwrap()
        };
        let mut whole = Profile::default();
        let mut halves = [Profile::default(), Profile::default()];
        let mut expected = Decimal::ZERO;
        for i in 0..1_000_000u64 {
            let day = (i % 37) as i32;
            let value = if i % 10 == 0 {
                Decimal::new(-amount(i).mantissa(), 20).unwrap()
            } else {
                amount(i)
            };
            expected = expected.checked_add(&value).unwrap();
            whole.add(day, value, Some("c")).unwrap();
            halves[(i % 2) as usize].add(day, value, Some("c")).unwrap();
        }
        assert_eq!(whole.total(), expected);
        assert_eq!(whole.total().mantissa().abs().to_string().len(), 38);
        let day_sum = whole
            .days
            .iter()
            .try_fold(0i128, |sum, (_, total)| sum.checked_add(total))
            .unwrap();
        assert_eq!(whole.decimal(day_sum), expected);
        let [mut left, right] = halves;
        left.merge(&right).unwrap();
        assert_eq!(left, whole);
    }

    /// The 0.1.0 writer, kept to prove that its bytes still read.
    fn encode_v1(profile: &Profile) -> Vec<u8> {
        let mut writer = Writer::new(VERSION_1);
        writer
            .u64(profile.rows)
            .u64(profile.skipped)
            .u64(profile.returns)
            .u16(profile.scale as u16)
            .i128(profile.total);
        writer.u8(profile.max_amount.is_some() as u8);
        if let Some(max) = profile.max_amount {
            writer.i128(max);
        }
        writer.len(profile.days.len());
        for (day, amount) in profile.days.iter() {
            writer.i32(day).i128(amount);
        }
        profile.write_categories(&mut writer);
        writer.finish()
    }

    #[test]
    fn version_1_still_reads_and_gives_the_same_header() {
        for rows in [rows(), vec![], vec![(7, "1.5", "x")]] {
            let mut profile = profile_of(&rows);
            profile.skip();
            let old = encode_v1(&profile);
            assert_eq!(old[0], 1);
            assert_eq!(Profile::decode(&old).unwrap(), profile);
            assert_eq!(Profile::read_header(&old).unwrap(), profile.header());
            let new = profile.encode();
            assert_eq!(Profile::read_header(&new).unwrap(), profile.header());
            assert!(Profile::decode(&old[..old.len() - 1]).is_err());
        }
    }

    #[test]
    fn the_header_sits_at_fixed_offsets() {
        let profile = profile_of(&rows());
        let bytes = profile.encode();
        let at = |offset: usize, len: usize| &bytes[1 + offset..1 + offset + len];
        assert_eq!(at(0, 8), 6u64.to_le_bytes());
        assert_eq!(at(24, 4), 5u32.to_le_bytes());
        assert_eq!(at(28, 2), 2u16.to_le_bytes());
        assert_eq!(at(32, 4), 100i32.to_le_bytes());
        assert_eq!(at(36, 4), 250i32.to_le_bytes());
        assert_eq!(at(40, 4), 190i32.to_le_bytes());
        assert_eq!(at(48, 16), 44049i128.to_le_bytes());
        assert_eq!(at(64, 16), 20000i128.to_le_bytes());
        assert_eq!(at(80, 16), 15050i128.to_le_bytes());
        // gaps 30, 30, 30, 60
        assert_eq!(at(96, 16), 6300u128.to_le_bytes());
        assert_eq!(
            bytes.len(),
            1 + HEADER_SIZE + 5 * 20 + 4 + 2 * (4 + 7 + 8 + 16)
        );
    }

    #[test]
    fn a_header_that_disagrees_with_the_days_is_corrupted() {
        let bytes = profile_of(&rows()).encode();
        for (offset, what) in [
            (1, "rows"),
            (49, "total"),
            (33, "first day"),
            (97, "gap squares"),
            (31, "has max"),
        ] {
            let mut damaged = bytes.clone();
            damaged[offset] ^= 0x04;
            let error = Profile::decode(&damaged).unwrap_err();
            assert_eq!(error.kind, crate::error::Kind::Corrupted, "{what}");
        }
        assert!(Profile::read_header(&bytes[..HEADER_SIZE]).is_err());
        assert!(Profile::read_header(&[9]).is_err());
    }

    #[test]
    fn categories_read_alone() {
        let profile = profile_of(&rows());
        let bytes = profile.encode();
        assert_eq!(
            Profile::read_categories(&bytes).unwrap(),
            profile.categories
        );
        assert_eq!(
            Profile::read_categories(&encode_v1(&profile)).unwrap(),
            profile.categories
        );
        assert!(Profile::read_categories(&bytes[..1 + HEADER_SIZE + 6]).is_err());
        let old = profile.encode_with(false);
        assert!(Profile::read_categories(&old[..old.len() - 1]).is_err());
        assert!(Profile::read_categories(&[2, 0]).is_err());
        assert!(Profile::read_categories(&[4, 0]).is_err());
    }
}

fn days_limit() -> Error {
    Error::limit_exceeded(format!(
        "a profile holds at most {MAX_DAYS} distinct purchase days"
    ))
}

/// XX001 for a stored profile of no version this build reads (1 to 5), or
/// an empty one.
fn unknown_version(bytes: &[u8]) -> Error {
    Error::corrupted(match bytes.first() {
        Some(version) => format!(
            "customer_profile: stored with format version {version}, this build reads versions 1 to 5"
        ),
        None => "customer_profile: empty stored value".to_string(),
    })
}

/// A sum of row counts, refused (54000) when it leaves u64.
fn add_count(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b).ok_or_else(|| {
        Error::limit_exceeded("a profile counts more than 18446744073709551615 rows")
    })
}
