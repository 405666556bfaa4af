//! Class trees: coding schemes (`code_scheme`), trees built from parent
//! pointers, nested sets or coded class tables (`hierarchy`), and one-pass
//! totals at every level of a tree (`rollup_tree` → `tree_totals`).
//!
//! SQL glue only: schemes in `scheme`, trees in `tree`, totals in `totals`,
//! rollup_tree's transition state in `rollup`.

pub mod rollup;
pub mod scheme;
pub mod totals;
pub mod tree;

#[cfg(test)]
mod edge_cases;

use std::rc::Rc;

use pgrx::prelude::*;
use pgrx::{pg_sys, AnyNumeric, Array, Internal};

use crate::aggregate;
use crate::decimal::{numeric, Decimal};
use crate::error::{Error, OrRaise, Result};
use crate::language::{self, Language};
use crate::memo::{memoized, Raw};
use rollup::RollupAggregate;
use scheme::CodeScheme;
use totals::{Customer, NodeTotals, RollupState, Shape, TreeTotals, UNCLASSIFIED_KEY};
use tree::{Hierarchy, Source, TreeBuilder};

// ---- types -------------------------------------------------------------------

crate::core_type!(
    /// SQL type `segments.code_scheme`, such as `2-2-2`.
    code_scheme(CodeScheme)
);

crate::core_type!(
    /// SQL type `segments.hierarchy`: a validated tree of classes.
    hierarchy(Hierarchy)
);

crate::core_type!(
    /// SQL type `segments.tree_totals`: the result of `rollup_tree`.
    tree_totals(TreeTotals)
);

// An unknown literal such as '2-2-2' resolves to a string-category type when
// overloads differ there (rollup_tree takes a hierarchy or a scheme).
extension_sql!(
    r#"
UPDATE pg_catalog.pg_type SET typcategory = 'S' WHERE oid = 'code_scheme'::regtype;
"#,
    name = "code_scheme_category",
    requires = [code_scheme]
);

// ---- coding schemes ------------------------------------------------------

#[pg_extern(immutable, strict, parallel_safe)]
fn code_level(code: &str, scheme: Raw<code_scheme>, fcinfo: pg_sys::FunctionCallInfo) -> i32 {
    scheme
        .decoded(fcinfo, CodeScheme::decode)
        .level(code)
        .or_raise() as i32
}

#[pg_extern(immutable, strict, parallel_safe)]
#[allow(clippy::needless_lifetimes)] // pgrx reads the lifetime of the returned borrow
fn code_parent<'a>(
    code: &'a str,
    scheme: Raw<code_scheme>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<&'a str> {
    scheme
        .decoded(fcinfo, CodeScheme::decode)
        .parent(code)
        .or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
#[allow(clippy::needless_lifetimes)] // pgrx reads the lifetime of the returned borrow
fn code_path<'a>(
    code: &'a str,
    scheme: Raw<code_scheme>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Vec<&'a str> {
    scheme
        .decoded(fcinfo, CodeScheme::decode)
        .path(code)
        .or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
#[allow(clippy::needless_lifetimes)] // pgrx reads the lifetime of the returned borrow
fn code_at_level<'a>(
    code: &'a str,
    scheme: Raw<code_scheme>,
    level: i32,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<&'a str> {
    scheme
        .decoded(fcinfo, CodeScheme::decode)
        .at_level(code, level)
        .or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn code_is_valid(code: &str, scheme: Raw<code_scheme>, fcinfo: pg_sys::FunctionCallInfo) -> bool {
    scheme.decoded(fcinfo, CodeScheme::decode).is_valid(code)
}

// ---- the tree aggregates ---------------------------------------------------

const TREE: &str = "tree";

fn node_key(node: Option<&str>) -> &str {
    node.ok_or_else(|| Error::invalid_parameter("node must not be NULL"))
        .or_raise()
}

/// The builder of this group, made from `source` on the first row.
fn tree_state(
    state: &mut Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    source: impl FnOnce() -> Source,
) -> &mut TreeBuilder {
    // SAFETY: the tree aggregates' states are always tree_states.
    unsafe { aggregate::expanded_mut(state, fcinfo, TREE, || TreeBuilder::new(source())) }
}

