//! The one entry point for JSON text the extension reads (type text forms,
//! segment maps, policies): a nesting limit checked before serde sees the
//! text, so deep JSON is a clear 54000 and never a recursion error, and no
//! string in it may hold a NUL byte.

use crate::error::{Error, Result};
use pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable;
use pgrx::JsonB;

/// Arrays and objects may nest this deep. serde_json stops at 128; the
/// extension's own JSON forms nest at most 4 levels.
pub const MAX_DEPTH: usize = 64;

/// Checks `text` (JSON read as `what`) for nesting deeper than
/// [`MAX_DEPTH`] (54000) and for `\u0000` escapes (22023). Scans bytes once
/// without allocating; strings and their escapes are skipped.
pub fn check(text: &str, what: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if in_string {
            match byte {
                b'\\' => {
                    if bytes[index + 1..].starts_with(b"u0000") {
                        return Err(Error::invalid_parameter(format!(
                            "{what}: text must not contain a NUL byte (\\u0000)"
                        )));
                    }
                    index += 1;
                }
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match byte {
                b'"' => in_string = true,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(Error::limit_exceeded(format!(
                            "{what}: JSON nests deeper than {MAX_DEPTH} levels"
                        )));
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        index += 1;
    }
    Ok(())
}

/// `serde_json::from_str` behind [`check`]; parse errors are 22P02 naming `what`.
pub fn from_str<'a, T: serde::Deserialize<'a>>(text: &'a str, what: &str) -> Result<T> {
    check(text, what)?;
    serde_json::from_str(text).map_err(|error| Error::invalid_text(format!("{what}: {error}")))
}

/// A `jsonb` argument as its text (jsonb_out), for [`from_str`]: pgrx's own
/// `JsonB` parses with serde_json while converting and fails with XX000 on
/// deep nesting. The SQL signature stays `jsonb`.
#[derive(Debug)]
pub struct JsonbText(pub String);

impl pgrx::datum::FromDatum for JsonbText {
    /// # Safety
    /// As `FromDatum`: `datum` is NULL or a jsonb value.
    unsafe fn from_polymorphic_datum(
        datum: pgrx::pg_sys::Datum,
        is_null: bool,
        _: pgrx::pg_sys::Oid,
    ) -> Option<JsonbText> {
        if is_null {
            return None;
        }
        // SAFETY: the function's contract: a jsonb varlena, detoasted into
        // the current memory context; jsonb_out returns a palloc'd
        // NUL-terminated string, copied before it is freed.
        unsafe {
            let detoasted = pgrx::pg_sys::pg_detoast_datum_packed(datum.cast_mut_ptr());
            let cstr = pgrx::direct_function_call::<&core::ffi::CStr>(
                pgrx::pg_sys::jsonb_out,
                &[Some(pgrx::pg_sys::Datum::from(detoasted))],
            )?;
            // jsonb_out writes valid UTF-8 in a UTF-8 database; lossy keeps
            // any other encoding's bytes an input error, never a panic.
            let text = cstr.to_string_lossy().into_owned();
            pgrx::pg_sys::pfree(cstr.as_ptr() as *mut core::ffi::c_void);
            Some(JsonbText(text))
        }
    }
}

// SAFETY: reads the argument through `FromDatum` above.
unsafe impl<'fcx> pgrx::callconv::ArgAbi<'fcx> for JsonbText {
    /// # Safety
    /// As `ArgAbi`: the argument is a jsonb; a NULL is an ordinary error.
    unsafe fn unbox_arg_unchecked(arg: pgrx::callconv::Arg<'_, 'fcx>) -> Self {
        let index = arg.index();
        // SAFETY: the function's contract: a jsonb argument.
        unsafe { arg.unbox_arg_using_from_datum() }
            .unwrap_or_else(|| crate::fcinfo::null_argument(index))
    }
}

// SAFETY: the SQL type is jsonb's, which `FromDatum` above reads.
unsafe impl pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable for JsonbText {
    const TYPE_IDENT: &'static str = <JsonB as SqlTranslatable>::TYPE_IDENT;
    const TYPE_ORIGIN: pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin =
        <JsonB as SqlTranslatable>::TYPE_ORIGIN;
    const ARGUMENT_SQL: std::result::Result<
        pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef,
        pgrx::pgrx_sql_entity_graph::metadata::ArgumentError,
    > = <JsonB as SqlTranslatable>::ARGUMENT_SQL;
    const RETURN_SQL: std::result::Result<
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsRef,
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsError,
    > = <JsonB as SqlTranslatable>::RETURN_SQL;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    #[test]
    fn deep_nesting_is_a_limit_not_a_recursion_error() {
        let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
        assert_eq!(check(&deep, "map").unwrap_err().kind, Kind::LimitExceeded);
        let objects = format!("{}1{}", "{\"a\":".repeat(5000), "}".repeat(5000));
        assert_eq!(
            check(&objects, "map").unwrap_err().kind,
            Kind::LimitExceeded
        );
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        check(&fine, "map").unwrap();
        // Brackets inside strings do not count.
        check(&format!("[\"{}\"]", "[".repeat(500)), "map").unwrap();
        assert!(from_str::<serde_json::Value>(&deep, "map").is_err());
    }

    #[test]
    fn nul_escapes_are_refused_but_escaped_backslashes_are_not() {
        assert_eq!(
            check(r#"{"name":"p\u0000"}"#, "map").unwrap_err().kind,
            Kind::InvalidParameter
        );
        check(r#"{"name":"p\\u0000"}"#, "map").unwrap();
        check(r#"{"name":"p\u0001"}"#, "map").unwrap();
    }
}
