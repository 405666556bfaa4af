//! Customer profile: one aggregate reads a customer's order lines once and
//! builds a `customer_profile`; accessors read the measures from it;
//! `rollup` merges profiles (monthly profiles into a year) exactly.
//!
//! SQL glue only: the profile is `state::Profile`, its measures are in
//! `measures`, its text form in `text`.

pub mod documents;
pub mod header;
pub mod measures;
pub mod state;
pub mod text;
pub mod window;

use pgrx::datum::{Date, TimestampWithTimeZone};
use pgrx::prelude::*;
use pgrx::{pg_sys, AnyNumeric, FromDatum, Internal, JsonB};

use crate::aggregate;
use crate::calendar::{OffsetSpan, ZoneSpans};
use crate::decimal::{numeric, numeric_datum, Decimal};
use crate::error::{Error, OrRaise, Result};
use crate::language;
use crate::memo::Raw;
use crate::stored::Encoded;
use documents::DocRef;
use header::Header;
use measures::{Categories, Lifecycle};
use smallvec::SmallVec;
use state::{CategoryTotal, Profile};

crate::core_type!(
    /// SQL type `segments.customer_profile`.
    customer_profile(Profile)
);

// ---- arguments -------------------------------------------------------------

fn day_of_date(date: Date, argument: &str) -> Result<i32> {
    if date.is_finite() {
        Ok(date.to_pg_epoch_days())
    } else {
        Err(Error::invalid_parameter(format!(
            "{argument} must be a finite date"
        )))
    }
}

/// The calendar day of `at` in the session's TimeZone: from the zone's
/// offset over the span of time it holds for (`calendar::ZoneSpans`), found
/// once per span with PostgreSQL's time-zone code and checked against it.
fn day_of_timestamptz(at: TimestampWithTimeZone) -> Result<i32> {
    let micros: i64 = at.into();
    if micros == i64::MIN || micros == i64::MAX {
        return Err(Error::invalid_parameter("at must be a finite timestamp"));
    }
    // SAFETY: read only; PostgreSQL sets it when TimeZone changes, and keeps
    // one pg_tz per zone name for the backend's life, so its address names
    // the zone.
    let zone = unsafe { pg_sys::session_timezone } as usize;
    if let Some(day) = ZONE_SPANS.with_borrow_mut(|spans| spans.day_of(zone, micros)) {
        return Ok(day);
    }
    let day = local_day(micros)?;
    if let Some(span) = offset_span(micros) {
        if span.day_of(micros) == Some(day) {
            ZONE_SPANS.with_borrow_mut(|spans| spans.insert(zone, span));
        }
    }
    Ok(day)
}

/// PostgreSQL's `timestamptz::date` of a finite timestamptz.
fn local_day(micros: i64) -> Result<i32> {
    let at = pg_sys::Datum::from(micros);
    // SAFETY: timestamptz_date takes one non-NULL timestamptz.
    let date = unsafe { pgrx::direct_function_call::<Date>(pg_sys::timestamptz_date, &[Some(at)]) };
    day_of_date(date.expect("timestamptz_date of a finite timestamp"), "at")
}

/// Seconds from 1970-01-01 (PostgreSQL's `pg_time_t`) to 2000-01-01.
const UNIX_TO_POSTGRES: i64 = 946_684_800;

/// Instants the spans are used for: about 1900 to 2100. Outside, every
/// row takes PostgreSQL's own conversion.
const SPAN_RANGE: std::ops::Range<i64> = -3_155_760_000_000_000..3_155_760_000_000_000;

/// The span of the session's zone holding `micros`, from PostgreSQL's
/// transitions (`pg_next_dst_boundary`): it ends at the next transition and
/// starts at the one before (or a year back when there is none in that
/// year), and its first and last instants' days are checked against
/// PostgreSQL's own conversion; `None` when anything disagrees.
fn offset_span(micros: i64) -> Option<OffsetSpan> {
    if !SPAN_RANGE.contains(&micros) {
        return None;
    }
    // The offset at `time` (pg_time_t) and the next transition after it.
    let next = |time: i64| -> Option<(i64, Option<i64>)> {
        let (mut before, mut before_dst, mut boundary, mut after, mut after_dst): (
            i64,
            _,
            _,
            _,
            _,
        ) = (0, 0, 0, 0, 0);
        // SAFETY: all pointers are to locals; session_timezone is set once
        // the backend has started.
        let found = unsafe {
            pg_sys::pg_next_dst_boundary(
                &time,
                &mut before,
                &mut before_dst,
                &mut boundary,
                &mut after,
                &mut after_dst,
                pg_sys::session_timezone,
            )
        };
        match found {
            1 => Some((before, Some(boundary))),
            0 => Some((before, None)),
            _ => None,
        }
    };
    let time = micros.div_euclid(1_000_000) + UNIX_TO_POSTGRES;
    let (offset, end) = next(time)?;
    let mut start = time - 366 * 86_400;
    for _ in 0..8 {
        match next(start)? {
            (_, Some(boundary)) if boundary > start && boundary <= time => start = boundary,
            _ => break,
        }
    }
    let to_micros = |time: i64| (time - UNIX_TO_POSTGRES).checked_mul(1_000_000);
    let span = OffsetSpan {
        start: to_micros(start)?,
        end: end
            .map_or(Some(SPAN_RANGE.end), to_micros)?
            .min(SPAN_RANGE.end),
        offset,
    };
    let agrees = |instant: i64| local_day(instant).ok() == span.day_of(instant);
    (span.start < span.end && agrees(span.start) && agrees(span.end - 1)).then_some(span)
}

