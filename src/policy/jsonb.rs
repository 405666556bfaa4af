//! Reading jsonb values without going through their text form: the
//! iterator walk is not recursive (a 10,000-level value is refused at
//! `MAX_JSON_DEPTH` without ever reaching PostgreSQL's recursive text
//! output), and one row's metrics are looked up key by key.

use std::ffi::CStr;

use pgrx::pg_sys::{self, JsonbIteratorToken as Token, JsonbValue};
use pgrx::pgrx_sql_entity_graph::metadata::{
    ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable, TypeOrigin,
};
use pgrx::{IntoDatum, JsonB};
use serde_json::{Map, Value};
use smallvec::SmallVec;

use crate::error::{Error, Result};
use crate::policy::rules::{Input, Outcome, MAX_JSON_DEPTH, MAX_POLICY_BYTES};

/// A detoasted jsonb datum.
pub struct Jsonb(*mut pg_sys::Jsonb);

impl Jsonb {
    /// # Safety
    /// `datum` must be a non-NULL jsonb datum.
    pub unsafe fn of(datum: pg_sys::Datum) -> Jsonb {
        // SAFETY: the caller's contract; the detoasted copy lives in the
        // current memory context.
        unsafe { Jsonb(pg_sys::pg_detoast_datum(datum.cast_mut_ptr()).cast()) }
    }

    pub fn size(&self) -> usize {
        // SAFETY: a detoasted varlena has a 4-byte header.
        unsafe { pgrx::varlena::varsize_any(self.0.cast()) }
    }

