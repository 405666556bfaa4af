//! One-pass totals over a class tree: each row is added to its own node as
//! it comes (one hash lookup), and only at the end are the nodes' totals
//! carried up to every ancestor. Amounts are exact decimals, so the root
//! equals SQL `sum(amount)` to the cent and each node equals the sum over
//! its subtree. Rows whose node the tree does not know go into one
//! `unclassified` bucket; nothing is dropped.
//!
//! Rows of customers in several classes (many-to-many class tables) name
//! several nodes: such a row is added once to every node of the union of
//! its nodes' ancestor paths, straight away (it cannot be carried up at the
//! end without counting it twice at a common ancestor).
//!
//! `NodeTotals` is the part that needs no tree: totals per node, which
//! `node_totals` collects on its own (on Citus, on the shards) and which a
//! tree is applied to once afterwards.

use std::collections::hash_map::Entry;
use std::rc::Rc;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::codec::{Reader, Writer};
use crate::decimal::{Decimal, DecimalText};
use crate::error::{Error, Result};
use crate::hierarchy::scheme::CodeScheme;
use crate::hierarchy::tree::{read_optional, write_optional, Edge, Hierarchy, Node};

const STATE_VERSION: u8 = 2;
/// 2 adds the skipped rows and, for rows in several classes, the total of
/// all rows counted once; version 1 (0.1.0) is still read.
const TOTALS_VERSION: u8 = 2;
const NODE_TOTALS_VERSION: u8 = 1;

/// The key of the rows no node of the tree holds (node keys never contain NUL).
pub const UNCLASSIFIED_KEY: &str = "\0";

/// A customer, for distinct counts: an integer id or a text key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Customer {
    Id(i64),
    Key(CustomerKey),
}

/// A text customer key. A row of a customer in many classes adds it to the
/// tally of every node on their paths: one shared allocation, hashed once,
/// so each node costs a pointer, however long the key.
#[derive(Debug, Clone)]
pub struct CustomerKey {
    text: Rc<str>,
    hash: u64,
}

impl CustomerKey {
    pub fn new(text: &str) -> CustomerKey {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let hash = BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(text);
        CustomerKey {
            text: Rc::from(text),
            hash,
        }
    }
}

impl std::ops::Deref for CustomerKey {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl From<&str> for CustomerKey {
    fn from(text: &str) -> CustomerKey {
        CustomerKey::new(text)
    }
}

impl From<String> for CustomerKey {
    fn from(text: String) -> CustomerKey {
        CustomerKey::new(&text)
    }
}

impl PartialEq for CustomerKey {
    fn eq(&self, other: &CustomerKey) -> bool {
        Rc::ptr_eq(&self.text, &other.text) || (self.hash == other.hash && self.text == other.text)
    }
}

impl Eq for CustomerKey {}

impl std::hash::Hash for CustomerKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialOrd for CustomerKey {
    fn partial_cmp(&self, other: &CustomerKey) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CustomerKey {
    fn cmp(&self, other: &CustomerKey) -> std::cmp::Ordering {
        self.text.cmp(&other.text)
    }
}

impl Serialize for CustomerKey {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for CustomerKey {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        String::deserialize(deserializer).map(CustomerKey::from)
    }
}

/// Rows, amount and (when counted) the distinct customers of some rows.
#[derive(Debug, Clone, Default, PartialEq)]
struct Tally {
    rows: i64,
    amount: Decimal,
    customers: FxHashSet<Customer>,
}

impl Tally {
    /// One row; the bytes it added to the state (a new customer of the node).
    fn add(&mut self, amount: Decimal, customer: Option<Customer>) -> Result<usize> {
        self.rows = self.rows.saturating_add(1); // only a crafted state comes near i64::MAX
        self.amount = self.amount.checked_add(&amount)?;
        if let Some(customer) = customer {
            if self.customers.insert(customer) {
                return Ok(CUSTOMER_BYTES);
            }
        }
        Ok(0)
    }

    fn merge(&mut self, other: &Tally) -> Result<()> {
        self.rows = self
            .rows
            .checked_add(other.rows)
            .ok_or_else(too_many_rows)?;
        self.amount = self.amount.checked_add(&other.amount)?;
        self.customers.extend(other.customers.iter().cloned());
        Ok(())
    }

    fn total(&self, counting: bool) -> Total {
        Total {
            rows: self.rows,
            amount: self.amount,
            customers: counting.then_some(self.customers.len() as i64),
        }
    }

    fn encode(&self, writer: &mut Writer) {
        writer
            .u64(self.rows as u64)
            .i128(self.amount.mantissa())
            .u16(self.amount.scale() as u16);
        writer.u32(self.customers.len() as u32);
        // Sorted, so that a value has one binary form whatever order its set
        // was built in (binary receive compares it with its text form's).
        let mut customers: Vec<&Customer> = self.customers.iter().collect();
        customers.sort_unstable_by(crate::interrupts::ticking(
            |a: &&Customer, b: &&Customer| a.cmp(b),
        ));
        for customer in customers {
            crate::interrupts::tick();
            match customer {
                Customer::Id(id) => writer.u8(0).u64(*id as u64),
                Customer::Key(key) => writer.u8(1).str(key),
            };
        }
    }

    fn decode(reader: &mut Reader) -> Result<Tally> {
        let rows = reader.u64()? as i64;
        let amount = Decimal::new(reader.i128()?, reader.u16()? as i16)
            .map_err(|e| Error::corrupted(e.message))?;
        let count = reader.u32()?;
        let customers = (0..count)
            .map(|_| match reader.u8()? {
                0 => Ok(Customer::Id(reader.u64()? as i64)),
                1 => Ok(Customer::Key(reader.str()?.into())),
                other => Err(Error::corrupted(format!("customer of kind {other}"))),
            })
            .collect::<Result<FxHashSet<Customer>>>()?;
        Ok(Tally {
            rows,
            amount,
            customers,
        })
    }
}

/// The tree the totals are laid over: a hierarchy built from a class
/// table, or a coding scheme whose nodes are the codes the rows name (and
/// their ancestors).
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Tree(Hierarchy),
    Scheme(CodeScheme),
}

/// Estimated bytes of one node's entry (key, tally, hash-table slot) and of
/// one customer in a node's set (a shared text key counts as a pointer),
/// charged against `segments.max_state_mb`.
const NODE_BYTES: usize = 128;
const CUSTOMER_BYTES: usize = 48;

fn tallies_bytes(tallies: &FxHashMap<String, Tally>) -> usize {
    tallies
        .iter()
        .map(|(node, tally)| NODE_BYTES + node.len() + tally.customers.len() * CUSTOMER_BYTES)
        .sum()
}

/// What a class-tree state holds, estimated; not part of its value (equal
/// states built in another order or merged may differ in it).
#[derive(Debug, Clone, Copy, Default)]
struct Budget {
    bytes: usize,
    /// The aggregate to name in the error ("" for node_totals).
    aggregate: &'static str,
}

impl PartialEq for Budget {
    fn eq(&self, _: &Budget) -> bool {
        true
    }
}

impl Budget {
    fn charge(&mut self, bytes: usize, more: usize, nodes: usize) -> Result<()> {
        self.bytes = self.bytes.saturating_add(bytes);
        let held = self.bytes.saturating_add(more);
        let aggregate = if self.aggregate.is_empty() {
            "node_totals"
        } else {
            self.aggregate
        };
        crate::limits::charge(aggregate, held, || {
            format!("{nodes} nodes and their customer sets, about {held} bytes")
        })
    }
}

/// Rows, amount and customers per node, with no tree: the result of
/// `node_totals`, and the part of `rollup_tree`'s state that holds each
/// row at its own node. Rows with a NULL amount are only counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeTotals {
    counting_customers: bool,
    own: FxHashMap<String, Tally>,
    skipped: i64,
    budget: Budget,
}

