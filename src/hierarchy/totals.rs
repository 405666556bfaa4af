//! One-pass totals over a class tree: each row is added to its own node as
//! it comes (one hash lookup), and only at the end are the nodes' totals
//! carried up to every ancestor. Amounts are exact decimals, so the root
//! equals SQL `sum(amount)` to the cent and each node equals the sum over
//! its subtree. Rows whose node the tree does not know go into one
//! `unclassified` bucket; nothing is dropped.

use std::collections::hash_map::Entry;
use std::rc::Rc;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::codec::{Reader, Writer};
use crate::decimal::Decimal;
use crate::error::{Error, Result};
use crate::hierarchy::scheme::CodeScheme;
use crate::hierarchy::tree::{read_optional, write_optional, Edge, Hierarchy, Node};

const STATE_VERSION: u8 = 1;
const TOTALS_VERSION: u8 = 1;

/// A customer, for distinct counts: an integer id or a text key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Customer {
    Id(i64),
    Key(Box<str>),
}

/// Rows, amount and (when counted) the distinct customers of some rows.
#[derive(Debug, Clone, Default, PartialEq)]
struct Tally {
    rows: i64,
    amount: Decimal,
    customers: FxHashSet<Customer>,
}

impl Tally {
    fn add(&mut self, amount: Decimal, customer: Option<Customer>) -> Result<()> {
        self.rows += 1;
        self.amount = self.amount.checked_add(&amount)?;
        if let Some(customer) = customer {
            self.customers.insert(customer);
        }
        Ok(())
    }

    fn merge(&mut self, other: &Tally) -> Result<()> {
        self.rows += other.rows;
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
            .u16(self.amount.scale());
        writer.u32(self.customers.len() as u32);
        for customer in &self.customers {
            match customer {
                Customer::Id(id) => writer.u8(0).u64(*id as u64),
                Customer::Key(key) => writer.u8(1).str(key),
            };
        }
    }

