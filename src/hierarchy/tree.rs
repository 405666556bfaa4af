//! Trees of customer classes, from the three ways ERPs store them: parent
//! pointers (Odoo, Tryton), nested sets (ERPNext `lft`/`rgt`) and coded
//! prefixes (U8, Kingdee). All three become (node, parent, name) edges and
//! share one validation and one layout.
//!
//! Layout: nodes in depth-first pre-order, children in key order (see
//! `key_order`: integer ids by value, the codes of one level in code order),
//! so every tree prints the same way whatever order its rows come in, and a
//! node's subtree is the contiguous run after it.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};
use crate::hierarchy::scheme::CodeScheme;

pub const MAX_NODES: usize = 1_000_000;
const VERSION: u8 = 1;
const BUILDER_VERSION: u8 = 1;
const NO_PARENT: u32 = u32::MAX;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub key: String,
    pub name: Option<String>,
    pub parent: Option<usize>,
    /// 1 for a root.
    pub level: usize,
    pub is_leaf: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hierarchy {
    nodes: Vec<Node>,
    index: FxHashMap<String, usize>,
    /// Nodes below a pruned tree's last level, each to its ancestor there:
    /// rows of those nodes count at that ancestor.
    folded: FxHashMap<String, usize>,
}

/// One row of a class table, reduced to what a tree needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    pub node: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
}

fn too_many(nodes: usize) -> Error {
    Error::limit_exceeded(format!(
        "a hierarchy holds at most {MAX_NODES} nodes, not {nodes}"
    ))
}