thread_local! {
    static ZONE_SPANS: std::cell::RefCell<ZoneSpans> = const { std::cell::RefCell::new(ZoneSpans::new()) };
}

fn decimal_of_numeric(amount: &Raw<AnyNumeric>) -> Result<Decimal> {
    Decimal::from_numeric_bytes(amount.bytes())
}

fn date(day: i32) -> Date {
    // SAFETY: days come from finite dates.
    unsafe { Date::from_pg_epoch_days(day) }
}

// ---- the profile aggregate -------------------------------------------------

const PROFILE: &str = "profile";

/// One row into the state: skipped when the day or the amount is NULL,
/// or, for the forms with a document argument, the document.
fn add_row(
    mut state: Internal,
    day: Option<Result<i32>>,
    amount: Option<Result<Decimal>>,
    category: Option<&str>,
    document: Document<'_>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: this aggregate's state is always a profile_state.
    let profile = unsafe { aggregate::expanded_mut(&mut state, fcinfo, PROFILE, Profile::default) };
    match (day, amount, document) {
        (_, _, Document::Null) => profile.skip(),
        (Some(day), Some(amount), Document::None) => profile
            .add(day.or_raise(), amount.or_raise(), category)
            .or_raise(),
        (Some(day), Some(amount), Document::Key(key)) => profile
            .add_line(day.or_raise(), amount.or_raise(), category, Some(&key))
            .or_raise(),
        _ => profile.skip(),
    }
    state
}

/// The document argument of one row.
enum Document<'a> {
    /// The form without a document argument: the row is its own document.
    None,
    /// The argument is NULL: the row is skipped, as one with a NULL amount.
    Null,
    Key(DocRef<'a>),
}

/// Where a transition function's optional arguments are.
#[derive(Clone, Copy)]
enum DocumentArg {
    Absent,
    Int8(usize),
    Text(usize),
}

impl DocumentArg {
    /// # Safety
    /// `fcinfo` is a live call whose argument at the position is of the
    /// type named.
    unsafe fn read<'a>(self, fcinfo: pg_sys::FunctionCallInfo) -> Document<'a> {
        use crate::fcinfo::{arg, from_arg};
        match self {
            DocumentArg::Absent => Document::None,
            // SAFETY: an int8 argument, passed by value.
            DocumentArg::Int8(index) => match unsafe { arg(fcinfo, index) } {
                Some(datum) => Document::Key(DocRef::Int(datum.value() as i64)),
                None => Document::Null,
            },
            // SAFETY: a text argument.
            DocumentArg::Text(index) => match unsafe { from_arg::<&[u8]>(fcinfo, index) } {
                Some(bytes) => Document::Key(DocRef::Text(bytes)),
                None => Document::Null,
            },
        }
    }
}

fn day_of_at(at: Date) -> Result<i32> {
    day_of_date(at, "at")
}

fn decimal_of_float(amount: &f64) -> Result<Decimal> {
    Decimal::from_f64(*amount)
}

/// One row from a transition call: profile_transition(profile_state, at,
/// amount [, category] [, document]), its arguments read straight from
/// `fcinfo`.
///
/// # Safety
/// `fcinfo` is such a call with `At` and `Amount` its argument types, a
/// text category at 3 when `with_category`, and the document as `document`
/// says.
unsafe fn transition<At: FromDatum, Amount: FromDatum>(
    fcinfo: pg_sys::FunctionCallInfo,
    with_category: bool,
    document: DocumentArg,
    day: impl FnOnce(At) -> Result<i32>,
    decimal: impl FnOnce(&Amount) -> Result<Decimal>,
) -> pg_sys::Datum {
    use crate::fcinfo::{arg, from_arg, return_state, state_arg};
    // SAFETY: the function's contract: the live call of that SQL function,
    // whose arguments have those types.
    unsafe {
        if let Some(state) = arg(fcinfo, 0) {
            aggregate::prefetch::<Profile>(state);
        }
        let at: Option<At> = from_arg(fcinfo, 1);
        let amount: Option<Amount> = from_arg(fcinfo, 2);
        let category: Option<&str> = if with_category {
            from_arg(fcinfo, 3)
        } else {
            None
        };
        let state = add_row(
            state_arg(fcinfo, 0),
            at.map(day),
            amount.as_ref().map(decimal),
            category,
            document.read(fcinfo),
            fcinfo,
        );
        return_state(fcinfo, state)
    }
}

