//! Glue shared by the aggregates: every transition state is a SQL type of
//! its own (`State`, declared with `state_type!`), kept between rows as a
//! PostgreSQL expanded object in the aggregate's memory context and
//! flattened to its versioned binary form (`codec`) only when PostgreSQL
//! stores or ships it (parallel workers, Citus). The 0.1.0 aggregates'
//! `internal` states survive only as the serialize and deserialize
//! functions its install script names (`state_serialization_of_0_1_0!`).

use pgrx::{pg_sys, Internal, PgMemoryContexts};

use crate::error::Error;

/// The memory context the aggregate keeps its states in.
fn aggregate_context(fcinfo: pg_sys::FunctionCallInfo, function: &str) -> pg_sys::MemoryContext {
    let mut context = std::ptr::null_mut();
    // SAFETY: fcinfo is the live call info PostgreSQL passed to us.
    let is_aggregate = unsafe { pg_sys::AggCheckCallContext(fcinfo, &mut context) };
    if is_aggregate == 0 || context.is_null() {
        Error::invalid_parameter(format!("{function} must be called as part of an aggregate"))
            .raise();
    }
    context
}

/// Whether argument `index` of the aggregate being computed (0 for its
/// first) is the same datum on every row of a scan: a constant or a
/// parameter (a literal, a `(SELECT …)` computed once, a prepared
/// statement's parameter). A parameter that changes makes the executor
/// rescan the aggregate, which starts its states anew. False whenever it
/// cannot tell: a window aggregate, or the call made by another aggregate
/// (Citus's `worker_partial_agg`), whose arguments are not this one's.
///
/// # Safety
/// `fcinfo` must be the live call info of one of the aggregate's transition
/// functions, whose argument `index + 1` (after the state) is that argument.
pub unsafe fn argument_is_fixed(fcinfo: pg_sys::FunctionCallInfo, index: usize) -> bool {
    // SAFETY: the function's contract: a live call; the Aggref and its
    // argument list belong to the executing plan, which outlives the call.
    unsafe {
        let aggref = pg_sys::AggGetAggref(fcinfo);
        if aggref.is_null() {
            return false;
        }
        let arguments = pgrx::PgList::<pg_sys::TargetEntry>::from_pg((*aggref).args);
        let Some(entry) = arguments.get_ptr(index) else {
            return false;
        };
        let expression = (*entry).expr as *const pg_sys::Node;
        // The Aggref is this aggregate's own when the argument there has
        // the type this transition function is called with.
        let argument_type =
            pg_sys::get_fn_expr_argtype((*fcinfo).flinfo, (index + 1) as std::ffi::c_int);
        !(*entry).resjunk
            && !expression.is_null()
            && pg_sys::exprType(expression) == argument_type
            && matches!(
                (*expression).type_,
                pg_sys::NodeTag::T_Const | pg_sys::NodeTag::T_Param
            )
    }
}

// ---- transition states of a real SQL type ---------------------------------
//
// Citus splits an aggregate across shards only when its transition type is a
// real type (not `internal`), and ships partial states between nodes as text
// through that type's input and output functions. A state type made here is a
// varlena whose binary form is the state's `encode` (version byte first) and
// whose text form is that in base64, so it round-trips exactly.
//
// Flattening the state into a varlena on every row would make each row cost
// as much as the whole state. Instead the state lives as a PostgreSQL
// read/write expanded object (see utils/expandeddatum.h): the transition
// function returns the object's R/W pointer, and because the object's memory
// context is a child of the aggregate context, nodeAgg (ExecAggTransReparent),
// nodeWindowAgg and Citus keep it as it is, without copying, and pass it back
// on the next row. It is flattened only when PostgreSQL has to store or ship
// it (a parallel worker's partial result, Citus's text form), through
// `get_flat_size` / `flatten_into`. A flat value that arrives (from a parallel
// worker, from text, from a caller) is decoded into a new expanded object
// once, and later rows update that object in place.

use std::borrow::Cow;
use std::ffi::{c_void, CStr};

use crate::error::{OrRaise, Result};