    /// The value's bytes (its header included).
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: the varlena is `size()` bytes long.
        unsafe { std::slice::from_raw_parts(self.0.cast::<u8>(), self.size()) }
    }

    fn root(&self) -> *mut pg_sys::JsonbContainer {
        // SAFETY: the pointer is a detoasted Jsonb.
        unsafe { &raw mut (*self.0).root }
    }

    pub fn is_object(&self) -> bool {
        // SAFETY: the root container's header is its first word.
        let header = unsafe { (*self.root()).header };
        header & pg_sys::JB_FOBJECT != 0
    }

    /// The whole value as serde JSON; `what` names it in errors.
    pub fn to_value(&self, what: &str) -> Result<Value> {
        if self.size() > MAX_POLICY_BYTES {
            return Err(Error::limit_exceeded(format!(
                "{what} takes {} bytes; at most {MAX_POLICY_BYTES} are allowed",
                self.size()
            )));
        }
        enum Frame {
            Array(Vec<Value>, bool),
            Object(Map<String, Value>, Option<String>),
        }
        fn attach(stack: &mut [Frame], value: Value, result: &mut Option<Value>) {
            match stack.last_mut() {
                Some(Frame::Array(items, _)) => items.push(value),
                Some(Frame::Object(map, key)) => {
                    map.insert(key.take().unwrap_or_default(), value);
                }
                None => *result = Some(value),
            }
        }
        let mut stack: Vec<Frame> = Vec::new();
        let mut result = None;
        // SAFETY: a zeroed JsonbValue is a valid jbvNull the iterator fills.
        let mut value: JsonbValue = unsafe { std::mem::zeroed() };
        // SAFETY: the container belongs to this detoasted value.
        let mut iterator = unsafe { pg_sys::JsonbIteratorInit(self.root()) };
        loop {
            // SAFETY: the iterator was made above and is advanced until DONE.
            let token = unsafe { pg_sys::JsonbIteratorNext(&mut iterator, &mut value, false) };
            match token {
                Token::WJB_DONE => break,
                Token::WJB_BEGIN_ARRAY | Token::WJB_BEGIN_OBJECT => {
                    if stack.len() >= MAX_JSON_DEPTH {
                        return Err(Error::limit_exceeded(format!(
                            "{what} nests deeper than {MAX_JSON_DEPTH} levels"
                        )));
                    }
                    stack.push(if token == Token::WJB_BEGIN_ARRAY {
                        // SAFETY: BEGIN_ARRAY fills the array member.
                        Frame::Array(Vec::new(), unsafe { value.val.array.rawScalar })
                    } else {
                        Frame::Object(Map::new(), None)
                    });
                }
                Token::WJB_KEY => {
                    let key = scalar(&value, what)?;
                    if let Some(Frame::Object(_, pending)) = stack.last_mut() {
                        *pending = Some(key.as_str().unwrap_or_default().to_string());
                    }
                }
                Token::WJB_VALUE | Token::WJB_ELEM => {
                    let item = scalar(&value, what)?;
                    attach(&mut stack, item, &mut result);
                }
                _ => {
                    let done = match stack.pop() {
                        Some(Frame::Array(items, true)) => {
                            items.into_iter().next().unwrap_or(Value::Null)
                        }
                        Some(Frame::Array(items, false)) => Value::Array(items),
                        Some(Frame::Object(map, _)) => Value::Object(map),
                        None => Value::Null,
                    };
                    attach(&mut stack, done, &mut result);
                }
            }
        }
        Ok(result.unwrap_or(Value::Null))
    }

    /// The inputs of `names` (only those with `wanted` true are looked up):
    /// one key lookup each, nested values are not read.
    pub fn inputs<'a, 'n>(
        &'a self,
        names: impl Iterator<Item = (&'n str, bool)>,
        out: &mut Vec<Input<'a>>,
    ) -> Result<()> {
        self.check_metrics()?;
        out.clear();
        for (name, wanted) in names {
            out.push(if wanted {
                self.input(name)?
            } else {
                Input::Missing
            });
        }
        Ok(())
    }

    /// Metrics must be a JSON object.
    pub fn check_metrics(&self) -> Result<()> {
        if self.is_object() {
            Ok(())
        } else {
            Err(Error::invalid_parameter("metrics must be a JSON object"))
        }
    }

    /// The input `name` of a metrics object (checked by `check_metrics`):
    /// one key lookup, nested values are not read.
    pub fn input(&self, name: &str) -> Result<Input<'_>> {
        // SAFETY: a zeroed JsonbValue is a valid jbvNull.
        let mut value: JsonbValue = unsafe { std::mem::zeroed() };
        // SAFETY: the root is an object container of this value; the key is
        // passed with its length.
        let found = unsafe {
            pg_sys::getKeyJsonValueFromContainer(
                self.root(),
                name.as_ptr().cast(),
                name.len() as i32,
                &mut value,
            )
        };
        if found.is_null() {
            Ok(Input::Missing)
        } else {
            // SAFETY: the value was filled by the lookup above; its string
            // points into this detoasted value.
            unsafe { input(&value, name) }
        }
    }
}

/// One metric's value as an input.
///
/// # Safety
/// `value` must be a scalar filled by a jsonb lookup, its string (if any)
/// pointing into a jsonb value that lives as long as `'a`.
unsafe fn input<'a>(value: &JsonbValue, name: &str) -> Result<Input<'a>> {
    // SAFETY: the function's contract: the union member read is the one
    // `type_` names, and a string's bytes live as long as `'a`.
    unsafe {
        Ok(match value.type_ {
            pg_sys::jbvType::jbvNull => Input::Missing,
            pg_sys::jbvType::jbvBool => Input::Bool(value.val.boolean),
            pg_sys::jbvType::jbvString => {
                let bytes = std::slice::from_raw_parts(
                    value.val.string.val.cast::<u8>(),
                    value.val.string.len as usize,
                );
                Input::Text(std::str::from_utf8(bytes).map_err(|_| {
                    Error::invalid_parameter(format!("metrics.{name} is not valid UTF-8"))
                })?)
            }
            pg_sys::jbvType::jbvNumeric => Input::Number(
                pgrx::direct_function_call::<f64>(
                    pg_sys::numeric_float8,
                    &[Some(pg_sys::Datum::from(value.val.numeric))],
                )
                .unwrap_or(f64::NAN),
            ),
            _ => Input::Nested,
        })
    }
}