/// The transition functions for one (at, amount) pair of types: without
/// and with a category, then with a document (int8 or text; aggregates
/// cannot use argument defaults). Raw entry points (see `crate::fcinfo`),
/// as pgrx's generated argument conversion was a tenth of the aggregate's
/// time.
macro_rules! profile_transitions {
    ($at:ty, $amount:ty, $day:expr, $decimal:expr,
     $(($symbol:ident, $finfo:ident, $category:expr, $document:expr)),+ $(,)?) => {
        $(
            crate::raw_entry!($symbol, $finfo, |fcinfo| {
                // SAFETY: PostgreSQL calls this as profile_transition(profile_state,
                // at, amount [, category] [, document]) with the types this
                // entry's SQL declaration gives (see profile_state below).
                unsafe { transition::<$at, $amount>(fcinfo, $category, $document, $day, $decimal) }
            });
        )+
    };
}

// timestamptz → day depends on the session's TimeZone: the SQL declares
// those STABLE.
profile_transitions!(
    TimestampWithTimeZone,
    Raw<AnyNumeric>,
    day_of_timestamptz,
    decimal_of_numeric,
    (
        profile_tstz_numeric_wrapper,
        pg_finfo_profile_tstz_numeric_wrapper,
        false,
        DocumentArg::Absent
    ),
    (
        profile_tstz_numeric_category_wrapper,
        pg_finfo_profile_tstz_numeric_category_wrapper,
        true,
        DocumentArg::Absent
    ),
    (
        profile_tstz_numeric_int8_wrapper,
        pg_finfo_profile_tstz_numeric_int8_wrapper,
        false,
        DocumentArg::Int8(3)
    ),
    (
        profile_tstz_numeric_category_int8_wrapper,
        pg_finfo_profile_tstz_numeric_category_int8_wrapper,
        true,
        DocumentArg::Int8(4)
    ),
    (
        profile_tstz_numeric_category_text_wrapper,
        pg_finfo_profile_tstz_numeric_category_text_wrapper,
        true,
        DocumentArg::Text(4)
    ),
);
profile_transitions!(
    Date,
    Raw<AnyNumeric>,
    day_of_at,
    decimal_of_numeric,
    (
        profile_date_numeric_wrapper,
        pg_finfo_profile_date_numeric_wrapper,
        false,
        DocumentArg::Absent
    ),
    (
        profile_date_numeric_category_wrapper,
        pg_finfo_profile_date_numeric_category_wrapper,
        true,
        DocumentArg::Absent
    ),
    (
        profile_date_numeric_int8_wrapper,
        pg_finfo_profile_date_numeric_int8_wrapper,
        false,
        DocumentArg::Int8(3)
    ),
    (
        profile_date_numeric_category_int8_wrapper,
        pg_finfo_profile_date_numeric_category_int8_wrapper,
        true,
        DocumentArg::Int8(4)
    ),
    (
        profile_date_numeric_category_text_wrapper,
        pg_finfo_profile_date_numeric_category_text_wrapper,
        true,
        DocumentArg::Text(4)
    ),
);
profile_transitions!(
    TimestampWithTimeZone,
    f64,
    day_of_timestamptz,
    decimal_of_float,
    (
        profile_tstz_float_wrapper,
        pg_finfo_profile_tstz_float_wrapper,
        false,
        DocumentArg::Absent
    ),
    (
        profile_tstz_float_category_wrapper,
        pg_finfo_profile_tstz_float_category_wrapper,
        true,
        DocumentArg::Absent
    ),
    (
        profile_tstz_float_int8_wrapper,
        pg_finfo_profile_tstz_float_int8_wrapper,
        false,
        DocumentArg::Int8(3)
    ),
    (
        profile_tstz_float_category_int8_wrapper,
        pg_finfo_profile_tstz_float_category_int8_wrapper,
        true,
        DocumentArg::Int8(4)
    ),
    (
        profile_tstz_float_category_text_wrapper,
        pg_finfo_profile_tstz_float_category_text_wrapper,
        true,
        DocumentArg::Text(4)
    ),
);
profile_transitions!(
    Date,
    f64,
    day_of_at,
    decimal_of_float,
    (
        profile_date_float_wrapper,
        pg_finfo_profile_date_float_wrapper,
        false,
        DocumentArg::Absent
    ),
    (
        profile_date_float_category_wrapper,
        pg_finfo_profile_date_float_category_wrapper,
        true,
        DocumentArg::Absent
    ),
    (
        profile_date_float_int8_wrapper,
        pg_finfo_profile_date_float_int8_wrapper,
        false,
        DocumentArg::Int8(3)
    ),
    (
        profile_date_float_category_int8_wrapper,
        pg_finfo_profile_date_float_category_int8_wrapper,
        true,
        DocumentArg::Int8(4)
    ),
    (
        profile_date_float_category_text_wrapper,
        pg_finfo_profile_date_float_category_text_wrapper,
        true,
        DocumentArg::Text(4)
    ),
);

#[pg_extern(immutable, parallel_safe, sql = false)]
fn profile_final(state: Internal) -> Option<Encoded<customer_profile>> {
    // SAFETY: this aggregate's state is always a profile_state.
    unsafe { aggregate::final_state::<Profile>(&state) }
        .map(|profile| Encoded::new(profile.encode()))
}