/// An aggregate's transition state that is a SQL type of its own.
pub trait State: Clone + 'static {
    /// The SQL type's name, for messages.
    const TYPE: &'static str;
    fn encode(&self) -> Vec<u8>;
    fn decode(bytes: &[u8]) -> Result<Self>;
    fn merge(&mut self, other: &Self) -> Result<()>;
    /// The expanded-object methods of this type (one static per type; the
    /// address identifies the type's expanded objects).
    fn methods() -> &'static pg_sys::ExpandedObjectMethods;
}

/// An expanded state: PostgreSQL's header, then the Rust value, nothing
/// else: every row reads the header's first line and the value, so the
/// value starts right after the header (the flat form, computed only when
/// PostgreSQL flattens the object, is kept apart: see `FLAT`).
#[repr(C)]
struct Expanded<T> {
    header: pg_sys::ExpandedObjectHeader,
    value: T,
}

const VARHDRSZ: usize = 4;

thread_local! {
    /// The flat form last computed by `flat_size`, for the `flatten_into`
    /// that follows it (PostgreSQL asks for the size, allocates, then
    /// flattens): the bytes, and in `FLAT_OF` the address of the expanded
    /// object they belong to. Any change to that object clears it
    /// (`forget_flat`).
    static FLAT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    static FLAT_OF: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The flat form of `expanded`'s value: the one `flat_size` kept, or a new
/// one; kept for the next call when `keep`.
///
/// # Safety
/// `expanded` must be a live expanded object made by `new_expanded::<T>`.
unsafe fn flat_of<T: State>(expanded: *mut Expanded<T>, keep: bool) -> Vec<u8> {
    let address = expanded as usize;
    let kept = (FLAT_OF.get() == address)
        .then(|| FLAT.with(|flat| std::mem::take(&mut *flat.borrow_mut())));
    FLAT_OF.set(0);
    // SAFETY: the caller's live expanded object (see the function's contract).
    let bytes = kept.unwrap_or_else(|| unsafe { &(*expanded).value }.encode());
    if keep {
        FLAT.with(|flat| *flat.borrow_mut() = bytes.clone());
        FLAT_OF.set(address);
    }
    bytes
}

/// Drops the flat form kept for `expanded`, whose value is about to change.
#[inline(always)]
fn forget_flat<T>(expanded: *mut Expanded<T>) {
    if FLAT_OF.get() == expanded as usize {
        FLAT_OF.set(0);
    }
}

/// `get_flat_size` of every state type's expanded objects.
///
/// # Safety
/// Called by PostgreSQL with an expanded object made by `new_expanded::<T>`.
pub unsafe extern "C-unwind" fn flat_size<T: State>(
    header: *mut pg_sys::ExpandedObjectHeader,
) -> usize {
    // SAFETY: PostgreSQL calls the methods of T's objects with one of them.
    VARHDRSZ + unsafe { flat_of(header as *mut Expanded<T>, true) }.len()
}

/// `flatten_into` of every state type's expanded objects.
///
/// # Safety
/// Called by PostgreSQL with an expanded object made by `new_expanded::<T>`
/// and a buffer of the size `flat_size` returned.
pub unsafe extern "C-unwind" fn flatten_into<T: State>(
    header: *mut pg_sys::ExpandedObjectHeader,
    result: *mut c_void,
    allocated_size: usize,
) {
    // SAFETY: PostgreSQL calls the methods of T's objects with one of them.
    let flat = unsafe { flat_of(header as *mut Expanded<T>, false) };
    assert_eq!(
        allocated_size,
        VARHDRSZ + flat.len(),
        "flat size of {} changed",
        T::TYPE
    );
    // SAFETY: `result` holds `allocated_size` bytes (the caller's
    // contract), which is the header and the flat form, as checked above.
    unsafe {
        pgrx::varlena::set_varsize_4b(result.cast(), allocated_size as i32);
        std::ptr::copy_nonoverlapping(flat.as_ptr(), result.cast::<u8>().add(VARHDRSZ), flat.len());
    }
}

/// The reset callback of an expanded state: drops its Rust value (the
/// context's reset or deletion frees its memory).
///
/// # Safety
/// `arg` must be the expanded object `new_expanded::<T>` registered this
/// callback for, not dropped before (a context runs its reset callbacks
/// once, then forgets them).
unsafe extern "C-unwind" fn drop_expanded<T>(arg: *mut c_void) {
    // SAFETY: the function's contract: a live object whose value was
    // written by `new_expanded` and is dropped only here.
    unsafe {
        let expanded = arg as *mut Expanded<T>;
        forget_flat(expanded);
        std::ptr::drop_in_place(std::ptr::addr_of_mut!((*expanded).value));
    }
}

const STATES_CONTEXT: &CStr = c"customer_segments aggregate states";

/// The one memory context under `parent` that holds the expanded states
/// made there, created on first use. One context per state would make hash
/// aggregation quadratic (nodeAgg measures its memory over every child
/// context each time it adds a group); a shared one is found among the few
/// children of the aggregate context by its name's address.
///
/// # Safety
/// `parent` must be a live memory context.
unsafe fn states_context(parent: pg_sys::MemoryContext) -> pg_sys::MemoryContext {
    // SAFETY: a live context's children are live contexts, linked through
    // `nextchild`; a new context under a live parent is always valid.
    unsafe {
        let mut child = (*parent).firstchild;
        while !child.is_null() {
            if std::ptr::eq((*child).name, STATES_CONTEXT.as_ptr()) {
                return child;
            }
            child = (*child).nextchild;
        }
        pg_sys::AllocSetContextCreateInternal(
            parent,
            STATES_CONTEXT.as_ptr(),
            pg_sys::ALLOCSET_DEFAULT_MINSIZE as usize,
            pg_sys::ALLOCSET_DEFAULT_INITSIZE as usize,
            pg_sys::ALLOCSET_DEFAULT_MAXSIZE as usize,
        )
    }
}

/// A new R/W expanded object holding `value`, in the states context under
/// `parent` (a child of the aggregate context, so nodeAgg, nodeWindowAgg and
/// Citus keep the object without copying it). The value is dropped when that
/// context is reset or deleted, with the aggregate's.
///
/// The states of a group's aggregates share that context, so no state may
/// be deleted alone: the transition and combine functions here always
/// return the object they were given (changed in place) or a new one, never
/// leaving an old expanded state for the executor to delete.
///
/// # Safety
/// `parent` must be a live memory context.
pub unsafe fn new_expanded<T: State>(value: T, parent: pg_sys::MemoryContext) -> pg_sys::Datum {
    // SAFETY: `parent` is live (the caller's contract). The object is
    // written inside the chunk just allocated for it (`padded(align)` bytes
    // leave room for aligning its start), and the callback that drops its
    // value is registered on the context that frees its memory, so the
    // value is dropped exactly once, before its memory goes.
    unsafe {
        let context = states_context(parent);
        // palloc aligns to 8 bytes; a state holding an i128 needs 16. The
        // object starts at a cache line, so that it spans as few lines as its
        // size allows, when that fits in the chunk size palloc would use
        // anyway (AllocSet rounds small requests up to a power of two).
        // Nothing frees the object's own pointer (deleting the context frees
        // it all), so it may start inside the chunk.
        const PALLOC_ALIGN: usize = 8;
        let chunk = |size: usize| {
            if size <= 8192 {
                size.next_power_of_two()
            } else {
                size
            }
        };
        let padded =
            |align: usize| std::mem::size_of::<Expanded<T>>() + align.saturating_sub(PALLOC_ALIGN);
        let natural = std::mem::align_of::<Expanded<T>>();
        let align = if chunk(padded(CACHE_LINE)) == chunk(padded(natural)) {
            CACHE_LINE.max(natural)
        } else {
            natural
        };
        let raw = pg_sys::MemoryContextAlloc(context, padded(align)) as usize;
        let expanded = ((raw + align - 1) & !(align - 1)) as *mut Expanded<T>;
        pg_sys::EOH_init_header(
            std::ptr::addr_of_mut!((*expanded).header),
            T::methods(),
            context,
        );
        std::ptr::write(std::ptr::addr_of_mut!((*expanded).value), value);
        let callback = pg_sys::MemoryContextAlloc(
            context,
            std::mem::size_of::<pg_sys::MemoryContextCallback>(),
        ) as *mut pg_sys::MemoryContextCallback;
        std::ptr::write(
            callback,
            pg_sys::MemoryContextCallback {
                func: Some(drop_expanded::<T>),
                arg: expanded.cast(),
                next: std::ptr::null_mut(),
            },
        );
        pg_sys::MemoryContextRegisterResetCallback(context, callback);
        pg_sys::Datum::from((*expanded).header.eoh_rw_ptr.as_mut_ptr())
    }
}

const CACHE_LINE: usize = 64;

/// Asks the CPU to load the cache lines of the expanded state `datum` points
/// to, when it is one, without waiting for them: a GROUP BY over many groups
/// visits each state at random, so every line is a miss, and requested
/// together (at the start of a transition call, before its arguments are
/// read) they arrive in parallel rather than one after another. The address
/// is computed from the datum alone (the R/W pointer sits at a fixed offset
/// in the header); a prefetch of an address that is not a state, as for a
/// flat value, is harmless (prefetches never fault).
#[inline(always)]
pub fn prefetch<T: State>(datum: pg_sys::Datum) {
    let offset = std::mem::offset_of!(pg_sys::ExpandedObjectHeader, eoh_rw_ptr);
    prefetch_lines(
        datum.value().wrapping_sub(offset),
        std::mem::size_of::<Expanded<T>>(),
    );
}

/// `prefetch` of an aggregate's state argument, when it is set.
#[inline(always)]
pub fn prefetch_state<T: State>(state: &Internal) {
    // SAFETY: Internal::get gives the datum's pointer; only its address is used.
    if let Some(pointer) = unsafe { state.get::<u8>() } {
        prefetch::<T>(pg_sys::Datum::from(pointer as *const u8));
    }
}

#[inline(always)]
fn prefetch_lines(start: usize, size: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        let mut line = start & !(CACHE_LINE - 1);
        let end = start.wrapping_add(size);
        while line < end {
            // SAFETY: a prefetch reads nothing architecturally and never faults.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    line as *const i8,
                )
            };
            line += CACHE_LINE;
        }
    }
}