impl NodeTotals {
    pub fn new(counting_customers: bool) -> NodeTotals {
        NodeTotals {
            counting_customers,
            ..NodeTotals::default()
        }
    }

    /// One row; `customer` is `Some` exactly when customers are counted.
    pub fn add(&mut self, node: &str, amount: Decimal, customer: Option<Customer>) -> Result<()> {
        let added = self.add_uncharged(node, amount, customer)?;
        let nodes = self.own.len();
        self.budget.charge(added, 0, nodes)
    }

    /// One row; the bytes it added, not yet charged.
    fn add_uncharged(
        &mut self,
        node: &str,
        amount: Decimal,
        customer: Option<Customer>,
    ) -> Result<usize> {
        match self.own.get_mut(node) {
            Some(tally) => tally.add(amount, customer),
            None => Ok(NODE_BYTES
                + node.len()
                + self
                    .own
                    .entry(node.to_string())
                    .or_default()
                    .add(amount, customer)?),
        }
    }

    /// A row without an amount: counted, added nowhere.
    pub fn skip(&mut self) {
        self.skipped = self.skipped.saturating_add(1);
    }

    pub fn skipped(&self) -> i64 {
        self.skipped
    }

    pub fn merge(&mut self, other: &NodeTotals) -> Result<()> {
        if self.counting_customers != other.counting_customers {
            return Err(Error::invalid_parameter(
                "node_totals with and without customers cannot be combined",
            ));
        }
        merge_tallies(&mut self.own, &other.own)?;
        let nodes = self.own.len();
        self.budget.charge(other.budget.bytes, 0, nodes)?;
        self.skipped = self
            .skipped
            .checked_add(other.skipped)
            .ok_or_else(too_many_rows)?;
        Ok(())
    }

    fn write(&self, writer: &mut Writer) {
        writer
            .u8(self.counting_customers as u8)
            .u64(self.skipped as u64);
        write_tallies(writer, &self.own);
    }

    fn read(reader: &mut Reader) -> Result<NodeTotals> {
        let counting_customers = reader.u8()? == 1;
        let skipped = reader.u64()? as i64;
        let own = read_tallies(reader)?;
        let budget = Budget {
            bytes: tallies_bytes(&own),
            aggregate: "",
        };
        Ok(NodeTotals {
            counting_customers,
            own,
            skipped,
            budget,
        })
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(NODE_TOTALS_VERSION);
        self.write(&mut writer);
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<NodeTotals> {
        let mut reader = Reader::new(bytes, NODE_TOTALS_VERSION, "node_totals")?;
        let totals = NodeTotals::read(&mut reader)?;
        reader.finish()?;
        Ok(totals)
    }

    /// JSON: nodes in key order, each with its rows, amount and (when
    /// counted) its customers, so that applying a tree can count each
    /// customer once at a common ancestor.
    pub fn to_text(&self) -> String {
        let mut nodes: Vec<_> = self.own.iter().collect();
        nodes.sort_unstable_by(crate::interrupts::ticking(
            |a: &(&String, &Tally), b: &(&String, &Tally)| a.0.cmp(b.0),
        ));
        let text = NodeTotalsText {
            customers: self.counting_customers,
            skipped: self.skipped,
            nodes: nodes
                .into_iter()
                .map(|(node, tally)| {
                    let mut customers: Vec<Customer> = tally.customers.iter().cloned().collect();
                    customers.sort_unstable_by(crate::interrupts::ticking(Customer::cmp));
                    NodeText {
                        node: (node != UNCLASSIFIED_KEY).then(|| node.clone()),
                        rows: tally.rows,
                        amount: DecimalText(tally.amount),
                        customers: self.counting_customers.then_some(customers),
                    }
                })
                .collect(),
        };
        serde_json::to_string(&text).expect("node totals serialize")
    }

    pub fn parse(text: &str) -> Result<NodeTotals> {
        let invalid = |message: String| Error::invalid_text(format!("node_totals: {message}"));
        let parsed: NodeTotalsText =
            serde_json::from_str(text).map_err(|error| invalid(error.to_string()))?;
        let mut own = FxHashMap::default();
        for node in parsed.nodes {
            let key = node.node.unwrap_or_else(|| UNCLASSIFIED_KEY.to_string());
            if node.customers.is_some() != parsed.customers {
                return Err(invalid(format!(
                    "node \"{key}\": customers must be given for every node exactly when \"customers\" is true"
                )));
            }
            let tally = Tally {
                rows: node.rows,
                amount: Decimal::parse(&node.amount).map_err(|error| invalid(error.message))?,
                customers: node.customers.unwrap_or_default().into_iter().collect(),
            };
            if tally.rows < 0 || own.insert(key.clone(), tally).is_some() {
                return Err(invalid(format!(
                    "node \"{key}\" given twice or with negative rows"
                )));
            }
        }
        if parsed.skipped < 0 {
            return Err(invalid("skipped must not be negative".to_string()));
        }
        let budget = Budget {
            bytes: tallies_bytes(&own),
            aggregate: "",
        };
        Ok(NodeTotals {
            counting_customers: parsed.customers,
            own,
            skipped: parsed.skipped,
            budget,
        })
    }

    /// The tree applied once: the same totals `rollup_tree` gives over the
    /// same rows.
    pub fn apply(&self, shape: Rc<Shape>) -> Result<TreeTotals> {
        RollupState {
            shape,
            rows: self.clone(),
            spread: FxHashMap::default(),
            excess: Tally::default(),
            budget: Budget::default(),
        }
        .finish()
    }
}

fn merge_tallies(
    mine: &mut FxHashMap<String, Tally>,
    other: &FxHashMap<String, Tally>,
) -> Result<()> {
    for (node, tally) in other {
        crate::interrupts::tick();
        match mine.entry(node.clone()) {
            Entry::Occupied(mut entry) => entry.get_mut().merge(tally)?,
            Entry::Vacant(vacant) => {
                vacant.insert(tally.clone());
            }
        }
    }
    Ok(())
}

/// Nodes in key order, so that a value has one binary form whatever its
/// hash table's history (merged partial states iterate in another order
/// than the same nodes read from text; binary receive compares the two:
/// found by running docs/citus.md's node_totals example on Citus).
fn write_tallies(writer: &mut Writer, tallies: &FxHashMap<String, Tally>) {
    writer.u32(tallies.len() as u32);
    let mut nodes: Vec<(&String, &Tally)> = tallies.iter().collect();
    nodes.sort_unstable_by(crate::interrupts::ticking(
        |a: &(&String, &Tally), b: &(&String, &Tally)| a.0.cmp(b.0),
    ));
    for (node, tally) in nodes {
        crate::interrupts::tick();
        writer.str(node);
        tally.encode(writer);
    }
}

fn read_tallies(reader: &mut Reader) -> Result<FxHashMap<String, Tally>> {
    // Key length, rows, amount, customer count: 34 bytes or more.
    let count = reader.len(34)?;
    let mut tallies = FxHashMap::default();
    for _ in 0..count {
        let node = reader.str()?;
        tallies.insert(node, Tally::decode(reader)?);
    }
    Ok(tallies)
}

/// Transition state of `rollup_tree`: each row at its own node (carried up
/// at the end), rows in several classes already at every node of their
/// union, and how much of those rows is counted more than once at the top.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupState {
    /// Shared by the groups of one query: a tree is decoded once, not per group.
    shape: Rc<Shape>,
    rows: NodeTotals,
    spread: FxHashMap<String, Tally>,
    /// Rows and amount counted again at a second, third … top-level node
    /// (roots and unclassified): subtracted to give the true grand total.
    excess: Tally,
    /// What `spread` holds (`rows` keeps its own).
    budget: Budget,
}