customer_segments_macros::state_type!(
    Profile as profile_state for profile returning customer_profile,
    comment = "Transition state of the profile and rollup aggregates; text form is base64 of its binary form (that of customer_profile), which Citus ships between nodes.",
    of = "the profile and rollup aggregates",
    sspace = 512,
    // Every form of profile: each of these lines with a date or a
    // timestamptz, and a numeric or a float8 amount.
    forms = r#"
arguments                                                      | symbol                                   | comment
at {at}, amount {amount}                                       | profile_{at_x}_{amount_x}                | {reads}
at {at}, amount {amount}, category text                        | profile_{at_x}_{amount_x}_category       | {reads}
at {at}, amount {amount}, document int8                        | profile_{at_x}_{amount_x}_int8           | {reads} {documents}
at {at}, amount {amount}, category text, document int8         | profile_{at_x}_{amount_x}_category_int8  | {reads} {documents}
at {at}, amount {amount}, category text, document text         | profile_{at_x}_{amount_x}_category_text  | {reads} {documents}
"#,
    join = r#"
at          | at_x | volatility
timestamptz | tstz | STABLE
date        | date | IMMUTABLE
"#,
    join = r#"
amount  | amount_x | reads
numeric | numeric  | A customer's profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted.
float8  | float    | A customer's profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits).
"#,
    join = r#"
documents
With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.
"#,
    name = "profile_state",
    requires = [customer_profile]
);
crate::state_serialization_of_0_1_0!(Profile, profile_serialize, profile_deserialize);

#[pg_extern(immutable, parallel_safe, sql = false)]
fn profile_rollup_transition(
    mut state: Internal,
    profile: Option<Raw<customer_profile>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // The group's state is visited at random: its lines are requested
    // before the profile is decoded, and arrive meanwhile.
    aggregate::prefetch_state::<Profile>(&state);
    let profile = profile.map(|profile| Profile::decode(profile.bytes()).or_raise());
    // SAFETY: this aggregate's state is always a profile_state.
    let merged = unsafe { aggregate::expanded_mut(&mut state, fcinfo, "rollup", Profile::default) };
    if let Some(profile) = profile {
        merged.merge(&profile).or_raise();
    }
    state
}

extension_sql!(
    r#"
-- CREATE AGGREGATE always records an aggregate as immutable; those over
-- timestamptz read the session's TimeZone (their transition functions are
-- stable), so their catalog entries say stable, as json_agg's do.
UPDATE pg_catalog.pg_proc SET provolatile = 's'
WHERE oid IN ('profile(timestamptz, numeric)'::pg_catalog.regprocedure,
              'profile(timestamptz, numeric, text)'::pg_catalog.regprocedure,
              'profile(timestamptz, float8)'::pg_catalog.regprocedure,
              'profile(timestamptz, float8, text)'::pg_catalog.regprocedure,
              'profile(timestamptz, numeric, int8)'::pg_catalog.regprocedure,
              'profile(timestamptz, numeric, text, int8)'::pg_catalog.regprocedure,
              'profile(timestamptz, numeric, text, text)'::pg_catalog.regprocedure,
              'profile(timestamptz, float8, int8)'::pg_catalog.regprocedure,
              'profile(timestamptz, float8, text, int8)'::pg_catalog.regprocedure,
              'profile(timestamptz, float8, text, text)'::pg_catalog.regprocedure);
"#,
    name = "profile_aggregates",
    requires = ["profile_state"]
);

extension_sql!(
    r#"
CREATE FUNCTION profile_rollup_transition(state profile_state, profile customer_profile) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_rollup_transition_wrapper';
COMMENT ON FUNCTION profile_rollup_transition(profile_state, customer_profile) IS 'Support function of the rollup aggregate: transition.';
CREATE AGGREGATE rollup(customer_profile) (
    SFUNC = profile_rollup_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(customer_profile) IS
  'Merges profiles of the same customer exactly: monthly profiles roll up into the year''s profile.';
"#,
    name = "profile_rollup",
    requires = ["profile_state"]
);

// ---- accessors --------------------------------------------------------------
//
// Scalar accessors take the stored bytes as they are and read only the
// profile's fixed-size header; the category accessors read the categories
// in place (`top_category` only the name the header points to).

/// The stored bytes an accessor reads: for a version 2 to 5 profile that
/// is compressed or stored out of line, only the version byte and the
/// header, detoasted (they come first), not the days and categories behind
/// them; otherwise the value.
pub(crate) fn stored_header_bytes(p: &Raw<customer_profile>) -> &[u8] {
    let datum = p.datum().cast_mut_ptr::<pg_sys::varlena>();
    // SAFETY: a customer_profile datum: a varlena, maybe toasted, whose
    // first byte tells which.
    let toasted =
        unsafe { pgrx::varlena::varatt_is_1b_e(datum) || pgrx::varlena::varatt_is_4b_c(datum) };
    if toasted {
        let prefix = (1 + header::HEADER_SIZE + header::DOCUMENTS_SIZE) as i32;
        // SAFETY: as above; the slice is a new varlena in the current
        // context, which outlives this call's use of it.
        let bytes = unsafe {
            pgrx::varlena::varlena_to_byte_slice(pg_sys::pg_detoast_datum_slice(datum, 0, prefix))
        };
        if bytes
            .first()
            .copied()
            .and_then(header::Layout::of)
            .is_some()
        {
            return bytes;
        }
    }
    p.bytes()
}

fn header(p: &Raw<customer_profile>) -> Header {
    Profile::read_header(stored_header_bytes(p)).or_raise()
}

/// The one or two header fields an accessor reads, in place (see
/// `header::Fields`); `None` for a version 1 profile.
fn fields(p: &Raw<customer_profile>) -> Option<header::Fields<'_>> {
    header::Fields::of(stored_header_bytes(p))
}