impl Hierarchy {
    /// Validates edges and lays the tree out. A node may be listed more than
    /// once with the same parent (and name); two different parents, a parent
    /// that is not a node, and cycles are errors naming the node.
    pub fn from_edges(edges: &[Edge]) -> Result<Hierarchy> {
        let unique = unique_edges(edges)?;
        if unique.len() > MAX_NODES {
            return Err(too_many(unique.len()));
        }
        let mut keys: Vec<&str> = unique.keys().copied().collect();
        keys.sort_unstable_by(|a, b| {
            crate::interrupts::tick();
            key_order(a, b)
        });
        let position: FxHashMap<&str, usize> =
            keys.iter().enumerate().map(|(i, key)| (*key, i)).collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
        let mut roots = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            crate::interrupts::tick();
            match unique[key].parent {
                None => roots.push(i),
                Some(parent) => {
                    let Some(&p) = position.get(parent) else {
                        return Err(Error::invalid_parameter(format!(
                            "parent \"{parent}\" of node \"{key}\" is not a node of the tree"
                        )));
                    };
                    children[p].push(i);
                }
            }
        }
        let order = pre_order(&roots, &children);
        if order.len() < keys.len() {
            return Err(cycle_error(&keys, &unique, &order));
        }
        let mut nodes: Vec<Node> = Vec::with_capacity(keys.len());
        let mut laid_out = vec![usize::MAX; keys.len()];
        for (at, &i) in order.iter().enumerate() {
            crate::interrupts::tick();
            laid_out[i] = at;
            let edge = unique[keys[i]];
            let parent = edge.parent.map(|parent| laid_out[position[parent]]);
            nodes.push(Node {
                key: keys[i].to_string(),
                name: edge.name.map(str::to_string),
                parent,
                level: parent.map_or(1, |p| nodes[p].level + 1),
                is_leaf: children[i].is_empty(),
            });
        }
        Ok(Hierarchy::indexed(nodes))
    }

    fn indexed(nodes: Vec<Node>) -> Hierarchy {
        let index = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                crate::interrupts::tick();
                (node.key.clone(), i)
            })
            .collect();
        Hierarchy {
            nodes,
            index,
            folded: FxHashMap::default(),
        }
    }

    /// The tree down to `levels` only; deeper nodes fold into their
    /// ancestor at the last level kept, so a rollup over the pruned tree
    /// computes that depth alone.
    pub fn pruned(&self, levels: i32) -> Result<Hierarchy> {
        if levels < 1 {
            return Err(Error::invalid_parameter(format!(
                "levels must be at least 1, not {levels}"
            )));
        }
        let levels = levels as usize;
        let mut kept_at = vec![usize::MAX; self.nodes.len()];
        let mut nodes = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            if node.level <= levels {
                kept_at[i] = nodes.len();
                nodes.push(Node {
                    parent: node.parent.map(|p| kept_at[p]),
                    is_leaf: node.is_leaf || node.level == levels,
                    ..node.clone()
                });
            }
        }
        let mut pruned = Hierarchy::indexed(nodes);
        let ancestor_kept = |mut i: usize| {
            while self.nodes[i].level > levels {
                i = self.nodes[i]
                    .parent
                    .expect("a node below level 1 has a parent");
            }
            kept_at[i]
        };
        for (i, node) in self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| node.level > levels)
        {
            pruned.folded.insert(node.key.clone(), ancestor_kept(i));
        }
        for (key, target) in &self.folded {
            pruned.folded.insert(key.clone(), ancestor_kept(*target));
        }
        Ok(pruned)
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node of `key`, or for a node folded away by pruning, its ancestor.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.index
            .get(key)
            .or_else(|| self.folded.get(key))
            .copied()
    }

    fn require(&self, key: &str) -> Result<&Node> {
        self.index_of(key).map(|i| &self.nodes[i]).ok_or_else(|| {
            Error::invalid_parameter(format!("node \"{key}\" is not in the hierarchy"))
        })
    }

    /// The node's ancestors, the root first; the node itself not included.
    pub fn ancestors(&self, key: &str) -> Result<Vec<&str>> {
        let mut ancestors = Vec::new();
        let mut parent = self.require(key)?.parent;
        while let Some(p) = parent {
            ancestors.push(self.nodes[p].key.as_str());
            parent = self.nodes[p].parent;
        }
        ancestors.reverse();
        Ok(ancestors)
    }

    /// 1 for a root.
    pub fn depth(&self, key: &str) -> Result<usize> {
        Ok(self.require(key)?.level)
    }

    pub fn is_leaf(&self, key: &str) -> Result<bool> {
        Ok(self.require(key)?.is_leaf)
    }

    pub fn edges(&self) -> Vec<Edge> {
        self.nodes
            .iter()
            .map(|node| Edge {
                node: node.key.clone(),
                name: node.name.clone(),
                parent: node.parent.map(|p| self.nodes[p].key.clone()),
            })
            .collect()
    }

    // ---- text and binary forms -------------------------------------------

    /// `{"nodes":[{"node":"01","name":"华北","parent":null}, …]}` in pre-order.
    pub fn to_text(&self) -> String {
        #[derive(Serialize)]
        struct Text {
            nodes: Vec<Edge>,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            folded: BTreeMap<String, String>,
        }
        let folded = self
            .folded
            .iter()
            .map(|(key, i)| (key.clone(), self.nodes[*i].key.clone()))
            .collect();
        serde_json::to_string(&Text {
            nodes: self.edges(),
            folded,
        })
        .expect("edges serialize")
    }

    pub fn parse(text: &str) -> Result<Hierarchy> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Text {
            nodes: Vec<Edge>,
            #[serde(default)]
            folded: BTreeMap<String, String>,
        }
        let invalid = |message: String| Error::invalid_text(format!("hierarchy: {message}"));
        crate::json::check(text, "hierarchy")?;
        let parsed: Text =
            serde_json::from_str(text).map_err(|error| invalid(error.to_string()))?;
        let mut hierarchy =
            Hierarchy::from_edges(&parsed.nodes).map_err(|error| invalid(error.message))?;
        for (key, target) in parsed.folded {
            match hierarchy.index.get(&target).copied() {
                Some(at) if !hierarchy.index.contains_key(&key) => hierarchy.folded.insert(key, at),
                _ => {
                    return Err(invalid(format!(
                        "folded node \"{key}\" must fold into a node of the tree"
                    )))
                }
            };
        }
        Ok(hierarchy)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(VERSION);
        writer.u32(self.nodes.len() as u32);
        for node in &self.nodes {
            writer.str(&node.key);
            write_optional(&mut writer, node.name.as_deref());
            writer.u32(node.parent.map_or(NO_PARENT, |p| p as u32));
        }
        writer.u32(self.folded.len() as u32);
        for (key, target) in &self.folded {
            writer.str(key).u32(*target as u32);
        }
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Hierarchy> {
        let mut reader = Reader::new(bytes, VERSION, "hierarchy")?;
        // Key length, name flag, parent: at least 9 bytes a node.
        let count = reader.len(9)?;
        if count > MAX_NODES {
            return Err(Error::corrupted(format!("hierarchy of {count} nodes")));
        }
        let mut nodes: Vec<Node> = Vec::with_capacity(count);
        for at in 0..count {
            let key = reader.str()?;
            let name = read_optional(&mut reader)?;
            let parent = match reader.u32()? {
                NO_PARENT => None,
                // Pre-order: a parent always comes before its children.
                p if (p as usize) < at => Some(p as usize),
                p => {
                    return Err(Error::corrupted(format!(
                        "hierarchy node {at} has parent {p}"
                    )))
                }
            };
            if let Some(p) = parent {
                nodes[p].is_leaf = false;
            }
            let level = parent.map_or(1, |p| nodes[p].level + 1);
            nodes.push(Node {
                key,
                name,
                parent,
                level,
                is_leaf: true,
            });
        }
        let mut hierarchy = Hierarchy::indexed(nodes);
        if hierarchy.index.len() != count {
            return Err(Error::corrupted("hierarchy with a node twice"));
        }
        check_layout(&hierarchy.nodes)?;
        let folded = reader.u32()?;
        for _ in 0..folded {
            let key = reader.str()?;
            let target = reader.u32()? as usize;
            if target >= count || hierarchy.index.contains_key(&key) {
                return Err(Error::corrupted("hierarchy with a bad folded node"));
            }
            hierarchy.folded.insert(key, target);
        }
        reader.finish()?;
        Ok(hierarchy)
    }
}