/// The expanded state behind `datum`, and whether the pointer is R/W; None
/// for a flat (possibly toasted or short-header) varlena.
///
/// # Safety
/// `datum` must be a varlena of `T`'s SQL type: flat, or a pointer to an
/// expanded object that `new_expanded::<T>` made and whose context is live.
unsafe fn expanded<T: State>(datum: pg_sys::Datum) -> Option<(*mut Expanded<T>, bool)> {
    let pointer = datum.cast_mut_ptr::<pg_sys::varlena>();
    // SAFETY: a varlena's first byte is its header; the tag byte follows
    // the 1-byte header of an external one (VARATT_IS_EXTERNAL_EXPANDED).
    let tag = unsafe {
        if !pgrx::varlena::varatt_is_1b_e(pointer) {
            return None;
        }
        pgrx::varlena::vartag_external(pointer) as pg_sys::vartag_external::Type
    };
    // SAFETY: only reads the tag.
    if !unsafe { pgrx::varlena::vartag_is_expanded(tag) } {
        return None;
    }
    // SAFETY: DatumGetEOHP, inlined: an expanded pointer datum holds the
    // object's header pointer after its two header bytes, unaligned.
    let header = unsafe {
        std::ptr::read_unaligned(
            pointer.cast::<u8>().add(2) as *const *mut pg_sys::ExpandedObjectHeader
        )
    };
    // SAFETY: the caller's expanded objects are live, so their header is.
    if !std::ptr::eq(unsafe { (*header).eoh_methods }, T::methods()) {
        Error::corrupted(format!("{}: not a value of this type", T::TYPE)).raise();
    }
    debug_assert!(
        // SAFETY: as above: the object's header names the context it lives in.
        unsafe { in_states_context(header) },
        "{}: every expanded state lives in the one states context of its aggregate context",
        T::TYPE
    );
    Some((
        header as *mut Expanded<T>,
        tag == pg_sys::vartag_external::VARTAG_EXPANDED_RW,
    ))
}