impl RollupState {
    pub fn new(shape: Rc<Shape>, counting_customers: bool) -> RollupState {
        let mut rows = NodeTotals::new(counting_customers);
        rows.budget.aggregate = "rollup_tree";
        RollupState {
            shape,
            rows,
            spread: FxHashMap::default(),
            excess: Tally::default(),
            budget: Budget::default(),
        }
    }

    pub fn shape(&self) -> &Shape {
        &self.shape
    }

    /// One row; `customer` is `Some` exactly when customers are counted.
    pub fn add(&mut self, node: &str, amount: Decimal, customer: Option<Customer>) -> Result<()> {
        let added = self.rows.add_uncharged(node, amount, customer)?;
        self.charge(added, 0)
    }

    /// Charges bytes added to `rows` and to `spread` against the bound.
    fn charge(&mut self, rows: usize, spread: usize) -> Result<()> {
        self.budget.bytes = self.budget.bytes.saturating_add(spread);
        let nodes = self.rows.own.len() + self.spread.len();
        let more = self.budget.bytes;
        self.rows.budget.aggregate = "rollup_tree";
        self.rows.budget.charge(rows, more, nodes)
    }

    /// A row without an amount.
    pub fn skip(&mut self) {
        self.rows.skip();
    }

    /// One row of a customer in the classes `nodes` (NULL elements left
    /// out; none at all is unclassified): added once to every node of the
    /// union of their ancestor paths. A row with at least one class the
    /// tree knows is classified: the nodes it does not know (codes that do
    /// not fit the scheme) are kept apart under their own keys, counted in
    /// no node, and reported by `unknown_classes`. Only a row none of
    /// whose classes is known is unclassified.
    pub fn add_many<'n>(
        &mut self,
        nodes: impl IntoIterator<Item = &'n str>,
        amount: Decimal,
        customer: Option<Customer>,
    ) -> Result<()> {
        let shape = Rc::clone(&self.shape);
        // Sets beside the lists keep long arrays linear (and a cancel
        // request is seen inside them).
        let mut distinct: SmallVec<[&str; 4]> = SmallVec::new();
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        for node in nodes {
            crate::interrupts::tick();
            if seen.insert(node) {
                distinct.push(node);
            }
        }
        // One class (or none, or one class named twice): exactly the
        // one-class form, carried up at the end.
        if distinct.len() <= 1 {
            let node = distinct.first().copied().unwrap_or(UNCLASSIFIED_KEY);
            return self.add(node, amount, customer);
        }
        let mut union: SmallVec<[&str; 8]> = SmallVec::new();
        let mut in_union: FxHashSet<&str> = FxHashSet::default();
        let mut unknown: SmallVec<[&str; 2]> = SmallVec::new();
        for node in distinct {
            crate::interrupts::tick();
            if !push_path(&shape, node, &mut union, &mut in_union)? {
                unknown.push(node);
            }
        }
        if union.is_empty() {
            union.push(UNCLASSIFIED_KEY);
        } else {
            // Not top-level, so not in the excess: kept apart, in no node.
            union.extend(unknown);
        }
        let mut tops = 0;
        let mut added = 0;
        for node in &union {
            if top_level(&shape, node) {
                tops += 1;
            }
            added += match self.spread.get_mut(*node) {
                Some(tally) => tally.add(amount, customer.clone())?,
                None => {
                    NODE_BYTES
                        + node.len()
                        + self
                            .spread
                            .entry(node.to_string())
                            .or_default()
                            .add(amount, customer.clone())?
                }
            };
        }
        self.charge(0, added)?;
        for _ in 1..tops {
            self.excess.add(amount, None)?;
        }
        Ok(())
    }

    pub fn merge(&mut self, other: &RollupState) -> Result<()> {
        if !Rc::ptr_eq(&self.shape, &other.shape) && self.shape != other.shape {
            return Err(Error::invalid_parameter(
                "the tree (h or scheme) must be the same on every row of a group",
            ));
        }
        self.rows.merge(&other.rows)?;
        merge_tallies(&mut self.spread, &other.spread)?;
        self.charge(0, other.budget.bytes)?;
        self.excess.merge(&other.excess)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(STATE_VERSION);
        match self.shape.as_ref() {
            Shape::Tree(hierarchy) => writer.u8(0).bytes(&hierarchy.encode()),
            Shape::Scheme(scheme) => writer.u8(1).bytes(&scheme.encode()),
        };
        self.rows.write(&mut writer);
        write_tallies(&mut writer, &self.spread);
        self.excess.encode(&mut writer);
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<RollupState> {
        RollupState::decode_with(bytes, |kind, shape| {
            RollupState::decode_shape(kind, shape).map(Rc::new)
        })
    }

    /// The tree (kind 0) or coding scheme (kind 1) of an encoded state.
    pub fn decode_shape(kind: u8, bytes: &[u8]) -> Result<Shape> {
        match kind {
            0 => Hierarchy::decode(bytes).map(Shape::Tree),
            1 => CodeScheme::decode(bytes).map(Shape::Scheme),
            other => Err(Error::corrupted(format!(
                "rollup_tree state of shape {other}"
            ))),
        }
    }

    /// Decodes a state, its shape by `shape` (kind and bytes), which may
    /// share one already decoded.
    pub fn decode_with(
        bytes: &[u8],
        shape: impl FnOnce(u8, &[u8]) -> Result<Rc<Shape>>,
    ) -> Result<RollupState> {
        let mut reader = Reader::new(bytes, STATE_VERSION, "rollup_tree state")?;
        let kind = reader.u8()?;
        let shape = shape(kind, &reader.bytes()?)?;
        let mut rows = NodeTotals::read(&mut reader)?;
        rows.budget.aggregate = "rollup_tree";
        let spread = read_tallies(&mut reader)?;
        let excess = Tally::decode(&mut reader)?;
        reader.finish()?;
        let budget = Budget {
            bytes: tallies_bytes(&spread),
            aggregate: "rollup_tree",
        };
        Ok(RollupState {
            shape,
            rows,
            spread,
            excess,
            budget,
        })
    }

    /// Classes the tree does not know that rows with a known class also
    /// named (counted in their known classes only): the codes, sorted, and
    /// how many such (row, code) pairs there are.
    pub fn unknown_classes(&self) -> (Vec<&str>, i64) {
        let mut codes: Vec<&str> = Vec::new();
        let mut rows = 0i64;
        for (key, tally) in &self.spread {
            if key != UNCLASSIFIED_KEY && !known(&self.shape, key) {
                codes.push(key);
                rows = rows.saturating_add(tally.rows);
            }
        }
        codes.sort_unstable_by(crate::interrupts::ticking(|a: &&str, b: &&str| a.cmp(b)));
        (codes, rows)
    }

    /// Every node of the tree with the totals of its subtree.
    pub fn finish(&self) -> Result<TreeTotals> {
        let derived;
        let hierarchy = match self.shape.as_ref() {
            Shape::Tree(hierarchy) => hierarchy,
            Shape::Scheme(scheme) => {
                derived =
                    hierarchy_of_codes(scheme, self.rows.own.keys().chain(self.spread.keys()))?;
                &derived
            }
        };
        let nodes = hierarchy.nodes();
        let mut tallies = vec![Tally::default(); nodes.len()];
        let mut unclassified = Tally::default();
        for (node, tally) in &self.rows.own {
            crate::interrupts::tick();
            match hierarchy.index_of(node) {
                Some(i) => tallies[i].merge(tally)?,
                None => unclassified.merge(tally)?,
            }
        }
        // Pre-order: every child comes after its parent.
        for i in (0..nodes.len()).rev() {
            crate::interrupts::tick();
            if let Some(parent) = nodes[i].parent {
                let child = std::mem::take(&mut tallies[i]);
                tallies[parent].merge(&child)?;
                tallies[i] = child;
            }
        }
        // Rows in several classes are at every node of their union already;
        // the classes the tree does not know of classified rows count nowhere.
        for (node, tally) in &self.spread {
            crate::interrupts::tick();
            match hierarchy.index_of(node) {
                Some(i) => tallies[i].merge(tally)?,
                None if node == UNCLASSIFIED_KEY => unclassified.merge(tally)?,
                None => {}
            }
        }
        let counting = self.rows.counting_customers;
        let mut totals = TreeTotals {
            nodes: nodes.to_vec(),
            totals: tallies.iter().map(|tally| tally.total(counting)).collect(),
            unclassified: unclassified.total(counting),
            skipped: self.rows.skipped,
            all: None,
        };
        if !self.spread.is_empty() {
            let (rows, amount) = totals.tops()?;
            totals.all = Some(Total {
                rows: rows - self.excess.rows,
                amount: amount.checked_sub(&self.excess.amount)?,
                customers: None,
            });
        }
        Ok(totals)
    }
}