// The accessors a report reads on every row are raw entry points
// (src/fcinfo.rs): pgrx's wrapper cost as much as reading the field. Their
// SQL is written out below as pgrx generated it for 0.2.0, so the install
// and upgrade scripts do not change and the symbols older scripts name stay.

/// `profile_accessor!(symbol, pg_finfo_symbol, |p, fcinfo| body)`: a raw
/// entry point of a strict function of one customer_profile argument `p`.
macro_rules! profile_accessor {
    ($symbol:ident, $finfo:ident, |$p:ident, $fcinfo:ident| $body:block) => {
        crate::raw_entry!($symbol, $finfo, |$fcinfo| {
            // SAFETY: PostgreSQL calls it as a function of one
            // customer_profile argument (strict: a NULL only from a direct
            // call, refused).
            let $p: Raw<customer_profile> = unsafe { Raw::argument($fcinfo, 0) };
            $body
        });
    };
}

// `orders(p)`: documents that are not returns; without documents, rows.
profile_accessor!(orders_wrapper, pg_finfo_orders_wrapper, |p, _fcinfo| {
    let orders = fields(&p).map_or_else(|| header(&p).orders(), |fields| fields.orders());
    pg_sys::Datum::from(orders as i64)
});

profile_accessor!(
    purchase_days_wrapper,
    pg_finfo_purchase_days_wrapper,
    |p, _fcinfo| {
        let days = fields(&p).map_or_else(
            || header(&p).purchase_days(),
            |fields| fields.purchase_days(),
        );
        pg_sys::Datum::from(days as i64)
    }
);

profile_accessor!(total_wrapper, pg_finfo_total_wrapper, |p, _fcinfo| {
    let total = match fields(&p) {
        Some(fields) => fields.total().or_raise(),
        None => header(&p).total(),
    };
    crate::fcinfo::varlena_datum(total.numeric_payload().as_bytes())
});

profile_accessor!(
    first_purchase_wrapper,
    pg_finfo_first_purchase_wrapper,
    |p, fcinfo| {
        let day = fields(&p).map_or_else(|| header(&p).first_day(), |fields| fields.first_day());
        day_datum(fcinfo, day)
    }
);

profile_accessor!(
    last_purchase_wrapper,
    pg_finfo_last_purchase_wrapper,
    |p, fcinfo| {
        let day = fields(&p).map_or_else(|| header(&p).last_day(), |fields| fields.last_day());
        day_datum(fcinfo, day)
    }
);

profile_accessor!(
    top_category_wrapper,
    pg_finfo_top_category_wrapper,
    |p, fcinfo| {
        match Profile::read_top_category_name(p.bytes()).or_raise() {
            Some(name) => crate::fcinfo::text_datum(&name),
            // SAFETY: the live call.
            None => unsafe { crate::fcinfo::return_null(fcinfo) },
        }
    }
);

/// A day of the profile as a date result (PostgreSQL's day number, which
/// the profile stores), or NULL.
fn day_datum(fcinfo: pg_sys::FunctionCallInfo, day: Option<i32>) -> pg_sys::Datum {
    match day {
        Some(day) => pg_sys::Datum::from(day),
        // SAFETY: the live call.
        None => unsafe { crate::fcinfo::return_null(fcinfo) },
    }
}

extension_sql!(
    r#"
CREATE  FUNCTION "orders"(
	"p" customer_profile
) RETURNS bigint
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'orders_wrapper';
CREATE  FUNCTION "purchase_days"(
	"p" customer_profile
) RETURNS bigint
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'purchase_days_wrapper';
CREATE  FUNCTION "total"(
	"p" customer_profile
) RETURNS NUMERIC
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'total_wrapper';
CREATE  FUNCTION "first_purchase"(
	"p" customer_profile
) RETURNS date
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'first_purchase_wrapper';
CREATE  FUNCTION "last_purchase"(
	"p" customer_profile
) RETURNS date
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'last_purchase_wrapper';
CREATE  FUNCTION "top_category"(
	"p" customer_profile
) RETURNS TEXT
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'top_category_wrapper';
"#,
    name = "profile_accessors",
    requires = [customer_profile]
);