fn scalar(value: &JsonbValue, what: &str) -> Result<Value> {
    // SAFETY: the iterator filled the member named by `type_`.
    unsafe {
        Ok(match value.type_ {
            pg_sys::jbvType::jbvNull => Value::Null,
            pg_sys::jbvType::jbvBool => Value::Bool(value.val.boolean),
            pg_sys::jbvType::jbvString => {
                let bytes = std::slice::from_raw_parts(
                    value.val.string.val.cast::<u8>(),
                    value.val.string.len as usize,
                );
                Value::String(String::from_utf8_lossy(bytes).into_owned())
            }
            pg_sys::jbvType::jbvNumeric => {
                let text = pgrx::direct_function_call_as_datum(
                    pg_sys::numeric_out,
                    &[Some(pg_sys::Datum::from(value.val.numeric))],
                )
                .expect("numeric_out returns a string");
                let text = CStr::from_ptr(text.cast_mut_ptr()).to_string_lossy();
                match text.parse::<i64>() {
                    Ok(integer) => Value::from(integer),
                    Err(_) => text
                        .parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                        .map(Value::Number)
                        .ok_or_else(|| {
                            Error::invalid_parameter(format!(
                                "{what} holds the number {text}, beyond the range of float8"
                            ))
                        })?,
                }
            }
            _ => Value::Null,
        })
    }
}

/// A classification result as a jsonb datum: `{"dimensions": {name:
/// label, ...}, "tags": [...]}`, a missing label as null. Written in
/// jsonb's binary form directly (`outcome_payload`).
pub fn outcome_datum(outcome: &Outcome<'_>) -> Result<pg_sys::Datum> {
    Ok(crate::fcinfo::varlena_datum(&outcome_payload(outcome)?))
}

// ---- writing jsonb's binary form -------------------------------------------
//
// A result is laid out as PostgreSQL's convertToJsonb lays out the same
// value, byte for byte (a #[pg_test] compares them): pushing it value by
// value through pushJsonbValue allocated per value and sorted the keys
// through qsort, which cost as much per row as the classification itself.
// The layout (src/include/utils/jsonb.h): a container is a header word
// (count | kind), one JEntry per child (an object's keys, then its values,
// keys sorted by length, then bytes), then the children's data; a JEntry
// holds the child's type and its length, or every 32nd its end offset; a
// child container starts 4-byte aligned, its padding counted in its length.

const JENTRY_OFFLENMASK: u32 = 0x0FFF_FFFF;
const JENTRY_HAS_OFF: u32 = 0x8000_0000;
const JENTRY_ISSTRING: u32 = 0x0000_0000;
const JENTRY_ISNULL: u32 = 0x4000_0000;
const JENTRY_ISCONTAINER: u32 = 0x5000_0000;
const JB_OFFSET_STRIDE: usize = 32;
const JB_FOBJECT: u32 = 0x2000_0000;
const JB_FARRAY: u32 = 0x4000_0000;

type Payload = smallvec::SmallVec<[u8; 256]>;

/// Appends a container of `entries` children (an object's keys then
/// values, or an array's elements), each written by `child(i, out)`, which
/// returns the child's JEntry type; returns the container's own JEntry.
fn write_container(
    out: &mut Payload,
    kind: u32,
    count: usize,
    entries: usize,
    mut child: impl FnMut(usize, &mut Payload) -> Result<u32>,
) -> Result<u32> {
    let too_large = || Error::limit_exceeded("a classification result exceeds jsonb's size limit");
    let base = out.len();
    // The payload follows the 4-byte varlena header: aligned as it is.
    out.resize(out.len().next_multiple_of(4), 0);
    out.extend_from_slice(&(count as u32 | kind).to_ne_bytes());
    let jentries = out.len();
    out.resize(jentries + 4 * entries, 0);
    let mut total = 0usize;
    for index in 0..entries {
        let start = out.len();
        let kind = child(index, out)?;
        let length = out.len() - start;
        total += length;
        if total > JENTRY_OFFLENMASK as usize {
            return Err(too_large());
        }
        let entry = if index % JB_OFFSET_STRIDE == 0 {
            kind | total as u32 | JENTRY_HAS_OFF
        } else {
            kind | length as u32
        };
        let at = jentries + 4 * index;
        out[at..at + 4].copy_from_slice(&entry.to_ne_bytes());
    }
    let length = out.len() - base;
    if length > JENTRY_OFFLENMASK as usize {
        return Err(too_large());
    }
    Ok(JENTRY_ISCONTAINER | length as u32)
}

