//! Edge cases of the hierarchy core, through its public API only: orders
//! that must not depend on input order, hostile binary forms, exact sums.
use std::rc::Rc;

use crate::decimal::Decimal;
use crate::error::Kind;
use crate::hierarchy::scheme::CodeScheme;
use crate::hierarchy::totals::{Customer, RollupState, Shape, TreeTotals};
use crate::hierarchy::tree::{Hierarchy, Source, TreeBuilder};

fn keys(h: &Hierarchy) -> Vec<String> {
    h.nodes().iter().map(|n| n.key.clone()).collect()
}

fn parents(rows: &[(&str, Option<&str>)]) -> crate::error::Result<Hierarchy> {
    let mut b = TreeBuilder::new(Source::Parents);
    for (n, p) in rows {
        b.push_parent(n, *p, None)?;
    }
    b.build()
}

/// Deterministic permutations of a slice (LCG Fisher-Yates).
fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut s = seed;
    let mut v = items.to_vec();
    for i in (1..v.len()).rev() {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        v.swap(i, ((s >> 33) % (i as u64 + 1)) as usize);
    }
    v
}

#[test]
fn plus_sign_in_scheme() {
    // u8::from_str accepts "+2": is "+2-2" a scheme?
    let parsed = CodeScheme::parse("+2-2");
    assert!(
        parsed.is_err(),
        "'+2-2' accepted as {:?}",
        parsed.map(|s| s.to_text())
    );
}

#[test]
fn error_kinds_and_messages() {
    let s = CodeScheme::parse("2-2-2").unwrap();
    let e = s.level("0102x").unwrap_err();
    assert_eq!(e.kind, Kind::InvalidParameter);
    assert!(
        e.message
            .starts_with("code \"0102x\" does not fit scheme 2-2-2: "),
        "{}",
        e.message
    );
    assert_eq!(
        CodeScheme::parse("2-0").unwrap_err().kind,
        Kind::InvalidText
    );
    assert_eq!(
        s.at_level("01", 0).unwrap_err().kind,
        Kind::InvalidParameter
    );
    assert_eq!(
        s.at_level("01", -5).unwrap_err().kind,
        Kind::InvalidParameter
    );
    let mut nested = TreeBuilder::new(Source::Nested);
    assert_eq!(
        nested.push_nested("x", 9, 3, None).unwrap_err().kind,
        Kind::InvalidParameter
    );
}

#[test]
fn pre_order_is_independent_of_input_order_mixed_keys() {
    // Sibling keys that mix numbers and other text: is the order total?
    let rows: Vec<(&str, Option<&str>)> = vec![
        ("9", None),
        ("10", None),
        ("5a", None),
        ("x", Some("10")),
        ("1", Some("9")),
    ];
    let first = keys(&parents(&rows).unwrap());
    for seed in 0..50 {
        let other = keys(&parents(&shuffled(&rows, seed)).unwrap());
        assert_eq!(first, other, "seed {seed}");
    }
}

#[test]
fn pre_order_is_independent_of_input_order_plain() {
    let mut rows: Vec<(String, Option<String>)> = vec![("r".into(), None)];
    for i in 1..300 {
        rows.push((
            format!("k{i:03}"),
            Some(if i < 20 {
                "r".into()
            } else {
                format!("k{:03}", i % 19 + 1)
            }),
        ));
    }
    let as_refs = |rows: &[(String, Option<String>)]| {
        let mut b = TreeBuilder::new(Source::Parents);
        for (n, p) in rows {
            b.push_parent(n, p.as_deref(), None).unwrap();
        }
        b.build().unwrap()
    };
    let first = as_refs(&rows);
    for seed in 0..20 {
        assert_eq!(as_refs(&shuffled(&rows, seed)), first);
    }
}

#[test]
fn nested_node_with_two_intervals() {
    // The same node with two disjoint intervals (both roots) – accepted?
    let mut b = TreeBuilder::new(Source::Nested);
    b.push_nested("a", 1, 2, None).unwrap();
    b.push_nested("a", 3, 6, None).unwrap();
    b.push_nested("b", 4, 5, None).unwrap();
    let built = b.build();
    assert!(built.is_err());
}

