//! A customer's documents (orders, invoices): the total of each document
//! the profile's rows belong to, kept by key so that partial states merge
//! exactly when one document's lines reach different parallel workers or
//! Citus shards (a document split across partials is one document, its
//! parts summed, never counted twice).
//!
//! The rule for returns: a document whose lines sum to a negative amount is
//! a return (a credit note), not an order. A document summing to exactly 0
//! (a cancelled order kept with its reversal) is an order of 0.
//!
//! Memory grows with the customer's distinct documents, never with the
//! rows: each document keeps its key and its total (`BYTES_EACH` bytes, at
//! most, for an integer key; text keys add their length). The number of
//! documents one profile may hold is bounded by `segments.max_state_mb`
//! and by `MAX_DOCUMENTS`; past it, error 54000.
//!
//! Amounts are mantissas at the owning profile's scale, which rescales
//! them with its other amounts.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::codec::{Reader, Writer};
use crate::decimal;
use crate::error::{Error, Result};

/// The key of a document: int4 and int8 ids compare as integers, text ids
/// as their bytes; an integer id never equals a text id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKey {
    Int(i64),
    Text(Box<[u8]>),
}

impl DocKey {
    fn bytes(&self) -> usize {
        match self {
            DocKey::Int(_) => 0,
            DocKey::Text(text) => text.len(),
        }
    }
}

/// A document key as a row gives it, borrowed: looking a row's document up
/// costs no allocation; only a new document's key is copied into the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocRef<'a> {
    Int(i64),
    Text(&'a [u8]),
}

impl DocRef<'_> {
    fn to_key(self) -> DocKey {
        match self {
            DocRef::Int(id) => DocKey::Int(id),
            DocRef::Text(text) => DocKey::Text(text.into()),
        }
    }
}

/// What a key, owned or borrowed, reads as: the map of `DocKey`s is
/// searched with either (`DocRef` orders as `DocKey` does: integers first,
/// then text by its bytes).
pub trait KeyView {
    fn view(&self) -> DocRef<'_>;
}

impl KeyView for DocKey {
    fn view(&self) -> DocRef<'_> {
        match self {
            DocKey::Int(id) => DocRef::Int(*id),
            DocKey::Text(text) => DocRef::Text(text),
        }
    }
}

impl KeyView for DocRef<'_> {
    fn view(&self) -> DocRef<'_> {
        *self
    }
}

impl PartialEq for dyn KeyView + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.view() == other.view()
    }
}

impl Eq for dyn KeyView + '_ {}

impl PartialOrd for dyn KeyView + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for dyn KeyView + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        self.view().cmp(&other.view())
    }
}

impl<'a> Borrow<dyn KeyView + 'a> for DocKey {
    fn borrow(&self) -> &(dyn KeyView + 'a) {
        self
    }
}

/// Bytes charged per document against `segments.max_state_mb`: key,
/// total and the map's own overhead (an estimate from above).
pub const BYTES_EACH: usize = 64;

/// At most this many documents in one profile, whatever the memory bound
/// (ten million: decades of daily orders for the largest customer).
pub const MAX_DOCUMENTS: usize = 10_000_000;

/// The documents of one profile, by key, each with its total (a mantissa
/// at the profile's scale).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Documents {
    totals: BTreeMap<DocKey, i128>,
    /// Σ bytes of the text keys, for the memory bound.
    key_bytes: usize,
}

impl Documents {
    pub fn len(&self) -> usize {
        self.totals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.totals.is_empty()
    }

    /// Bytes this set holds, as charged against the bound.
    pub fn bytes(&self) -> usize {
        self.totals.len() * BYTES_EACH + self.key_bytes
    }

    fn check_bound(&self, max_bytes: usize) -> Result<()> {
        if self.totals.len() > MAX_DOCUMENTS {
            return Err(Error::limit_exceeded(format!(
                "a profile holds at most {MAX_DOCUMENTS} documents"
            )));
        }
        if self.bytes() > max_bytes {
            return Err(crate::limits::exceeded(
                "profile",
                &format!("{} documents", self.totals.len()),
            ));
        }
        Ok(())
    }

    /// Adds `amount` to document `key`; `Ok(false)`, unchanged, when its
    /// total would leave 128 bits; 54000 past the bound (`max_bytes`).
    pub fn add(&mut self, key: &dyn KeyView, amount: i128, max_bytes: usize) -> Result<bool> {
        match self.totals.get_mut(key) {
            Some(total) => match total.checked_add(amount) {
                Some(sum) => {
                    *total = sum;
                    Ok(true)
                }
                None => Ok(false),
            },
            None => {
                let owned = key.view().to_key();
                let bytes = owned.bytes();
                self.totals.insert(owned, amount);
                self.key_bytes += bytes;
                if let Err(error) = self.check_bound(max_bytes) {
                    self.totals.remove(key);
                    self.key_bytes -= bytes;
                    return Err(error);
                }
                Ok(true)
            }
        }
    }

