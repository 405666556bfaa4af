//! Charts drawn by SQL: aggregates and a function that return a complete,
//! self-contained SVG document (bars, the Pareto curve, the class tree).
//!
//! SQL glue only: options and SVG building blocks live in `svg`, the charts
//! in `draw`.

pub mod draw;
pub mod svg;

use pgrx::prelude::*;
use pgrx::{pg_sys, Internal, JsonB};

use crate::aggregate;
use crate::error::{Error, OrRaise};
use crate::hierarchy::tree_totals;
use crate::language;
use crate::memo::Raw;
use crate::reports::spread::{check_value, Concentration};
use svg::Options;

/// The text of a jsonb argument, without pgrx's conversion (which would
/// panic on JSON that serde cannot read, such as deep nesting).
fn jsonb_text(options: &Raw<JsonB>) -> String {
    // SAFETY: the argument is a jsonb datum; jsonb_out returns a palloc'd
    // C string.
    unsafe {
        let text = pgrx::direct_function_call::<&core::ffi::CStr>(
            pg_sys::jsonb_out,
            &[Some(options.datum())],
        )
        .expect("jsonb_out returns text");
        text.to_string_lossy().into_owned()
    }
}

fn options(options: Option<Raw<JsonB>>, allowed: &[&str], percent: bool) -> Options {
    let text = options.as_ref().map(jsonb_text);
    Options::parse(text.as_deref(), allowed, percent).or_raise()
}

// ---- svg_bars ----------------------------------------------------------------

const SVG_BARS: &str = "svg_bars";

struct BarsState {
    options: Options,
    rows: Vec<(Option<String>, f64)>,
}

#[pg_extern(immutable, parallel_safe)]
fn svg_bars_transition(
    state: Internal,
    label: Option<String>,
    value: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    bars_transition(state, label, value, None, fcinfo)
}

#[pg_extern(immutable, parallel_safe, name = "svg_bars_transition")]
fn svg_bars_transition_options(
    state: Internal,
    label: Option<String>,
    value: Option<f64>,
    options_json: Option<Raw<JsonB>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    bars_transition(state, label, value, options_json, fcinfo)
}

fn bars_transition(
    mut state: Internal,
    label: Option<String>,
    value: Option<f64>,
    options_json: Option<Raw<JsonB>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: this aggregate's state is always a BarsState.
    let bars = unsafe {
        aggregate::state_mut(&mut state, fcinfo, SVG_BARS, || BarsState {
            options: options(options_json, &[], false),
            rows: Vec::new(),
        })
    };
    if let Some(value) = value {
        check_value(value).or_raise();
        if bars.rows.len() >= draw::MAX_BARS {
            Error::limit_exceeded(format!("svg_bars draws at most {} bars", draw::MAX_BARS)).raise();
        }
        bars.rows.push((label, value));
    }
    state
}

#[pg_extern(immutable, parallel_safe)]
fn svg_bars_final(state: Internal) -> Option<String> {
    // SAFETY: this aggregate's state is always a BarsState.
    let bars = unsafe { state.get::<BarsState>() }?;
    Some(draw::bars(&bars.rows, &bars.options).or_raise())
}

// ---- svg_pareto --------------------------------------------------------------

const SVG_PARETO: &str = "svg_pareto";

struct ParetoState {
    options: Options,
    values: Concentration,
}

#[pg_extern(immutable, parallel_safe)]
fn svg_pareto_transition(
    state: Internal,
    value: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    pareto_transition(state, value, None, fcinfo)
}

#[pg_extern(immutable, parallel_safe, name = "svg_pareto_transition")]
fn svg_pareto_transition_options(
    state: Internal,
    value: Option<f64>,
    options_json: Option<Raw<JsonB>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    pareto_transition(state, value, options_json, fcinfo)
}

fn pareto_transition(
    mut state: Internal,
    value: Option<f64>,
    options_json: Option<Raw<JsonB>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: this aggregate's state is always a ParetoState.
    let pareto = unsafe {
        aggregate::state_mut(&mut state, fcinfo, SVG_PARETO, || {
            let options = options(options_json, &["top", "share"], true);
            options.fraction("top", 0.1).or_raise();
            options.fraction("share", 0.8).or_raise();
            ParetoState {
                options,
                values: Concentration::new(),
            }
        })
    };
    if let Some(value) = value {
        pareto.values.add(value).or_raise();
    }
    state
}