/// Whether the expanded object `header` lives in a shared states context
/// (see `states_context`), not in one of its own: the executor deletes an
/// expanded object by deleting its context, which for a shared one would
/// take every other state of the aggregate with it.
///
/// # Safety
/// `header` must be the header of a live expanded object.
unsafe fn in_states_context(header: *const pg_sys::ExpandedObjectHeader) -> bool {
    // SAFETY: a live object's context is live and has a name.
    unsafe {
        let context = (*header).eoh_context;
        !context.is_null() && std::ptr::eq((*context).name, STATES_CONTEXT.as_ptr())
    }
}

/// The bytes of a flat state value, detoasted when needed.
///
/// # Safety
/// `datum` must be a flat varlena (not an expanded object) that lives as
/// long as `'a` (a detoasted copy lives in the current memory context).
unsafe fn flat_bytes<'a>(datum: pg_sys::Datum) -> &'a [u8] {
    // SAFETY: the function's contract.
    unsafe { crate::stored::varlena_bytes(datum) }
}

/// The state behind `datum`, expanded or flat.
///
/// # Safety
/// `datum` must be a value of `T`'s SQL type.
pub unsafe fn read<'a, T: State>(datum: pg_sys::Datum) -> Cow<'a, T> {
    // SAFETY: the caller's contract: a value of T's type, so an expanded
    // one is one of T's live objects and a flat one a varlena.
    match unsafe { expanded::<T>(datum) } {
        // SAFETY: as above.
        Some((expanded, _)) => Cow::Borrowed(unsafe { &(*expanded).value }),
        // SAFETY: as above.
        None => Cow::Owned(T::decode(unsafe { flat_bytes(datum) }).or_raise()),
    }
}