/// Adds `node`'s path (itself and its ancestors) to `union`; `false`,
/// adding nothing, when the tree does not know it.
fn push_path<'s>(
    shape: &'s Shape,
    node: &'s str,
    union: &mut SmallVec<[&'s str; 8]>,
    in_union: &mut FxHashSet<&'s str>,
) -> Result<bool> {
    let mut add = |key: &'s str| {
        if in_union.insert(key) {
            union.push(key);
        }
    };
    match shape {
        Shape::Tree(hierarchy) => match hierarchy.index_of(node) {
            Some(mut i) => loop {
                let at = &hierarchy.nodes()[i];
                add(at.key.as_str());
                match at.parent {
                    Some(parent) => i = parent,
                    None => break Ok(true),
                }
            },
            None => Ok(false),
        },
        Shape::Scheme(scheme) => match scheme.path(node) {
            Ok(path) => {
                path.into_iter().for_each(add);
                Ok(true)
            }
            Err(_) => Ok(false),
        },
    }
}

/// Whether the tree knows `key` (a node of the hierarchy, a code that fits
/// the scheme).
fn known(shape: &Shape, key: &str) -> bool {
    match shape {
        Shape::Tree(hierarchy) => hierarchy.index_of(key).is_some(),
        Shape::Scheme(scheme) => scheme.path(key).is_ok(),
    }
}

/// Whether a key of a union is a root (or the unclassified bucket).
fn top_level(shape: &Shape, key: &str) -> bool {
    match shape {
        _ if key == UNCLASSIFIED_KEY => true,
        Shape::Tree(hierarchy) => hierarchy
            .index_of(key)
            .is_some_and(|i| hierarchy.nodes()[i].parent.is_none()),
        Shape::Scheme(scheme) => scheme.level(key).is_ok_and(|level| level == 1),
    }
}

/// The tree a coding scheme implies for some codes: each valid code and its
/// ancestors. Invalid codes are left out (their rows are unclassified).
fn hierarchy_of_codes<'a>(
    scheme: &CodeScheme,
    codes: impl Iterator<Item = &'a String>,
) -> Result<Hierarchy> {
    let mut edges = Vec::new();
    for code in codes {
        let Ok(path) = scheme.path(code) else {
            continue;
        };
        for (level, node) in path.iter().enumerate() {
            let parent = level.checked_sub(1).map(|up| path[up].to_string());
            edges.push(Edge {
                node: node.to_string(),
                name: None,
                parent,
            });
        }
    }
    Hierarchy::from_edges(&edges)
}

/// Rows, amount and distinct customers (when counted) of one node's subtree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Total {
    pub rows: i64,
    pub amount: Decimal,
    pub customers: Option<i64>,
}

/// The result of `rollup_tree`: every node of the tree with its subtree's
/// totals, and the unclassified rows.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeTotals {
    nodes: Vec<Node>,
    totals: Vec<Total>,
    unclassified: Total,
    /// Rows with a NULL amount, added nowhere.
    skipped: i64,
    /// When rows are in several classes: all rows, each counted once
    /// (the roots and unclassified may count a row more than once).
    all: Option<Total>,
}

