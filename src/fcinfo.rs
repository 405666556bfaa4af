//! Raw entry points for the functions PostgreSQL calls once per row
//! (aggregate transition functions): pgrx's generated wrapper converts every
//! argument through an iterator of trait objects on every call, which costs
//! as much as the work itself when the work is pushing one float. These
//! entry points read `fcinfo` directly. The body runs under pgrx's guard
//! (`raw_entry!` expands as `#[pg_guard]` does), so a panic still becomes an ERROR and an ERROR
//! raised inside still unwinds Rust frames: no safety is traded.

use pgrx::{pg_sys, Internal};

use crate::error::Error;

/// Argument `index`, `None` when SQL NULL (or absent).
///
/// # Safety
/// `fcinfo` must be the live call info PostgreSQL passed to the function.
#[inline]
pub unsafe fn arg(fcinfo: pg_sys::FunctionCallInfo, index: usize) -> Option<pg_sys::Datum> {
    // SAFETY: `args` holds `nargs` entries (a flexible array member).
    let args = unsafe { (*fcinfo).args.as_slice((*fcinfo).nargs as usize) };
    args.get(index)
        .and_then(|arg| (!arg.isnull).then_some(arg.value))
}

/// Argument `index` converted as pgrx converts it (`FromDatum`), without
/// the generated wrapper's per-call iterator.
///
/// # Safety
/// As `arg`; argument `index` must be of the SQL type `T` reads.
#[inline]
pub unsafe fn from_arg<T: pgrx::FromDatum>(
    fcinfo: pg_sys::FunctionCallInfo,
    index: usize,
) -> Option<T> {
    // SAFETY: the caller's contract: a live call whose argument `index`
    // (not NULL here) is of the SQL type `T` reads.
    unsafe { arg(fcinfo, index).and_then(|datum| T::from_datum(datum, false)) }
}

/// A float8 argument (passed by value).
///
/// # Safety
/// As `arg`; argument `index` must be of type float8.
#[inline]
pub unsafe fn f64_arg(fcinfo: pg_sys::FunctionCallInfo, index: usize) -> Option<f64> {
    // SAFETY: the caller's contract (a live call).
    unsafe { arg(fcinfo, index) }.map(|datum| f64::from_bits(datum.value() as u64))
}

/// An int4 argument.
///
/// # Safety
/// As `arg`; argument `index` must be of type int4.
#[inline]
pub unsafe fn i32_arg(fcinfo: pg_sys::FunctionCallInfo, index: usize) -> Option<i32> {
    // SAFETY: the caller's contract (a live call).
    unsafe { arg(fcinfo, index) }.map(|datum| datum.value() as i32)
}

/// A date argument: PostgreSQL's day number.
///
/// # Safety
/// As `arg`; argument `index` must be of type date.
#[inline]
pub unsafe fn date_arg(fcinfo: pg_sys::FunctionCallInfo, index: usize) -> Option<i32> {
    // SAFETY: the caller's contract (a live call).
    unsafe { arg(fcinfo, index) }.map(|datum| datum.value() as i32)
}

/// A timestamptz argument: microseconds since 2000-01-01 UTC.
///
/// # Safety
/// As `arg`; argument `index` must be of type timestamptz.
#[inline]
pub unsafe fn timestamptz_arg(fcinfo: pg_sys::FunctionCallInfo, index: usize) -> Option<i64> {
    // SAFETY: the caller's contract (a live call).
    unsafe { arg(fcinfo, index) }.map(|datum| datum.value() as i64)
}

/// The state argument as pgrx's `Internal` (a pointer datum or NULL).
///
/// # Safety
/// As `arg`.
#[inline]
pub unsafe fn state_arg(fcinfo: pg_sys::FunctionCallInfo, index: usize) -> Internal {
    // SAFETY: the caller's contract (a live call).
    Internal::from(unsafe { arg(fcinfo, index) })
}

/// Returns `state` from the entry point: its datum, or SQL NULL.
///
/// # Safety
/// `fcinfo` must be the live call info PostgreSQL passed to the function.
#[inline]
pub unsafe fn return_state(fcinfo: pg_sys::FunctionCallInfo, state: Internal) -> pg_sys::Datum {
    match state.unwrap() {
        Some(datum) => datum,
        None => {
            // SAFETY: the caller's contract (a live call).
            unsafe { (*fcinfo).isnull = true };
            pg_sys::Datum::from(0usize)
        }
    }
}

/// Returns SQL NULL from the entry point.
///
/// # Safety
/// `fcinfo` must be the live call info PostgreSQL passed to the function.
#[inline]
pub unsafe fn return_null(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: the caller's contract (a live call).
    unsafe { (*fcinfo).isnull = true };
    pg_sys::Datum::from(0usize)
}