fn take_datum(state: &mut Internal) -> Option<pg_sys::Datum> {
    std::mem::take(state).unwrap()
}

/// The transition state, to update in place: created with `init` on the
/// group's first row; a flat value (or a read-only pointer) is first decoded
/// into a new expanded object in the aggregate context (then `state` is that
/// object's R/W pointer, for the function to return). A R/W pointer is the
/// caller's permission to change the object in place (as array_append
/// takes it): that is every row after the first, and costs no copy.
///
/// # Safety
/// `state` must be NULL or a value of `T`'s SQL type.
pub unsafe fn expanded_mut<'s, T: State>(
    state: &'s mut Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    function: &str,
    init: impl FnOnce() -> T,
) -> &'s mut T {
    let datum = take_datum(state);
    // SAFETY: the caller's contract: NULL or a value of T's type.
    let expanded = match datum.map(|datum| (datum, unsafe { expanded::<T>(datum) })) {
        Some((datum, Some((expanded, true)))) => {
            *state = Internal::from(Some(datum));
            expanded
        }
        other => {
            let context = aggregate_context(fcinfo, function);
            let value = match other {
                None => init(),
                // SAFETY: as above.
                Some((datum, _)) => unsafe { read::<T>(datum) }.into_owned(),
            };
            // SAFETY: the aggregate context is live during the call. The
            // old value, if any, was flat or read-only: the executor owns
            // it, and deletes no shared context for it.
            let datum = unsafe { new_expanded(value, context) };
            *state = Internal::from(Some(datum));
            // SAFETY: an R/W pointer to T's object, just made.
            unsafe { expanded::<T>(datum) }.expect("made above").0
        }
    };
    forget_flat(expanded);
    // SAFETY: a live object of T (either arm); the R/W pointer in `state`
    // is the executor's permission to change it in place.
    unsafe { &mut (*expanded).value }
}