/// One output row of `tree_rows`; `node` is `None` for the unclassified bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeRow<'a> {
    pub node: Option<&'a str>,
    pub name: Option<&'a str>,
    pub level: i32,
    pub parent: Option<&'a str>,
    pub is_leaf: bool,
    pub total: Total,
    pub share_of_parent: Option<f64>,
    pub share_of_total: Option<f64>,
}

fn share(part: &Decimal, whole: &Decimal) -> Option<f64> {
    (whole.mantissa() != 0).then(|| part.to_f64() / whole.to_f64())
}

impl TreeTotals {
    /// Rows and amount of all roots and the unclassified rows.
    fn tops(&self) -> Result<(i64, Decimal)> {
        self.nodes
            .iter()
            .zip(&self.totals)
            .filter(|(node, _)| node.parent.is_none())
            .try_fold(
                (self.unclassified.rows, self.unclassified.amount),
                |(rows, sum), (_, total)| Ok((rows + total.rows, sum.checked_add(&total.amount)?)),
            )
    }

    /// What every share is a part of: all rows, each counted once (all
    /// roots and the unclassified rows, unless rows are in several classes).
    pub fn grand_total(&self) -> Result<Decimal> {
        match &self.all {
            Some(all) => Ok(all.amount),
            None => Ok(self.tops()?.1),
        }
    }

    /// Rows with a NULL amount.
    pub fn skipped(&self) -> i64 {
        self.skipped
    }

    /// Rows and amount of all rows counted once, when rows are in several classes.
    pub fn all(&self) -> Option<&Total> {
        self.all.as_ref()
    }

    /// Every node in pre-order, then the unclassified bucket when it has rows.
    /// A root's parent share is its share of the grand total.
    pub fn rows(&self) -> Result<Vec<TreeRow<'_>>> {
        let grand = self.grand_total()?;
        let mut rows: Vec<TreeRow> = self
            .nodes
            .iter()
            .zip(&self.totals)
            .map(|(node, total)| {
                let parent_amount = node.parent.map_or(grand, |p| self.totals[p].amount);
                TreeRow {
                    node: Some(&node.key),
                    name: node.name.as_deref(),
                    level: node.level as i32,
                    parent: node.parent.map(|p| self.nodes[p].key.as_str()),
                    is_leaf: node.is_leaf,
                    total: *total,
                    share_of_parent: share(&total.amount, &parent_amount),
                    share_of_total: share(&total.amount, &grand),
                }
            })
            .collect();
        if self.unclassified.rows > 0 {
            let share_of_grand = share(&self.unclassified.amount, &grand);
            rows.push(TreeRow {
                node: None,
                name: None,
                level: 1,
                parent: None,
                is_leaf: true,
                total: self.unclassified,
                share_of_parent: share_of_grand,
                share_of_total: share_of_grand,
            });
        }
        Ok(rows)
    }

    // ---- text and binary forms -------------------------------------------

    pub fn to_text(&self) -> String {
        let node = |node: &Node, total: &Total| TotalText {
            node: Some(node.key.clone()),
            name: node.name.clone(),
            parent: node.parent.map(|p| self.nodes[p].key.clone()),
            rows: total.rows,
            amount: DecimalText(total.amount),
            customers: total.customers,
        };
        let text = TreeTotalsText {
            nodes: self
                .nodes
                .iter()
                .zip(&self.totals)
                .map(|(n, t)| node(n, t))
                .collect(),
            unclassified: TotalText {
                node: None,
                name: None,
                parent: None,
                rows: self.unclassified.rows,
                amount: DecimalText(self.unclassified.amount),
                customers: self.unclassified.customers,
            },
            skipped: self.skipped,
            all: self.all.map(|all| AllText {
                rows: all.rows,
                amount: DecimalText(all.amount),
            }),
        };
        // Sized up front: amounts at large scales make texts of hundreds of
        // megabytes, and growing one by doubling copies it several times.
        let size = 96
            + self
                .nodes
                .iter()
                .zip(&self.totals)
                .map(|(node, total)| 80 + 2 * node.key.len() + total.amount.text_len())
                .sum::<usize>();
        let mut out = Vec::with_capacity(size);
        serde_json::to_writer(&mut out, &text).expect("totals serialize");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }

    /// Reads the text form back; subtree totals must add up.
    pub fn parse(text: &str) -> Result<TreeTotals> {
        let invalid = |message: String| Error::invalid_text(format!("tree_totals: {message}"));
        crate::json::check(text, "tree_totals")?;
        let parsed: TreeTotalsText =
            serde_json::from_str(text).map_err(|error| invalid(error.to_string()))?;
        let counting = parsed.unclassified.customers.is_some();
        if let Some(odd) = parsed
            .nodes
            .iter()
            .find(|n| n.customers.is_some() != counting)
        {
            return Err(invalid(format!(
                "node \"{}\": customers must be given for every node and unclassified, or for none",
                odd.node.as_deref().unwrap_or_default()
            )));
        }
        let edges: Vec<Edge> = parsed
            .nodes
            .iter()
            .map(|n| Edge {
                node: n.node.clone().unwrap_or_default(),
                name: n.name.clone(),
                parent: n.parent.clone(),
            })
            .collect();
        let hierarchy = Hierarchy::from_edges(&edges).map_err(|error| invalid(error.message))?;
        let by_key: FxHashMap<&str, &TotalText> = parsed
            .nodes
            .iter()
            .map(|n| (n.node.as_deref().unwrap_or_default(), n))
            .collect();
        let totals = hierarchy
            .nodes()
            .iter()
            .map(|node| {
                by_key[node.key.as_str()]
                    .total()
                    .map_err(|error| invalid(error.message))
            })
            .collect::<Result<Vec<Total>>>()?;
        let unclassified = parsed
            .unclassified
            .total()
            .map_err(|error| invalid(error.message))?;
        if parsed.skipped < 0 {
            return Err(invalid("skipped must not be negative".to_string()));
        }
        let all = match &parsed.all {
            Some(all) => Some(Total {
                rows: all.rows,
                amount: Decimal::parse(&all.amount).map_err(|error| invalid(error.message))?,
                customers: None,
            }),
            None => None,
        };
        let totals = TreeTotals {
            nodes: hierarchy.nodes().to_vec(),
            totals,
            unclassified,
            skipped: parsed.skipped,
            all,
        };
        totals
            .check_sums()
            .map_err(|error| invalid(error.message))?;
        Ok(totals)
    }

    /// Each node's rows are at least the sum of its children's (at least
    /// each child's when rows are in several classes).
    fn check_sums(&self) -> Result<()> {
        let mut children = vec![(0i64, Decimal::ZERO); self.nodes.len()];
        for (node, total) in self.nodes.iter().zip(&self.totals) {
            crate::interrupts::tick();
            if let Some(p) = node.parent {
                children[p].0 = match self.all {
                    Some(_) => children[p].0.max(total.rows),
                    None => children[p].0 + total.rows,
                };
            }
        }
        for ((node, total), (rows, _)) in self.nodes.iter().zip(&self.totals).zip(&children) {
            crate::interrupts::tick();
            if total.rows < *rows {
                return Err(Error::invalid_text(format!(
                    "node \"{}\" has {} rows, fewer than its children's {rows}",
                    node.key, total.rows
                )));
            }
        }
        Ok(())
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(TOTALS_VERSION);
        writer
            .u8(self.unclassified.customers.is_some() as u8)
            .u32(self.nodes.len() as u32);
        for (node, total) in self.nodes.iter().zip(&self.totals) {
            crate::interrupts::tick();
            writer.str(&node.key);
            write_optional(&mut writer, node.name.as_deref());
            writer.u32(node.parent.map_or(u32::MAX, |p| p as u32));
            encode_total(&mut writer, total);
        }
        encode_total(&mut writer, &self.unclassified);
        writer.u64(self.skipped as u64);
        match &self.all {
            Some(all) => writer
                .u8(1)
                .u64(all.rows as u64)
                .i128(all.amount.mantissa())
                .u16(all.amount.scale() as u16),
            None => writer.u8(0),
        };
        writer.finish()
    }

    /// Reads version 2 and the version 1 bytes 0.1.0 stored.
    pub fn decode(bytes: &[u8]) -> Result<TreeTotals> {
        let version = match bytes.first() {
            Some(1) => 1,
            _ => TOTALS_VERSION,
        };
        let mut reader = Reader::new(bytes, version, "tree_totals")?;
        let counting = reader.u8()? == 1;
        // Key, name flag, parent, rows, amount, customers: 43 bytes or more.
        let count = reader.len(43)?;
        let mut edges = Vec::with_capacity(count.min(1 << 20));
        let mut totals = Vec::with_capacity(count.min(1 << 20));
        for at in 0..count {
            let node = reader.str()?;
            let name = read_optional(&mut reader)?;
            let parent = match reader.u32()? {
                u32::MAX => None,
                p if (p as usize) < at => Some(
                    edges
                        .get(p as usize)
                        .map(|e: &Edge| e.node.clone())
                        .unwrap_or_default(),
                ),
                p => {
                    return Err(Error::corrupted(format!(
                        "tree_totals node {at} has parent {p}"
                    )))
                }
            };
            edges.push(Edge { node, name, parent });
            totals.push(decode_total(&mut reader, counting)?);
        }
        let unclassified = decode_total(&mut reader, counting)?;
        let (mut skipped, mut all) = (0, None);
        if version >= 2 {
            skipped = reader.u64()? as i64;
            if reader.u8()? == 1 {
                let rows = reader.u64()? as i64;
                let amount = Decimal::new(reader.i128()?, reader.u16()? as i16)
                    .map_err(|e| Error::corrupted(e.message))?;
                all = Some(Total {
                    rows,
                    amount,
                    customers: None,
                });
            }
        }
        reader.finish()?;
        let hierarchy =
            Hierarchy::from_edges(&edges).map_err(|error| Error::corrupted(error.message))?;
        // The stored order is pre-order already; rebuilding keeps it.
        if hierarchy
            .nodes()
            .iter()
            .zip(&edges)
            .any(|(node, edge)| node.key != edge.node)
        {
            return Err(Error::corrupted("tree_totals nodes out of order"));
        }
        Ok(TreeTotals {
            nodes: hierarchy.nodes().to_vec(),
            totals,
            unclassified,
            skipped,
            all,
        })
    }
}

