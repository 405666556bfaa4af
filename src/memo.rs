//! Per-call-site memo of decoded arguments.
//!
//! A scale usually arrives as the same value on every row (a literal, a
//! column of a one-row subquery, a window aggregate's result). Decoding it
//! per row would cost more than classifying the row, so functions take such
//! arguments `Raw` (undecoded) and decode them once per call site: the
//! decoded value is kept in `fn_extra` with the bytes it came from, and is
//! rebuilt only when the bytes change.

use std::marker::PhantomData;

use pgrx::callconv::{Arg, ArgAbi};
use pgrx::datum::FromDatum;
use pgrx::pgrx_sql_entity_graph::metadata::{
    ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable, TypeOrigin,
};
use pgrx::{pg_sys, PgMemoryContexts};

/// An argument of SQL type `T`, passed through without decoding.
pub struct Raw<T> {
    datum: pg_sys::Datum,
    /// The argument's position in the call, when pgrx passed it (a raw
    /// entry point's `from_arg` does not say).
    index: Option<usize>,
    marker: PhantomData<T>,
}

impl<T> Raw<T> {
    pub fn datum(&self) -> pg_sys::Datum {
        self.datum
    }

    /// The bytes of a varlena argument (detoasted when needed).
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: Raw is only declared for varlena SQL types; a detoasted
        // copy lives in the current memory context, beyond this borrow.
        unsafe { crate::stored::varlena_bytes(self.datum) }
    }
}

impl<T> Raw<T> {
    /// Argument `index` of a raw entry point (src/fcinfo.rs), knowing its
    /// position as pgrx's arguments do; a NULL is an ordinary error.
    ///
    /// # Safety
    /// `fcinfo` is the live call info; argument `index` is of `T`'s SQL
    /// type.
    pub unsafe fn argument(fcinfo: pg_sys::FunctionCallInfo, index: usize) -> Self {
        // SAFETY: the caller's contract.
        let datum = unsafe { crate::fcinfo::arg(fcinfo, index) };
        Raw {
            datum: datum.unwrap_or_else(|| crate::fcinfo::null_argument(index)),
            index: Some(index),
            marker: PhantomData,
        }
    }

    /// What `build` makes of this argument (a scale, a tree, a model, a
    /// policy: the same value on every row, as a rule), once per call site
    /// and again only when its bytes change; when the argument is a
    /// constant or a query parameter there, later rows do not even compare
    /// its bytes (`memoized_at`). The rule that makes it sound: a function
    /// that calls it reads one argument so, always into the same `V`, and
    /// keeps nothing else in `fn_extra` (see `memoized`).
    pub(crate) fn memoized_by<'a, V: 'static>(
        &self,
        fcinfo: pg_sys::FunctionCallInfo,
        build: impl FnOnce() -> V,
    ) -> &'a V {
        // SAFETY: the rule above; fcinfo is the caller's live call info,
        // and `index` is this argument's position in it.
        unsafe {
            memoized_at(
                fcinfo,
                self.index.as_slice(),
                0,
                || [Some(self.bytes())],
                |_| build(),
            )
        }
    }

    /// `memoized_by` of `decode` (a value that does not decode is an
    /// error).
    pub(crate) fn decoded<'a, V: 'static>(
        &self,
        fcinfo: pg_sys::FunctionCallInfo,
        decode: fn(&[u8]) -> crate::error::Result<V>,
    ) -> &'a V {
        use crate::error::OrRaise;
        self.memoized_by(fcinfo, || decode(self.bytes()).or_raise())
    }
}

// SAFETY: the SQL type of `T`, whose datum `Raw` passes through.
unsafe impl<T: SqlTranslatable> SqlTranslatable for Raw<T> {
    const TYPE_IDENT: &'static str = T::TYPE_IDENT;
    const TYPE_ORIGIN: TypeOrigin = T::TYPE_ORIGIN;
    const ARGUMENT_SQL: Result<SqlMappingRef, ArgumentError> = T::ARGUMENT_SQL;
    const RETURN_SQL: Result<ReturnsRef, ReturnsError> = T::RETURN_SQL;
}

impl<T> FromDatum for Raw<T> {
    /// # Safety
    /// As `FromDatum`: `datum` is NULL or a value of `T`'s SQL type (kept
    /// as it is, read by `bytes`).
    unsafe fn from_polymorphic_datum(
        datum: pg_sys::Datum,
        is_null: bool,
        _: pg_sys::Oid,
    ) -> Option<Self> {
        (!is_null).then_some(Raw {
            datum,
            index: None,
            marker: PhantomData,
        })
    }
}