fn parent_row(
    mut state: Internal,
    node: Option<&str>,
    parent: Option<&str>,
    name: Option<&str>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    let node = node_key(node);
    tree_state(&mut state, fcinfo, || Source::Parents)
        .push_parent(node, parent, name)
        .or_raise();
    state
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn tree_parent_transition(
    state: Internal,
    node: Option<&str>,
    parent: Option<&str>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    parent_row(state, node, parent, None, fcinfo)
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn tree_parent_named_transition(
    state: Internal,
    node: Option<&str>,
    parent: Option<&str>,
    name: Option<&str>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    parent_row(state, node, parent, name, fcinfo)
}

fn nested_row(
    mut state: Internal,
    node: Option<&str>,
    lft: Option<i32>,
    rgt: Option<i32>,
    name: Option<&str>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    let node = node_key(node);
    let bound = |value: Option<i32>, what: &str| {
        value
            .ok_or_else(|| {
                Error::invalid_parameter(format!("{what} of node \"{node}\" must not be NULL"))
            })
            .or_raise()
    };
    let (lft, rgt) = (bound(lft, "lft"), bound(rgt, "rgt"));
    tree_state(&mut state, fcinfo, || Source::Nested)
        .push_nested(node, lft, rgt, name)
        .or_raise();
    state
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn tree_nested_transition(
    state: Internal,
    node: Option<&str>,
    lft: Option<i32>,
    rgt: Option<i32>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    nested_row(state, node, lft, rgt, None, fcinfo)
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn tree_nested_named_transition(
    state: Internal,
    node: Option<&str>,
    lft: Option<i32>,
    rgt: Option<i32>,
    name: Option<&str>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    nested_row(state, node, lft, rgt, name, fcinfo)
}

fn coded_row(
    mut state: Internal,
    code: Option<&str>,
    scheme: Option<code_scheme>,
    name: Option<&str>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    let code = node_key(code);
    let builder = tree_state(&mut state, fcinfo, || {
        let scheme = scheme
            .clone()
            .ok_or_else(|| Error::invalid_parameter("scheme must not be NULL"))
            .or_raise();
        Source::Coded(scheme.0)
    });
    if scheme.is_some_and(|scheme| Source::Coded(scheme.0) != *builder.source()) {
        Error::invalid_parameter("scheme must be the same on every row of a group").raise();
    }
    builder.push_coded(code, name).or_raise();
    state
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn tree_coded_transition(
    state: Internal,
    code: Option<&str>,
    scheme: Option<code_scheme>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    coded_row(state, code, scheme, None, fcinfo)
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn tree_coded_named_transition(
    state: Internal,
    code: Option<&str>,
    scheme: Option<code_scheme>,
    name: Option<&str>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    coded_row(state, code, scheme, name, fcinfo)
}

/// Integer ids (most ERPs' `id` and `parent`) are kept as their decimal text.
fn id_key(id: Option<i64>) -> Option<String> {
    id.map(|id| id.to_string())
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn tree_parent_id_transition(
    state: Internal,
    node: Option<i64>,
    parent: Option<i64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    parent_row(
        state,
        id_key(node).as_deref(),
        id_key(parent).as_deref(),
        None,
        fcinfo,
    )
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn tree_parent_id_named_transition(
    state: Internal,
    node: Option<i64>,
    parent: Option<i64>,
    name: Option<&str>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    parent_row(
        state,
        id_key(node).as_deref(),
        id_key(parent).as_deref(),
        name,
        fcinfo,
    )
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn tree_nested_id_transition(
    state: Internal,
    node: Option<i64>,
    lft: Option<i32>,
    rgt: Option<i32>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    nested_row(state, id_key(node).as_deref(), lft, rgt, None, fcinfo)
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn tree_nested_id_named_transition(
    state: Internal,
    node: Option<i64>,
    lft: Option<i32>,
    rgt: Option<i32>,
    name: Option<&str>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    nested_row(state, id_key(node).as_deref(), lft, rgt, name, fcinfo)
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn tree_final(state: Internal) -> Option<hierarchy> {
    // SAFETY: the tree aggregates' states are always tree_states.
    let builder = unsafe { aggregate::final_state::<TreeBuilder>(&state) }?;
    Some(hierarchy(builder.build().or_raise()))
}

customer_segments_macros::state_type!(
    TreeBuilder as tree_state for tree returning hierarchy,
    comment = "Transition state of the tree, tree_nested and tree_coded aggregates (the class rows so far); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.",
    of = "the tree aggregates",
    final_comment = "builds and checks the tree",
    forms = r#"
aggregate   | arguments                                | transition             | symbol                          | comment
tree        | node text, parent text                   | tree_parent_transition | tree_parent_transition          | Tree from a parent-pointer table: node, parent (NULL for a root). Two parents, missing parents and cycles are errors naming the node.
tree        | node text, parent text, name text        | tree_parent_transition | tree_parent_named_transition    | Tree from a parent-pointer table: node, parent (NULL for a root), name.
tree        | node bigint, parent bigint               | tree_parent_transition | tree_parent_id_transition       | Tree from a parent-pointer table with integer ids: node, parent (NULL for a root).
tree        | node bigint, parent bigint, name text    | tree_parent_transition | tree_parent_id_named_transition | Tree from a parent-pointer table with integer ids: node, parent (NULL for a root), name.
tree_nested | node bigint, lft int, rgt int            | tree_nested_transition | tree_nested_id_transition       | Tree from a nested-set table with integer ids: node, lft, rgt.
tree_nested | node bigint, lft int, rgt int, name text | tree_nested_transition | tree_nested_id_named_transition | Tree from a nested-set table with integer ids: node, lft, rgt, name.
tree_nested | node text, lft int, rgt int              | tree_nested_transition | tree_nested_transition          | Tree from a nested-set table: node, lft, rgt. Intervals must nest and never share a boundary.
tree_nested | node text, lft int, rgt int, name text   | tree_nested_transition | tree_nested_named_transition    | Tree from a nested-set table: node, lft, rgt, name.
tree_coded  | code text, scheme code_scheme            | tree_coded_transition  | tree_coded_transition           | Tree from a coded class table: code, coding scheme. Every parent code must be in the table.
tree_coded  | code text, scheme code_scheme, name text | tree_coded_transition  | tree_coded_named_transition     | Tree from a coded class table: code, coding scheme, name.
"#,
    name = "tree_aggregates",
    requires = [hierarchy, code_scheme]
);
crate::state_serialization_of_0_1_0!(TreeBuilder, tree_serialize, tree_deserialize);

// ---- reading a hierarchy -------------------------------------------------

#[pg_extern(immutable, strict, parallel_safe)]
fn ancestors<'a>(h: Raw<hierarchy>, node: &str, fcinfo: pg_sys::FunctionCallInfo) -> Vec<&'a str> {
    h.decoded(fcinfo, Hierarchy::decode)
        .ancestors(node)
        .or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn depth(h: Raw<hierarchy>, node: &str, fcinfo: pg_sys::FunctionCallInfo) -> i32 {
    h.decoded(fcinfo, Hierarchy::decode).depth(node).or_raise() as i32
}

#[pg_extern(immutable, strict, parallel_safe)]
fn is_leaf(h: Raw<hierarchy>, node: &str, fcinfo: pg_sys::FunctionCallInfo) -> bool {
    h.decoded(fcinfo, Hierarchy::decode)
        .is_leaf(node)
        .or_raise()
}

/// A node key of a tree built from integer ids, as its id.
fn key_id(key: &str) -> i64 {
    let id = key.parse::<i64>().ok().filter(|id| id.to_string() == key);
    id.unwrap_or_else(|| {
        Error::invalid_parameter(format!(
            "node \"{key}\" is not an integer id: use the text form of this function"
        ))
        .raise()
    })
}

#[pg_extern(immutable, strict, parallel_safe, name = "ancestors")]
fn ancestors_by_id(h: Raw<hierarchy>, node: i64, fcinfo: pg_sys::FunctionCallInfo) -> Vec<i64> {
    let keys = h
        .decoded(fcinfo, Hierarchy::decode)
        .ancestors(&node.to_string())
        .or_raise();
    keys.into_iter().map(key_id).collect()
}

#[pg_extern(immutable, strict, parallel_safe, name = "depth")]
fn depth_by_id(h: Raw<hierarchy>, node: i64, fcinfo: pg_sys::FunctionCallInfo) -> i32 {
    h.decoded(fcinfo, Hierarchy::decode)
        .depth(&node.to_string())
        .or_raise() as i32
}

#[pg_extern(immutable, strict, parallel_safe, name = "is_leaf")]
fn is_leaf_by_id(h: Raw<hierarchy>, node: i64, fcinfo: pg_sys::FunctionCallInfo) -> bool {
    h.decoded(fcinfo, Hierarchy::decode)
        .is_leaf(&node.to_string())
        .or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn prune(h: hierarchy, levels: i32) -> hierarchy {
    hierarchy(h.0.pruned(levels).or_raise())
}

// ---- rollup_tree -----------------------------------------------------------

const ROLLUP_TREE: &str = "rollup_tree";

/// Where a varlena datum sits and its stored (possibly compressed) size.
fn datum_identity<T>(value: &Raw<T>) -> rollup::Datum {
    let pointer = value.datum().cast_mut_ptr::<pg_sys::varlena>();
    // SAFETY: Raw is only declared for varlena SQL types.
    (pointer as usize, unsafe {
        pgrx::varlena::varsize_any(pointer)
    })
}

/// A row's class argument: one node (a text key or an integer id), or the
/// several classes of a customer in a many-to-many class table (an array).
trait RowNodes {
    fn add_to(
        self,
        totals: &mut RollupState,
        amount: Decimal,
        customer: Option<Customer>,
    ) -> Result<()>;
}

/// A NULL node is unclassified.
impl RowNodes for Option<&str> {
    fn add_to(
        self,
        totals: &mut RollupState,
        amount: Decimal,
        customer: Option<Customer>,
    ) -> Result<()> {
        totals.add(self.unwrap_or(UNCLASSIFIED_KEY), amount, customer)
    }
}

impl RowNodes for Option<i64> {
    fn add_to(
        self,
        totals: &mut RollupState,
        amount: Decimal,
        customer: Option<Customer>,
    ) -> Result<()> {
        match self {
            Some(id) => totals.add(&id.to_string(), amount, customer),
            None => totals.add(UNCLASSIFIED_KEY, amount, customer),
        }
    }
}

/// NULL elements are left out; a NULL or empty array is unclassified.
impl RowNodes for Option<Array<'_, &str>> {
    fn add_to(
        self,
        totals: &mut RollupState,
        amount: Decimal,
        customer: Option<Customer>,
    ) -> Result<()> {
        match self {
            Some(nodes) => totals.add_many(nodes.iter().flatten(), amount, customer),
            None => totals.add(UNCLASSIFIED_KEY, amount, customer),
        }
    }
}

impl RowNodes for Option<Array<'_, i64>> {
    fn add_to(
        self,
        totals: &mut RollupState,
        amount: Decimal,
        customer: Option<Customer>,
    ) -> Result<()> {
        match self {
            Some(nodes) => {
                let keys: smallvec::SmallVec<[String; 4]> =
                    nodes.iter().flatten().map(|id| id.to_string()).collect();
                totals.add_many(keys.iter().map(String::as_str), amount, customer)
            }
            None => totals.add(UNCLASSIFIED_KEY, amount, customer),
        }
    }
}

/// A row's amount as an exact decimal; `None` for a NULL amount.
trait RowAmount {
    fn decimal(self) -> Option<Decimal>;
}

impl RowAmount for Option<Raw<AnyNumeric>> {
    fn decimal(self) -> Option<Decimal> {
        self.map(|amount| Decimal::from_numeric_bytes(amount.bytes()).or_raise())
    }
}

/// Integer amounts exactly (with float8 and numeric forms beside it, a
/// bigint would otherwise be read as float8, the preferred numeric type).
impl RowAmount for Option<i64> {
    fn decimal(self) -> Option<Decimal> {
        self.map(Decimal::from_i64)
    }
}

/// float8 amounts (`quantity * unit_price` with a float quantity) are read
/// as `::numeric` reads them.
impl RowAmount for Option<f64> {
    fn decimal(self) -> Option<Decimal> {
        self.map(|amount| Decimal::from_f64(amount).or_raise())
    }
}

fn rollup_row<T>(
    mut state: Internal,
    node: impl RowNodes,
    amount: impl RowAmount,
    shape: Option<Raw<T>>,
    (argument, decode): (&str, fn(&[u8]) -> Result<Shape>),
    customer: Option<Option<Customer>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    let Some(shape) = shape else {
        Error::invalid_parameter(format!("{argument} must not be NULL")).raise();
    };
    let datum = datum_identity(&shape);
    // SAFETY: rollup_tree's state is always a rollup_tree_state; its
    // fn_extra holds only the decoded shape, shared by every group of the
    // query; the tree is the aggregate's third argument (node, amount,
    // tree [, customer]).
    let aggregate = unsafe {
        aggregate::expanded_mut(&mut state, fcinfo, ROLLUP_TREE, || {
            let bytes = shape.bytes();
            let shared: &Rc<Shape> =
                memoized(fcinfo, &[Some(bytes)], || Rc::new(decode(bytes).or_raise()));
            let totals = RollupState::new(Rc::clone(shared), customer.is_some());
            let fixed = aggregate::argument_is_fixed(fcinfo, 2);
            RollupAggregate::new(totals, bytes, fixed.then_some(datum))
        })
    };
    aggregate
        .check_shape(datum, || shape.bytes(), argument)
        .or_raise();
    // Like sum(): a NULL amount adds nothing (it is counted as skipped); a
    // NULL node is unclassified.
    match amount.decimal() {
        Some(amount) => node
            .add_to(&mut aggregate.totals, amount, customer.flatten())
            .or_raise(),
        None => aggregate.totals.skip(),
    }
    state
}

/// The shape argument of each form of rollup_tree: its name and decoder.
const TREE_SHAPE: (&str, fn(&[u8]) -> Result<Shape>) =
    ("h", |bytes| Hierarchy::decode(bytes).map(Shape::Tree));
const SCHEME_SHAPE: (&str, fn(&[u8]) -> Result<Shape>) = ("scheme", |bytes| {
    CodeScheme::decode(bytes).map(Shape::Scheme)
});

/// The transition functions of rollup_tree for one shape, node type and
/// amount type: without customers, with integer and with text customers.
macro_rules! rollup_transitions {
    ($shape:ty, $decode:ident, $node:ty, $amount:ty, $plain:ident, $by_id:ident, $by_key:ident) => {
        #[pg_extern(immutable, parallel_safe, sql = false)]
        fn $plain(
            state: Internal,
            node: $node,
            amount: $amount,
            h: Option<Raw<$shape>>,
            fcinfo: pg_sys::FunctionCallInfo,
        ) -> Internal {
            rollup_row(state, node, amount, h, $decode, None, fcinfo)
        }

        #[pg_extern(immutable, parallel_safe, sql = false)]
        fn $by_id(
            state: Internal,
            node: $node,
            amount: $amount,
            h: Option<Raw<$shape>>,
            customer: Option<i64>,
            fcinfo: pg_sys::FunctionCallInfo,
        ) -> Internal {
            let customer = Some(customer.map(Customer::Id));
            rollup_row(state, node, amount, h, $decode, customer, fcinfo)
        }

        #[pg_extern(immutable, parallel_safe, sql = false)]
        fn $by_key(
            state: Internal,
            node: $node,
            amount: $amount,
            h: Option<Raw<$shape>>,
            customer: Option<&str>,
            fcinfo: pg_sys::FunctionCallInfo,
        ) -> Internal {
            let customer = Some(customer.map(|key| Customer::Key(key.into())));
            rollup_row(state, node, amount, h, $decode, customer, fcinfo)
        }
    };
}

/// Every amount type rollup_tree and node_totals take, one row each: its
/// SQL type, the Rust argument it arrives as, its letter in the C symbols,
/// and what the aggregates' comments say of it. Wraps a call of
/// `extension_sql_forms!`, whose forms it multiplies by these rows.
macro_rules! for_every_amount {
    ($($arguments:tt)*) => {
        customer_segments_macros::extension_sql_forms!(
            $($arguments)*
            join = r#"
amount           | amount_rust             | a | note
numeric          | Option<Raw<AnyNumeric>> | n |
double precision | Option<f64>             | f | ; float8 amounts read as ::numeric reads them
bigint           | Option<i64>             | i | ; integer amounts kept exactly
"#,
        );
    };
}

// Every form of rollup_tree: a node (text key, integer id, or an array of
// either for customers in several classes) laid over a hierarchy or a
// coding scheme (one row each), times every amount type, and each without
// customers or with the customer (bigint or text) to count distinct
// customers per node: the Rust entry points, the SQL and the comments. In
// a comment, `*` is where the customers are said, `{note}` the amount's
// note.
for_every_amount!(
    rust = r#"rollup_transitions!({shape_type}, {decode}, {node_rust}, {amount_rust}, {symbols:}, {symbols:id_}, {symbols:key_});"#,
    sql = r#"
CREATE FUNCTION rollup_tree_transition(state rollup_tree_state, {node} {node_type}, amount {amount}, {shape} {shape_type})
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', '{symbols:}_wrapper';
CREATE FUNCTION rollup_tree_transition(state rollup_tree_state, {node} {node_type}, amount {amount}, {shape} {shape_type}, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', '{symbols:id_}_wrapper';
CREATE FUNCTION rollup_tree_transition(state rollup_tree_state, {node} {node_type}, amount {amount}, {shape} {shape_type}, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', '{symbols:key_}_wrapper';
CREATE AGGREGATE rollup_tree({node} {node_type}, amount {amount}, {shape} {shape_type}) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);
CREATE AGGREGATE rollup_tree({node} {node_type}, amount {amount}, {shape} {shape_type}, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);
CREATE AGGREGATE rollup_tree({node} {node_type}, amount {amount}, {shape} {shape_type}, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);
COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, {node_type}, {amount}, {shape_type}) IS 'Support function of the rollup_tree aggregate: transition.';
COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, {node_type}, {amount}, {shape_type}, bigint) IS 'Support function of the rollup_tree aggregate: transition.';
COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, {node_type}, {amount}, {shape_type}, text) IS 'Support function of the rollup_tree aggregate: transition.';
COMMENT ON AGGREGATE rollup_tree({node_type}, {amount}, {shape_type}) IS '{what:}.';
COMMENT ON AGGREGATE rollup_tree({node_type}, {amount}, {shape_type}, bigint) IS '{what: with a count of distinct customers per node}.';
COMMENT ON AGGREGATE rollup_tree({node_type}, {amount}, {shape_type}, text) IS '{what: with a count of distinct customers per node, customers given as text keys}.';
"#,
    forms = r#"
node  | node_type | node_rust           | shape  | shape_type  | decode       | symbols           | what
node  | text      | Option<&str>        | h      | hierarchy   | TREE_SHAPE   | rt_text_{a}_*tr   | Rows and exact amount at every node of a tree*{note}
node  | bigint    | Option<i64>         | h      | hierarchy   | TREE_SHAPE   | rt_int_{a}_*tr    | Rows and exact amount at every node of a tree, nodes given as integer ids*{note}
nodes | text[]    | Option<Array<&str>> | h      | hierarchy   | TREE_SHAPE   | rt_texts_{a}_*tr  | Rows and exact amount at every node of a tree for customers in several classes*: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified{note}
nodes | bigint[]  | Option<Array<i64>>  | h      | hierarchy   | TREE_SHAPE   | rt_ints_{a}_*tr   | Rows and exact amount at every node of a tree for customers in several classes*: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified{note}
code  | text      | Option<&str>        | scheme | code_scheme | SCHEME_SHAPE | rs_text_{a}_*tr   | Rows and exact amount at every level of coded classes*{note}
nodes | text[]    | Option<Array<&str>> | scheme | code_scheme | SCHEME_SHAPE | rs_texts_{a}_*tr  | rollup_tree over coded classes for customers in several classes*: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified{note}
"#,
    // 0.1.0's forms: its install script names their C symbols, and they
    // say more of rollup_tree as a whole.
    override = r#"
node_type | shape_type  | a | symbols
text      | hierarchy   | n | rollup_tree_*transition
text      | code_scheme | n | rollup_scheme_*transition
"#,
    override = r#"
node_type | shape_type  | a | what
text      | hierarchy   | n | Rows and exact amount at every node of a tree*, each node holding its subtree; rows of nodes not in the tree (or NULL) go to an unclassified bucket. Read with tree_rows()
text      | code_scheme | n | Rows and exact amount at every level of coded classes*, the tree taken from the codes themselves; codes that do not fit the scheme are unclassified
"#,
    name = "rollup_tree_aggregates",
    requires = ["rollup_tree_state"],
);

#[pg_extern(immutable, parallel_safe, sql = false)]
fn rollup_tree_final(state: Internal) -> Option<tree_totals> {
    // SAFETY: rollup_tree's state is always a rollup_tree_state.
    let aggregate = unsafe { aggregate::final_state::<RollupAggregate>(&state) }?;
    let (codes, rows) = aggregate.totals.unknown_classes();
    if rows > 0 {
        // Rows with a known class are classified; the codes the tree does
        // not know beside it are said, not counted as unclassified.
        let shown: Vec<&str> = codes.iter().take(5).copied().collect();
        let more = codes.len().saturating_sub(shown.len());
        pgrx::notice!(
            "rollup_tree: rows with a known class also named {} class(es) the tree does not know ({}{}), {rows} time(s) in all; those rows count in their known classes only",
            codes.len(),
            shown.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        );
    }
    Some(tree_totals(aggregate.totals.finish().or_raise()))
}

customer_segments_macros::state_type!(
    RollupAggregate as rollup_tree_state for rollup_tree returning tree_totals,
    comment = "Transition state of the rollup_tree aggregate (totals per node, and the tree or coding scheme they are laid over); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.",
    final_comment = "carries every node's totals up to its ancestors",
    name = "rollup_tree_state",
    requires = [hierarchy, code_scheme, tree_totals]
);
crate::state_serialization_of_0_1_0!(
    RollupAggregate,
    rollup_tree_serialize,
    rollup_tree_deserialize
);

extension_sql!(
    r#"
COMMENT ON FUNCTION ancestors(hierarchy, bigint) IS 'Ancestors of a node of a tree built from integer ids, the root first, as ids.';
COMMENT ON FUNCTION depth(hierarchy, bigint) IS 'Level of a node of a tree built from integer ids (1 for a root).';
COMMENT ON FUNCTION is_leaf(hierarchy, bigint) IS 'Whether a node of a tree built from integer ids has no children.';
COMMENT ON FUNCTION tree_rows_by_id(tree_totals) IS
  'tree_rows of a tree built from integer ids: node and parent as bigint, to join the class table on its id without a cast.';
COMMENT ON FUNCTION skipped(tree_totals) IS 'Rows rollup_tree or node_totals read with a NULL amount (comment lines, lines without a price): counted, added nowhere.';
COMMENT ON TYPE node_totals IS
  'Rows, exact amount and (when counted) the distinct customers of every node, with no tree: made by node_totals(), turned into tree_totals by apply_tree(). Text form is JSON.';
COMMENT ON FUNCTION node_totals_in(cstring) IS 'Input function of type node_totals (JSON text).';
COMMENT ON FUNCTION node_totals_out(node_totals) IS 'Output function of type node_totals (JSON text).';
COMMENT ON FUNCTION apply_tree(node_totals, hierarchy) IS
  'Lays a tree over totals per node once: the same tree_totals rollup_tree gives over the same rows, each node holding its subtree.';
COMMENT ON FUNCTION apply_tree(node_totals, code_scheme) IS
  'Lays the tree of a coding scheme over totals per code once: the same tree_totals rollup_tree gives over the same rows.';
"#,
    name = "rollup_tree_forms_comments",
    requires = [
        "rollup_tree_aggregates",
        "node_totals_aggregates",
        "tree_aggregates",
        ancestors_by_id,
        depth_by_id,
        is_leaf_by_id,
        tree_rows_by_id,
        tree_skipped,
        node_totals,
        apply_tree,
        apply_scheme,
    ]
);

pub(crate) fn unclassified_name(language: Language) -> &'static str {
    match language {
        Language::En => "unclassified",
        Language::Zh => "未分类",
    }
}

/// One row of `tree_rows`, its node and parent as the tree keeps them.
type TreeRowTuple<K> = (
    Option<K>,
    Option<String>,
    i32,
    Option<K>,
    bool,
    i64,
    AnyNumeric,
    Option<i64>,
    Option<f64>,
    Option<f64>,
);

fn tree_row_tuples<K>(totals: &TreeTotals, key: impl Fn(&str) -> K) -> Vec<TreeRowTuple<K>> {
    let unclassified = unclassified_name(language::current());
    totals
        .rows()
        .or_raise()
        .into_iter()
        .map(|row| {
            let name = match row.node {
                Some(_) => row.name.map(str::to_string),
                None => Some(unclassified.to_string()),
            };
            (
                row.node.map(&key),
                name,
                row.level,
                row.parent.map(&key),
                row.is_leaf,
                row.total.rows,
                numeric(row.total.amount),
                row.total.customers,
                row.share_of_parent,
                row.share_of_total,
            )
        })
        .collect()
}

/// Stable: the unclassified row's name follows `segments.language`.
#[pg_extern(stable, strict, parallel_safe)]
fn tree_rows(
    totals: tree_totals,
) -> TableIterator<
    'static,
    (
        name!(node, Option<String>),
        name!(name, Option<String>),
        name!(level, i32),
        name!(parent, Option<String>),
        name!(is_leaf, bool),
        name!(rows, i64),
        name!(amount, AnyNumeric),
        name!(customers, Option<i64>),
        name!(share_of_parent, Option<f64>),
        name!(share_of_total, Option<f64>),
    ),
> {
    TableIterator::new(tree_row_tuples(&totals.0, str::to_string))
}

/// `tree_rows` of a tree built from integer ids: node and parent as
/// bigint, so they join the ERP's class table on its id with no cast.
#[pg_extern(stable, strict, parallel_safe)]
fn tree_rows_by_id(
    totals: tree_totals,
) -> TableIterator<
    'static,
    (
        name!(node, Option<i64>),
        name!(name, Option<String>),
        name!(level, i32),
        name!(parent, Option<i64>),
        name!(is_leaf, bool),
        name!(rows, i64),
        name!(amount, AnyNumeric),
        name!(customers, Option<i64>),
        name!(share_of_parent, Option<f64>),
        name!(share_of_total, Option<f64>),
    ),
> {
    TableIterator::new(tree_row_tuples(&totals.0, key_id))
}

#[pg_extern(immutable, strict, parallel_safe, name = "skipped")]
fn tree_skipped(totals: tree_totals) -> i64 {
    totals.0.skipped()
}

// ---- node_totals: per-node totals, the tree applied afterwards -------------

crate::core_type!(
    /// SQL type `segments.node_totals`: rows, amount and customers per node,
    /// with no tree; `apply_tree` lays a tree over it.
    node_totals(NodeTotals)
);

const NODE_TOTALS: &str = "node_totals";

fn node_totals_row(
    mut state: Internal,
    node: Option<&str>,
    amount: impl RowAmount,
    customer: Option<Option<Customer>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: node_totals' state is always a node_totals_state.
    let totals = unsafe {
        aggregate::expanded_mut(&mut state, fcinfo, NODE_TOTALS, || {
            NodeTotals::new(customer.is_some())
        })
    };
    match amount.decimal() {
        Some(amount) => totals
            .add(node.unwrap_or(UNCLASSIFIED_KEY), amount, customer.flatten())
            .or_raise(),
        None => totals.skip(),
    }
    state
}

/// A node argument of node_totals as a key.
trait NodeKey {
    fn with_key<R>(self, f: impl FnOnce(Option<&str>) -> R) -> R;
}

impl NodeKey for Option<&str> {
    fn with_key<R>(self, f: impl FnOnce(Option<&str>) -> R) -> R {
        f(self)
    }
}

impl NodeKey for Option<i64> {
    fn with_key<R>(self, f: impl FnOnce(Option<&str>) -> R) -> R {
        f(id_key(self).as_deref())
    }
}

macro_rules! node_totals_transitions {
    ($node:ty, $amount:ty, $plain:ident, $by_id:ident, $by_key:ident) => {
        #[pg_extern(immutable, parallel_safe, sql = false)]
        fn $plain(
            state: Internal,
            node: $node,
            amount: $amount,
            fcinfo: pg_sys::FunctionCallInfo,
        ) -> Internal {
            node.with_key(|node| node_totals_row(state, node, amount, None, fcinfo))
        }

        #[pg_extern(immutable, parallel_safe, sql = false)]
        fn $by_id(
            state: Internal,
            node: $node,
            amount: $amount,
            customer: Option<i64>,
            fcinfo: pg_sys::FunctionCallInfo,
        ) -> Internal {
            let customer = Some(customer.map(Customer::Id));
            node.with_key(|node| node_totals_row(state, node, amount, customer, fcinfo))
        }

        #[pg_extern(immutable, parallel_safe, sql = false)]
        fn $by_key(
            state: Internal,
            node: $node,
            amount: $amount,
            customer: Option<&str>,
            fcinfo: pg_sys::FunctionCallInfo,
        ) -> Internal {
            let customer = Some(customer.map(|key| Customer::Key(key.into())));
            node.with_key(|node| node_totals_row(state, node, amount, customer, fcinfo))
        }
    };
}

// Every form of node_totals: a node (text key or integer id) times every
// amount type, each without customers or with the customer (bigint or
// text): the Rust entry points, the SQL and the comments.
for_every_amount!(
    rust = r#"node_totals_transitions!({node_rust}, {amount_rust}, {symbols:}, {symbols:id_}, {symbols:key_});"#,
    sql = r#"
CREATE FUNCTION node_totals_transition(state node_totals_state, node {node_type}, amount {amount}) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', '{symbols:}_wrapper';
CREATE FUNCTION node_totals_transition(state node_totals_state, node {node_type}, amount {amount}, customer bigint) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', '{symbols:id_}_wrapper';
CREATE FUNCTION node_totals_transition(state node_totals_state, node {node_type}, amount {amount}, customer text) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', '{symbols:key_}_wrapper';
CREATE AGGREGATE node_totals(node {node_type}, amount {amount}) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);
CREATE AGGREGATE node_totals(node {node_type}, amount {amount}, customer bigint) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);
CREATE AGGREGATE node_totals(node {node_type}, amount {amount}, customer text) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);
COMMENT ON FUNCTION node_totals_transition(node_totals_state, {node_type}, {amount}) IS 'Support function of the node_totals aggregate: transition.';
COMMENT ON FUNCTION node_totals_transition(node_totals_state, {node_type}, {amount}, bigint) IS 'Support function of the node_totals aggregate: transition.';
COMMENT ON FUNCTION node_totals_transition(node_totals_state, {node_type}, {amount}, text) IS 'Support function of the node_totals aggregate: transition.';
COMMENT ON AGGREGATE node_totals({node_type}, {amount}) IS '{what:}.';
COMMENT ON AGGREGATE node_totals({node_type}, {amount}, bigint) IS '{what:; with the distinct customers of each node}.';
COMMENT ON AGGREGATE node_totals({node_type}, {amount}, text) IS '{what:; with the distinct customers of each node given as text keys}.';
"#,
    forms = r#"
node_type | node_rust    | symbols          | what
text      | Option<&str> | nt_text_{a}_*tr  | Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards{note}*
bigint    | Option<i64>  | nt_int_{a}_*tr   | Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards{note}*
"#,
    name = "node_totals_aggregates",
    requires = ["node_totals_state"],
);

#[pg_extern(immutable, parallel_safe, sql = false)]
fn node_totals_final(state: Internal) -> Option<node_totals> {
    // SAFETY: node_totals' state is always a node_totals_state.
    let totals = unsafe { aggregate::final_state::<NodeTotals>(&state) }?;
    Some(node_totals(totals.clone()))
}

customer_segments_macros::state_type!(
    NodeTotals as node_totals_state for node_totals returning node_totals,
    comment = "Transition state of the node_totals aggregate (rows, amount and customers per node); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.",
    final_comment = "the totals per node",
    name = "node_totals_state",
    requires = [node_totals]
);

#[pg_extern(immutable, strict, parallel_safe, name = "apply_tree")]
fn apply_tree(totals: node_totals, h: hierarchy) -> tree_totals {
    tree_totals(totals.0.apply(Rc::new(Shape::Tree(h.0))).or_raise())
}

#[pg_extern(immutable, strict, parallel_safe, name = "apply_tree")]
fn apply_scheme(totals: node_totals, scheme: code_scheme) -> tree_totals {
    tree_totals(totals.0.apply(Rc::new(Shape::Scheme(scheme.0))).or_raise())
}

extension_sql!(
    r#"
COMMENT ON TYPE code_scheme IS
  'A coding scheme of coded class tables (U8, Kingdee): the characters each level adds, such as 2-2-2. Codes are ASCII letters and digits.';
COMMENT ON TYPE hierarchy IS
  'A validated tree of classes (nodes with names and parents), built by tree(), tree_nested() or tree_coded(). Text form is JSON, nodes in depth-first order.';
COMMENT ON TYPE tree_totals IS
  'Rows, amount and (when counted) distinct customers of every node of a tree, each node holding its whole subtree; made by rollup_tree(), read by tree_rows(). Text form is JSON.';
COMMENT ON FUNCTION code_level(text, code_scheme) IS 'Level of a code under a coding scheme (1 for the top). A code that does not fit the scheme is an error.';
COMMENT ON FUNCTION code_parent(text, code_scheme) IS 'The code one level up; NULL at level 1.';
COMMENT ON FUNCTION code_path(text, code_scheme) IS 'Every ancestor of a code from the top, then the code itself.';
COMMENT ON FUNCTION code_at_level(text, code_scheme, int) IS 'Ancestor of a code at a level (the code itself at its own level; NULL when the code sits higher up), for GROUP BY at a chosen depth.';
COMMENT ON FUNCTION code_is_valid(text, code_scheme) IS 'Whether a text is a code of the scheme: ASCII letters and digits whose length ends a level.';
COMMENT ON FUNCTION ancestors(hierarchy, text) IS 'Ancestors of a node, the root first, the node itself not included.';
COMMENT ON FUNCTION depth(hierarchy, text) IS 'Level of a node in a tree (1 for a root).';
COMMENT ON FUNCTION is_leaf(hierarchy, text) IS 'Whether a node of a tree has no children.';
COMMENT ON FUNCTION prune(hierarchy, int) IS
  'The tree down to levels only: deeper nodes fold into their ancestor at the last level kept, so rollup_tree over it computes that depth alone.';
COMMENT ON FUNCTION tree_rows(tree_totals) IS
  'Rows of a rollup: every node once in depth-first order (zeros included), then an unclassified row when there is one; shares of the parent and of the grand total.';
COMMENT ON FUNCTION code_scheme_in(cstring) IS 'Input function of type code_scheme.';
COMMENT ON FUNCTION code_scheme_out(code_scheme) IS 'Output function of type code_scheme.';
COMMENT ON FUNCTION hierarchy_in(cstring) IS 'Input function of type hierarchy (JSON text).';
COMMENT ON FUNCTION hierarchy_out(hierarchy) IS 'Output function of type hierarchy (JSON text).';
COMMENT ON FUNCTION tree_totals_in(cstring) IS 'Input function of type tree_totals (JSON text).';
COMMENT ON FUNCTION tree_totals_out(tree_totals) IS 'Output function of type tree_totals (JSON text).';
"#,
    name = "hierarchy_comments",
    requires = [
        "code_scheme_category",
        "tree_aggregates",
        "rollup_tree_aggregates",
        code_level,
        code_parent,
        code_path,
        code_at_level,
        code_is_valid,
        ancestors,
        depth,
        is_leaf,
        prune,
        tree_rows
    ]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::testing::text;

    #[pg_test]
    fn coded_rollup_adds_up_every_level() {
        let rows = text(
            "SELECT string_agg(node || '=' || amount, ',') FROM segments.tree_rows(
               (SELECT segments.rollup_tree(code, amount, '2-2') FROM (VALUES ('0101', 1.25), ('0102', 2.50), ('02', 1)) AS t(code, amount)))",
        );
        assert_eq!(rows.as_deref(), Some("01=3.75,0101=1.25,0102=2.50,02=1"));
    }

    #[pg_test]
    fn parent_trees_know_their_ancestors() {
        let ancestors = text(
            "SELECT array_to_string(segments.ancestors(segments.tree(n, p), 'c'), '/')
             FROM (VALUES ('a', NULL), ('b', 'a'), ('c', 'b')) AS t(n, p)",
        );
        assert_eq!(ancestors.as_deref(), Some("a/b"));
    }
}