    fn decode(reader: &mut Reader) -> Result<Tally> {
        let rows = reader.u64()? as i64;
        let amount =
            Decimal::new(reader.i128()?, reader.u16()?).map_err(|e| Error::corrupted(e.message))?;
        let count = reader.u32()?;
        let customers = (0..count)
            .map(|_| match reader.u8()? {
                0 => Ok(Customer::Id(reader.u64()? as i64)),
                1 => Ok(Customer::Key(reader.str()?.into_boxed_str())),
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

/// Transition state of `rollup_tree`: each node's own rows, by node key.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupState {
    /// Shared by the groups of one query: a tree is decoded once, not per group.
    shape: Rc<Shape>,
    counting_customers: bool,
    own: FxHashMap<String, Tally>,
}

impl RollupState {
    pub fn new(shape: Rc<Shape>, counting_customers: bool) -> RollupState {
        RollupState {
            shape,
            counting_customers,
            own: FxHashMap::default(),
        }
    }

    pub fn shape(&self) -> &Shape {
        &self.shape
    }

    /// One row; `customer` is `Some` exactly when customers are counted.
    pub fn add(&mut self, node: &str, amount: Decimal, customer: Option<Customer>) -> Result<()> {
        match self.own.get_mut(node) {
            Some(tally) => tally.add(amount, customer),
            None => self
                .own
                .entry(node.to_string())
                .or_default()
                .add(amount, customer),
        }
    }

    pub fn merge(&mut self, other: &RollupState) -> Result<()> {
        if !Rc::ptr_eq(&self.shape, &other.shape) && self.shape != other.shape {
            return Err(Error::invalid_parameter(
                "the tree (h or scheme) must be the same on every row of a group",
            ));
        }
        for (node, tally) in &other.own {
            match self.own.entry(node.clone()) {
                Entry::Occupied(mut mine) => mine.get_mut().merge(tally)?,
                Entry::Vacant(vacant) => {
                    vacant.insert(tally.clone());
                }
            }
        }
        Ok(())
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(STATE_VERSION);
        match self.shape.as_ref() {
            Shape::Tree(hierarchy) => writer.u8(0).bytes(&hierarchy.encode()),
            Shape::Scheme(scheme) => writer.u8(1).bytes(&scheme.encode()),
        };
        writer
            .u8(self.counting_customers as u8)
            .u32(self.own.len() as u32);
        for (node, tally) in &self.own {
            writer.str(node);
            tally.encode(&mut writer);
        }
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<RollupState> {
        let mut reader = Reader::new(bytes, STATE_VERSION, "rollup_tree state")?;
        let shape = match reader.u8()? {
            0 => Shape::Tree(Hierarchy::decode(&reader.bytes()?)?),
            1 => Shape::Scheme(CodeScheme::decode(&reader.bytes()?)?),
            other => {
                return Err(Error::corrupted(format!(
                    "rollup_tree state of shape {other}"
                )))
            }
        };
        let counting_customers = reader.u8()? == 1;
        let count = reader.u32()?;
        let mut own = FxHashMap::default();
        for _ in 0..count {
            let node = reader.str()?;
            own.insert(node, Tally::decode(&mut reader)?);
        }
        reader.finish()?;
        Ok(RollupState {
            shape: Rc::new(shape),
            counting_customers,
            own,
        })
    }

    /// Every node of the tree with the totals of its subtree.
    pub fn finish(&self) -> Result<TreeTotals> {
        let derived;
        let hierarchy = match self.shape.as_ref() {
            Shape::Tree(hierarchy) => hierarchy,
            Shape::Scheme(scheme) => {
                derived = hierarchy_of_codes(scheme, self.own.keys())?;
                &derived
            }
        };
        let nodes = hierarchy.nodes();
        let mut tallies = vec![Tally::default(); nodes.len()];
        let mut unclassified = Tally::default();
        for (node, tally) in &self.own {
            match hierarchy.index_of(node) {
                Some(i) => tallies[i].merge(tally)?,
                None => unclassified.merge(tally)?,
            }
        }
        // Pre-order: every child comes after its parent.
        for i in (0..nodes.len()).rev() {
            if let Some(parent) = nodes[i].parent {
                let child = std::mem::take(&mut tallies[i]);
                tallies[parent].merge(&child)?;
                tallies[i] = child;
            }
        }
        let counting = self.counting_customers;
        Ok(TreeTotals {
            nodes: nodes.to_vec(),
            totals: tallies.iter().map(|tally| tally.total(counting)).collect(),
            unclassified: unclassified.total(counting),
        })
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
    /// All roots and the unclassified rows: what every share is a part of.
    pub fn grand_total(&self) -> Result<Decimal> {
        self.nodes
            .iter()
            .zip(&self.totals)
            .filter(|(node, _)| node.parent.is_none())
            .try_fold(self.unclassified.amount, |sum, (_, total)| {
                sum.checked_add(&total.amount)
            })
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
            amount: total.amount.to_string(),
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
                amount: self.unclassified.amount.to_string(),
                customers: self.unclassified.customers,
            },
        };
        serde_json::to_string(&text).expect("totals serialize")
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
        let totals = TreeTotals {
            nodes: hierarchy.nodes().to_vec(),
            totals,
            unclassified,
        };
        totals
            .check_sums()
            .map_err(|error| invalid(error.message))?;
        Ok(totals)
    }

    /// Each node's rows and amount are at least the sum of its children's.
    fn check_sums(&self) -> Result<()> {
        let mut children = vec![(0i64, Decimal::ZERO); self.nodes.len()];
        for (node, total) in self.nodes.iter().zip(&self.totals) {
            if let Some(p) = node.parent {
                children[p].0 += total.rows;
                children[p].1 = children[p].1.checked_add(&total.amount)?;
            }
        }
        for ((node, total), (rows, _)) in self.nodes.iter().zip(&self.totals).zip(&children) {
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
            writer.str(&node.key);
            write_optional(&mut writer, node.name.as_deref());
            writer.u32(node.parent.map_or(u32::MAX, |p| p as u32));
            encode_total(&mut writer, total);
        }
        encode_total(&mut writer, &self.unclassified);
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<TreeTotals> {
        let mut reader = Reader::new(bytes, TOTALS_VERSION, "tree_totals")?;
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
        })
    }
}

fn encode_total(writer: &mut Writer, total: &Total) {
    writer
        .u64(total.rows as u64)
        .i128(total.amount.mantissa())
        .u16(total.amount.scale());
    writer.u64(total.customers.unwrap_or(0) as u64);
}

fn decode_total(reader: &mut Reader, counting: bool) -> Result<Total> {
    let rows = reader.u64()? as i64;
    let amount =
        Decimal::new(reader.i128()?, reader.u16()?).map_err(|e| Error::corrupted(e.message))?;
    let customers = reader.u64()? as i64;
    Ok(Total {
        rows,
        amount,
        customers: counting.then_some(customers),
    })
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TotalText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    node: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    rows: i64,
    amount: String,
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

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TreeTotalsText {
    nodes: Vec<TotalText>,
    unclassified: TotalText,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hierarchy::tree::{Source, TreeBuilder};

    fn money(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
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
                .own
                .get(&nodes[i].key)
                .map_or(Decimal::ZERO, |tally| tally.amount);
            assert_eq!(children_sum.checked_add(&own).unwrap(), row.total.amount);
        }
    }
}