/// `lines(p)`: the rows counted, with or without documents.
#[pg_extern(immutable, strict, parallel_safe)]
fn lines(p: Raw<customer_profile>) -> i64 {
    fields(&p).map_or_else(|| header(&p).lines(), |fields| fields.lines()) as i64
}

#[pg_extern(immutable, strict, parallel_safe)]
fn skipped(p: Raw<customer_profile>) -> i64 {
    fields(&p).map_or_else(|| header(&p).skipped(), |fields| fields.skipped()) as i64
}

#[pg_extern(immutable, strict, parallel_safe)]
fn returns(p: Raw<customer_profile>) -> i64 {
    fields(&p).map_or_else(|| header(&p).returns(), |fields| fields.returns()) as i64
}

/// Equals SQL `sum(amount) / count(DISTINCT document)` over the same rows
/// (`count(*)` without documents).
#[pg_extern(immutable, strict, parallel_safe)]
fn avg_order(p: Raw<customer_profile>) -> Option<AnyNumeric> {
    let (total, documents) = header(&p).avg_order()?;
    Some(numeric(total) / AnyNumeric::from(documents))
}

#[pg_extern(immutable, strict, parallel_safe)]
fn max_order(p: Raw<customer_profile>) -> Option<Encoded<AnyNumeric>> {
    header(&p).max_order().map(numeric_datum)
}