#[pg_extern(immutable, parallel_safe)]
fn svg_pareto_final(mut state: Internal) -> Option<String> {
    // SAFETY: this aggregate's state is always a ParetoState.
    let pareto = unsafe { state.get_mut::<ParetoState>() }?;
    pareto.values.finish();
    Some(draw::pareto(&pareto.values, &pareto.options).or_raise())
}

// ---- svg_tree ----------------------------------------------------------------

/// Stable: the unclassified segment's name follows `segments.language`.
#[pg_extern(stable, parallel_safe)]
fn svg_tree(totals: Option<tree_totals>, options_json: default!(Option<Raw<JsonB>>, "NULL")) -> Option<String> {
    let totals = totals?;
    let options = options(options_json, &[], false);
    let rows = totals.0.rows().or_raise();
    let unclassified = crate::hierarchy::unclassified_name(language::current());
    Some(draw::tree(&rows, unclassified, &options).or_raise())
}

extension_sql!(
    r#"
CREATE AGGREGATE svg_bars(label text, value float8) (
    SFUNC = svg_bars_transition, STYPE = internal, FINALFUNC = svg_bars_final, PARALLEL = SAFE
);
CREATE AGGREGATE svg_bars(label text, value float8, options jsonb) (
    SFUNC = svg_bars_transition, STYPE = internal, FINALFUNC = svg_bars_final, PARALLEL = SAFE
);
CREATE AGGREGATE svg_pareto(value float8) (
    SFUNC = svg_pareto_transition, STYPE = internal, FINALFUNC = svg_pareto_final, PARALLEL = SAFE
);
CREATE AGGREGATE svg_pareto(value float8, options jsonb) (
    SFUNC = svg_pareto_transition, STYPE = internal, FINALFUNC = svg_pareto_final, PARALLEL = SAFE
);
COMMENT ON AGGREGATE svg_bars(text, float8) IS
  'A horizontal bar chart as a self-contained SVG document: one bar per row in aggregate order (use ORDER BY inside the call), the value printed after each bar; labels are XML-escaped.';
COMMENT ON AGGREGATE svg_bars(text, float8, jsonb) IS
  'A horizontal bar chart as a self-contained SVG document; options: title, width, height, format (number or percent), decimals, thousands, prefix, suffix.';
COMMENT ON AGGREGATE svg_pareto(float8) IS
  'The Pareto curve of the values (one row per customer) as a self-contained SVG document, with the top-10% and 80% markers.';
COMMENT ON AGGREGATE svg_pareto(float8, jsonb) IS
  'The Pareto curve as a self-contained SVG document; options: title, width, height, decimals, top (default 0.1), share (default 0.8).';
COMMENT ON FUNCTION svg_tree(tree_totals, jsonb) IS
  'The class tree as a self-contained SVG document: one stacked bar per level, each class as wide as its share of the total; options: title, width, height, format, decimals, thousands, prefix, suffix.';
COMMENT ON FUNCTION svg_bars_transition(internal, text, float8) IS 'Support function of the svg_bars aggregate: transition.';
COMMENT ON FUNCTION svg_bars_transition(internal, text, float8, jsonb) IS 'Support function of the svg_bars aggregate: transition.';
COMMENT ON FUNCTION svg_bars_final(internal) IS 'Support function of the svg_bars aggregate: final.';
COMMENT ON FUNCTION svg_pareto_transition(internal, float8) IS 'Support function of the svg_pareto aggregate: transition.';
COMMENT ON FUNCTION svg_pareto_transition(internal, float8, jsonb) IS 'Support function of the svg_pareto aggregate: transition.';
COMMENT ON FUNCTION svg_pareto_final(internal) IS 'Support function of the svg_pareto aggregate: final.';
"#,
    name = "chart_aggregates",
    requires = [
        svg_bars_transition,
        svg_bars_transition_options,
        svg_bars_final,
        svg_pareto_transition,
        svg_pareto_transition_options,
        svg_pareto_final,
        svg_tree
    ]
);
