//! Glue that lets a Rust type be a stored PostgreSQL type: its binary form
//! (a varlena starting with a version byte, see `codec`) and the datum
//! conversions pgrx needs. The text form is each type's own `InOutFuncs`.

use crate::error::Result;

/// A SQL type with a versioned binary form. One convention: a pure core
/// type exposes inherent `encode`/`decode` (and `to_text`/`parse` for its
/// text form) and never names this trait; the SQL layer implements it over
/// them, through `core_type!` (or by hand for a type with operators, as
/// `rfm`).
pub trait Stored: Sized {
    fn encode(&self) -> Vec<u8>;
    fn decode(bytes: &[u8]) -> Result<Self>;

    /// Further checks on a value that came from a client's bytes (binary
    /// receive): by default none; types with a text form check that it
    /// reads back as the same value (see `core_type!`), so nothing enters
    /// in binary that text input or a text dump would refuse.
    fn check_received(&self) -> Result<()> {
        Ok(())
    }

    /// A new varlena datum holding the binary form. Small types override it
    /// to skip the intermediate `Vec`.
    fn to_datum(&self) -> pgrx::pg_sys::Datum {
        to_datum(&self.encode())
    }
}

/// Copies bytes into a new varlena in the current memory context.
pub fn to_datum(bytes: &[u8]) -> pgrx::pg_sys::Datum {
    crate::fcinfo::varlena_datum(bytes)
}

/// The bytes of a varlena datum, detoasted into the current memory context
/// only when it is compressed or stored out of line. A value stored inline
/// (nearly every profile and scale) is read where it lies: the test is the
/// one `pg_detoast_datum_packed` makes, done here because every call into
/// PostgreSQL passes pgrx's error guard (a `sigsetjmp`), which per row of an
/// accessor cost about as much as reading the field.
///
/// # Safety
/// `datum` must be a varlena that lives as long as `'a` (a detoasted copy
/// lives in the current memory context).
pub unsafe fn varlena_bytes<'a>(datum: pgrx::pg_sys::Datum) -> &'a [u8] {
    let pointer = datum.cast_mut_ptr::<pgrx::pg_sys::varlena>();
    // SAFETY: the caller's contract: a varlena, whose first byte says how
    // it is stored; a detoasted copy lives in the current memory context.
    unsafe {
        let varlena =
            if pgrx::varlena::varatt_is_4b_c(pointer) || pgrx::varlena::varatt_is_1b_e(pointer) {
                pgrx::pg_sys::pg_detoast_datum_packed(pointer)
            } else {
                pointer
            };
        pgrx::varlena::varlena_to_byte_slice(varlena)
    }
}

/// Reads a (possibly toasted) varlena datum as a value of `T`.
///
/// # Safety
/// `datum` must be a varlena of the type `T` is bound to.
pub unsafe fn from_datum<T: Stored>(datum: pgrx::pg_sys::Datum) -> T {
    use crate::error::OrRaise;
    // SAFETY: the caller's contract: a varlena, detoasted (when needed)
    // into the current memory context, which outlives the decoding.
    let bytes = unsafe { varlena_bytes(datum) };
    T::decode(bytes).or_raise()
}

/// Implements the pgrx datum traits of a `#[derive(PostgresType)]` type
/// declared with `#[bikeshed_postgres_type_manually_impl_from_into_datum]`
/// through its `Stored` binary form.
#[macro_export]
macro_rules! stored_type {
    ($ty:ty) => {
        impl ::pgrx::datum::IntoDatum for $ty {
            fn into_datum(self) -> Option<::pgrx::pg_sys::Datum> {
                Some($crate::stored::Stored::to_datum(&self))
            }

            fn type_oid() -> ::pgrx::pg_sys::Oid {
                ::pgrx::wrappers::rust_regtypein::<Self>()
            }
        }

        // SAFETY: the datum returned is a new varlena of this type.
        unsafe impl ::pgrx::callconv::BoxRet for $ty {
            /// # Safety
            /// As `BoxRet`: `fcinfo` is the call this value is returned from.
            unsafe fn box_into<'fcx>(
                self,
                fcinfo: &mut ::pgrx::callconv::FcInfo<'fcx>,
            ) -> ::pgrx::datum::Datum<'fcx> {
                match ::pgrx::datum::IntoDatum::into_datum(self) {
                    None => fcinfo.return_null(),
                    // SAFETY: a varlena of the function's return type, in
                    // the current memory context.
                    Some(datum) => unsafe { fcinfo.return_raw_datum(datum) },
                }
            }
        }

        impl ::pgrx::datum::FromDatum for $ty {
            /// # Safety
            /// As `FromDatum`: `datum` is NULL or a varlena of this type.
            unsafe fn from_polymorphic_datum(
                datum: ::pgrx::pg_sys::Datum,
                is_null: bool,
                _typoid: ::pgrx::pg_sys::Oid,
            ) -> Option<Self> {
                if is_null {
                    None
                } else {
                    // SAFETY: the function's contract: a varlena of this type.
                    Some(unsafe { $crate::stored::from_datum(datum) })
                }
            }
        }

        // SAFETY: the value owns its data (decoded), so it borrows nothing
        // from the datum.
        unsafe impl ::pgrx::datum::UnboxDatum for $ty {
            type As<'dat>
                = Self
            where
                Self: 'dat;
            /// # Safety
            /// As `UnboxDatum`: `datum` is a non-NULL varlena of this type.
            unsafe fn unbox<'dat>(datum: ::pgrx::datum::Datum<'dat>) -> Self::As<'dat>
            where
                Self: 'dat,
            {
                // SAFETY: the function's contract: a varlena of this type
                // (`sans_lifetime` drops the borrow the value does not keep).
                unsafe { $crate::stored::from_datum(datum.sans_lifetime()) }
            }
        }

        // SAFETY: reads the argument through `FromDatum` above.
        unsafe impl<'fcx> ::pgrx::callconv::ArgAbi<'fcx> for $ty {
            /// # Safety
            /// As `ArgAbi`: the argument is of this type; a NULL is an
            /// ordinary error.
            unsafe fn unbox_arg_unchecked(arg: ::pgrx::callconv::Arg<'_, 'fcx>) -> Self {
                let index = arg.index();
                // SAFETY: the function's contract: an argument of this type.
                unsafe { arg.unbox_arg_using_from_datum() }
                    .unwrap_or_else(|| $crate::fcinfo::null_argument(index))
            }
        }
    };
}