/// The layout `from_edges` writes, checked on every decode (binary input
/// and stored bytes alike): pre-order, every subtree contiguous, siblings
/// and roots in `key_order`. Anything else (bytes built by hand) would make
/// rollups over it go wrong. One pass with the stack of open ancestors.
fn check_layout(nodes: &[Node]) -> Result<()> {
    // (node, its last child seen so far)
    let mut open: Vec<(usize, Option<usize>)> = Vec::new();
    let mut last_root: Option<usize> = None;
    for (at, node) in nodes.iter().enumerate() {
        crate::interrupts::tick();
        while open
            .last()
            .is_some_and(|(top, _)| Some(*top) != node.parent)
        {
            open.pop();
        }
        let previous = match (node.parent, open.last_mut()) {
            (None, _) => last_root.replace(at),
            (Some(_), Some((_, last_child))) => last_child.replace(at),
            (Some(_), None) => {
                return Err(Error::corrupted(format!(
                    "hierarchy node \"{}\" is not laid out under its parent",
                    node.key
                )))
            }
        };
        if let Some(previous) = previous {
            if key_order(&nodes[previous].key, &node.key) != std::cmp::Ordering::Less {
                return Err(Error::corrupted(format!(
                    "hierarchy nodes \"{}\" and \"{}\" are out of order",
                    nodes[previous].key, node.key
                )));
            }
        }
        open.push((at, None));
    }
    Ok(())
}

pub fn write_optional(writer: &mut Writer, text: Option<&str>) {
    writer.u8(text.is_some() as u8);
    if let Some(text) = text {
        writer.str(text);
    }
}