// SAFETY: reads the argument through `FromDatum` above.
unsafe impl<'fcx, T> ArgAbi<'fcx> for Raw<T> {
    /// # Safety
    /// As `ArgAbi`: the argument is of `T`'s SQL type; a NULL is an
    /// ordinary error.
    unsafe fn unbox_arg_unchecked(arg: Arg<'_, 'fcx>) -> Self {
        let index = arg.index();
        // SAFETY: the function's contract: an argument of `T`'s SQL type.
        let raw: Option<Self> = unsafe { arg.unbox_arg_using_from_datum() };
        let mut raw = raw.unwrap_or_else(|| crate::fcinfo::null_argument(index));
        raw.index = Some(index);
        raw
    }
}

struct Memo<T> {
    key: Vec<u8>,
    /// Set when the arguments the key was read from are constants or
    /// query parameters at this call site: they cannot change, so the key
    /// is not compared again (only `tag`).
    fixed: bool,
    tag: u64,
    value: T,
}

/// Each part of a key is written as a tag, its length and its bytes, so
/// that different parts never make the same key.
fn key_matches(stored: &[u8], parts: &[Option<&[u8]>]) -> bool {
    let mut rest = stored;
    for part in parts {
        let header = part.map_or([0u8; 9], |bytes| {
            let mut header = [1u8; 9];
            header[1..].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
            header
        });
        let Some(after_header) = rest.strip_prefix(header.as_slice()) else {
            return false;
        };
        let Some(after_part) = after_header.strip_prefix(part.unwrap_or_default()) else {
            return false;
        };
        rest = after_part;
    }
    rest.is_empty()
}

fn key_of(parts: &[Option<&[u8]>]) -> Vec<u8> {
    let mut key = Vec::new();
    for part in parts {
        match part {
            Some(bytes) => {
                key.push(1);
                key.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
                key.extend_from_slice(bytes);
            }
            None => key.extend_from_slice(&[0u8; 9]),
        }
    }
    key
}

/// The value `build` makes from the arguments whose bytes are `parts`
/// (`None` for a NULL), built once per call site and again only when the
/// bytes change. One memo per function.
///
/// # Safety
/// `fcinfo` must be the live call info of a function that uses `fn_extra`
/// for nothing else, always with the same `T`.
pub unsafe fn memoized<'a, T: 'static>(
    fcinfo: pg_sys::FunctionCallInfo,
    parts: &[Option<&[u8]>],
    build: impl FnOnce() -> T,
) -> &'a T {
    // SAFETY: the caller's contract.
    unsafe { memoized_at(fcinfo, &[], 0, || parts, |_| build()) }
}

/// As `memoized`, for the hottest per-row functions: `parts` are the bytes
/// of arguments `args` (read only when needed), `tag` a setting the value
/// also depends on (compared on every call). When every one of `args` is a
/// constant or a query parameter at this call site (PostgreSQL's
/// `get_fn_expr_arg_stable`), the value cannot go stale but by `tag`: later
/// calls compare the tag only, and `build` is told so (`true`), so that it
/// may keep what it returns for the rest of the query.
///
/// # Safety
/// As `memoized`.
pub unsafe fn memoized_at<'a, 'k, T: 'static, P: AsRef<[Option<&'k [u8]>]>>(
    fcinfo: pg_sys::FunctionCallInfo,
    args: &[usize],
    tag: u64,
    parts: impl FnOnce() -> P,
    build: impl FnOnce(bool) -> T,
) -> &'a T {
    // SAFETY: the caller's contract: `fn_extra` is NULL or this function's
    // `Memo<T>`, leaked into `fn_mcxt`, which lives as long as the call site.
    unsafe {
        let flinfo = (*fcinfo).flinfo;
        let memo = (*flinfo).fn_extra as *mut Memo<T>;
        if !memo.is_null() && (*memo).fixed && (*memo).tag == tag {
            return &(*memo).value;
        }
        let parts = parts();
        let parts = parts.as_ref();
        if !memo.is_null() && (*memo).tag == tag && key_matches(&(*memo).key, parts) {
            return &(*memo).value;
        }
        let fixed = !args.is_empty()
            && args
                .iter()
                .all(|&index| pg_sys::get_fn_expr_arg_stable(flinfo, index as i32));
        let fresh = Memo {
            key: key_of(parts),
            fixed,
            tag,
            value: build(fixed),
        };
        if memo.is_null() {
            let leaked = PgMemoryContexts::For((*flinfo).fn_mcxt).leak_and_drop_on_delete(fresh);
            (*flinfo).fn_extra = leaked.cast();
            &(*leaked).value
        } else {
            *memo = fresh;
            &(*memo).value
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_only_the_same_parts() {
        let key = key_of(&[Some(b"ab"), Some(b"c")]);
        assert!(key_matches(&key, &[Some(b"ab"), Some(b"c")]));
        assert!(!key_matches(&key, &[Some(b"a"), Some(b"bc")]));
        assert!(!key_matches(&key, &[Some(b"ab")]));
        assert!(!key_matches(&key, &[Some(b"ab"), None]));
        let with_null = key_of(&[Some(b""), None]);
        assert!(key_matches(&with_null, &[Some(b""), None]));
        assert!(!key_matches(&with_null, &[Some(b""), Some(b"")]));
    }
}