/// Decodes what a receive function is given: the rest of a StringInfo
/// (the receive functions `customer_segments_macros::binary_io!` declares).
pub fn received<T: Stored>(mut buffer: pgrx::Internal, type_name: &str) -> T {
    use crate::error::{Error, OrRaise};
    // SAFETY: PostgreSQL passes receive functions a StringInfo holding the
    // value's bytes from `cursor` to `len` (clamped to that range here).
    let bytes = unsafe {
        let info = buffer
            .get_mut::<pgrx::pg_sys::StringInfoData>()
            .ok_or_else(|| Error::invalid_parameter("receive needs a buffer"))
            .or_raise();
        let start = info.cursor.max(0) as usize;
        let end = (info.len.max(0) as usize).max(start);
        info.cursor = info.len;
        std::slice::from_raw_parts((info.data as *const u8).add(start), end - start)
    };
    T::decode(bytes)
        .and_then(|value| value.check_received().map(|_| value))
        .map_err(|error| Error {
            kind: crate::error::Kind::InvalidBinary,
            message: format!(
                "{type_name}: binary form does not decode: {}",
                error.message
            ),
        })
        .or_raise()
}

/// Declares the SQL type `$name` over a core type whose binary form is
/// `encode`/`decode` and whose text form is `to_text`/`parse`: the struct,
/// its datum conversions, `Stored`, `InOutFuncs` and its send and receive
/// functions (`binary_io!`).
#[macro_export]
macro_rules! core_type {
    ($(#[$doc:meta])* $name:ident($core:ty)) => {
        $(#[$doc])*
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, PartialEq, PostgresType)]
        #[inoutfuncs]
        #[bikeshed_postgres_type_manually_impl_from_into_datum]
        pub struct $name(pub $core);

        $crate::stored_type!($name);
        ::customer_segments_macros::binary_io!($name);

        impl $crate::stored::Stored for $name {
            fn encode(&self) -> Vec<u8> {
                self.0.encode()
            }

            fn decode(bytes: &[u8]) -> $crate::error::Result<Self> {
                <$core>::decode(bytes).map($name)
            }

            fn check_received(&self) -> $crate::error::Result<()> {
                $crate::stored::reads_back(&self.0.encode(), &self.0.to_text(), |text| {
                    <$core>::parse(text).map(|again| again.encode())
                })
            }
        }

        impl ::pgrx::InOutFuncs for $name {
            fn input(input: &::core::ffi::CStr) -> Self {
                use $crate::error::OrRaise;
                let text = input
                    .to_str()
                    .map_err(|_| $crate::error::Error::invalid_text(concat!(
                        stringify!($name),
                        ": input is not valid UTF-8"
                    )))
                    .or_raise();
                let value = <$core>::parse(text).or_raise();
                // One validation path: what text input builds must also pass
                // the checks that binary input and stored bytes pass.
                $crate::stored::checked_as_stored(value.encode(), stringify!($name), |bytes| {
                    <$core>::decode(bytes).map(|_| ())
                })
                .or_raise();
                $name(value)
            }

            fn output(&self, buffer: &mut ::pgrx::StringInfo) {
                buffer.push_str(&self.0.to_text());
            }
        }
    };
}

/// The binary form of a stored type `T`, returned without building a `T`
/// (aggregates' final functions encode their state straight from memory).
pub struct Encoded<T> {
    bytes: Vec<u8>,
    marker: std::marker::PhantomData<T>,
}

impl<T> Encoded<T> {
    pub fn new(bytes: Vec<u8>) -> Self {
        Encoded {
            bytes,
            marker: std::marker::PhantomData,
        }
    }
}

