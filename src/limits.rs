//! The bound on one group's aggregate state: `segments.max_state_mb`.
//!
//! Aggregates whose state grows with the rows (values of a scale, the
//! population of an RFM scale, a class tree's customer sets, the nodes of a
//! tree, the labels of a bar chart, the distinct histories a model is
//! fitted on) charge what they hold against this bound and refuse to grow past
//! it with error 54000, naming the aggregate and the bound; docs/limits.md
//! lists what each state holds and how it grows. The core reads the bound
//! through `max_bytes()`; `_PG_init` installs the reader of the setting (in
//! unit tests the default applies).

use std::sync::OnceLock;

use crate::error::Error;

/// Default bound in MB: 1 GB per group. On a 24 GB machine shared by
/// several backends, a few such groups at once (a parallel query's
/// workers each hold one) still leave room for shared_buffers and the
/// other sessions; PostgreSQL cannot ship a state over 1 GB anyway.
pub const DEFAULT_MB: i32 = 1024;
pub const MIN_MB: i32 = 1;
/// 1 TB: no single allocation could be larger on any machine this runs on.
pub const MAX_MB: i32 = 1 << 20;

static READER: OnceLock<fn() -> i32> = OnceLock::new();

/// Installs the reader of `segments.max_state_mb`.
pub fn install(reader: fn() -> i32) {
    let _ = READER.set(reader);
}

/// The bound in MB now.
pub fn max_mb() -> usize {
    READER
        .get()
        .map_or(DEFAULT_MB, |read| read())
        .clamp(MIN_MB, MAX_MB) as usize
}

/// The bound in bytes now.
pub fn max_bytes() -> usize {
    max_mb() << 20
}

/// How many items of `bytes_each` bytes one state may hold now, at most `cap`.
pub fn max_items(bytes_each: usize, cap: usize) -> usize {
    (max_bytes() / bytes_each.max(1)).min(cap)
}

/// The error of a state that would pass the bound.
pub fn exceeded(aggregate: &str, what: &str) -> Error {
    Error::limit_exceeded(format!(
        "{aggregate}: the state of one group would exceed segments.max_state_mb ({} MB) with {what}; \
         raise segments.max_state_mb or split the groups",
        max_mb()
    ))
}

/// `Ok` while `bytes` stays within the bound.
pub fn charge(
    aggregate: &str,
    bytes: usize,
    what: impl FnOnce() -> String,
) -> crate::error::Result<()> {
    if bytes > max_bytes() {
        return Err(exceeded(aggregate, &what()));
    }
    Ok(())
}

/// Makes room in a state's vector for `more` items, growing it (doubling)
/// no further than the bound allows, `parts` such vectors sharing the
/// bound (the three dimensions of an RFM scale): the state never
/// allocates past the bound, and an error names the aggregate when the
/// items would not fit. Checks only when the vector must grow, so a row
/// costs nothing more.
#[inline]
pub fn reserve<T>(
    items: &mut Vec<T>,
    more: usize,
    aggregate: &str,
    noun: &str,
    parts: usize,
) -> crate::error::Result<()> {
    let need = items.len().saturating_add(more);
    if need <= items.capacity() {
        return Ok(());
    }
    grow(items, need, aggregate, noun, parts)
}

#[cold]
fn grow<T>(
    items: &mut Vec<T>,
    need: usize,
    aggregate: &str,
    noun: &str,
    parts: usize,
) -> crate::error::Result<()> {
    let each = std::mem::size_of::<T>().max(1) * parts.max(1);
    let max = max_bytes() / each;
    if need > max {
        return Err(exceeded(
            aggregate,
            &format!("{need} {noun} of {each} bytes"),
        ));
    }
    let target = items
        .capacity()
        .saturating_mul(2)
        .max(need)
        .max(16)
        .min(max);
    items.reserve_exact(target - items.len());
    Ok(())
}