    /// Whether adding `amount` to `key` would fit in 128 bits.
    pub fn fits(&self, key: &dyn KeyView, amount: i128) -> bool {
        self.totals
            .get(key)
            .is_none_or(|total| total.checked_add(amount).is_some())
    }

    /// Adds another profile's documents (same scale), summing the totals
    /// of documents both hold.
    pub fn merge(&mut self, other: &Documents, max_bytes: usize) -> Result<Option<()>> {
        let mut merged = self.clone();
        for (key, amount) in &other.totals {
            match merged.totals.get_mut(key) {
                Some(total) => match total.checked_add(*amount) {
                    Some(sum) => *total = sum,
                    None => return Ok(None),
                },
                None => {
                    merged.totals.insert(key.clone(), *amount);
                    merged.key_bytes += key.bytes();
                }
            }
        }
        merged.check_bound(max_bytes)?;
        *self = merged;
        Ok(Some(()))
    }

    /// Removes `other`'s documents, each of which must be one of these
    /// with the same total (`align` brings `other`'s totals to this
    /// scale); `Ok(false)`, with nothing removed, when one is not.
    pub fn remove_whole(
        &mut self,
        other: &Documents,
        align: impl Fn(i128) -> Result<i128>,
    ) -> Result<bool> {
        for (key, total) in &other.totals {
            if self.totals.get(key) != Some(&align(*total)?) {
                return Ok(false);
            }
        }
        for key in other.totals.keys() {
            self.totals.remove(key);
            self.key_bytes -= key.bytes();
        }
        Ok(true)
    }

    /// Every total times `factor`; `None`, unchanged, on overflow.
    pub fn scale_up(&mut self, factor: i128) -> Option<()> {
        let mut scaled = self.totals.clone();
        for total in scaled.values_mut() {
            *total = total.checked_mul(factor)?;
        }
        self.totals = scaled;
        Some(())
    }

    /// Every total rounded from scale `from` to the smaller `to`.
    pub fn round_down(&mut self, from: i16, to: i16) {
        for total in self.totals.values_mut() {
            *total = decimal::round_down(*total, from, to);
        }
    }

    /// The largest magnitude (`unsigned_abs`) of the totals, 0 when none.
    pub fn largest_magnitude(&self) -> u128 {
        self.totals
            .values()
            .map(|total| total.unsigned_abs())
            .max()
            .unwrap_or(0)
    }

    /// Documents whose lines sum to 0 or more.
    pub fn orders(&self) -> u64 {
        self.totals.values().filter(|total| **total >= 0).count() as u64
    }

    /// Documents whose lines sum to less than 0.
    pub fn returns(&self) -> u64 {
        self.totals.values().filter(|total| **total < 0).count() as u64
    }

    /// The largest order's total (returns excluded).
    pub fn max_order(&self) -> Option<i128> {
        self.totals.values().copied().filter(|t| *t >= 0).max()
    }

    /// The largest document's total, returns included; `None` without
    /// documents.
    pub fn max_total(&self) -> Option<i128> {
        self.totals.values().copied().max()
    }