fn write_string(out: &mut Payload, text: &str) -> Result<u32> {
    out.extend_from_slice(text.as_bytes());
    Ok(JENTRY_ISSTRING)
}

/// Appends an object of `(key, string or null)` pairs, keys in jsonb's
/// order (by length, then bytes; of equal keys the last one stays, as in
/// PostgreSQL).
fn write_object(out: &mut Payload, pairs: &[(&str, Option<&str>)]) -> Result<u32> {
    let mut order: SmallVec<[usize; 16]> = (0..pairs.len()).collect();
    // A stable sort: equal keys stay in their order, the last one kept.
    order.sort_by(|&a, &b| {
        let (a, b) = (pairs[a].0.as_bytes(), pairs[b].0.as_bytes());
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    });
    let mut kept: SmallVec<[usize; 16]> = SmallVec::new();
    for index in order {
        match kept.last_mut() {
            Some(last) if pairs[*last].0 == pairs[index].0 => *last = index,
            _ => kept.push(index),
        }
    }
    let count = kept.len();
    write_container(out, JB_FOBJECT, count, 2 * count, |index, out| {
        if index < count {
            return write_string(out, pairs[kept[index]].0);
        }
        match pairs[kept[index - count]].1 {
            Some(label) => write_string(out, label),
            None => Ok(JENTRY_ISNULL),
        }
    })
}

/// The jsonb payload (what follows the varlena header) of a result.
pub fn outcome_payload(outcome: &Outcome<'_>) -> Result<Payload> {
    let mut out = Payload::new();
    // The root's keys in jsonb's order: "tags" (4 bytes) before
    // "dimensions" (10).
    write_container(&mut out, JB_FOBJECT, 2, 4, |index, out| match index {
        0 => write_string(out, "tags"),
        1 => write_string(out, "dimensions"),
        2 => write_container(
            out,
            JB_FARRAY,
            outcome.tags.len(),
            outcome.tags.len(),
            |index, out| write_string(out, outcome.tags[index]),
        ),
        _ => write_object(out, &outcome.dimensions),
    })?;
    Ok(out)
}

/// The same result pushed value by value through PostgreSQL's
/// pushJsonbValue (how it was built before): the reference the tests
/// compare `outcome_payload` with.
#[cfg(any(test, feature = "pg_test"))]
pub fn outcome_datum_pushed(outcome: &Outcome<'_>) -> pg_sys::Datum {
    fn string(text: &str) -> JsonbValue {
        // SAFETY: a zeroed JsonbValue is valid; the string is set below.
        let mut value: JsonbValue = unsafe { std::mem::zeroed() };
        value.type_ = pg_sys::jbvType::jbvString;
        value.val.string = pg_sys::JsonbValue__bindgen_ty_1__bindgen_ty_1 {
            len: text.len() as i32,
            val: text.as_ptr().cast_mut().cast(),
        };
        value
    }
    // SAFETY: the values pushed point at strings that outlive this call;
    // JsonbValueToJsonb copies them.
    unsafe {
        let mut state: *mut pg_sys::JsonbParseState = std::ptr::null_mut();
        let push =
            |state: &mut *mut pg_sys::JsonbParseState, token, value: Option<&mut JsonbValue>| {
                pg_sys::pushJsonbValue(
                    state,
                    token,
                    value.map_or(std::ptr::null_mut(), |v| v as *mut _),
                )
            };
        push(&mut state, Token::WJB_BEGIN_OBJECT, None);
        push(&mut state, Token::WJB_KEY, Some(&mut string("dimensions")));
        push(&mut state, Token::WJB_BEGIN_OBJECT, None);
        for (name, label) in &outcome.dimensions {
            push(&mut state, Token::WJB_KEY, Some(&mut string(name)));
            let mut value = match label {
                Some(label) => string(label),
                None => std::mem::zeroed(),
            };
            push(&mut state, Token::WJB_VALUE, Some(&mut value));
        }
        push(&mut state, Token::WJB_END_OBJECT, None);
        push(&mut state, Token::WJB_KEY, Some(&mut string("tags")));
        push(&mut state, Token::WJB_BEGIN_ARRAY, None);
        for tag in &outcome.tags {
            push(&mut state, Token::WJB_ELEM, Some(&mut string(tag)));
        }
        push(&mut state, Token::WJB_END_ARRAY, None);
        let result = push(&mut state, Token::WJB_END_OBJECT, None);
        pg_sys::Datum::from(pg_sys::JsonbValueToJsonb(result))
    }
}