/// Makes room in a state's hash table for one more entry: when the table
/// is full (its next insert doubles it), refuses with an error naming the
/// aggregate if the doubled table would pass the bound, so the table
/// never allocates past it. A table of `buckets` holds an entry and a
/// control byte per bucket, and grows when 7/8 of them are used (the
/// standard library's tables). Checks only when the table must grow.
#[inline]
pub fn reserve_entry<K, V, S>(
    table: &std::collections::HashMap<K, V, S>,
    aggregate: &str,
    noun: &str,
) -> crate::error::Result<()> {
    if table.len() < table.capacity() {
        return Ok(());
    }
    grow_table(
        table.len(),
        table.capacity(),
        std::mem::size_of::<(K, V)>(),
        aggregate,
        noun,
    )
}

/// The bytes of a table with room for `capacity` entries of `entry` bytes.
fn table_bytes(capacity: usize, entry: usize) -> usize {
    let buckets = if capacity < 8 {
        if capacity < 4 {
            4
        } else {
            8
        }
    } else {
        (capacity.saturating_mul(8) / 7).next_power_of_two()
    };
    buckets.saturating_mul(entry + 1).saturating_add(16)
}

#[cold]
fn grow_table(
    len: usize,
    capacity: usize,
    entry: usize,
    aggregate: &str,
    noun: &str,
) -> crate::error::Result<()> {
    let bytes = table_bytes(capacity + 1, entry);
    if bytes > max_bytes() {
        return Err(exceeded(
            aggregate,
            &format!(
                "{} {noun} (a table of {bytes} bytes, {} bytes an entry)",
                len + 1,
                entry + 1
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_applies_without_a_reader() {
        assert_eq!(super::max_mb(), 1024);
        assert_eq!(super::max_items(8, usize::MAX), (1024 << 20) / 8);
        assert_eq!(super::max_items(8, 10), 10);
        assert!(super::charge("x", 1 << 30, || "y".into()).is_ok());
        let error = super::charge("quantile_scale", (1 << 30) + 1, || {
            "134217729 values".into()
        })
        .unwrap_err();
        assert!(
            error.message.starts_with("quantile_scale: "),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("segments.max_state_mb (1024 MB)"),
            "{}",
            error.message
        );
    }

    #[test]
    fn reserve_grows_within_the_bound() {
        let mut values: Vec<f64> = Vec::new();
        for i in 0..1000 {
            super::reserve(&mut values, 1, "quantile_scale", "values", 1).unwrap();
            values.push(i as f64);
        }
        assert!(values.capacity() >= 1000 && values.capacity() <= 2048);
        let mut huge: Vec<f64> = Vec::new();
        let error = super::reserve(&mut huge, (1 << 27) + 1, "abc_scale", "values", 1).unwrap_err();
        assert!(
            error.message.contains("134217729 values of 8 bytes"),
            "{}",
            error.message
        );
        assert!(super::reserve(&mut huge, (1 << 27) / 3 + 1, "rfm_scale", "customers", 3).is_err());
    }

    #[test]
    fn table_bytes_follow_the_tables_growth() {
        // The estimate is what a table of that capacity really is: grow a
        // table and compare at every doubling.
        let mut table: std::collections::HashMap<u64, u64> = std::collections::HashMap::new();
        for i in 0..100_000u64 {
            super::reserve_entry(&table, "bgnbd_fit", "histories").unwrap();
            let before = table.capacity();
            table.insert(i, i);
            if table.capacity() != before {
                let buckets = (super::table_bytes(table.capacity(), 16) - 16) / 17;
                // capacity is 7/8 of the buckets (3/4 under 8 buckets).
                assert!(
                    buckets * 7 / 8 == table.capacity() || buckets * 3 / 4 == table.capacity(),
                    "{} buckets for capacity {}",
                    buckets,
                    table.capacity()
                );
            }
        }
        // 1 GB holds tables of up to 2^25 buckets of 17 bytes (570 MB):
        // the next doubling (1.1 GB) is refused before it allocates.
        let error = super::grow_table(
            (1 << 25) * 7 / 8,
            (1 << 25) * 7 / 8,
            16,
            "bgnbd_fit",
            "distinct histories",
        )
        .unwrap_err();
        assert!(
            error.message.starts_with("bgnbd_fit: "),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("29360129 distinct histories"),
            "{}",
            error.message
        );
        assert!(super::grow_table((1 << 24) * 7 / 8, (1 << 24) * 7 / 8, 16, "x", "y").is_ok());
    }
}