pub fn read_optional(reader: &mut Reader) -> Result<Option<String>> {
    Ok(if reader.u8()? == 1 {
        Some(reader.str()?)
    } else {
        None
    })
}

/// Sibling order: keys that start with a digit first, shorter before
/// longer and then byte by byte (integer ids by value: 9 before 10), then
/// every other key byte by byte. Siblings of one length (the codes of one
/// level) are thus in plain code order. A total order, so the layout never
/// depends on the order in which rows came.
fn key_order(a: &str, b: &str) -> std::cmp::Ordering {
    let rank = |key: &str| {
        let digit_first = key.bytes().next().is_some_and(|byte| byte.is_ascii_digit());
        (!digit_first, if digit_first { key.len() } else { 0 })
    };
    (rank(a), a).cmp(&(rank(b), b))
}

/// Parent and name of each node, each node once.
#[derive(Clone, Copy)]
struct UniqueEdge<'a> {
    parent: Option<&'a str>,
    name: Option<&'a str>,
}

fn unique_edges(edges: &[Edge]) -> Result<FxHashMap<&str, UniqueEdge<'_>>> {
    let mut unique: FxHashMap<&str, UniqueEdge> = FxHashMap::default();
    for edge in edges {
        crate::interrupts::tick();
        let this = UniqueEdge {
            parent: edge.parent.as_deref(),
            name: edge.name.as_deref(),
        };
        let Some(seen) = unique.get_mut(edge.node.as_str()) else {
            unique.insert(&edge.node, this);
            continue;
        };
        if seen.parent != this.parent {
            let show =
                |parent: Option<&str>| parent.map_or("none".to_string(), |p| format!("\"{p}\""));
            return Err(Error::invalid_parameter(format!(
                "node \"{}\" has two parents: {} and {}",
                edge.node,
                show(seen.parent),
                show(this.parent)
            )));
        }
        match (seen.name, this.name) {
            (Some(a), Some(b)) if a != b => {
                return Err(Error::invalid_parameter(format!(
                    "node \"{}\" has two names: \"{a}\" and \"{b}\"",
                    edge.node
                )));
            }
            (None, Some(_)) => seen.name = this.name,
            _ => {}
        }
    }
    Ok(unique)
}

/// Depth-first pre-order from the roots; children keep their (sorted) order.
fn pre_order(roots: &[usize], children: &[Vec<usize>]) -> Vec<usize> {
    let mut order = Vec::with_capacity(children.len());
    let mut stack: Vec<usize> = roots.iter().rev().copied().collect();
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(children[i].iter().rev());
    }
    order
}

/// Nodes no root reaches sit on or under a cycle: name the cycle.
fn cycle_error(keys: &[&str], unique: &FxHashMap<&str, UniqueEdge>, reached: &[usize]) -> Error {
    let mut is_reached = vec![false; keys.len()];
    reached.iter().for_each(|i| is_reached[*i] = true);
    let start = keys[is_reached
        .iter()
        .position(|reached| !reached)
        .expect("an unreached node")];
    let mut path = vec![start];
    let mut key = start;
    loop {
        key = unique[key].parent.expect("an unreached node has a parent");
        if let Some(first) = path.iter().position(|seen| *seen == key) {
            let mut cycle: Vec<&str> = path[first..].to_vec();
            cycle.push(key);
            return Error::invalid_parameter(format!(
                "node \"{key}\" is in a cycle: {}",
                cycle.join(" -> ")
            ));
        }
        path.push(key);
    }
}

// ---- the three sources -----------------------------------------------------

/// How a `tree*` aggregate reads its rows.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// node, parent (NULL for a root).
    Parents,
    /// node, lft, rgt.
    Nested,
    /// code, by a coding scheme.
    Coded(CodeScheme),
}

#[derive(Debug, Clone, PartialEq)]
struct SourceRow {
    node: String,
    name: Option<String>,
    parent: Option<String>,
    bounds: (i32, i32),
}