/// A jsonb datum made by `outcome_datum`.
pub struct JsonbDatum(pub pg_sys::Datum);

impl IntoDatum for JsonbDatum {
    fn into_datum(self) -> Option<pg_sys::Datum> {
        Some(self.0)
    }

    fn type_oid() -> pg_sys::Oid {
        pg_sys::JSONBOID
    }
}

// SAFETY: the datum returned is a jsonb value.
unsafe impl pgrx::callconv::BoxRet for JsonbDatum {
    /// # Safety
    /// As `BoxRet`: `fcinfo` is the call this value is returned from.
    unsafe fn box_into<'fcx>(
        self,
        fcinfo: &mut pgrx::callconv::FcInfo<'fcx>,
    ) -> pgrx::datum::Datum<'fcx> {
        // SAFETY: a jsonb value, in the current memory context.
        unsafe { fcinfo.return_raw_datum(self.0) }
    }
}

// SAFETY: the SQL type is jsonb, as the datum is.
unsafe impl SqlTranslatable for JsonbDatum {
    const TYPE_IDENT: &'static str = JsonB::TYPE_IDENT;
    const TYPE_ORIGIN: TypeOrigin = JsonB::TYPE_ORIGIN;
    const ARGUMENT_SQL: std::result::Result<SqlMappingRef, ArgumentError> = JsonB::ARGUMENT_SQL;
    const RETURN_SQL: std::result::Result<ReturnsRef, ReturnsError> = JsonB::RETURN_SQL;
}

/// A jsonb result built from JSON text (what the functions write).
pub struct JsonbText(pub String);

impl IntoDatum for JsonbText {
    fn into_datum(self) -> Option<pg_sys::Datum> {
        let cstring = std::ffi::CString::new(self.0).ok()?;
        // SAFETY: jsonb_in takes one cstring.
        unsafe {
            pgrx::direct_function_call_as_datum(pg_sys::jsonb_in, &[Some(cstring.as_ptr().into())])
        }
    }

    fn type_oid() -> pg_sys::Oid {
        pg_sys::JSONBOID
    }
}

// SAFETY: the datum returned is what jsonb_in made.
unsafe impl pgrx::callconv::BoxRet for JsonbText {
    /// # Safety
    /// As `BoxRet`: `fcinfo` is the call this value is returned from.
    unsafe fn box_into<'fcx>(
        self,
        fcinfo: &mut pgrx::callconv::FcInfo<'fcx>,
    ) -> pgrx::datum::Datum<'fcx> {
        match self.into_datum() {
            None => fcinfo.return_null(),
            // SAFETY: a jsonb value, in the current memory context.
            Some(datum) => unsafe { fcinfo.return_raw_datum(datum) },
        }
    }
}

// SAFETY: the SQL type is jsonb, as the datum is.
unsafe impl SqlTranslatable for JsonbText {
    const TYPE_IDENT: &'static str = JsonB::TYPE_IDENT;
    const TYPE_ORIGIN: TypeOrigin = JsonB::TYPE_ORIGIN;
    const ARGUMENT_SQL: std::result::Result<SqlMappingRef, ArgumentError> = JsonB::ARGUMENT_SQL;
    const RETURN_SQL: std::result::Result<ReturnsRef, ReturnsError> = JsonB::RETURN_SQL;
}