fn encode_total(writer: &mut Writer, total: &Total) {
    writer
        .u64(total.rows as u64)
        .i128(total.amount.mantissa())
        .u16(total.amount.scale() as u16);
    writer.u64(total.customers.unwrap_or(0) as u64);
}

fn decode_total(reader: &mut Reader, counting: bool) -> Result<Total> {
    let rows = reader.u64()? as i64;
    let amount = Decimal::new(reader.i128()?, reader.u16()? as i16)
        .map_err(|e| Error::corrupted(e.message))?;
    let customers = reader.u64()? as i64;
    Ok(Total {
        rows,
        amount,
        customers: counting.then_some(customers),
    })
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TotalText<Amount = String> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    node: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    rows: i64,
    amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    customers: Option<i64>,
}

impl TotalText {
    fn total(&self) -> Result<Total> {
        Ok(Total {
            rows: self.rows,
            amount: Decimal::parse(&self.amount)?,
            customers: self.customers,
        })
    }
}

fn is_zero(value: &i64) -> bool {
    *value == 0
}

/// The text form of 0.1.0 plus two optional fields, written only when
/// there is something to say: `skipped` (rows with a NULL amount) and
/// `all` (all rows counted once, when rows are in several classes).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TreeTotalsText<Amount = String> {
    nodes: Vec<TotalText<Amount>>,
    unclassified: TotalText<Amount>,
    #[serde(default, skip_serializing_if = "is_zero")]
    skipped: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    all: Option<AllText<Amount>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllText<Amount = String> {
    rows: i64,
    amount: Amount,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeTotalsText<Amount = String> {
    customers: bool,
    #[serde(default)]
    skipped: i64,
    nodes: Vec<NodeText<Amount>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeText<Amount = String> {
    /// Absent for the rows of a NULL node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    node: Option<String>,
    rows: i64,
    amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    customers: Option<Vec<Customer>>,
}

/// Row counts of states read from their text form can be anything: a sum
/// that leaves i64 is refused (54000), never wrapped.
fn too_many_rows() -> Error {
    Error::limit_exceeded("a class-tree total counts more than 9223372036854775807 rows")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hierarchy::tree::{Source, TreeBuilder};

    fn money(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn node_totals_have_one_binary_form_whatever_order_customers_came_in() {
        let mut forward = NodeTotals::new(true);
        let mut backward = NodeTotals::new(true);
        for id in 0..500 {
            forward
                .add("01", money("1.00"), Some(Customer::Id(id)))
                .unwrap();
            backward
                .add("01", money("1.00"), Some(Customer::Id(499 - id)))
                .unwrap();
        }
        assert_eq!(forward.encode(), backward.encode());
        // Binary receive checks a value against what its text form reads as.
        let reparsed = NodeTotals::parse(&backward.to_text()).unwrap();
        assert_eq!(reparsed.encode(), backward.encode());
    }

    #[test]
    fn node_totals_have_one_binary_form_whatever_order_nodes_came_in() {
        // Many nodes, added in two orders and through merges: the hash
        // tables iterate differently, the binary forms must not differ.
        let mut forward = NodeTotals::new(true);
        let mut merged = NodeTotals::new(true);
        for node in 0..2000 {
            forward
                .add(&format!("n{node}"), money("1.00"), Some(Customer::Id(node)))
                .unwrap();
        }
        for part in 0..4 {
            let mut piece = NodeTotals::new(true);
            for node in (0..2000).rev().filter(|node| node % 4 == part) {
                piece
                    .add(&format!("n{node}"), money("1.00"), Some(Customer::Id(node)))
                    .unwrap();
            }
            merged.merge(&piece).unwrap();
        }
        assert_eq!(forward.encode(), merged.encode());
        let reparsed = NodeTotals::parse(&merged.to_text()).unwrap();
        assert_eq!(reparsed.encode(), merged.encode());
    }

    fn coded_tree() -> Hierarchy {
        let mut builder = TreeBuilder::new(Source::Coded(CodeScheme::parse("2-2-2").unwrap()));
        for code in ["01", "0101", "010101", "010102", "0102", "02", "0201"] {
            builder.push_coded(code, None).unwrap();
        }
        builder.build().unwrap()
    }

    const LINES: [(i64, &str, &str); 8] = [
        (1, "010101", "100.10"),
        (1, "010102", "50.05"),
        (2, "010101", "20"),
        (3, "0102", "999.99"),
        (3, "0102", "-9.99"),
        (4, "0201", "0.001"),
        (5, "0399", "7.00"),
        (2, "01", "1.00"),
    ];

    fn state(shape: Shape, lines: &[(i64, &str, &str)]) -> RollupState {
        let mut state = RollupState::new(Rc::new(shape), true);
        for (customer, node, amount) in lines {
            state
                .add(node, money(amount), Some(Customer::Id(*customer)))
                .unwrap();
        }
        state
    }

    fn summary(totals: &TreeTotals) -> Vec<String> {
        totals
            .rows()
            .unwrap()
            .iter()
            .map(|row| {
                format!(
                    "{} {} {} {}",
                    row.node.unwrap_or("unclassified"),
                    row.total.rows,
                    row.total.amount,
                    row.total.customers.unwrap()
                )
            })
            .collect()
    }

    #[test]
    fn every_level_adds_up_exactly() {
        let totals = state(Shape::Tree(coded_tree()), &LINES).finish().unwrap();
        assert_eq!(
            summary(&totals),
            [
                "01 6 1161.15 3",
                "0101 3 170.15 2",
                "010101 2 120.10 2",
                "010102 1 50.05 1",
                "0102 2 990.00 1",
                "02 1 0.001 1",
                "0201 1 0.001 1",
                "unclassified 1 7.00 1",
            ]
        );
        assert_eq!(totals.grand_total().unwrap().to_string(), "1168.151");
        let rows = totals.rows().unwrap();
        assert_eq!(rows[1].share_of_parent, Some(170.15 / 1161.15));
        assert_eq!(rows[0].parent, None);
        assert_eq!(rows[2].parent, Some("0101"));
    }

    #[test]
    fn schemes_find_their_nodes_in_the_codes() {
        let scheme = CodeScheme::parse("2-2-2").unwrap();
        let mut lines = LINES.to_vec();
        lines.push((9, "not a code", "1"));
        let totals = state(Shape::Scheme(scheme), &lines).finish().unwrap();
        let summary = summary(&totals);
        assert_eq!(summary.first().unwrap(), "01 6 1161.15 3");
        assert!(summary.contains(&"03 1 7.00 1".to_string()));
        assert_eq!(summary.last().unwrap(), "unclassified 1 1 1");
        // Empty nodes of a hierarchy still show.
        let empty = RollupState::new(Rc::new(Shape::Tree(coded_tree())), false)
            .finish()
            .unwrap();
        assert_eq!(empty.rows().unwrap().len(), 7);
        assert_eq!(empty.rows().unwrap()[0].share_of_total, None);
    }

    #[test]
    fn merging_in_any_order_equals_one_pass() {
        let whole = state(Shape::Tree(coded_tree()), &LINES).finish().unwrap();
        for split in 0..LINES.len() {
            let mut first = state(Shape::Tree(coded_tree()), &LINES[split..]);
            let second = state(Shape::Tree(coded_tree()), &LINES[..split]);
            let second = RollupState::decode(&second.encode()).unwrap();
            first.merge(&second).unwrap();
            assert_eq!(first.finish().unwrap(), whole);
        }
        let other_tree = RollupState::new(
            Rc::new(Shape::Scheme(CodeScheme::parse("2-2").unwrap())),
            true,
        );
        assert!(state(Shape::Tree(coded_tree()), &LINES)
            .merge(&other_tree)
            .is_err());
    }

    #[test]
    fn stored_forms_round_trip() {
        let totals = state(Shape::Tree(coded_tree()), &LINES).finish().unwrap();
        assert_eq!(TreeTotals::decode(&totals.encode()).unwrap(), totals);
        assert_eq!(TreeTotals::parse(&totals.to_text()).unwrap(), totals);
        let broken = totals.to_text().replacen("\"rows\":6", "\"rows\":1", 1);
        assert!(TreeTotals::parse(&broken).is_err());
    }

    /// Customers 1 and 2 each in two classes under one parent (01), one of
    /// them also in another root (02); customer 3 in one class.
    fn many_to_many(shape: Shape) -> RollupState {
        let mut state = RollupState::new(Rc::new(shape), true);
        let lines: [(i64, &[&str], &str); 6] = [
            (1, &["010101", "010102"], "100.10"),
            (1, &["010101", "010102"], "0.90"),
            (2, &["0102", "010101", "0201"], "50.00"),
            (3, &["0102"], "7.25"),
            (4, &[], "1.00"),
            (5, &["010101", "0399"], "2.00"),
        ];
        for (customer, nodes, amount) in lines {
            state
                .add_many(
                    nodes.iter().copied(),
                    money(amount),
                    Some(Customer::Id(customer)),
                )
                .unwrap();
        }
        state.skip();
        state
    }

    #[test]
    fn many_classes_count_once_at_every_common_ancestor() {
        let totals = many_to_many(Shape::Tree(coded_tree())).finish().unwrap();
        assert_eq!(
            summary(&totals),
            [
                "01 5 160.25 4",
                "0101 4 153.00 3",
                "010101 4 153.00 3",
                "010102 2 101.00 1",
                "0102 2 57.25 2",
                "02 1 50.00 1",
                "0201 1 50.00 1",
                "unclassified 1 1.00 1",
            ]
        );
        // Row 6 has a known class: classified, its unknown class 0399 said
        // apart. The roots count row 3 twice (it is under 01 and 02); the
        // grand total (what shares are of) is sum(amount).
        let state = many_to_many(Shape::Tree(coded_tree()));
        assert_eq!(state.unknown_classes(), (vec!["0399"], 1));
        assert_eq!(totals.all().unwrap().amount, money("161.25"));
        assert_eq!(totals.all().unwrap().rows, 6);
        assert_eq!(totals.grand_total().unwrap(), money("161.25"));
        assert_eq!(totals.skipped(), 1);
        // Both forms read back, and a tree whose rows overlap still checks.
        assert_eq!(TreeTotals::decode(&totals.encode()).unwrap(), totals);
        assert_eq!(TreeTotals::parse(&totals.to_text()).unwrap(), totals);
        // Splitting the rows anywhere and merging gives the same.
        let state = many_to_many(Shape::Tree(coded_tree()));
        let mut merged = RollupState::decode(&state.encode()).unwrap();
        merged
            .merge(&RollupState::new(Rc::new(Shape::Tree(coded_tree())), true))
            .unwrap();
        assert_eq!(merged.finish().unwrap(), totals);
    }

    #[test]
    fn two_classes_under_one_parent_add_up_to_the_sum() {
        let mut state = RollupState::new(Rc::new(Shape::Tree(coded_tree())), false);
        for (nodes, amount) in [
            (&["010101", "010102"][..], "10.00"),
            (&["0102"][..], "5.00"),
            (&["0102", "0102"][..], "1.00"),
        ] {
            state
                .add_many(nodes.iter().copied(), money(amount), None)
                .unwrap();
        }
        let totals = state.finish().unwrap();
        let (rows, amount) = totals.tops().unwrap();
        assert_eq!((rows, amount), (3, money("16.00")));
        assert_eq!(totals.grand_total().unwrap(), money("16.00"));
        let rows = totals.rows().unwrap();
        assert_eq!(rows[1].total.amount, money("10.00"));
        assert_eq!(rows[2].total.amount, money("10.00"));
        assert_eq!(rows[3].total.amount, money("10.00"));
    }

    #[test]
    fn schemes_take_many_codes_too() {
        let scheme = CodeScheme::parse("2-2-2").unwrap();
        let totals = many_to_many(Shape::Scheme(scheme)).finish().unwrap();
        let summary = summary(&totals);
        assert_eq!(summary[0], "01 5 160.25 4");
        // 0399 fits the scheme: customer 5's row is in 01 and 03, not unclassified.
        assert!(summary.contains(&"03 1 2.00 1".to_string()));
        assert_eq!(summary.last().unwrap(), "unclassified 1 1.00 1");
        assert_eq!(totals.grand_total().unwrap(), money("161.25"));
    }

    #[test]
    fn node_totals_then_the_tree_equal_one_rollup() {
        let mut nodes = NodeTotals::new(true);
        for (customer, node, amount) in LINES {
            nodes
                .add(node, money(amount), Some(Customer::Id(customer)))
                .unwrap();
        }
        nodes
            .add(
                UNCLASSIFIED_KEY,
                money("2"),
                Some(Customer::Key("k".into())),
            )
            .unwrap();
        nodes.skip();
        let mut direct = state(Shape::Tree(coded_tree()), &LINES);
        direct
            .add(
                UNCLASSIFIED_KEY,
                money("2"),
                Some(Customer::Key("k".into())),
            )
            .unwrap();
        direct.skip();
        let expected = direct.finish().unwrap();
        assert_eq!(
            nodes.apply(Rc::new(Shape::Tree(coded_tree()))).unwrap(),
            expected
        );
        let scheme = Rc::new(Shape::Scheme(CodeScheme::parse("2-2-2").unwrap()));
        assert_eq!(
            nodes.apply(Rc::clone(&scheme)).unwrap(),
            RollupState {
                shape: scheme,
                ..direct
            }
            .finish()
            .unwrap()
        );
        // Text and binary forms round-trip; halves merge to the whole.
        assert_eq!(NodeTotals::decode(&nodes.encode()).unwrap(), nodes);
        assert_eq!(NodeTotals::parse(&nodes.to_text()).unwrap(), nodes);
        let mut half = NodeTotals::new(true);
        half.merge(&nodes).unwrap();
        assert_eq!(half, nodes);
        assert!(half.merge(&NodeTotals::new(false)).is_err());
        assert!(NodeTotals::parse(
            r#"{"customers":true,"nodes":[{"node":"a","rows":1,"amount":"1"}]}"#
        )
        .is_err());
    }

    #[test]
    fn version_1_totals_still_read() {
        // A 0.1.0 tree_totals: version 1, no skipped figure, no total.
        let totals = state(Shape::Tree(coded_tree()), &LINES).finish().unwrap();
        let v2 = totals.encode();
        let mut v1 = v2[..v2.len() - 9].to_vec();
        v1[0] = 1;
        assert_eq!(TreeTotals::decode(&v1).unwrap(), totals);
        assert!(!totals.to_text().contains("skipped"));
        let mut skipped = state(Shape::Tree(coded_tree()), &LINES);
        skipped.skip();
        let skipped = skipped.finish().unwrap();
        assert!(skipped.to_text().contains("\"skipped\":1"));
        assert_eq!(TreeTotals::parse(&skipped.to_text()).unwrap().skipped(), 1);
    }

    #[test]
    fn random_trees_sum_their_subtrees() {
        let mut seed = 99u64;
        let mut next = |bound: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % bound
        };
        let mut builder = TreeBuilder::new(Source::Parents);
        builder.push_parent("n0", None, None).unwrap();
        for i in 1..200 {
            let parent = format!("n{}", next(i));
            builder
                .push_parent(&format!("n{i}"), Some(&parent), None)
                .unwrap();
        }
        let tree = builder.build().unwrap();
        let mut state = RollupState::new(Rc::new(Shape::Tree(tree.clone())), false);
        let mut expected_total = Decimal::ZERO;
        for _ in 0..5000 {
            let amount = Decimal::new(next(2_000_000) as i128 - 1_000_000, 2).unwrap();
            expected_total = expected_total.checked_add(&amount).unwrap();
            state.add(&format!("n{}", next(200)), amount, None).unwrap();
        }
        let totals = state.finish().unwrap();
        let rows = totals.rows().unwrap();
        assert_eq!(rows[0].total.amount, expected_total);
        assert_eq!(rows[0].total.rows, 5000);
        // Each node = its own rows + its children's subtrees.
        let nodes = tree.nodes();
        for (i, row) in rows.iter().enumerate() {
            let children: Vec<usize> = (0..nodes.len())
                .filter(|c| nodes[*c].parent == Some(i))
                .collect();
            let children_sum = children
                .iter()
                .try_fold(Decimal::ZERO, |sum, c| {
                    sum.checked_add(&rows[*c].total.amount)
                })
                .unwrap();
            let own = state
                .rows
                .own
                .get(&nodes[i].key)
                .map_or(Decimal::ZERO, |tally| tally.amount);
            assert_eq!(children_sum.checked_add(&own).unwrap(), row.total.amount);
        }
    }
}