/// The rows of a `tree*` aggregate: collected, merged from parallel
/// workers, then built into a hierarchy once.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeBuilder {
    source: Source,
    rows: Vec<SourceRow>,
    /// What the rows hold, charged against `segments.max_state_mb`.
    bytes: usize,
}

impl TreeBuilder {
    pub fn new(source: Source) -> TreeBuilder {
        TreeBuilder {
            source,
            rows: Vec::new(),
            bytes: 0,
        }
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    fn push(&mut self, row: SourceRow) -> Result<()> {
        if self.rows.len() >= MAX_NODES * 2 {
            return Err(too_many(self.rows.len() + 1));
        }
        self.charge(row.bytes())?;
        self.rows.push(row);
        Ok(())
    }

    /// The aggregate that builds this kind of tree.
    fn aggregate(&self) -> &'static str {
        match self.source {
            Source::Parents => "tree",
            Source::Nested => "tree_nested",
            Source::Coded(_) => "tree_coded",
        }
    }

    fn charge(&mut self, bytes: usize) -> Result<()> {
        self.bytes = self.bytes.saturating_add(bytes);
        let (rows, held) = (self.rows.len(), self.bytes);
        crate::limits::charge(self.aggregate(), held, || {
            format!("{} rows holding {held} bytes", rows + 1)
        })
    }

    pub fn push_parent(
        &mut self,
        node: &str,
        parent: Option<&str>,
        name: Option<&str>,
    ) -> Result<()> {
        let parent = parent.map(str::to_string);
        self.push(SourceRow {
            node: node.into(),
            name: name.map(str::to_string),
            parent,
            bounds: (0, 0),
        })
    }

    pub fn push_nested(
        &mut self,
        node: &str,
        lft: i32,
        rgt: i32,
        name: Option<&str>,
    ) -> Result<()> {
        if lft >= rgt {
            return Err(Error::invalid_parameter(format!(
                "node \"{node}\": lft ({lft}) must be less than rgt ({rgt})"
            )));
        }
        self.push(SourceRow {
            node: node.into(),
            name: name.map(str::to_string),
            parent: None,
            bounds: (lft, rgt),
        })
    }

    /// Codes are checked against the scheme as they come.
    pub fn push_coded(&mut self, code: &str, name: Option<&str>) -> Result<()> {
        if let Source::Coded(scheme) = &self.source {
            scheme.level(code)?;
        }
        self.push(SourceRow {
            node: code.into(),
            name: name.map(str::to_string),
            parent: None,
            bounds: (0, 0),
        })
    }

    pub fn merge(&mut self, other: &TreeBuilder) -> Result<()> {
        if self.source != other.source {
            return Err(Error::invalid_parameter(
                "the rows of one tree must come from one kind of source",
            ));
        }
        if self.rows.len() + other.rows.len() > MAX_NODES * 2 {
            return Err(too_many(self.rows.len() + other.rows.len()));
        }
        self.charge(other.bytes)?;
        self.rows.extend_from_slice(&other.rows);
        Ok(())
    }