/// The state a final function reads (it may reorder the state's contents,
/// as the `internal` states did): the expanded object itself, or a flat
/// value decoded into the current memory context.
///
/// # Safety
/// `state` must be NULL or a value of `T`'s SQL type.
// The state lives in the aggregate's memory context, not in the `Internal`
// handle: PostgreSQL gives the final function the only reference to it.
#[allow(clippy::mut_from_ref)]
pub unsafe fn final_state<T: State>(state: &Internal) -> Option<&mut T> {
    // SAFETY: Internal::get gives the datum's pointer; only its address is used.
    let datum = pg_sys::Datum::from(unsafe { state.get::<u8>() }? as *const u8);
    // SAFETY: the caller's contract: a value of T's type.
    match unsafe { expanded::<T>(datum) } {
        Some((expanded, _)) => {
            // The final function reads the whole state: its lines at once.
            prefetch_lines(expanded as usize, std::mem::size_of::<Expanded<T>>());
            forget_flat(expanded);
            // SAFETY: a live object of T, which only this call reads now.
            Some(unsafe { &mut (*expanded).value })
        }
        None => {
            // SAFETY: as above: a flat value.
            let value = T::decode(unsafe { flat_bytes(datum) }).or_raise();
            // SAFETY: leaked into the current memory context, which outlives
            // the final function's use of it and drops it when deleted.
            Some(unsafe {
                &mut *PgMemoryContexts::CurrentMemoryContext.leak_and_drop_on_delete(value)
            })
        }
    }
}

/// Combine step of a state type: merges `other` into `state` in place.
///
/// # Safety
/// Both must be NULL or values of `T`'s SQL type.
pub unsafe fn combine_expanded<T: State>(
    mut state: Internal,
    other: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    function: &str,
) -> Internal {
    let Some(other) = other.unwrap() else {
        return state;
    };
    // The group's state is one visited at random: its lines are requested
    // before `other` is decoded, and arrive meanwhile.
    prefetch_state::<T>(&state);
    // SAFETY: the caller's contract: a value of T's type.
    let other = unsafe { read::<T>(other) };
    if !state.initialized() {
        let context = aggregate_context(fcinfo, function);
        // SAFETY: the aggregate context is live during the call.
        return Internal::from(Some(unsafe { new_expanded(other.into_owned(), context) }));
    }
    // SAFETY: the caller's contract: a value of T's type.
    let mine = unsafe {
        expanded_mut::<T>(&mut state, fcinfo, function, || {
            unreachable!("state is set")
        })
    };
    mine.merge(&other).or_raise();
    state
}

/// Input function of a state type: base64 of the binary form, checked.
pub fn state_in<T: State>(text: &CStr) -> Internal {
    let text = text
        .to_str()
        .map_err(|_| Error::invalid_text(format!("{}: text form is not base64", T::TYPE)))
        .or_raise();
    let bytes = crate::codec::base64::decode(text, T::TYPE).or_raise();
    // Text that does not decode is bad input (22P02), not stored data gone
    // bad: the same bytes read from a table would be XX001.
    T::decode(&bytes)
        .map_err(|error| match error.kind {
            crate::error::Kind::Corrupted => {
                Error::invalid_text(format!("{}: {}", T::TYPE, error.message))
            }
            _ => error.context(T::TYPE),
        })
        .or_raise();
    Internal::from(Some(crate::stored::to_datum(&bytes)))
}

/// Output function of a state type.
///
/// # Safety
/// `state` must be a value of `T`'s SQL type.
pub unsafe fn state_out<T: State>(state: Internal) -> Internal {
    let Some(datum) = state.unwrap() else {
        return Internal::from(None);
    };
    // SAFETY: the caller's contract: a value of T's type.
    let text = match unsafe { expanded::<T>(datum) } {
        // SAFETY: as above: one of T's live objects.
        Some((expanded, _)) => crate::codec::base64::encode(&unsafe { flat_of(expanded, false) }),
        // SAFETY: as above: a flat value.
        None => crate::codec::base64::encode(unsafe { flat_bytes(datum) }),
    };
    // SAFETY: a NUL-terminated copy in the current memory context.
    let cstring =
        unsafe { pg_sys::pstrdup(std::ffi::CString::new(text).expect("base64").as_ptr()) };
    Internal::from(Some(pg_sys::Datum::from(cstring)))
}