    /// The sum of every document's total; `None` past 128 bits.
    pub fn total(&self) -> Option<i128> {
        self.totals
            .values()
            .try_fold(0i128, |sum, total| sum.checked_add(*total))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&DocKey, i128)> + '_ {
        self.totals.iter().map(|(key, total)| (key, *total))
    }

    // ---- binary form: count u32, then per document a tag u8 (0 integer,
    // 1 text), the key (i64 as two u32 halves, low first; or the text) and
    // the total i128.

    pub fn write(&self, writer: &mut Writer) {
        writer.u32(self.totals.len() as u32);
        for (key, total) in &self.totals {
            match key {
                DocKey::Int(id) => {
                    writer.u8(0).u64(*id as u64);
                }
                DocKey::Text(text) => {
                    writer.u8(1).bytes(text);
                }
            }
            writer.i128(*total);
        }
    }

    pub fn read(reader: &mut Reader, max_bytes: usize) -> Result<Documents> {
        let corrupted = || Error::corrupted("customer_profile: documents out of order".to_string());
        let count = reader.u32()? as usize;
        let mut documents = Documents::default();
        let mut previous: Option<DocKey> = None;
        for _ in 0..count {
            let key = match reader.u8()? {
                0 => DocKey::Int(reader.u64()? as i64),
                1 => DocKey::Text(reader.bytes()?.into_boxed_slice()),
                _ => return Err(corrupted()),
            };
            let total = reader.i128()?;
            if previous.as_ref().is_some_and(|before| *before >= key) {
                return Err(corrupted());
            }
            documents.key_bytes += key.bytes();
            documents.totals.insert(key.clone(), total);
            previous = Some(key);
        }
        documents.check_bound(max_bytes)?;
        Ok(documents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUND: usize = 1 << 30;

    fn int(id: i64) -> DocKey {
        DocKey::Int(id)
    }

    fn text(id: &str) -> DocKey {
        DocKey::Text(id.as_bytes().into())
    }

    fn of(lines: &[(DocKey, i128)]) -> Documents {
        let mut documents = Documents::default();
        for (key, amount) in lines {
            assert!(documents.add(key, *amount, BOUND).unwrap());
        }
        documents
    }

    #[test]
    fn lines_of_one_document_are_one_order() {
        let documents = of(&[(int(1), 100), (int(1), 50), (int(2), 30)]);
        assert_eq!(documents.len(), 2);
        assert_eq!(documents.orders(), 2);
        assert_eq!(documents.max_order(), Some(150));
    }

    #[test]
    fn a_document_split_across_partials_counts_once() {
        let lines = [
            (int(1), 100),
            (int(2), 30),
            (int(1), 50),
            (int(3), -20),
            (int(2), 5),
        ];
        let serial = of(&lines);
        for split in 0..=lines.len() {
            let mut left = of(&lines[..split]);
            let right = of(&lines[split..]);
            left.merge(&right, BOUND).unwrap().unwrap();
            assert_eq!(left, serial, "split at {split}");
            let mut right = of(&lines[split..]);
            right.merge(&of(&lines[..split]), BOUND).unwrap().unwrap();
            assert_eq!(right, serial, "split at {split}, reversed");
        }
        assert_eq!(serial.orders(), 2);
        assert_eq!(serial.returns(), 1);
    }

    #[test]
    fn a_document_summing_below_zero_is_a_return() {
        // A credit note of two lines, and an order with a returned line
        // that still sums to more than 0, and a cancelled order (0).
        let documents = of(&[
            (text("CN-1"), -30),
            (text("CN-1"), -10),
            (text("SO-1"), 100),
            (text("SO-1"), -40),
            (text("SO-2"), 25),
            (text("SO-2"), -25),
        ]);
        assert_eq!(documents.returns(), 1);
        assert_eq!(documents.orders(), 2);
        assert_eq!(documents.max_order(), Some(60));
    }

    #[test]
    fn whole_documents_are_removed() {
        let mut documents = of(&[(int(1), 10), (int(2), 20), (int(3), -5)]);
        let part = of(&[(int(2), 20)]);
        assert!(!documents.remove_whole(&of(&[(int(2), 15)]), Ok).unwrap());
        assert!(!documents.remove_whole(&of(&[(int(9), 1)]), Ok).unwrap());
        assert_eq!(documents.len(), 3);
        assert!(documents.remove_whole(&part, Ok).unwrap());
        assert_eq!(documents, of(&[(int(1), 10), (int(3), -5)]));
    }

    #[test]
    fn integer_and_text_keys_are_different_documents() {
        let documents = of(&[(int(7), 1), (text("7"), 1)]);
        assert_eq!(documents.len(), 2);
    }

    #[test]
    fn round_trip() {
        let documents = of(&[(int(-5), 1), (int(9), -3), (text("ab"), 4), (text(""), 0)]);
        let mut writer = Writer::new(9);
        documents.write(&mut writer);
        let bytes = writer.finish();
        let mut reader = Reader::new(&bytes, 9, "customer_profile").unwrap();
        assert_eq!(Documents::read(&mut reader, BOUND).unwrap(), documents);
    }

    #[test]
    fn refused_past_the_bound() {
        let bound = 10 * BYTES_EACH;
        let mut documents = Documents::default();
        for id in 0..10 {
            documents.add(&int(id), 1, bound).unwrap();
        }
        let error = documents.add(&int(10), 1, bound).unwrap_err();
        assert!(format!("{error:?}").contains("max_state_mb"), "{error:?}");
        assert_eq!(documents.len(), 10);
        // An existing document still takes more lines.
        assert!(documents.add(&int(3), 1, bound).unwrap());
        let mut other = of(&[(int(20), 1)]);
        assert!(other.merge(&documents, bound).is_err());
    }

    #[test]
    fn overflow_is_reported_not_wrapped() {
        let mut documents = of(&[(int(1), i128::MAX)]);
        assert!(!documents.fits(&int(1), 1));
        assert!(!documents.add(&int(1), 1, BOUND).unwrap());
        assert_eq!(documents.max_order(), Some(i128::MAX));
    }
}