#[test]
fn nested_duplicates_tolerated_and_cycles_impossible() {
    let mut b = TreeBuilder::new(Source::Nested);
    for _ in 0..2 {
        b.push_nested("r", 1, 6, Some("root")).unwrap();
        b.push_nested("c", 2, 3, None).unwrap();
        b.push_nested("d", 4, 5, None).unwrap();
    }
    let h = b.build().unwrap();
    assert_eq!(keys(&h), ["r", "c", "d"]);
    assert_eq!(h.nodes()[0].name.as_deref(), Some("root"));
}

#[test]
fn builders_round_trip_and_merge_all_sources() {
    let scheme = CodeScheme::parse("2-3").unwrap();
    let mut a = TreeBuilder::new(Source::Coded(scheme.clone()));
    a.push_coded("A1", Some("甲")).unwrap();
    let mut b = TreeBuilder::new(Source::Coded(scheme));
    b.push_coded("A1x9z", None).unwrap();
    let b = TreeBuilder::decode(&b.encode()).unwrap();
    let mut ab = a.clone();
    ab.merge(&b).unwrap();
    let mut ba = b.clone();
    ba.merge(&a).unwrap();
    assert_eq!(ab.build().unwrap(), ba.build().unwrap());
    assert!(TreeBuilder::decode(&[9]).is_err());
}

#[test]
fn hostile_binary_forms_are_errors_not_panics() {
    // Tiny values claiming huge counts.
    let mut claims = vec![1u8];
    claims.extend_from_slice(&1_000_000u32.to_le_bytes());
    assert!(Hierarchy::decode(&claims).is_err());
    assert!(TreeTotals::decode(&[1, 0, 255, 255, 255, 255]).is_err());
    assert!(TreeBuilder::decode(&[1, 0, 255, 255, 255, 255]).is_err());
    assert!(RollupState::decode(&[1, 7]).is_err());
    for len in 0..40 {
        let h = parents(&[("a", None), ("b", Some("a"))]).unwrap().encode();
        let _ = Hierarchy::decode(&h[..len.min(h.len())]);
    }
}

fn money(t: &str) -> Decimal {
    Decimal::parse(t).unwrap()
}

fn region_tree() -> Hierarchy {
    let mut b = TreeBuilder::new(Source::Parents);
    for (n, p) in [
        ("cn", None),
        ("north", Some("cn")),
        ("bj", Some("north")),
        ("tj", Some("north")),
        ("south", Some("cn")),
        ("gz", Some("south")),
        ("intl", None),
        ("us", Some("intl")),
    ] {
        b.push_parent(n, p, Some(&n.to_uppercase())).unwrap();
    }
    b.build().unwrap()
}

#[test]
fn shares_of_roots_and_unclassified_add_to_one() {
    let mut st = RollupState::new(Rc::new(Shape::Tree(region_tree())), false);
    for (n, a) in [
        ("bj", "10.5"),
        ("tj", "0.25"),
        ("gz", "30"),
        ("us", "9.25"),
        ("??", "50"),
    ] {
        st.add(n, money(a), None).unwrap();
    }
    let totals = st.finish().unwrap();
    let rows = totals.rows().unwrap();
    let top: f64 = rows
        .iter()
        .filter(|r| r.level == 1)
        .map(|r| r.share_of_total.unwrap())
        .sum();
    assert!((top - 1.0).abs() < 1e-12, "{top}");
    // Children's shares of parent add to 1 where the parent has no own rows.
    let north = rows.iter().find(|r| r.node == Some("north")).unwrap();
    assert_eq!(north.total.amount, money("10.75"));
    assert_eq!(north.total.amount.to_string(), "10.75");
    let kids: f64 = rows
        .iter()
        .filter(|r| r.parent == Some("north"))
        .map(|r| r.share_of_parent.unwrap())
        .sum();
    assert!((kids - 1.0).abs() < 1e-12);
    let south = rows.iter().find(|r| r.node == Some("south")).unwrap();
    assert_eq!(south.share_of_parent, Some(30.0 / 40.75));
    // Zeros for empty nodes, names travel, unclassified last.
    let mut st = RollupState::new(Rc::new(Shape::Tree(region_tree())), true);
    st.add("bj", money("1.00"), Some(Customer::Key("k".into())))
        .unwrap();
    let rows_owner = st.finish().unwrap();
    let rows = rows_owner.rows().unwrap();
    let us = rows.iter().find(|r| r.node == Some("us")).unwrap();
    assert_eq!(
        (us.total.rows, us.total.amount, us.total.customers),
        (0, Decimal::ZERO, Some(0))
    );
    assert_eq!(us.share_of_parent, None);
    assert_eq!(us.name, Some("US"));
    assert_eq!(rows.len(), 8, "no unclassified row when it is empty");
}

