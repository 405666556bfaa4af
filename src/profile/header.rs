//! The fixed-size header of a stored profile: every scalar measure's inputs
//! at known offsets right after the version byte, so that accessors such
//! as `total(p)` or `last_purchase(p)` read a few bytes instead of decoding
//! the purchase days and categories behind it.
//!
//! Version 2 layout (little-endian, `HEADER_SIZE` bytes after the version):
//!
//! | offset | field |
//! |---|---|
//! | 0 | rows u64 |
//! | 8 | skipped u64 |
//! | 16 | returns u64 |
//! | 24 | purchase days u32 |
//! | 28 | scale i16 (0 to 38 before 0.3.0; negative once rounded past 38 digits) |
//! | 30 | has a max u8, 0 or 1 |
//! | 31 | reserved u8, 0 |
//! | 32 | first purchase day i32 |
//! | 36 | last purchase day i32 |
//! | 40 | the purchase day before the last i32 |
//! | 44 | reserved u32, 0 (since version 4: where the top category is) |
//! | 48 | total i128 |
//! | 64 | max i128 |
//! | 80 | first purchase day's total i128 |
//! | 96 | sum of the squared gaps between purchase days u128 |
//!
//! Days without purchases read as 0. Then the days (day i32, total i128)
//! and the categories, as in version 1.
//!
//! Version 3 (a profile given its documents) adds, right after that
//! header, the documents' summary (`DOCUMENTS_SIZE` bytes: orders u64,
//! returns u64, the largest order's total i128, 0 without orders), so that
//! `orders(p)` and its neighbours stay a read of a few bytes; the
//! documents themselves follow the categories (in version 5, the days).
//!
//! Versions 4 and 5, written since 0.3.0, are versions 2 and 3 with the
//! categories before the days, and the u32 at offset 44 gives where the
//! top category's name is: its offset in the stored value (the version
//! byte is at 0), or 0 without a top category (no category, or amounts
//! that do not sum above 0). `top_category(p)` then reads the name where
//! it is, two loads in all, instead of walking every category's length,
//! rows and amount to find it (a chain of dependent loads, each a cache
//! miss on a stored value just read from its page). The top category is
//! the one `Categories::top_index` picks (the largest share as f64, ties
//! to the first by name), and decoding refuses an offset that is not that
//! one: a release that picks it otherwise needs a new version byte.

use crate::codec::Writer;
use crate::error::{Error, Result};
use crate::profile::state::Profile;

pub const HEADER_SIZE: usize = 112;
/// Bytes of the documents summary (versions 3 and 5), after the header.
pub const DOCUMENTS_SIZE: usize = 32;

/// Where the parts of a stored profile of version 2 to 5 are (see the
/// module's notes); version 1 has no header.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// The documents' summary follows the header, the documents come last.
    pub documented: bool,
    /// The categories come before the days.
    pub categories_first: bool,
}

impl Layout {
    /// The layout of a stored profile whose version byte is `version`.
    pub fn of(version: u8) -> Option<Layout> {
        let (documented, categories_first) = match version {
            2 => (false, false),
            3 => (true, false),
            4 => (false, true),
            5 => (true, true),
            _ => return None,
        };
        Some(Layout {
            documented,
            categories_first,
        })
    }

    /// The version byte of this layout.
    pub fn version(self) -> u8 {
        2 + self.documented as u8 + 2 * self.categories_first as u8
    }

    /// The bytes after the version byte before the first variable part:
    /// the header and, when documented, the documents' summary.
    pub fn header_size(self) -> usize {
        HEADER_SIZE + if self.documented { DOCUMENTS_SIZE } else { 0 }
    }

    /// Whether the categories are the last part (nothing may follow them).
    pub fn categories_last(self) -> bool {
        !self.documented && !self.categories_first
    }
}

/// What the measures read of a profile's documents: orders (documents
/// whose lines sum to 0 or more), returns (below 0) and the largest
/// order's total.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DocumentSummary {
    pub(crate) orders: u64,
    pub(crate) returns: u64,
    pub(crate) max_order: Option<i128>,
}

