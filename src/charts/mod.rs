//! Charts drawn by SQL: aggregates and a function that return a complete,
//! self-contained SVG document (bars, the Pareto curve, the class tree).
//!
//! SQL glue only: options and SVG building blocks live in `svg`, the charts
//! in `draw`.

pub mod draw;
pub mod state;
pub mod svg;

use pgrx::prelude::*;
use pgrx::{pg_sys, Internal, JsonB};

use crate::aggregate;
use crate::error::OrRaise;
use crate::hierarchy::tree_totals;
use crate::language;
use crate::memo::Raw;
use crate::reports::spread::{check_value, Concentration};
use state::{BarsState, ChartOptions, ParetoState, PARETO_KEYS};
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

/// The options of a chart aggregate, kept in its state as their text.
fn chart_options(options: Option<Raw<JsonB>>, allowed: &[&str], percent: bool) -> ChartOptions {
    ChartOptions::parse(options.as_ref().map(jsonb_text), allowed, percent).or_raise()
}

// ---- svg_bars ----------------------------------------------------------------

const SVG_BARS: &str = "svg_bars";

#[pg_extern(immutable, parallel_safe, sql = false)]
fn svg_bars_transition(
    state: Internal,
    label: Option<String>,
    value: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    bars_transition(state, label, value, None, fcinfo)
}

#[pg_extern(immutable, parallel_safe, sql = false)]
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
    // SAFETY: this aggregate's state is always an svg_bars_state.
    let bars = unsafe {
        aggregate::expanded_mut(&mut state, fcinfo, SVG_BARS, || {
            BarsState::new(chart_options(options_json, &[], false))
        })
    };
    if let Some(value) = value {
        check_value(value).or_raise();
        bars.push(label, value).or_raise();
    }
    state
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn svg_bars_final(state: Internal) -> Option<String> {
    // SAFETY: this aggregate's state is always an svg_bars_state.
    let bars = unsafe { aggregate::final_state::<BarsState>(&state) }?;
    Some(draw::bars(&bars.rows, &bars.options.parsed).or_raise())
}

customer_segments_macros::state_type!(
    BarsState as svg_bars_state for svg_bars returning text,
    comment = "Transition state of the svg_bars aggregate (the options and the bars so far); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.",
    combine_comment = "combines partial states (parallel workers, Citus shards), the bars of one after the other",
    forms = r#"
arguments                               | symbol                      | comment
label text, value float8                | svg_bars_transition         | A horizontal bar chart as a self-contained SVG document: one bar per row in aggregate order (use ORDER BY inside the call), the value printed after each bar; labels are XML-escaped.
label text, value float8, options jsonb | svg_bars_transition_options | A horizontal bar chart as a self-contained SVG document; options: title, width, height, format (number or percent), decimals, thousands, prefix, suffix.
"#,
    name = "svg_bars_aggregate"
);

// ---- svg_pareto --------------------------------------------------------------

const SVG_PARETO: &str = "svg_pareto";

#[pg_extern(immutable, parallel_safe, sql = false)]
fn svg_pareto_transition(
    state: Internal,
    value: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    pareto_transition(state, value, None, fcinfo)
}

#[pg_extern(immutable, parallel_safe, sql = false)]
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
    // SAFETY: this aggregate's state is always an svg_pareto_state.
    let pareto = unsafe {
        aggregate::expanded_mut(&mut state, fcinfo, SVG_PARETO, || {
            let options = chart_options(options_json, &PARETO_KEYS, true);
            options.parsed.fraction("top", 0.1).or_raise();
            options.parsed.fraction("share", 0.8).or_raise();
            ParetoState {
                options,
                values: Concentration::new(),
            }
        })
    };
    if let Some(value) = value {
        pareto.values.add_for(value, "svg_pareto").or_raise();
    }
    state
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn svg_pareto_final(state: Internal) -> Option<String> {
    // SAFETY: this aggregate's state is always an svg_pareto_state.
    let pareto = unsafe { aggregate::final_state::<ParetoState>(&state) }?;
    pareto.values.finish();
    Some(draw::pareto(&pareto.values, &pareto.options.parsed).or_raise())
}

customer_segments_macros::state_type!(
    ParetoState as svg_pareto_state for svg_pareto returning text,
    comment = "Transition state of the svg_pareto aggregate (the options and the values so far); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.",
    forms = r#"
arguments                   | symbol                        | comment
value float8                | svg_pareto_transition         | The Pareto curve of the values (one row per customer) as a self-contained SVG document, with the top-10% and 80% markers.
value float8, options jsonb | svg_pareto_transition_options | The Pareto curve as a self-contained SVG document; options: title, width, height, decimals, top (default 0.1), share (default 0.8).
"#,
    name = "svg_pareto_aggregate"
);

// ---- svg_tree ----------------------------------------------------------------

/// Stable: the unclassified segment's name follows `segments.language`.
#[pg_extern(stable, parallel_safe)]
fn svg_tree(
    totals: Option<tree_totals>,
    options_json: default!(Option<Raw<JsonB>>, "NULL"),
) -> Option<String> {
    let totals = totals?;
    let options = options(options_json, &[], false);
    let rows = totals.0.rows().or_raise();
    let unclassified = crate::hierarchy::unclassified_name(language::current());
    Some(draw::tree(&rows, unclassified, &options).or_raise())
}

extension_sql!(
    r#"
COMMENT ON FUNCTION svg_tree(tree_totals, jsonb) IS
  'The class tree as a self-contained SVG document: one stacked bar per level, each class as wide as its share of the total; options: title, width, height, format, decimals, thousands, prefix, suffix.';
"#,
    name = "svg_tree_comment",
    requires = [svg_tree]
);