#[pg_extern(immutable, strict, parallel_safe)]
fn recency_days(p: Raw<customer_profile>, as_of: Date) -> Option<i32> {
    header(&p)
        .recency_days(day_of_date(as_of, "as_of").or_raise())
        .or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn tenure_days(p: Raw<customer_profile>, as_of: Date) -> Option<i32> {
    header(&p)
        .tenure_days(day_of_date(as_of, "as_of").or_raise())
        .or_raise()
}

/// lifetimes' `T`: the same as tenure_days.
#[pg_extern(immutable, strict, parallel_safe)]
fn age_days(p: Raw<customer_profile>, as_of: Date) -> Option<i32> {
    header(&p)
        .tenure_days(day_of_date(as_of, "as_of").or_raise())
        .or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn repeat_purchases(p: Raw<customer_profile>) -> Option<i64> {
    header(&p).repeat_purchases().map(|count| count as i64)
}

#[pg_extern(immutable, strict, parallel_safe)]
fn repeat_recency_days(p: Raw<customer_profile>) -> Option<i32> {
    header(&p).repeat_recency_days()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn repeat_avg_value(p: Raw<customer_profile>) -> Option<AnyNumeric> {
    let (value, days) = header(&p).repeat_value().or_raise()?;
    Some(if days == 0 {
        AnyNumeric::from(0)
    } else {
        numeric(value) / AnyNumeric::from(days)
    })
}

#[pg_extern(immutable, strict, parallel_safe)]
fn purchase_interval(p: Raw<customer_profile>) -> Option<f64> {
    header(&p).purchase_interval()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn purchase_interval_stddev(p: Raw<customer_profile>) -> Option<f64> {
    header(&p).purchase_interval_stddev()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn next_purchase_due(p: Raw<customer_profile>) -> Option<Date> {
    header(&p).next_purchase_due().map(date)
}

#[pg_extern(immutable, strict, parallel_safe)]
fn overdue_days(p: Raw<customer_profile>, as_of: Date) -> Option<i32> {
    header(&p)
        .overdue_days(day_of_date(as_of, "as_of").or_raise())
        .or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn orders_per_month(p: Raw<customer_profile>, as_of: Date) -> Option<f64> {
    header(&p)
        .orders_per_month(day_of_date(as_of, "as_of").or_raise())
        .or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn amount_per_month(p: Raw<customer_profile>, as_of: Date) -> Option<f64> {
    header(&p)
        .amount_per_month(day_of_date(as_of, "as_of").or_raise())
        .or_raise()
}

fn categories(p: &Raw<customer_profile>) -> SmallVec<[CategoryTotal; 2]> {
    Profile::read_categories(p.bytes()).or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn top_category_share(p: Raw<customer_profile>) -> Option<f64> {
    Profile::read_top_category(p.bytes())
        .or_raise()
        .map(|(_, share)| share)
}

#[pg_extern(immutable, strict, parallel_safe)]
fn category_shares(p: Raw<customer_profile>) -> Option<JsonB> {
    let categories = categories(&p);
    let shares = Categories(&categories).category_shares()?;
    let map: serde_json::Map<String, serde_json::Value> = shares
        .into_iter()
        .map(|(name, share)| (name.to_string(), share.into()))
        .collect();
    Some(JsonB(serde_json::Value::Object(map)))
}

#[pg_extern(immutable, strict, parallel_safe)]
fn category_hhi(p: Raw<customer_profile>) -> Option<f64> {
    Categories(&categories(&p)).category_hhi()
}

/// Stable: the mixed label follows `segments.language`.
#[pg_extern(stable, strict, parallel_safe)]
fn preference(p: Raw<customer_profile>, dominance: default!(f64, 0.6)) -> Option<String> {
    Categories(&categories(&p))
        .preference(dominance, language::current())
        .or_raise()
}

/// Stable: the stage labels follow `segments.language`.
#[pg_extern(stable, strict, parallel_safe)]
fn lifecycle(
    p: Raw<customer_profile>,
    as_of: Date,
    new_days: default!(i32, 90),
    lapse_days: default!(i32, 180),
) -> Option<&'static str> {
    let as_of = day_of_date(as_of, "as_of").or_raise();
    let stage: Option<Lifecycle> = header(&p).lifecycle(as_of, new_days, lapse_days).or_raise();
    stage.map(|stage| stage.label(language::current()))
}

#[pg_extern(immutable, strict, parallel_safe)]
fn is_new(p: Raw<customer_profile>, as_of: Date, days: default!(i32, 90)) -> Option<bool> {
    header(&p)
        .is_new(day_of_date(as_of, "as_of").or_raise(), days)
        .or_raise()
}

// ---- moving a window (see `window`) -----------------------------------------

/// `plus(p, q)`: the profile of both sets of rows, as `rollup` of the two;
/// like `rollup`, it skips a NULL (no rows), so NULL only when both are.
#[pg_extern(immutable, parallel_safe)]
fn plus(
    p: Option<Raw<customer_profile>>,
    q: Option<Raw<customer_profile>>,
) -> Option<Encoded<customer_profile>> {
    let decode = |raw: &Raw<customer_profile>| Profile::decode(raw.bytes()).or_raise();
    match (p, q) {
        (Some(p), Some(q)) => Some(Encoded::new(
            decode(&p).plus(&decode(&q)).or_raise().encode(),
        )),
        (Some(one), None) | (None, Some(one)) => Some(Encoded::new(one.bytes().to_vec())),
        (None, None) => None,
    }
}

/// `minus(p, q)`: p without the rows of q, where q holds whole purchase
/// days of p (a stored month of a running profile's window).
#[pg_extern(immutable, strict, parallel_safe)]
fn minus(p: customer_profile, q: customer_profile) -> Encoded<customer_profile> {
    Encoded::new(p.0.minus(&q.0).or_raise().encode())
}

extension_sql!(
    r#"
COMMENT ON FUNCTION plus(customer_profile, customer_profile) IS
  'The profile of the rows of p and of q, exactly as segments.rollup over the two (a NULL counts as no rows): a running profile gains the month that arrives.';
COMMENT ON FUNCTION minus(customer_profile, customer_profile) IS
  'The profile of p''s rows without q''s, exact in every measure, where q holds whole purchase days of p (a stored month inside p''s window): a running profile loses the month that leaves. Refuses (22023) a q that is not part of p, and a q holding a line as large as p''s largest (max_order of the rest is then unknown: roll up the remaining months).';
"#,
    name = "profile_window_comments",
    requires = [plus, minus]
);

extension_sql!(
    r#"
COMMENT ON TYPE customer_profile IS
  'A customer''s behaviour from their order lines: rows, exact totals, each purchase day''s total, each category''s amount. Built by segments.profile(), merged by segments.rollup(), read by the accessor functions. Text form is JSON.';
COMMENT ON FUNCTION orders(customer_profile) IS
  'Orders: with a document argument, the documents whose lines sum to 0 or more; without it, the rows counted (order lines with a non-NULL at and amount).';
COMMENT ON FUNCTION lines(customer_profile) IS
  'Rows counted in the profile (order lines with a non-NULL at and amount, and document when given), whether or not they were given documents.';
COMMENT ON FUNCTION skipped(customer_profile) IS
  'Rows skipped because at or amount was NULL.';
COMMENT ON FUNCTION returns(customer_profile) IS
  'Returns (credit notes): with a document argument, the documents whose lines sum below 0; without it, the rows with a negative amount. They reduce the total.';
COMMENT ON FUNCTION purchase_days(customer_profile) IS
  'Distinct purchase days.';
COMMENT ON FUNCTION total(customer_profile) IS
  'Total amount, exactly equal to SQL sum(amount) over the same rows.';
COMMENT ON FUNCTION avg_order(customer_profile) IS
  'Mean amount per document, returns included: as SQL sum(amount) / count(DISTINCT document); without a document argument, per row, as sum(amount) / count(*).';
COMMENT ON FUNCTION max_order(customer_profile) IS
  'Largest order: with a document argument, the largest document total (returns excluded); without it, the largest single amount.';
COMMENT ON FUNCTION first_purchase(customer_profile) IS
  'First purchase day.';
COMMENT ON FUNCTION last_purchase(customer_profile) IS
  'Last purchase day.';
COMMENT ON FUNCTION recency_days(customer_profile, date) IS
  'Days from the last purchase to as_of.';
COMMENT ON FUNCTION tenure_days(customer_profile, date) IS
  'Days from the first purchase to as_of.';
COMMENT ON FUNCTION age_days(customer_profile, date) IS
  'Days from the first purchase to as_of (T in the lifetimes package).';
COMMENT ON FUNCTION repeat_purchases(customer_profile) IS
  'Distinct purchase days - 1 (frequency in the lifetimes package).';
COMMENT ON FUNCTION repeat_recency_days(customer_profile) IS
  'Last purchase day - first purchase day (recency in the lifetimes package).';
COMMENT ON FUNCTION repeat_avg_value(customer_profile) IS
  'Mean total per repeat purchase day, the first day excluded; 0 without repeats (monetary_value in the lifetimes package).';
COMMENT ON FUNCTION purchase_interval(customer_profile) IS
  'Mean days between distinct purchase days; NULL with fewer than two.';
COMMENT ON FUNCTION purchase_interval_stddev(customer_profile) IS
  'Sample standard deviation of the days between purchase days; NULL with fewer than two gaps.';
COMMENT ON FUNCTION next_purchase_due(customer_profile) IS
  'Last purchase day plus the mean purchase interval (rounded to a day); NULL with fewer than two purchase days or when that day lies outside PostgreSQL''s date range.';
COMMENT ON FUNCTION overdue_days(customer_profile, date) IS
  'Days from next_purchase_due to as_of: positive when the customer is overdue.';
COMMENT ON FUNCTION orders_per_month(customer_profile, date) IS
  'Orders (see orders) per month over the active span, first purchase to as_of (months of 30.4375 days).';
COMMENT ON FUNCTION amount_per_month(customer_profile, date) IS
  'Amount per month over the active span, first purchase to as_of (months of 30.4375 days).';
COMMENT ON FUNCTION top_category(customer_profile) IS
  'Category with the largest amount (ties: first by name).';
COMMENT ON FUNCTION top_category_share(customer_profile) IS
  'Share of the amount taken by the top category.';
COMMENT ON FUNCTION category_shares(customer_profile) IS
  'Each category''s share of the amount, as jsonb.';
COMMENT ON FUNCTION category_hhi(customer_profile) IS
  'Herfindahl-Hirschman index of the category shares: 1 for a single category, 1/n for n equal ones.';
COMMENT ON FUNCTION preference(customer_profile, float8) IS
  'The top category when its share reaches dominance, else mixed (综合 under segments.language = zh).';
COMMENT ON FUNCTION lifecycle(customer_profile, date, int, int) IS
  'Lifecycle stage at as_of: new, lapsed, reactivated, at_risk or active (Chinese under segments.language = zh).';
COMMENT ON FUNCTION is_new(customer_profile, date, int) IS
  'True when the first purchase lies within days of as_of.';
COMMENT ON FUNCTION customer_profile_in(cstring) IS
  'Input function of type customer_profile (JSON text).';
COMMENT ON FUNCTION customer_profile_out(customer_profile) IS
  'Output function of type customer_profile (JSON text).';
"#,
    name = "profile_comments",
    requires = [
        "profile_aggregates",
        "profile_rollup",
        "profile_accessors",
        lines,
        skipped,
        returns,
        avg_order,
        max_order,
        recency_days,
        tenure_days,
        age_days,
        repeat_purchases,
        repeat_recency_days,
        repeat_avg_value,
        purchase_interval,
        purchase_interval_stddev,
        next_purchase_due,
        overdue_days,
        orders_per_month,
        amount_per_month,
        top_category_share,
        category_shares,
        category_hhi,
        preference,
        lifecycle,
        is_new
    ]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::testing::text;

    /// Three months of lines; the window of the last two by minus and plus
    /// equals the profile of their lines, measure by measure (the text form
    /// holds every measure).
    #[pg_test]
    fn a_window_moved_by_minus_and_plus_equals_the_recompute() {
        Spi::run(
            "CREATE TEMP TABLE lines(day date, amount numeric, category text);
             INSERT INTO lines VALUES ('2026-01-03', 10.00, 'a'), ('2026-01-03', 2.50, 'b'), ('2026-01-20', -1.00, 'a'),
               ('2026-02-02', 40.00, 'a'), ('2026-02-14', 3.25, 'c'), ('2026-03-01', 5.00, 'b'), ('2026-03-30', 0.75, 'a');
             CREATE TEMP TABLE months AS SELECT date_trunc('month', day)::date AS month,
               segments.profile(day, amount, category) AS p FROM lines GROUP BY 1;",
        )
        .unwrap();
        let moved = text(
            "SELECT segments.plus(segments.minus(
                 (SELECT segments.rollup(p) FROM months WHERE month < '2026-03-01'),
                 (SELECT p FROM months WHERE month = '2026-01-01')),
               (SELECT p FROM months WHERE month = '2026-03-01'))::text",
        );
        let recomputed = text(
            "SELECT segments.profile(day, amount, category)::text FROM lines WHERE day >= '2026-02-01'",
        );
        assert!(moved.is_some());
        assert_eq!(moved, recomputed);
    }

    #[pg_test(
        error = "minus: q holds p's largest order line, so the largest line of the rest is not known; roll up the remaining periods' profiles instead"
    )]
    fn minus_refuses_when_the_largest_line_leaves() {
        text(
            "SELECT segments.minus(segments.profile(d, a), segments.profile(d, a) FILTER (WHERE d = '2026-01-01'))::text
             FROM (VALUES ('2026-01-01'::date, 9.00), ('2026-01-02', 1.00)) AS t(d, a)",
        );
    }
}
