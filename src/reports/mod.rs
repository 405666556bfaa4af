//! Reports by customer type: ABC classes by cumulative share, concentration
//! (top shares, Gini, Lorenz curve), growth against a previous period, text
//! bars, and the suggested actions and findings that follow from them.
//!
//! SQL glue only: the rules live in `abc`, `spread`, `text` and
//! `findings`.

pub mod abc;
pub mod findings;
pub mod spread;
pub mod text;

use pgrx::datum::Array;
use pgrx::prelude::*;
use pgrx::{pg_sys, Internal};

use crate::aggregate;
use crate::args::{floats, texts};
use crate::error::{Error, OrRaise};
use crate::language;
use crate::stored::Encoded;
use crate::tiers::tier_scale;
use abc::AbcState;
use spread::Concentration;

// ---- abc_scale aggregate ---------------------------------------------------

const ABC_SCALE: &str = "abc_scale";

/// `shares` is called on a group's first row only: the arguments that make
/// the state are not converted again on every row.
fn abc_transition(
    mut state: Internal,
    value: Option<f64>,
    shares: impl FnOnce() -> Option<Vec<f64>>,
    labels: Option<Array<'_, String>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: this aggregate's state is always an abc_state.
    let abc = unsafe {
        aggregate::expanded_mut(&mut state, fcinfo, ABC_SCALE, || {
            let shares =
                shares().ok_or_else(|| Error::invalid_parameter("shares must not be NULL"));
            let labels = labels
                .as_ref()
                .map(|labels| texts(labels, "labels"))
                .transpose();
            shares
                .and_then(|shares| AbcState::new(shares, labels?))
                .or_raise()
        })
    };
    if let Some(value) = value {
        abc.add(value).or_raise();
    }
    state
}

