//! Tier labels: fixed cuts, validated bands, and population quantiles.
//!
//! SQL glue only: the rules live in `scale` (cuts, bands, labels, text and
//! binary forms) and `quantile` (cuts at population fractions).

pub mod quantile;
pub mod scale;

use pgrx::datum::Array;
use pgrx::prelude::*;
use pgrx::{pg_sys, Internal, PgMemoryContexts};

use crate::aggregate;
use crate::args::{floats, texts};
use crate::error::{OrRaise, Result};
use crate::language;
use crate::memo::{memoized_at, Raw};
use quantile::QuantileState;
use scale::{LabelledScale, TierScale};

crate::core_type!(
    /// SQL type `segments.tier_scale`: boundaries between tiers, with labels.
    tier_scale(TierScale)
);

fn scale_from_arrays(
    cuts: &Array<'_, f64>,
    labels: Option<&Array<'_, String>>,
) -> Result<TierScale> {
    let labels = labels.map(|labels| texts(labels, "labels")).transpose()?;
    TierScale::from_cuts(&floats(cuts, "cuts")?, labels)
}

/// What `tier` and `tier_rank` keep per call site: the scale with its
/// labels spelled out, and, when the scale argument is a constant or a
/// query parameter there, each label as a text datum made once in the call
/// site's memory, returned as it is on every row (never freed before the
/// query ends, so a row's result outlives any later row).
struct TierSite {
    scale: LabelledScale,
    texts: Option<Vec<pg_sys::Datum>>,
}

impl TierSite {
    /// # Safety
    /// `fcinfo` must be the live call info of the function.
    unsafe fn new(fcinfo: pg_sys::FunctionCallInfo, scale: LabelledScale, fixed: bool) -> Self {
        let texts = fixed.then(|| {
            // SAFETY: the caller's contract; fn_mcxt lives as long as the
            // call site.
            let context = unsafe { (*(*fcinfo).flinfo).fn_mcxt };
            PgMemoryContexts::For(context).switch_to(|_| {
                scale
                    .labels()
                    .iter()
                    .map(|label| crate::fcinfo::text_datum(label))
                    .collect()
            })
        });
        TierSite { scale, texts }
    }

    /// The label of `value` as a text datum, or SQL NULL outside every band.
    ///
    /// # Safety
    /// As `new`.
    unsafe fn label_datum(&self, fcinfo: pg_sys::FunctionCallInfo, value: f64) -> pg_sys::Datum {
        match self.scale.scale.rank(value).or_raise() {
            Some(rank) => match &self.texts {
                Some(texts) => texts[rank - 1],
                None => crate::fcinfo::text_datum(&self.scale.labels()[rank - 1]),
            },
            // SAFETY: the caller's contract (a live call).
            None => unsafe { crate::fcinfo::return_null(fcinfo) },
        }
    }

    /// The rank of `value` as an int4 datum, or SQL NULL outside every band.
    ///
    /// # Safety
    /// As `new`.
    unsafe fn rank_datum(&self, fcinfo: pg_sys::FunctionCallInfo, value: f64) -> pg_sys::Datum {
        match self.scale.scale.rank(value).or_raise() {
            Some(rank) => pg_sys::Datum::from(rank as i32),
            // SAFETY: the caller's contract (a live call).
            None => unsafe { crate::fcinfo::return_null(fcinfo) },
        }
    }
}

/// The scale of `cuts` (argument 1) and `labels` (argument 2), built once
/// per call site.
///
/// # Safety
/// `fcinfo` must be the live call of tier or tier_rank by cuts.
unsafe fn site_of_cuts<'a>(
    fcinfo: pg_sys::FunctionCallInfo,
    cuts: &Raw<Vec<f64>>,
    labels: Option<&Raw<Vec<String>>>,
) -> &'a TierSite {
    let language = language::current();
    let args: &[usize] = if labels.is_some() { &[1, 2] } else { &[1] };
    // SAFETY: these functions keep only a TierSite in fn_extra; the
    // datums are the float8[] and text[] arguments they were declared with.
    unsafe {
        memoized_at(
            fcinfo,
            args,
            language as u64,
            || [Some(cuts.bytes()), labels.map(Raw::bytes)],
            |fixed| {
                let cuts = Array::<f64>::from_datum(cuts.datum(), false).expect("not NULL");
                let labels = labels.map(|labels| {
                    Array::<String>::from_datum(labels.datum(), false).expect("not NULL")
                });
                let scale = LabelledScale::new(
                    scale_from_arrays(&cuts, labels.as_ref()).or_raise(),
                    language,
                );
                TierSite::new(fcinfo, scale, fixed)
            },
        )
    }
}