#[test]
fn text_customers_counted_once_at_common_ancestors() {
    let mut st = RollupState::new(Rc::new(Shape::Tree(region_tree())), true);
    for (c, n) in [
        ("alice", "bj"),
        ("alice", "gz"),
        ("bob", "bj"),
        ("bob", "tj"),
        ("carol", "us"),
        ("alice", "us"),
        ("dan", "nowhere"),
        ("alice", "nowhere"),
    ] {
        st.add(n, money("1"), Some(Customer::Key(c.into())))
            .unwrap();
    }
    let totals = st.finish().unwrap();
    let get = |k: Option<&str>| {
        totals
            .rows()
            .unwrap()
            .into_iter()
            .find(|r| r.node == k)
            .unwrap()
            .total
            .customers
            .unwrap()
    };
    assert_eq!(get(Some("bj")), 2);
    assert_eq!(get(Some("north")), 2);
    assert_eq!(get(Some("cn")), 2);
    assert_eq!(get(Some("intl")), 2);
    assert_eq!(get(None), 2);
}

#[test]
fn mixed_scales_exact_over_many_rows_and_merge_permutations() {
    let tree = region_tree();
    let leaves = ["bj", "tj", "gz", "us", "north", "missing"];
    let mut seed = 7u64;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    let mut lines = Vec::new();
    for _ in 0..3000 {
        let scale = next(4) as i16;
        lines.push((
            leaves[next(6) as usize],
            Decimal::new(next(10_000_000) as i128 - 5_000_000, scale).unwrap(),
            next(40) as i64,
        ));
    }
    let run = |chunk: &[(&str, Decimal, i64)]| {
        let mut s = RollupState::new(Rc::new(Shape::Tree(tree.clone())), true);
        for (n, a, c) in chunk {
            s.add(n, *a, Some(Customer::Id(*c))).unwrap();
        }
        s
    };
    let whole = run(&lines).finish().unwrap();
    let exact = lines
        .iter()
        .try_fold(Decimal::ZERO, |s, l| s.checked_add(&l.1))
        .unwrap();
    assert_eq!(whole.grand_total().unwrap(), exact);
    assert_eq!(whole.grand_total().unwrap().scale(), 3);
    for seed in 0..5u64 {
        let parts: Vec<RollupState> = lines
            .chunks(700)
            .map(|c| RollupState::decode(&run(c).encode()).unwrap())
            .collect();
        let order = shuffled(&(0..parts.len()).collect::<Vec<_>>(), seed);
        let mut acc = parts[order[0]].clone();
        for i in &order[1..] {
            acc.merge(&parts[*i]).unwrap();
        }
        assert_eq!(acc.finish().unwrap(), whole);
    }
    assert_eq!(TreeTotals::decode(&whole.encode()).unwrap(), whole);
    assert_eq!(TreeTotals::parse(&whole.to_text()).unwrap(), whole);
}

#[test]
fn scheme_rollup_implies_ancestors_and_unclassifies_junk() {
    let s = CodeScheme::parse("1-2").unwrap();
    let mut st = RollupState::new(Rc::new(Shape::Scheme(s)), false);
    for (n, a) in [
        ("A01", "1.10"),
        ("A02", "2"),
        ("B77", "3"),
        ("A0", "100"),
        ("", "5"),
        ("A-1", "6"),
    ] {
        st.add(n, money(a), None).unwrap();
    }
    let t = st.finish().unwrap();
    let rows: Vec<String> = t
        .rows()
        .unwrap()
        .iter()
        .map(|r| format!("{}={}", r.node.unwrap_or("?"), r.total.amount))
        .collect();
    assert_eq!(
        rows,
        ["A=3.10", "A01=1.10", "A02=2", "B=3", "B77=3", "?=111"]
    );
}

#[test]
fn tree_totals_text_with_inconsistent_customers() {
    // customers on one node only: does the binary form keep what the text said?
    let text = r#"{"nodes":[{"node":"a","rows":1,"amount":"1","customers":1}],"unclassified":{"rows":0,"amount":"0"}}"#;
    // Either refused as text, or kept exactly through the binary form.
    if let Ok(parsed) = TreeTotals::parse(text) {
        let again = TreeTotals::decode(&parsed.encode()).unwrap();
        assert_eq!(again, parsed, "text -> binary -> value changed");
    }
}