/// The scalar inputs of the measures; see the module's table.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Header {
    pub(crate) rows: u64,
    pub(crate) skipped: u64,
    pub(crate) returns: u64,
    pub(crate) days: u32,
    pub(crate) scale: i16,
    pub(crate) first_day: i32,
    pub(crate) last_day: i32,
    /// The purchase day before the last; 0 with fewer than two.
    pub(crate) previous_day: i32,
    pub(crate) total: i128,
    pub(crate) max_amount: Option<i128>,
    pub(crate) first_day_total: i128,
    /// Σ (gap between consecutive purchase days)², exact.
    pub(crate) gap_squares: u128,
    /// `None`: the rows were not given documents (each is its own).
    pub(crate) documents: Option<DocumentSummary>,
}

impl Profile {
    pub fn header(&self) -> Header {
        let mut days = self.days.iter();
        let first = days.next();
        let mut header = Header {
            rows: self.rows,
            skipped: self.skipped,
            returns: self.returns,
            days: self.days.len() as u32,
            scale: self.scale,
            total: self.total,
            max_amount: self.largest(),
            documents: self.documents.as_ref().map(|documents| DocumentSummary {
                orders: documents.orders(),
                returns: documents.returns(),
                max_order: documents.max_order(),
            }),
            ..Header::default()
        };
        if let Some((first_day, first_total)) = first {
            header.first_day = first_day;
            header.last_day = first_day;
            header.first_day_total = first_total;
            for (day, _) in days {
                let gap = (day - header.last_day) as u128;
                header.gap_squares += gap * gap;
                header.previous_day = header.last_day;
                header.last_day = day;
            }
        }
        header
    }
}

fn field<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    bytes[at..at + N].try_into().expect("within the header")
}

impl Header {
    /// Writes the header; `top_category_at` goes at offset 44 (0 before
    /// version 4).
    pub fn write(&self, writer: &mut Writer, top_category_at: u32) {
        writer
            .u64(self.rows)
            .u64(self.skipped)
            .u64(self.returns)
            .u32(self.days)
            .u16(self.scale as u16)
            .u8(self.max_amount.is_some() as u8)
            .u8(0)
            .i32(self.first_day)
            .i32(self.last_day)
            .i32(self.previous_day)
            .u32(top_category_at)
            .i128(self.total)
            .i128(self.max_amount.unwrap_or(0))
            .i128(self.first_day_total)
            .i128(self.gap_squares as i128);
        if let Some(documents) = &self.documents {
            writer
                .u64(documents.orders)
                .u64(documents.returns)
                .i128(documents.max_order.unwrap_or(0));
        }
    }

    /// Reads the header of a version 3 or 5 profile (`bytes` after the
    /// version byte): version 2's, then the documents summary.
    pub fn read_documented(bytes: &[u8]) -> Result<Header> {
        let mut header = Header::read(bytes)?;
        if bytes.len() < HEADER_SIZE + DOCUMENTS_SIZE {
            return Err(Error::corrupted(
                "customer_profile: stored value is truncated",
            ));
        }
        let at = HEADER_SIZE;
        let orders = u64::from_le_bytes(field(bytes, at));
        let returns = u64::from_le_bytes(field(bytes, at + 8));
        let max_order = i128::from_le_bytes(field(bytes, at + 16));
        if orders
            .checked_add(returns)
            .is_none_or(|documents| documents > header.rows)
            || (orders == 0 && max_order != 0)
            || max_order < 0
        {
            return Err(Error::corrupted("customer_profile: header out of range"));
        }
        header.documents = Some(DocumentSummary {
            orders,
            returns,
            max_order: (orders > 0).then_some(max_order),
        });
        Ok(header)
    }