fn shares_argument(shares: Option<Array<'_, f64>>) -> Option<Vec<f64>> {
    shares.map(|shares| floats(&shares, "shares").or_raise())
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn abc_scale_transition(
    state: Internal,
    value: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    abc_transition(state, value, || Some(vec![0.8, 0.95]), None, fcinfo)
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn abc_scale_transition_shares(
    state: Internal,
    value: Option<f64>,
    shares: Option<Array<'_, f64>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    abc_transition(state, value, || shares_argument(shares), None, fcinfo)
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn abc_scale_transition_labeled(
    state: Internal,
    value: Option<f64>,
    shares: Option<Array<'_, f64>>,
    labels: Option<Array<'_, String>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    abc_transition(state, value, || shares_argument(shares), labels, fcinfo)
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn abc_scale_final(state: Internal) -> Option<tier_scale> {
    // SAFETY: this aggregate's state is always an abc_state.
    let abc = unsafe { aggregate::final_state::<AbcState>(&state) }?;
    abc.scale().or_raise().map(tier_scale)
}

customer_segments_macros::state_type!(
    AbcState as abc_state for abc_scale returning tier_scale,
    comment = "Transition state of the abc_scale aggregate (the values and the shares asked for); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.",
    sspace = 1024,
    forms = r#"
arguments                                   | symbol                        | comment
value float8                                | abc_scale_transition          | ABC classes at 80% and 95% of the positive total, as a tier_scale: tier(value, scale) gives A, B or C. Largest values first; the customer who crosses a share is in the better class, equal values share a class, values <= 0 are C. Works with OVER (PARTITION BY ...).
value float8, shares float8[]               | abc_scale_transition_shares   | ABC classes at cumulative shares (ascending, in (0,1]) of the positive total, as a tier_scale labelled A, B, C, ... Works with OVER (PARTITION BY ...).
value float8, shares float8[], labels text[] | abc_scale_transition_labeled | ABC classes at cumulative shares of the positive total, as a tier_scale with labels best class first (one more label than shares). Works with OVER (PARTITION BY ...).
"#,
    name = "abc_scale_aggregate",
    requires = ["quantile_scale_aggregate"]
);

// ---- concentration ---------------------------------------------------------

crate::core_type!(
    /// SQL type `segments.concentration`: every customer's value, largest
    /// first, read by top_share, customers_for_share, gini, lorenz.
    concentration(Concentration)
);

const CONCENTRATION: &str = "concentration";

#[pg_extern(immutable, parallel_safe, sql = false)]
fn concentration_transition(
    mut state: Internal,
    value: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: this aggregate's state is always a concentration_state.
    let values =
        unsafe { aggregate::expanded_mut(&mut state, fcinfo, CONCENTRATION, Concentration::new) };
    if let Some(value) = value {
        values.add(value).or_raise();
    }
    state
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn concentration_final(state: Internal) -> Option<Encoded<concentration>> {
    // SAFETY: this aggregate's state is always a concentration_state.
    let values = unsafe { aggregate::final_state::<Concentration>(&state) }?;
    values.finish();
    Some(Encoded::new(values.encode()))
}

customer_segments_macros::state_type!(
    Concentration as concentration_state for concentration returning concentration,
    comment = "Transition state of the concentration aggregate (the values so far); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.",
    sspace = 8192,
    forms = r#"
arguments    | comment
value float8 | Concentration of value over the rows (one row per customer): NULLs are skipped, values below 0 count as 0. Parallel safe.
"#,
    name = "concentration_state",
    requires = [concentration]
);

#[pg_extern(immutable, strict, parallel_safe)]
fn top_share(c: concentration, fraction: f64) -> Option<f64> {
    c.0.top_share(fraction).or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn customers_for_share(c: concentration, share: f64) -> Option<i64> {
    c.0.customers_for_share(share).or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn gini(c: concentration) -> Option<f64> {
    c.0.gini()
}

#[pg_extern(immutable, strict, parallel_safe, name = "count")]
fn concentration_count(c: concentration) -> i64 {
    c.0.count()
}

#[pg_extern(immutable, strict, parallel_safe, name = "total")]
fn concentration_total(c: concentration) -> f64 {
    c.0.total()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn lorenz(
    c: concentration,
    points: default!(i32, 20),
) -> TableIterator<'static, (name!(customer_share, f64), name!(value_share, Option<f64>))> {
    TableIterator::new(c.0.lorenz(points).or_raise())
}

extension_sql!(
    r#"
COMMENT ON TYPE concentration IS
  'How value is spread over customers (every customer''s value, largest first): read with top_share, customers_for_share, gini, count, total, lorenz. Text form is JSON.';
COMMENT ON FUNCTION top_share(concentration, float8) IS
  'Share of the total brought by the top fraction of customers (the top ceil(fraction * count)); fraction in (0,1]; NULL when the total is 0.';
COMMENT ON FUNCTION customers_for_share(concentration, float8) IS
  'How many top customers it takes to reach share of the total; share in (0,1]; NULL when the total is 0.';
COMMENT ON FUNCTION gini(concentration) IS
  'Population Gini coefficient: mean absolute difference over twice the mean; 0 when all are equal, NULL when the total is 0.';
COMMENT ON FUNCTION count(concentration) IS 'Number of customers (non-NULL values).';
COMMENT ON FUNCTION total(concentration) IS 'Sum of the values, those below 0 counted as 0.';
COMMENT ON FUNCTION lorenz(concentration, integer) IS
  'The Lorenz curve at points + 1 customer shares from 0 to 1: share of the total held by that share of customers, smallest first.';
COMMENT ON FUNCTION concentration_in(cstring) IS 'Input function of type concentration (JSON text).';
COMMENT ON FUNCTION concentration_out(concentration) IS 'Output function of type concentration (JSON text).';
"#,
    name = "concentration_aggregate",
    requires = [
        concentration,
        top_share,
        customers_for_share,
        gini,
        concentration_count,
        concentration_total,
        lorenz,
    ]
);

// ---- growth and bars -------------------------------------------------------

#[pg_extern(immutable, strict, parallel_safe, name = "growth")]
fn growth_float(current: f64, previous: f64) -> Option<f64> {
    text::growth(current, previous)
}

#[pg_extern(immutable, strict, parallel_safe)]
fn bar(share: f64, width: default!(i32, 20)) -> String {
    text::bar(share, width).or_raise()
}

extension_sql!(
    r#"
CREATE FUNCTION growth(current numeric, previous numeric) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN previous <> 0 THEN ((current - previous) / abs(previous))::float8 END;
COMMENT ON FUNCTION growth(numeric, numeric) IS
  '(current - previous) / |previous|, exact in numeric; NULL when previous is 0 or NULL.';
COMMENT ON FUNCTION growth(float8, float8) IS
  '(current - previous) / |previous|; NULL when previous is 0, NULL or not finite.';
COMMENT ON FUNCTION bar(float8, integer) IS
  'A text bar of width characters for share (0..1): full blocks and one partial block, padded with spaces so columns line up.';
"#,
    name = "growth_and_bar",
    requires = [growth_float, bar]
);

// ---- suggested actions and findings -----------------------------------------

/// Stable: names and actions follow `segments.language`.
#[pg_extern(stable, parallel_safe)]
fn suggested_actions() -> TableIterator<
    'static,
    (
        name!(model, &'static str),
        name!(segment, &'static str),
        name!(action, &'static str),
    ),
> {
    let language = language::current();
    TableIterator::new(
        findings::ACTIONS
            .iter()
            .map(move |a| (a.model, a.segment(language), a.action(language))),
    )
}

#[pg_extern(stable, strict, parallel_safe)]
fn suggested_action(segment: &str) -> Option<&'static str> {
    findings::suggested_action(segment, language::current())
}

#[pg_extern(stable, strict, parallel_safe)]
fn finding_top_share(c: concentration, fraction: default!(f64, 0.1)) -> Option<String> {
    let share = c.0.top_share(fraction).or_raise()?;
    let customers = spread::top_count(fraction, c.0.values().len());
    Some(findings::top_share_sentence(
        fraction,
        customers,
        share,
        language::current(),
    ))
}

#[pg_extern(stable, strict, parallel_safe)]
fn finding_class(class: &str, customer_share: f64, amount_share: f64) -> String {
    findings::class_sentence(class, customer_share, amount_share, language::current())
}

#[pg_extern(stable, strict, parallel_safe)]
fn finding_lapsed(customers: i64, segment: &str, days: i64) -> String {
    findings::lapsed_sentence(customers, segment, days, language::current())
}

#[pg_extern(stable, parallel_safe)]
fn finding_growth(subject: Option<&str>, growth: Option<f64>) -> Option<String> {
    Some(findings::growth_sentence(
        subject?,
        growth,
        language::current(),
    ))
}

extension_sql!(
    r#"
COMMENT ON FUNCTION suggested_actions() IS
  'The usual playbook: a suggested action per standard RFM segment and per cn8 class; names and actions follow segments.language, so the table joins on rfm_segment() and rfm_class().';
COMMENT ON FUNCTION suggested_action(text) IS
  'The suggested action for an RFM segment or cn8 class named in English or Chinese, in the language of segments.language; NULL for other names.';
COMMENT ON FUNCTION finding_top_share(concentration, float8) IS
  'A finding in words: "Top 10% of customers (5) bring 57.4% of sales"; follows segments.language. NULL when the total is 0.';
COMMENT ON FUNCTION finding_class(text, float8, float8) IS
  'A finding in words: "A customers: 18.0% of customers, 71.2% of sales"; follows segments.language.';
COMMENT ON FUNCTION finding_lapsed(bigint, text, bigint) IS
  'A finding in words: "3 customers in Champions have not bought for 45 days or more"; follows segments.language.';
COMMENT ON FUNCTION finding_growth(text, float8) IS
  'A finding in words: "Class X grew 9.4% on the previous period" (fell when negative; no sales in the previous period when growth is NULL); follows segments.language.';
"#,
    name = "findings_comments",
    requires = [
        suggested_actions,
        suggested_action,
        finding_top_share,
        finding_class,
        finding_lapsed,
        finding_growth,
        "concentration_aggregate"
    ]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::testing::text;

    #[pg_test]
    fn abc_scale_window_and_plain() {
        let classes = text(
            "SELECT string_agg(segments.tier(v, s), '' ORDER BY v DESC) FROM (
               SELECT v, segments.abc_scale(v) OVER () AS s
               FROM unnest('{50,30,10,6,3,1}'::float8[]) AS v) AS t",
        );
        assert_eq!(classes.as_deref(), Some("AABBCC"));
        let scale = text(
            "SELECT segments.abc_scale(v, '{0.5}', '{top,rest}')::text
             FROM unnest('{3,2,1}'::float8[]) AS v",
        );
        assert_eq!(
            scale.as_deref(),
            Some(r#"{"cuts":[3],"shares":[0.5],"labels":["rest","top"]}"#)
        );
    }

    #[pg_test]
    fn concentration_accessors() {
        let gini = Spi::get_one::<f64>(
            "SELECT segments.gini(segments.concentration(v)) FROM generate_series(1, 10) AS v",
        )
        .unwrap()
        .unwrap();
        assert!((gini - 0.3).abs() < 1e-12);
    }

    #[pg_test(error = "shares must lie in (0,1], not 1.5")]
    fn bad_shares() {
        text("SELECT segments.abc_scale(v, '{1.5}')::text FROM generate_series(1, 3) AS v");
    }
}