/// Makes `$state` (with inherent `encode`, `decode` and `merge`) the state
/// type of an aggregate: implements `State`, and declares the type's input
/// and output functions and the aggregate's combine function, named by
/// `$in`, `$out`, `$combine`, whose SQL the aggregate's own `extension_sql!`
/// writes (they take and return the state type, not `internal`).
#[macro_export]
macro_rules! state_type {
    ($state:ty, $sql_type:literal, $aggregate:expr, $in:ident, $out:ident, $combine:ident) => {
        impl $crate::aggregate::State for $state {
            const TYPE: &'static str = $sql_type;
            fn encode(&self) -> Vec<u8> {
                <$state>::encode(self)
            }
            fn decode(bytes: &[u8]) -> $crate::error::Result<Self> {
                <$state>::decode(bytes)
            }
            fn merge(&mut self, other: &Self) -> $crate::error::Result<()> {
                <$state>::merge(self, other)
            }
            fn methods() -> &'static ::pgrx::pg_sys::ExpandedObjectMethods {
                static METHODS: ::pgrx::pg_sys::ExpandedObjectMethods =
                    ::pgrx::pg_sys::ExpandedObjectMethods {
                        get_flat_size: Some($crate::aggregate::flat_size::<$state>),
                        flatten_into: Some($crate::aggregate::flatten_into::<$state>),
                    };
                &METHODS
            }
        }

        #[pg_extern(immutable, strict, parallel_safe, sql = false)]
        fn $in(text: &::core::ffi::CStr) -> ::pgrx::Internal {
            $crate::aggregate::state_in::<$state>(text)
        }

        #[pg_extern(immutable, strict, parallel_safe, sql = false)]
        fn $out(state: ::pgrx::Internal) -> ::pgrx::Internal {
            // SAFETY: the SQL function takes this state type only.
            unsafe { $crate::aggregate::state_out::<$state>(state) }
        }

        #[pg_extern(immutable, parallel_safe, sql = false)]
        fn $combine(
            state: ::pgrx::Internal,
            other: ::pgrx::Internal,
            fcinfo: ::pgrx::pg_sys::FunctionCallInfo,
        ) -> ::pgrx::Internal {
            let aggregate = $aggregate;
            // SAFETY: the SQL function takes this state type only.
            unsafe {
                $crate::aggregate::combine_expanded::<$state>(state, other, fcinfo, aggregate)
            }
        }
    };
}

/// The serialize and deserialize functions of the 0.1.0 aggregates, whose
/// state was `internal`: 0.1.0's install script names them, so they stay in
/// the library (a 0.1.0 catalog still works with it until ALTER EXTENSION
/// UPDATE), but 0.2.0 declares no SQL function for them.
#[macro_export]
macro_rules! state_serialization_of_0_1_0 {
    ($state:ty, $serialize:ident, $deserialize:ident) => {
        #[pg_extern(immutable, strict, parallel_safe, sql = false)]
        fn $serialize(state: ::pgrx::Internal) -> Vec<u8> {
            let datum = state.unwrap().expect("strict");
            // SAFETY: the 0.1.0 aggregate's state is always this type.
            $crate::aggregate::State::encode(&*unsafe { $crate::aggregate::read::<$state>(datum) })
        }

        #[pg_extern(immutable, strict, parallel_safe, sql = false)]
        fn $deserialize(bytes: &[u8], _unused: ::pgrx::Internal) -> ::pgrx::Internal {
            use $crate::error::OrRaise;
            let value = <$state as $crate::aggregate::State>::decode(bytes).or_raise();
            // SAFETY: the current memory context is live; the combine
            // function copies the state into the aggregate context.
            ::pgrx::Internal::from(Some(unsafe {
                $crate::aggregate::new_expanded(value, ::pgrx::pg_sys::CurrentMemoryContext)
            }))
        }
    };
}