// SAFETY: the SQL type of `T`, whose binary form the bytes are.
unsafe impl<T: pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable>
    pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable for Encoded<T>
{
    const TYPE_IDENT: &'static str = T::TYPE_IDENT;
    const TYPE_ORIGIN: pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin = T::TYPE_ORIGIN;
    const ARGUMENT_SQL: std::result::Result<
        pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef,
        pgrx::pgrx_sql_entity_graph::metadata::ArgumentError,
    > = T::ARGUMENT_SQL;
    const RETURN_SQL: std::result::Result<
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsRef,
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsError,
    > = T::RETURN_SQL;
}

impl<T: pgrx::datum::IntoDatum> pgrx::datum::IntoDatum for Encoded<T> {
    fn into_datum(self) -> Option<pgrx::pg_sys::Datum> {
        Some(to_datum(&self.bytes))
    }

    fn type_oid() -> pgrx::pg_sys::Oid {
        T::type_oid()
    }
}

// SAFETY: the datum returned is a new varlena holding `T`'s binary form.
unsafe impl<T: pgrx::datum::IntoDatum> pgrx::callconv::BoxRet for Encoded<T> {
    /// # Safety
    /// As `BoxRet`: `fcinfo` is the call this value is returned from.
    unsafe fn box_into<'fcx>(
        self,
        fcinfo: &mut pgrx::callconv::FcInfo<'fcx>,
    ) -> pgrx::datum::Datum<'fcx> {
        // SAFETY: a varlena of the function's return type, in the current
        // memory context.
        unsafe { fcinfo.return_raw_datum(to_datum(&self.bytes)) }
    }
}

/// Whether a value whose binary form is `bytes` and text form `text` reads
/// back from that text (`parse` returns the binary form of what it read)
/// as the very same bytes.
pub fn reads_back(
    bytes: &[u8],
    text: &str,
    parse: impl FnOnce(&str) -> Result<Vec<u8>>,
) -> Result<()> {
    let again = parse(text).map_err(|error| error.context("its text form does not read back"))?;
    if again == bytes {
        Ok(())
    } else {
        Err(crate::error::Error::invalid_parameter(
            "its text form reads back as a different value",
        ))
    }
}

/// Runs the decoder's checks on what text input built; a refusal is an
/// invalid text representation (22P02) naming the type.
pub fn checked_as_stored(
    bytes: Vec<u8>,
    type_name: &str,
    decode: impl FnOnce(&[u8]) -> Result<()>,
) -> Result<()> {
    decode(&bytes).map_err(|error| crate::error::Error {
        kind: crate::error::Kind::InvalidText,
        message: format!("{type_name}: {}", error.message),
    })
}

#[cfg(test)]
mod tests {
    use super::reads_back;
    use crate::hierarchy::tree::Hierarchy;
    use crate::rfm::scale::RfmScale;

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// What binary receive runs on a decoded value (see `core_type!`).
    fn received_hierarchy(bytes: &[u8]) -> crate::error::Result<()> {
        let value = Hierarchy::decode(bytes)?;
        reads_back(&value.encode(), &value.to_text(), |text| {
            Hierarchy::parse(text).map(|again| again.encode())
        })
    }

    #[test]
    fn a_hierarchy_with_nodes_out_of_order_is_refused_on_receive() {
        // 01, 0101 (under 01), 02, 0201 (under 02): the layout pgrx writes.
        let ordered = hex("010400000002000000303100ffffffff0400000030313031000000000002000000303200ffffffff0400000030323031000200000000000000");
        received_hierarchy(&ordered).unwrap();
        // 01, 02, 0101 (under 01), 0201 (under 02): parents still come
        // first, but a subtree is no longer contiguous.
        let shuffled = hex("010400000002000000303100ffffffff02000000303200ffffffff040000003031303100000000000400000030323031000100000000000000");
        let error = received_hierarchy(&shuffled).unwrap_err();
        assert!(
            error.message.contains("not laid out under its parent"),
            "{error:?}"
        );
        // 02 before 01: siblings out of order.
        let swapped = hex("010400000002000000303200ffffffff0400000030323031000000000002000000303100ffffffff0400000030313031000200000000000000");
        let error = Hierarchy::decode(&swapped).unwrap_err();
        assert!(error.message.contains("out of order"), "{error:?}");
    }

    #[test]
    fn an_rfm_scale_whose_text_reads_back_differently_is_refused() {
        let scale = RfmScale::fixed([vec![1.0, 2.0], vec![1.0, 2.0], vec![1.0, 2.0]]).unwrap();
        let bytes = scale.encode();
        reads_back(&bytes, &scale.to_text(), |text| {
            RfmScale::parse(text).map(|s| s.encode())
        })
        .unwrap();
        let other = RfmScale::fixed([vec![1.0, 3.0], vec![1.0, 2.0], vec![1.0, 2.0]]).unwrap();
        assert!(
            reads_back(&bytes, &other.to_text(), |text| RfmScale::parse(text)
                .map(|s| s.encode()))
            .is_err()
        );
    }
}