/// The `scale` argument (argument 1), decoded once per call site.
///
/// # Safety
/// `fcinfo` must be the live call of tier or tier_rank by scale.
unsafe fn site_of_scale<'a>(
    fcinfo: pg_sys::FunctionCallInfo,
    scale: &Raw<tier_scale>,
) -> &'a TierSite {
    let language = language::current();
    // SAFETY: these functions keep only a TierSite in fn_extra.
    unsafe {
        memoized_at(
            fcinfo,
            &[1],
            language as u64,
            || [Some(scale.bytes())],
            |fixed| {
                let scale =
                    LabelledScale::new(TierScale::decode(scale.bytes()).or_raise(), language);
                TierSite::new(fcinfo, scale, fixed)
            },
        )
    }
}

// ---- per-row functions ---------------------------------------------------
//
// `tier` and `tier_rank` run once per row, usually with the same scale on
// every row: they are raw entry points (see `crate::fcinfo`), so a row costs
// reading two arguments, a memo check and a search among the cuts, with no
// pgrx argument conversion. Their SQL is written out below, statement for
// statement what `#[pg_extern]` generated for 0.1.0 and 0.2.0, whose
// install scripts name the same symbols.

crate::raw_entry!(tier_wrapper, pg_finfo_tier_wrapper, |fcinfo| {
    use crate::fcinfo::{f64_arg, from_arg, return_null};
    // SAFETY: PostgreSQL calls this as tier(float8, float8[], text[])
    // (not strict: a NULL value or cuts gives NULL, NULL labels the
    // default ones).
    unsafe {
        let value = f64_arg(fcinfo, 0);
        let cuts: Option<Raw<Vec<f64>>> = from_arg(fcinfo, 1);
        let (Some(value), Some(cuts)) = (value, cuts) else {
            return return_null(fcinfo);
        };
        let labels: Option<Raw<Vec<String>>> = from_arg(fcinfo, 2);
        site_of_cuts(fcinfo, &cuts, labels.as_ref()).label_datum(fcinfo, value)
    }
});

crate::raw_entry!(tier_rank_wrapper, pg_finfo_tier_rank_wrapper, |fcinfo| {
    use crate::fcinfo::{f64_arg, from_arg, null_argument};
    // SAFETY: PostgreSQL calls this as tier_rank(float8, float8[]), a
    // strict function (a NULL can only come from a direct call).
    unsafe {
        let value = f64_arg(fcinfo, 0).unwrap_or_else(|| null_argument(0));
        let cuts: Raw<Vec<f64>> = from_arg(fcinfo, 1).unwrap_or_else(|| null_argument(1));
        site_of_cuts(fcinfo, &cuts, None).rank_datum(fcinfo, value)
    }
});

crate::raw_entry!(
    tier_by_scale_wrapper,
    pg_finfo_tier_by_scale_wrapper,
    |fcinfo| {
        use crate::fcinfo::{f64_arg, from_arg, null_argument};
        // SAFETY: PostgreSQL calls this as tier(float8, tier_scale), a
        // strict function.
        unsafe {
            let value = f64_arg(fcinfo, 0).unwrap_or_else(|| null_argument(0));
            let scale: Raw<tier_scale> = from_arg(fcinfo, 1).unwrap_or_else(|| null_argument(1));
            site_of_scale(fcinfo, &scale).label_datum(fcinfo, value)
        }
    }
);

crate::raw_entry!(
    tier_rank_by_scale_wrapper,
    pg_finfo_tier_rank_by_scale_wrapper,
    |fcinfo| {
        use crate::fcinfo::{f64_arg, from_arg, null_argument};
        // SAFETY: PostgreSQL calls this as tier_rank(float8, tier_scale), a
        // strict function.
        unsafe {
            let value = f64_arg(fcinfo, 0).unwrap_or_else(|| null_argument(0));
            let scale: Raw<tier_scale> = from_arg(fcinfo, 1).unwrap_or_else(|| null_argument(1));
            site_of_scale(fcinfo, &scale).rank_datum(fcinfo, value)
        }
    }
);

extension_sql!(
    r#"
CREATE  FUNCTION "tier"(
	"value" double precision,
	"cuts" double precision[],
	"labels" TEXT[] DEFAULT NULL
) RETURNS TEXT
STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'tier_wrapper';
CREATE  FUNCTION "tier_rank"(
	"value" double precision,
	"cuts" double precision[]
) RETURNS INT
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'tier_rank_wrapper';
"#,
    name = "tier_by_cuts"
);

extension_sql!(
    r#"
CREATE  FUNCTION "tier"(
	"value" double precision,
	"scale" tier_scale
) RETURNS TEXT
STRICT STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'tier_by_scale_wrapper';
CREATE  FUNCTION "tier_rank"(
	"value" double precision,
	"scale" tier_scale
) RETURNS INT
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'tier_rank_by_scale_wrapper';
"#,
    name = "tier_by_scale",
    requires = [tier_scale]
);