    /// Reads the header of a version 2 to 5 profile (without the documents
    /// summary): `bytes` after the version byte. Only the header's own fields are checked here; a full decode
    /// also checks them against the days.
    pub fn read(bytes: &[u8]) -> Result<Header> {
        let corrupted = |what: &str| Error::corrupted(format!("customer_profile: {what}"));
        if bytes.len() < HEADER_SIZE {
            return Err(corrupted("stored value is truncated"));
        }
        let has_max = bytes[30];
        let scale = i16::from_le_bytes(field(bytes, 28));
        if has_max > 1
            || bytes[31] != 0
            || !(crate::decimal::MIN_SCALE..=crate::decimal::MAX_SCALE).contains(&scale)
        {
            return Err(corrupted("header out of range"));
        }
        let header = Header {
            rows: u64::from_le_bytes(field(bytes, 0)),
            skipped: u64::from_le_bytes(field(bytes, 8)),
            returns: u64::from_le_bytes(field(bytes, 16)),
            days: u32::from_le_bytes(field(bytes, 24)),
            scale,
            first_day: i32::from_le_bytes(field(bytes, 32)),
            last_day: i32::from_le_bytes(field(bytes, 36)),
            previous_day: i32::from_le_bytes(field(bytes, 40)),
            total: i128::from_le_bytes(field(bytes, 48)),
            max_amount: (has_max == 1).then(|| i128::from_le_bytes(field(bytes, 64))),
            first_day_total: i128::from_le_bytes(field(bytes, 80)),
            gap_squares: u128::from_le_bytes(field(bytes, 96)),
            documents: None,
        };
        let days_in_order = match header.days {
            0 => header.first_day == 0 && header.last_day == 0,
            1 => header.first_day == header.last_day,
            _ => header.first_day <= header.previous_day && header.previous_day < header.last_day,
        };
        if !days_in_order
            || (header.days > 0) != header.max_amount.is_some()
            || header.days as u64 > header.rows
            || header.returns > header.rows
        {
            return Err(corrupted("header out of range"));
        }
        Ok(header)
    }
}

/// The fields of a stored version 2 to 5 header that one scalar accessor
/// reads, each read in place and alone: a measure such as `orders(p)`
/// touches the eight bytes it needs, not the whole header (which spans two
/// cache lines), the one cost left where accessors are compared with plain
/// columns. Each gives what `Header::read` followed by the measure gives
/// for a stored value; `Header::read` also checks the header as a whole.
pub struct Fields<'a> {
    /// The bytes after the version byte, at least a header (and, when
    /// documented, its documents summary) long.
    bytes: &'a [u8],
    layout: Layout,
}

impl<'a> Fields<'a> {
    /// `None` unless `stored` is a version 2 to 5 profile long enough.
    pub fn of(stored: &'a [u8]) -> Option<Fields<'a>> {
        let (version, bytes) = stored.split_first()?;
        let layout = Layout::of(*version)?;
        (bytes.len() >= layout.header_size()).then_some(Fields { bytes, layout })
    }

    /// Where the top category's name is in the stored value (see the
    /// module's notes): `Some(0)` without a top category; `None` before
    /// version 4, which did not keep it.
    pub fn top_category_at(&self) -> Option<usize> {
        self.layout
            .categories_first
            .then(|| u32::from_le_bytes(field(self.bytes, 44)) as usize)
    }

    fn u64_at(&self, at: usize) -> u64 {
        u64::from_le_bytes(field(self.bytes, at))
    }

    pub fn lines(&self) -> u64 {
        self.u64_at(0)
    }

    pub fn skipped(&self) -> u64 {
        self.u64_at(8)
    }

    pub fn orders(&self) -> u64 {
        if self.layout.documented {
            self.u64_at(HEADER_SIZE)
        } else {
            self.lines()
        }
    }

    pub fn returns(&self) -> u64 {
        if self.layout.documented {
            self.u64_at(HEADER_SIZE + 8)
        } else {
            self.u64_at(16)
        }
    }

    pub fn purchase_days(&self) -> u64 {
        u32::from_le_bytes(field(self.bytes, 24)) as u64
    }

    pub fn first_day(&self) -> Option<i32> {
        (self.purchase_days() > 0).then(|| i32::from_le_bytes(field(self.bytes, 32)))
    }

    pub fn last_day(&self) -> Option<i32> {
        (self.purchase_days() > 0).then(|| i32::from_le_bytes(field(self.bytes, 36)))
    }

    /// The total; XX001 when the stored scale is out of range.
    pub fn total(&self) -> Result<crate::decimal::Decimal> {
        let scale = i16::from_le_bytes(field(self.bytes, 28));
        if !(crate::decimal::MIN_SCALE..=crate::decimal::MAX_SCALE).contains(&scale) {
            return Err(Error::corrupted("customer_profile: header out of range"));
        }
        crate::decimal::Decimal::new(i128::from_le_bytes(field(self.bytes, 48)), scale)
    }
}