#[test]
fn hierarchy_text_is_validated() {
    for bad in [
        "",
        "{}",
        r#"{"nodes":[{"node":"a","parent":"b"}]}"#,
        r#"{"nodes":[{"node":"a"},{"node":"b","parent":"a"},{"node":"a","parent":"b"}]}"#,
        r#"{"nodes":[{"node":"a","bogus":1}]}"#,
    ] {
        let e = Hierarchy::parse(bad).unwrap_err();
        assert_eq!(e.kind, Kind::InvalidText, "{bad}");
    }
    let h = region_tree();
    assert_eq!(Hierarchy::parse(&h.to_text()).unwrap(), h);
    assert_eq!(Hierarchy::decode(&h.encode()).unwrap(), h);
}

#[test]
fn key_order_is_a_total_order() {
    // Root keys mixing numeric ids and other text, many of them.
    let mut names: Vec<String> = Vec::new();
    for i in 0..60 {
        names.push(i.to_string());
        names.push(format!("{i}a"));
    }
    let build = |order: &[String]| {
        let mut b = TreeBuilder::new(Source::Parents);
        for n in order {
            b.push_parent(n, None, None).unwrap();
        }
        keys(&b.build().unwrap())
    };
    let first = build(&names);
    for seed in 0..30 {
        assert_eq!(build(&shuffled(&names, seed)), first, "seed {seed}");
    }
    // Integer ids by value, then other keys.
    let pos = |k: &str| first.iter().position(|x| x == k).unwrap();
    assert!(pos("9") < pos("10") && pos("10") < pos("5a"));
}

#[test]
fn mixed_keys_keep_stored_forms() {
    let mut names: Vec<String> = Vec::new();
    for i in 0..60 {
        names.push(i.to_string());
        names.push(format!("{i}a"));
    }
    let mut failures = 0;
    for seed in 0..30 {
        let mut b = TreeBuilder::new(Source::Parents);
        for n in shuffled(&names, seed) {
            b.push_parent(&n, None, None).unwrap();
        }
        let h = b.build().unwrap();
        let hier_text_ok = Hierarchy::parse(&h.to_text())
            .map(|x| x == h)
            .unwrap_or(false);
        let totals = RollupState::new(Rc::new(Shape::Tree(h)), false)
            .finish()
            .unwrap();
        let bin = TreeTotals::decode(&totals.encode());
        let txt = TreeTotals::parse(&totals.to_text());
        if bin.is_err() || txt.is_err() || !hier_text_ok {
            failures += 1;
            if failures == 1 {}
        }
    }
    assert_eq!(failures, 0, "{failures} of 30 input orders");
}

#[test]
fn mixed_keys_small_tree() {
    let orders = [
        ["9", "10", "5a"],
        ["10", "5a", "9"],
        ["5a", "9", "10"],
        ["9", "5a", "10"],
    ];
    let mut seen = Vec::new();
    for order in orders {
        let rows: Vec<(&str, Option<&str>)> = order.iter().map(|k| (*k, None)).collect();
        let h = parents(&rows).unwrap();
        let totals = RollupState::new(Rc::new(Shape::Tree(h.clone())), false)
            .finish()
            .unwrap();
        assert_eq!(TreeTotals::decode(&totals.encode()).unwrap(), totals);
        seen.push(keys(&h));
    }
    seen.dedup();
    assert_eq!(seen.len(), 1);
}

#[test]
fn mixed_keys_realistic_tree() {
    // Numeric ids 1..=40 plus one class "3D" under one root.
    let mut names: Vec<String> = (1..=40).map(|i| i.to_string()).collect();
    names.extend(["3D", "1A", "2B", "7x"].map(String::from));
    let build = |order: &[String]| {
        let mut b = TreeBuilder::new(Source::Parents);
        b.push_parent("root", None, None).unwrap();
        for n in order {
            b.push_parent(n, Some("root"), None).unwrap();
        }
        b.build().map(|h| keys(&h))
    };
    let first = build(&names);
    let mut differ = 0;
    for seed in 0..200 {
        if std::panic::catch_unwind(|| build(&shuffled(&names, seed))).ok() != Some(first.clone()) {
            differ += 1;
        }
    }
    assert_eq!(
        differ, 0,
        "{differ} of 200 row orders give another layout (or panic)"
    );
}