/// Builds a scale from cuts (ascending inclusive lower bounds).
#[pg_extern(immutable, parallel_safe, name = "tier_scale")]
fn tier_scale_from_cuts(
    cuts: Option<Array<'_, f64>>,
    labels: default!(Option<Array<'_, String>>, "NULL"),
) -> Option<tier_scale> {
    let cuts = cuts?;
    Some(tier_scale(
        scale_from_arrays(&cuts, labels.as_ref()).or_raise(),
    ))
}

#[pg_extern(immutable, strict, parallel_safe)]
fn cuts(scale: tier_scale) -> Vec<f64> {
    scale.0.cuts()
}

#[pg_extern(stable, strict, parallel_safe)]
fn labels(scale: tier_scale) -> Vec<String> {
    scale.0.labels(language::current())
}

// ---- quantile_scale aggregate ---------------------------------------------

const QUANTILE_SCALE: &str = "quantile_scale";

/// One row into the state. The fractions and labels (arguments 2 and 3)
/// are read on the group's first row only: every row passes the same.
///
/// # Safety
/// `fcinfo` is a call of quantile_scale_transition(quantile_state, float8,
/// float8[] [, text[]]); `labeled` says whether it has the labels.
unsafe fn quantile_transition(fcinfo: pg_sys::FunctionCallInfo, labeled: bool) -> pg_sys::Datum {
    use crate::fcinfo::{f64_arg, from_arg, return_state, state_arg};
    // SAFETY: the function's contract (so for every block below): the
    // live call of that SQL function, whose arguments have those types.
    let mut state = unsafe { state_arg(fcinfo, 0) };
    // SAFETY: this aggregate's state is always a quantile_state.
    let quantiles = unsafe {
        aggregate::expanded_mut(&mut state, fcinfo, QUANTILE_SCALE, || {
            let fractions: Option<Array<'_, f64>> = from_arg(fcinfo, 2);
            let labels: Option<Array<'_, String>> =
                if labeled { from_arg(fcinfo, 3) } else { None };
            let fractions = match &fractions {
                Some(fractions) => floats(fractions, "fractions"),
                None => Err(crate::error::Error::invalid_parameter(
                    "fractions must not be NULL",
                )),
            };
            let labels = labels
                .as_ref()
                .map(|labels| texts(labels, "labels"))
                .transpose();
            fractions
                .and_then(|fractions| QuantileState::new(fractions, labels?))
                .or_raise()
        })
    };
    // SAFETY: as above.
    if let Some(value) = unsafe { f64_arg(fcinfo, 1) } {
        quantiles.add(value).or_raise();
    }
    // SAFETY: as above.
    unsafe { return_state(fcinfo, state) }
}

// The transition functions are raw entry points (see `crate::fcinfo`):
// pgrx's generated conversion of the fractions array on every row cost
// more than the work.
crate::raw_entry!(
    quantile_scale_transition_wrapper,
    pg_finfo_quantile_scale_transition_wrapper,
    |fcinfo| {
        // SAFETY: PostgreSQL calls this as
        // quantile_scale_transition(quantile_state, float8, float8[]).
        unsafe { quantile_transition(fcinfo, false) }
    }
);

crate::raw_entry!(
    quantile_scale_transition_labeled_wrapper,
    pg_finfo_quantile_scale_transition_labeled_wrapper,
    |fcinfo| {
        // SAFETY: PostgreSQL calls this as
        // quantile_scale_transition(quantile_state, float8, float8[], text[]).
        unsafe { quantile_transition(fcinfo, true) }
    }
);

#[pg_extern(immutable, parallel_safe, sql = false)]
fn quantile_scale_final(state: Internal) -> Option<tier_scale> {
    // SAFETY: this aggregate's state is always a quantile_state.
    let quantiles = unsafe { aggregate::final_state::<QuantileState>(&state) }?;
    quantiles.scale().or_raise().map(tier_scale)
}

customer_segments_macros::state_type!(
    QuantileState as quantile_state for quantile_scale returning tier_scale,
    comment = "Transition state of the quantile_scale aggregate (the values seen so far); text form is base64 of its binary form, which Citus ships between nodes.",
    sspace = 1024,
    forms = r#"
arguments                                        | symbol                                 | comment
value float8, fractions float8[]                 | quantile_scale_transition              | Tier scale cut at population fractions of value: {0.1,0.9} gives bottom 10%, middle 80%, top 10%. Equal values always share a tier (ties go to the upper tier). Works with OVER (PARTITION BY ...).
value float8, fractions float8[], labels text[]  | quantile_scale_transition_labeled      | Tier scale cut at population fractions of value, with labels for the tiers. Works with OVER (PARTITION BY ...).
"#,
    name = "quantile_scale_aggregate",
    requires = [tier_scale]
);
crate::state_serialization_of_0_1_0!(
    QuantileState,
    quantile_scale_serialize,
    quantile_scale_deserialize
);

// A literal such as '{5000,10000}' must pick tier(float8, tier_scale) over
// tier(float8, float8[], text[]) without a cast. PostgreSQL resolves unknown
// literals towards the string category, and CREATE TYPE as generated cannot
// set one, so the category is set here.
extension_sql!(
    r#"
UPDATE pg_catalog.pg_type SET typcategory = 'S' WHERE oid = 'tier_scale'::regtype;
"#,
    name = "tier_scale_category",
    requires = [tier_scale]
);

extension_sql!(
    r#"
COMMENT ON TYPE tier_scale IS
  'Boundaries between customer tiers with their labels: cuts (ascending inclusive lower bounds), bands with gt/gte/lt/lte bounds, or population quantiles. Text form is JSON.';
COMMENT ON FUNCTION tier(float8, float8[], text[]) IS
  'Label of value''s tier; cuts are ascending inclusive lower bounds; default labels follow segments.language. NULL value gives NULL.';
COMMENT ON FUNCTION tier(float8, tier_scale) IS
  'Label of value''s tier in scale; NULL when value lies outside every band.';
COMMENT ON FUNCTION tier_rank(float8, float8[]) IS
  'Rank of value''s tier, 1 for the lowest; cuts are ascending inclusive lower bounds.';
COMMENT ON FUNCTION tier_rank(float8, tier_scale) IS
  'Rank of value''s tier in scale, 1 for the lowest; NULL when value lies outside every band.';
COMMENT ON FUNCTION tier_scale(float8[], text[]) IS
  'Builds a tier_scale from cuts (ascending inclusive lower bounds) and optional labels.';
COMMENT ON FUNCTION cuts(tier_scale) IS
  'The values where the tiers of scale begin, ascending.';
COMMENT ON FUNCTION labels(tier_scale) IS
  'The labels of scale''s tiers, lowest first; default labels follow segments.language.';
COMMENT ON FUNCTION tier_scale_in(cstring) IS 'Input function of type tier_scale (JSON text).';
COMMENT ON FUNCTION tier_scale_out(tier_scale) IS 'Output function of type tier_scale (JSON text).';
"#,
    name = "tiers_comments",
    requires = [
        "quantile_scale_aggregate",
        "tier_scale_category",
        "tier_by_cuts",
        "tier_by_scale",
        tier_scale_from_cuts,
        cuts,
        labels
    ]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::testing::text;

    #[pg_test]
    fn fixed_cuts_bands_and_ranks() {
        assert_eq!(
            text("SELECT segments.tier(10000, '{5000,10000}')").as_deref(),
            Some("high")
        );
        assert_eq!(
            text("SELECT segments.tier(4999.99, '{5000,10000}')").as_deref(),
            Some("low")
        );
        let band = r#"'[{"label":"low","lt":5000},{"label":"medium","gte":5000,"lte":10000},{"label":"high","gt":10000}]'"#;
        assert_eq!(
            text(&format!(
                "SELECT segments.tier(10000, {band}::segments.tier_scale)"
            ))
            .as_deref(),
            Some("medium")
        );
        let rank = Spi::get_one::<i32>("SELECT segments.tier_rank(5000, '{5000,10000}')").unwrap();
        assert_eq!(rank, Some(2));
    }

    #[pg_test]
    fn quantile_scale_window_gives_the_10_80_10_split() {
        let counts = Spi::get_one::<String>(
            "SELECT string_agg(tier || '=' || n, ',' ORDER BY tier) FROM (
               SELECT tier, count(*) AS n FROM (
                 SELECT segments.tier(v, segments.quantile_scale(v, '{0.1,0.9}') OVER ()) AS tier
                 FROM generate_series(1, 1000) AS v) AS t GROUP BY tier) AS c",
        )
        .unwrap();
        assert_eq!(counts.as_deref(), Some("high=100,low=100,medium=800"));
    }

    #[pg_test]
    fn language_setting_switches_default_labels() {
        Spi::run("SET segments.language = 'zh'").unwrap();
        assert_eq!(
            text("SELECT segments.tier(3, '{1,2}')").as_deref(),
            Some("高")
        );
        Spi::run("RESET segments.language").unwrap();
        assert_eq!(
            text("SELECT segments.tier(3, '{1,2}')").as_deref(),
            Some("high")
        );
    }

    #[pg_test(error = "cuts must be strictly ascending, but 2 is followed by 1")]
    fn descending_cuts_are_an_error() {
        text("SELECT segments.tier(1, ARRAY[2,1])");
    }

    #[pg_test(error = "value must be a finite number, not NaN")]
    fn nan_value_is_an_error() {
        text("SELECT segments.tier('NaN', '{1,2}')");
    }
}
