//! Glue shared by the aggregates: transition states are Rust values that
//! live as `internal` in the aggregate's memory context (dropped when it is
//! reset), and travel between parallel workers in their `codec` form.

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

/// Moves `value` into the aggregate memory context; it is dropped when the
/// context is reset or deleted.
fn leak_into_aggregate<T>(value: T, fcinfo: pg_sys::FunctionCallInfo, function: &str) -> Internal {
    let context = aggregate_context(fcinfo, function);
    let pointer = PgMemoryContexts::For(context).leak_and_drop_on_delete(value);
    Internal::from(Some(pg_sys::Datum::from(pointer)))
}

/// The transition state, created with `init` on the group's first row.
///
/// # Safety
/// `state` must be NULL or a state of type `T` made by this module.
pub unsafe fn state_mut<'s, T>(
    state: &'s mut Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    function: &str,
    init: impl FnOnce() -> T,
) -> &'s mut T {
    if !state.initialized() {
        *state = leak_into_aggregate(init(), fcinfo, function);
    }
    unsafe { state.get_mut::<T>() }.expect("initialized above")
}

/// Combine step shared by all aggregates: merges `other` into `state`.
/// A state coming from a deserialize lives in a short-lived context, so it
/// is copied into the aggregate context before it is kept.
///
/// # Safety
/// Both must be NULL or states of type `T` made by this module.
pub unsafe fn combine<T: Clone>(
    mut state: Internal,
    other: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    function: &str,
    merge: impl FnOnce(&mut T, &T),
) -> Internal {
    let Some(other) = (unsafe { other.get::<T>() }) else {
        return state;
    };
    match unsafe { state.get_mut::<T>() } {
        Some(mine) => {
            merge(mine, other);
            state
        }
        None => leak_into_aggregate(other.clone(), fcinfo, function),
    }
}

/// A deserialized state, in the current (per-call) memory context.
pub fn deserialized<T>(value: T) -> Internal {
    Internal::new(value)
}

/// Declares the combine, serialize and deserialize functions of an
/// aggregate whose `internal` state is `$state`, through the state's own
/// `merge(&mut self, &Self) -> Result<()>`, `encode` and `decode`.
/// `$aggregate` names the aggregate in errors.
#[macro_export]
macro_rules! partial_state_functions {
    ($state:ty, $aggregate:expr, $combine:ident, $serialize:ident, $deserialize:ident) => {
        #[pg_extern(immutable, parallel_safe)]
        fn $combine(
            state: ::pgrx::Internal,
            other: ::pgrx::Internal,
            fcinfo: ::pgrx::pg_sys::FunctionCallInfo,
        ) -> ::pgrx::Internal {
            use $crate::error::OrRaise;
            // SAFETY: this aggregate's states are always of this type.
            unsafe {
                $crate::aggregate::combine(
                    state,
                    other,
                    fcinfo,
                    $aggregate,
                    |mine: &mut $state, other| mine.merge(other).or_raise(),
                )
            }
        }

        #[pg_extern(immutable, strict, parallel_safe)]
        fn $serialize(state: ::pgrx::Internal) -> Vec<u8> {
            // SAFETY: this aggregate's state is always of this type.
            unsafe { state.get::<$state>() }
                .map(<$state>::encode)
                .unwrap_or_default()
        }

        #[pg_extern(immutable, strict, parallel_safe)]
        fn $deserialize(bytes: &[u8], _unused: ::pgrx::Internal) -> ::pgrx::Internal {
            use $crate::error::OrRaise;
            $crate::aggregate::deserialized(<$state>::decode(bytes).or_raise())
        }
    };
}