    pub fn build(&self) -> Result<Hierarchy> {
        let edges = match &self.source {
            Source::Parents => self
                .rows
                .iter()
                .map(|row| row.edge(row.parent.clone()))
                .collect(),
            Source::Nested => nested_edges(&self.rows)?,
            Source::Coded(scheme) => self
                .rows
                .iter()
                .map(|row| Ok(row.edge(scheme.parent(&row.node)?.map(str::to_string))))
                .collect::<Result<Vec<Edge>>>()?,
        };
        Hierarchy::from_edges(&edges)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::new(BUILDER_VERSION);
        match &self.source {
            Source::Parents => writer.u8(0),
            Source::Nested => writer.u8(1),
            Source::Coded(scheme) => writer.u8(2).str(&scheme.to_text()),
        };
        writer.u32(self.rows.len() as u32);
        for row in &self.rows {
            writer.str(&row.node);
            write_optional(&mut writer, row.name.as_deref());
            write_optional(&mut writer, row.parent.as_deref());
            writer.i32(row.bounds.0).i32(row.bounds.1);
        }
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<TreeBuilder> {
        let mut reader = Reader::new(bytes, BUILDER_VERSION, "tree state")?;
        let source = match reader.u8()? {
            0 => Source::Parents,
            1 => Source::Nested,
            2 => Source::Coded(
                CodeScheme::parse(&reader.str()?).map_err(|e| Error::corrupted(e.message))?,
            ),
            other => return Err(Error::corrupted(format!("tree state of kind {other}"))),
        };
        // Node length, two flags, bounds: at least 14 bytes a row.
        let count = reader.len(14)?;
        let mut rows = Vec::with_capacity(count.min(MAX_NODES * 2));
        for _ in 0..count {
            let node = reader.str()?;
            let name = read_optional(&mut reader)?;
            let parent = read_optional(&mut reader)?;
            let bounds = (reader.i32()?, reader.i32()?);
            rows.push(SourceRow {
                node,
                name,
                parent,
                bounds,
            });
        }
        reader.finish()?;
        let bytes = rows.iter().map(SourceRow::bytes).sum();
        Ok(TreeBuilder {
            source,
            rows,
            bytes,
        })
    }
}

impl SourceRow {
    /// Bytes the row holds: the row and its strings.
    fn bytes(&self) -> usize {
        std::mem::size_of::<SourceRow>()
            + self.node.len()
            + self.name.as_ref().map_or(0, String::len)
            + self.parent.as_ref().map_or(0, String::len)
    }

