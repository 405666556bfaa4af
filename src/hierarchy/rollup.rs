//! The transition state of `rollup_tree`: the totals so far (`RollupState`)
//! and what makes sure every row of a group passes the same tree or coding
//! scheme, checked without reading a large tree again on every row.
//!
//! The tree argument is usually one value for the whole query (a literal, a
//! `(SELECT h FROM …)` computed once, a prepared statement's parameter): the
//! SQL layer says so on a group's first row (`RollupAggregate::new`), and
//! then the same datum on the next row is the same tree, neither detoasted
//! (a tree stored in a table comes as a pointer to its toasted value) nor
//! hashed again. Any other argument (a column, an expression computed per
//! row) is hashed on every row: its memory may be reused by the next row
//! for a different tree of the same size.

use std::cell::RefCell;
use std::hash::Hasher;
use std::rc::Rc;

use crate::error::{Error, Result};
use crate::hierarchy::totals::{RollupState, Shape};

/// Where a row's tree argument is, and its stored (possibly compressed)
/// size: what the SQL layer knows of it before reading it.
pub type Datum = (usize, usize);

/// Transition state: the totals so far, and which tree or scheme they are
/// laid over (a hash of its bytes) to check that every row passes the same.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupAggregate {
    pub totals: RollupState,
    shape_hash: u64,
    /// The datum a fixed tree argument came in on the last row checked;
    /// `None` when the argument is not fixed (or the state was decoded).
    last_fixed: Option<Datum>,
}

impl RollupAggregate {
    /// The state of a group's first row, whose tree argument (stored bytes
    /// `bytes`) `totals` are laid over. `fixed` is its datum when the
    /// argument is the same datum on every row of the scan (a constant or a
    /// parameter, never memory a later row may reuse), `None` otherwise.
    pub fn new(totals: RollupState, bytes: &[u8], fixed: Option<Datum>) -> RollupAggregate {
        RollupAggregate {
            totals,
            shape_hash: hash_of(bytes),
            last_fixed: fixed,
        }
    }

    /// Checks that a row's tree argument is the group's tree; `bytes` reads
    /// it (detoasting it when needed) only when it must be hashed. `name` is
    /// the argument's name in the SQL signature.
    pub fn check_shape<'b>(
        &mut self,
        datum: Datum,
        bytes: impl FnOnce() -> &'b [u8],
        name: &str,
    ) -> Result<()> {
        if self.last_fixed == Some(datum) {
            return Ok(());
        }
        if hash_of(bytes()) != self.shape_hash {
            return Err(Error::invalid_parameter(format!(
                "{name} must be the same on every row of a group"
            )));
        }
        if self.last_fixed.is_some() {
            self.last_fixed = Some(datum);
        }
        Ok(())
    }

    pub fn merge(&mut self, other: &RollupAggregate) -> Result<()> {
        self.totals.merge(&other.totals)
    }

    /// The flat form (shipped to a parallel leader or the Citus
    /// coordinator) is the totals with their tree or scheme: what combine
    /// and final need.
    pub fn encode(&self) -> Vec<u8> {
        self.totals.encode()
    }

    /// States decoded one after another in a backend (a coordinator
    /// combining the partial states of many groups) share one decoded tree,
    /// as the groups of one query do: the last shape decoded is kept and
    /// reused when the next state carries the same bytes.
    pub fn decode(bytes: &[u8]) -> Result<RollupAggregate> {
        thread_local! {
            static LAST_SHAPE: RefCell<Option<(u8, Vec<u8>, Rc<Shape>)>> =
                const { RefCell::new(None) };
        }
        let mut shape_hash = 0;
        let totals = RollupState::decode_with(bytes, |kind, shape_bytes| {
            shape_hash = hash_of(shape_bytes);
            LAST_SHAPE.with(|last| {
                let mut last = last.borrow_mut();
                if let Some((last_kind, last_bytes, shape)) = last.as_ref() {
                    if *last_kind == kind && last_bytes.as_slice() == shape_bytes {
                        return Ok(Rc::clone(shape));
                    }
                }
                let shape = Rc::new(RollupState::decode_shape(kind, shape_bytes)?);
                *last = Some((kind, shape_bytes.to_vec(), Rc::clone(&shape)));
                Ok(shape)
            })
        })?;
        // The next row (if a flat state ever meets rows again) checks its
        // shape against the hash of the one decoded here.
        Ok(RollupAggregate {
            totals,
            shape_hash,
            last_fixed: None,
        })
    }
}

fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::Decimal;
    use crate::hierarchy::scheme::CodeScheme;

    fn state_over(scheme: &str, code: &str) -> Vec<u8> {
        let scheme = Shape::Scheme(CodeScheme::parse(scheme).unwrap());
        let mut state = RollupState::new(Rc::new(scheme), false);
        state.add(code, Decimal::from_i64(3), None).unwrap();
        state.encode()
    }

    /// A coordinator decoding the partial states of many groups keeps one
    /// tree, as the groups of one query on one node do.
    #[test]
    fn states_decoded_in_turn_share_their_tree() {
        let first = RollupAggregate::decode(&state_over("2-2", "0101")).unwrap();
        let second = RollupAggregate::decode(&state_over("2-2", "0202")).unwrap();
        assert!(std::ptr::eq(first.totals.shape(), second.totals.shape()));
        let other = RollupAggregate::decode(&state_over("2-2-2", "0101")).unwrap();
        assert!(!std::ptr::eq(first.totals.shape(), other.totals.shape()));
        assert_ne!(first.totals.shape(), other.totals.shape());
        // A row after a decoded state checks its shape against the decoded one's.
        let scheme = CodeScheme::parse("2-2").unwrap();
        assert_eq!(first.shape_hash, hash_of(&scheme.encode()));
        // The flat form round-trips.
        let mut merged = first.clone();
        merged.merge(&second).unwrap();
        let again = RollupAggregate::decode(&merged.encode()).unwrap();
        assert_eq!(again.totals, merged.totals);
    }

    fn new_state(bytes: &[u8], fixed: Option<Datum>) -> RollupAggregate {
        let totals = RollupState::decode(&state_over("2-2", "0101")).unwrap();
        RollupAggregate::new(totals, bytes, fixed)
    }

    /// A fixed argument in the same datum is not read again; one that is
    /// not fixed is read on every row, so a different tree in the same
    /// memory (an expression computed per row) is refused.
    #[test]
    fn only_a_fixed_argument_skips_the_check() {
        let at: Datum = (0x1000, 200);
        let (tree, other) = ([1u8; 200], [2u8; 200]);
        let mut fixed = new_state(&tree, Some(at));
        fixed
            .check_shape(at, || panic!("not read again"), "h")
            .unwrap();
        let mut per_row = new_state(&tree, None);
        per_row.check_shape(at, || &tree, "h").unwrap();
        let error = per_row.check_shape(at, || &other, "h").unwrap_err();
        assert_eq!(error.message, "h must be the same on every row of a group");
        // A fixed argument in another datum is read, and must match.
        let moved: Datum = (0x2000, 200);
        assert!(fixed.check_shape(moved, || &other, "h").is_err());
        fixed.check_shape(moved, || &tree, "h").unwrap();
        fixed
            .check_shape(moved, || panic!("not read again"), "h")
            .unwrap();
    }
}