/// A text datum holding `text`, in the current memory context.
#[inline]
pub fn text_datum(text: &str) -> pg_sys::Datum {
    varlena_datum(text.as_bytes())
}

/// A varlena datum (4-byte header) holding `payload`, in the current
/// memory context: a text's bytes, a numeric's payload.
#[inline]
pub fn varlena_datum(payload: &[u8]) -> pg_sys::Datum {
    let size = pg_sys::VARHDRSZ + payload.len();
    // SAFETY: `allocate` returns `size` writable bytes (or raises an
    // ERROR); the header is written as SET_VARSIZE does and the bytes
    // follow it.
    unsafe {
        let varlena = allocate(size).cast::<u8>();
        pgrx::varlena::set_varsize_4b(varlena.cast(), size as i32);
        std::ptr::copy_nonoverlapping(
            payload.as_ptr(),
            varlena.add(pg_sys::VARHDRSZ),
            payload.len(),
        );
        pg_sys::Datum::from(varlena)
    }
}

unsafe extern "C" {
    /// PostgreSQL's `palloc_extended`, declared here without pgrx's guard.
    /// With `MCXT_ALLOC_NO_OOM` it never raises an ERROR for a valid size
    /// (it returns NULL when memory runs out), so no `longjmp` can leave
    /// through the caller's frames, which is what the guard is for.
    #[link_name = "palloc_extended"]
    fn palloc_no_oom(size: pg_sys::Size, flags: core::ffi::c_int) -> *mut core::ffi::c_void;
}

/// PostgreSQL's `MaxAllocSize`: larger requests raise an ERROR.
const MAX_ALLOC_SIZE: usize = 0x3fff_ffff;

/// `size` bytes in the current memory context. Every call into PostgreSQL
/// through pgrx passes its error guard (a `sigsetjmp`), which per row of an
/// accessor cost about a tenth of the row: a result's allocation goes
/// without it, and only a request that must raise an ERROR (memory run out,
/// a size over `MaxAllocSize`) goes through pgrx's `palloc`, which raises it.
#[inline]
pub fn allocate(size: usize) -> *mut core::ffi::c_void {
    // SAFETY: a valid size with MCXT_ALLOC_NO_OOM: PostgreSQL returns NULL
    // instead of raising. pgrx's guarded palloc raises the ERROR otherwise.
    unsafe {
        if size <= MAX_ALLOC_SIZE {
            let pointer = palloc_no_oom(size, pg_sys::MCXT_ALLOC_NO_OOM as core::ffi::c_int);
            if !pointer.is_null() {
                return pointer;
            }
        }
        pg_sys::palloc(size)
    }
}

/// `raw_entry!(symbol, pg_finfo_symbol, |fcinfo| body)`: a version-1 C
/// function `symbol` (what the SQL's `AS 'MODULE_PATHNAME', 'symbol'` names)
/// whose body reads its arguments with the functions above. The body runs
/// under pgrx's guard, as with `#[pg_guard]`.
#[macro_export]
macro_rules! raw_entry {
    ($symbol:ident, $finfo:ident, |$fcinfo:ident| $body:block) => {
        #[unsafe(no_mangle)]
        #[doc(hidden)]
        pub extern "C" fn $finfo() -> &'static ::pgrx::pg_sys::Pg_finfo_record {
            const V1_API: ::pgrx::pg_sys::Pg_finfo_record =
                ::pgrx::pg_sys::Pg_finfo_record { api_version: 1 };
            &V1_API
        }

        /// # Safety
        /// PostgreSQL calls it, with the live call info of the SQL
        /// function whose declaration names this symbol.
        #[unsafe(no_mangle)]
        #[doc(hidden)]
        pub unsafe extern "C-unwind" fn $symbol(
            $fcinfo: ::pgrx::pg_sys::FunctionCallInfo,
        ) -> ::pgrx::pg_sys::Datum {
            // What `#[pg_guard]` expands to: a panic becomes an ERROR.
            // SAFETY: the body runs once, inside PostgreSQL's call.
            #[allow(unused_unsafe)]
            unsafe {
                ::pgrx::pg_sys::submodules::panic::pgrx_extern_c_guard(move || $body)
            }
        }
    };
}

/// The error for SQL NULL reaching an argument a function takes as a value
/// (one declared without STRICT, the NULL checked by nothing before): an
/// ordinary 22023 naming the argument's place, where pgrx's own argument
/// conversions would panic (XX000). The `ArgAbi` of the extension's own
/// argument types (stored types, `Raw`, `JsonbText`) call it.
#[cold]
pub fn null_argument(index: usize) -> ! {
    Error::invalid_parameter(format!("argument {} must not be NULL", index + 1)).raise()
}