    fn edge(&self, parent: Option<String>) -> Edge {
        Edge {
            node: self.node.clone(),
            name: self.name.clone(),
            parent,
        }
    }
}

/// Parents of nested sets: the tightest interval around each node. Intervals
/// must nest (never overlap partly) and never share a boundary.
fn nested_edges(rows: &[SourceRow]) -> Result<Vec<Edge>> {
    // Up to 2,000,000 rows in the final function: the sort and the loops
    // check for interrupts.
    let mut sorted: Vec<&SourceRow> = rows.iter().collect();
    sorted.sort_by(crate::interrupts::ticking(
        |a: &&SourceRow, b: &&SourceRow| a.bounds.cmp(&b.bounds),
    ));
    sorted.dedup_by(|a, b| a.node == b.node && a.bounds == b.bounds);
    let mut intervals: FxHashMap<&str, (i32, i32)> = FxHashMap::default();
    for row in crate::interrupts::each(&sorted) {
        let first = *intervals.entry(&row.node).or_insert(row.bounds);
        if first != row.bounds {
            return Err(Error::invalid_parameter(format!(
                "node \"{}\" has two intervals: lft {}, rgt {} and lft {}, rgt {}",
                row.node, first.0, first.1, row.bounds.0, row.bounds.1
            )));
        }
    }
    let mut boundaries: FxHashMap<i32, &str> = FxHashMap::default();
    for row in crate::interrupts::each(&sorted) {
        for boundary in [row.bounds.0, row.bounds.1] {
            if let Some(other) = boundaries.insert(boundary, &row.node) {
                return Err(Error::invalid_parameter(format!(
                    "nodes \"{other}\" and \"{}\" share the boundary {boundary}",
                    row.node
                )));
            }
        }
    }
    let mut open: Vec<&SourceRow> = Vec::new();
    let mut edges = Vec::with_capacity(sorted.len());
    for row in crate::interrupts::each(sorted) {
        while open
            .last()
            .is_some_and(|outer| outer.bounds.1 < row.bounds.0)
        {
            open.pop();
        }
        if let Some(outer) = open.last() {
            if row.bounds.1 > outer.bounds.1 {
                return Err(Error::invalid_parameter(format!(
                    "node \"{}\" (lft {}, rgt {}) overlaps node \"{}\" (lft {}, rgt {}) without nesting in it",
                    row.node, row.bounds.0, row.bounds.1, outer.node, outer.bounds.0, outer.bounds.1
                )));
            }
        }
        edges.push(row.edge(open.last().map(|outer| outer.node.clone())));
        open.push(row);
    }
    Ok(edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parents(rows: &[(&str, Option<&str>)]) -> Result<Hierarchy> {
        let mut builder = TreeBuilder::new(Source::Parents);
        for (node, parent) in rows {
            builder.push_parent(node, *parent, None)?;
        }
        builder.build()
    }

    fn keys(h: &Hierarchy) -> Vec<&str> {
        h.nodes().iter().map(|node| node.key.as_str()).collect()
    }

    #[test]
    fn parent_pointers_in_pre_order() {
        let h = parents(&[
            ("3", Some("2")),
            ("1", None),
            ("2", Some("1")),
            ("4", Some("2")),
            ("5", Some("1")),
            ("6", None),
        ])
        .unwrap();
        assert_eq!(keys(&h), ["1", "2", "3", "4", "5", "6"]);
        let ids = parents(&[
            ("10", None),
            ("9", None),
            ("100", Some("9")),
            ("11", Some("9")),
            ("b", None),
            ("a", None),
        ])
        .unwrap();
        assert_eq!(keys(&ids), ["9", "11", "100", "10", "a", "b"]);
        assert_eq!(h.ancestors("4").unwrap(), ["1", "2"]);
        assert!(h.ancestors("1").unwrap().is_empty());
        assert_eq!(h.depth("3").unwrap(), 3);
        assert!(h.is_leaf("5").unwrap() && !h.is_leaf("2").unwrap());
        assert!(h.depth("9").unwrap_err().message.contains("\"9\""));
    }

    #[test]
    fn bad_trees_name_the_node() {
        let message = |rows: &[(&str, Option<&str>)]| parents(rows).unwrap_err().message;
        assert_eq!(
            message(&[("a", None), ("b", Some("a")), ("b", Some("c")), ("c", None)]),
            "node \"b\" has two parents: \"a\" and \"c\""
        );
        assert_eq!(
            message(&[("a", None), ("b", Some("x"))]),
            "parent \"x\" of node \"b\" is not a node of the tree"
        );
        assert_eq!(
            message(&[("a", Some("a"))]),
            "node \"a\" is in a cycle: a -> a"
        );
        assert_eq!(
            message(&[
                ("r", None),
                ("a", Some("c")),
                ("b", Some("a")),
                ("c", Some("b"))
            ]),
            "node \"a\" is in a cycle: a -> c -> b -> a"
        );
        // Listed twice the same way is fine.
        assert_eq!(
            parents(&[("a", None), ("a", None), ("b", Some("a")), ("b", Some("a"))])
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn pruned_trees_fold_deeper_nodes() {
        let h = parents(&[
            ("1", None),
            ("2", Some("1")),
            ("3", Some("2")),
            ("4", Some("3")),
            ("5", None),
        ])
        .unwrap();
        let top = h.pruned(1).unwrap();
        assert_eq!(keys(&top), ["1", "5"]);
        assert_eq!(top.index_of("4"), Some(0));
        assert!(top.nodes()[0].is_leaf);
        let two = h.pruned(2).unwrap();
        assert_eq!(two.index_of("4"), two.index_of("2"));
        assert_eq!(two.pruned(1).unwrap(), top);
        assert_eq!(Hierarchy::decode(&top.encode()).unwrap(), top);
        assert_eq!(Hierarchy::parse(&top.to_text()).unwrap(), top);
        assert!(h.pruned(0).is_err());
        assert_eq!(h.pruned(9).unwrap(), h);
    }

    #[test]
    fn deep_chains_and_big_trees() {
        let mut chain = TreeBuilder::new(Source::Parents);
        chain.push_parent("0", None, None).unwrap();
        for i in 1..100_000 {
            chain
                .push_parent(&i.to_string(), Some(&(i - 1).to_string()), None)
                .unwrap();
        }
        let h = chain.build().unwrap();
        assert_eq!(h.depth("99999").unwrap(), 100_000);
        assert_eq!(h.ancestors("99999").unwrap().len(), 99_999);
    }

    #[test]
    fn nested_sets() {
        let mut builder = TreeBuilder::new(Source::Nested);
        for (node, lft, rgt) in [
            ("华北", 1, 10),
            ("北京", 2, 7),
            ("朝阳", 3, 4),
            ("海淀", 5, 6),
            ("天津", 8, 9),
            ("华南", 11, 14),
            ("广州", 12, 13),
        ] {
            builder.push_nested(node, lft, rgt, None).unwrap();
        }
        let h = builder.build().unwrap();
        assert_eq!(h.ancestors("海淀").unwrap(), ["华北", "北京"]);
        assert_eq!(h.ancestors("广州").unwrap(), ["华南"]);
        let mut overlapping = TreeBuilder::new(Source::Nested);
        overlapping.push_nested("a", 1, 6, None).unwrap();
        overlapping.push_nested("b", 2, 8, None).unwrap();
        assert!(overlapping
            .build()
            .unwrap_err()
            .message
            .contains("overlaps"));
        let mut shared = TreeBuilder::new(Source::Nested);
        shared.push_nested("a", 1, 6, None).unwrap();
        shared.push_nested("b", 6, 8, None).unwrap();
        assert!(shared
            .build()
            .unwrap_err()
            .message
            .contains("share the boundary 6"));
        assert!(TreeBuilder::new(Source::Nested)
            .push_nested("c", 5, 5, None)
            .is_err());
    }

    #[test]
    fn coded_tables() {
        let scheme = CodeScheme::parse("2-2-2").unwrap();
        let mut builder = TreeBuilder::new(Source::Coded(scheme.clone()));
        for (code, name) in [
            ("01", "华北"),
            ("0101", "北京"),
            ("010101", "朝阳"),
            ("02", "华南"),
        ] {
            builder.push_coded(code, Some(name)).unwrap();
        }
        let h = builder.build().unwrap();
        assert_eq!(keys(&h), ["01", "0101", "010101", "02"]);
        assert_eq!(h.nodes()[2].name.as_deref(), Some("朝阳"));
        let mut missing = TreeBuilder::new(Source::Coded(scheme.clone()));
        missing.push_coded("01", None).unwrap();
        missing.push_coded("010101", None).unwrap();
        assert_eq!(
            missing.build().unwrap_err().message,
            "parent \"0101\" of node \"010101\" is not a node of the tree"
        );
        assert!(TreeBuilder::new(Source::Coded(scheme))
            .push_coded("011", None)
            .is_err());
    }

    #[test]
    fn forms_round_trip_and_builders_merge() {
        let mut one = TreeBuilder::new(Source::Parents);
        one.push_parent("1", None, Some("top")).unwrap();
        let mut two = TreeBuilder::new(Source::Parents);
        two.push_parent("2", Some("1"), Some("child")).unwrap();
        assert_eq!(TreeBuilder::decode(&two.encode()).unwrap(), two);
        one.merge(&two).unwrap();
        let h = one.build().unwrap();
        assert_eq!(Hierarchy::decode(&h.encode()).unwrap(), h);
        assert_eq!(Hierarchy::parse(&h.to_text()).unwrap(), h);
        assert_eq!(
            h.to_text(),
            r#"{"nodes":[{"node":"1","name":"top","parent":null},{"node":"2","name":"child","parent":"1"}]}"#
        );
        assert!(Hierarchy::parse(r#"{"nodes":[{"node":"1","parent":"1"}]}"#).is_err());
        assert!(one.merge(&TreeBuilder::new(Source::Nested)).is_err());
    }
}
