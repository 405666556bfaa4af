//! RFM value segmentation: scales (population quantiles or given cuts),
//! scores, the standard 11-segment map, the Chinese 8-class model and
//! custom segment maps that are checked.
//!
//! SQL glue only: scales and scores are in `scale`, maps in `segments`.

pub mod scale;
pub mod segments;

use std::ffi::CStr;

use pgrx::datum::Array;
use pgrx::prelude::*;
use pgrx::{pg_sys, InOutFuncs, Internal, StringInfo};

use crate::aggregate;
use crate::args::floats;
use crate::error::{Error, OrRaise, Result};
use crate::language;
use crate::memo::Raw;
use crate::stored::Stored;
use scale::{check_bins, Dimension, RfmScale, RfmState, Score};
use segments::SegmentMap;

crate::core_type!(
    /// SQL type `segments.rfm_scale`.
    rfm_scale(RfmScale)
);

/// SQL type `segments.rfm`: an RFM score, shown as `545`.
#[allow(non_camel_case_types)]
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    PostgresType,
    PostgresEq,
    PostgresOrd,
    PostgresHash,
)]
#[inoutfuncs]
#[bikeshed_postgres_type_manually_impl_from_into_datum]
pub struct rfm(pub Score);

crate::stored_type!(rfm);

impl Stored for rfm {
    fn encode(&self) -> Vec<u8> {
        self.0.encode().to_vec()
    }

    fn to_datum(&self) -> pg_sys::Datum {
        crate::stored::to_datum(&self.0.encode())
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        Score::decode(bytes).map(rfm)
    }
}

impl InOutFuncs for rfm {
    fn input(input: &CStr) -> Self {
        let text = input
            .to_str()
            .map_err(|_| Error::invalid_text("rfm: input is not valid UTF-8"))
            .or_raise();
        rfm(Score::parse(text).or_raise())
    }

    fn output(&self, buffer: &mut StringInfo) {
        buffer.push_str(&self.0.to_text());
    }
}

customer_segments_macros::binary_io!(rfm);

// ---- the rfm_scale aggregate ------------------------------------------------

const RFM_SCALE: &str = "rfm_scale";

fn rfm_transition(
    mut state: Internal,
    values: [Option<f64>; 3],
    bins: Option<i32>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: this aggregate's state is always an rfm_state.
    let collected = unsafe {
        aggregate::expanded_mut(&mut state, fcinfo, RFM_SCALE, || {
            RfmState::new(bins).or_raise()
        })
    };
    collected.add(values, bins).or_raise();
    state
}

// The transition functions are raw entry points (see `crate::fcinfo`):
// pgrx's generated argument conversion cost as much as the work per row.
crate::raw_entry!(
    rfm_scale_transition_wrapper,
    pg_finfo_rfm_scale_transition_wrapper,
    |fcinfo| {
        use crate::fcinfo::{f64_arg, return_state, state_arg};
        // SAFETY: PostgreSQL calls this as
        // rfm_scale_transition(rfm_state, float8, float8, float8).
        unsafe {
            let values = [f64_arg(fcinfo, 1), f64_arg(fcinfo, 2), f64_arg(fcinfo, 3)];
            let state = rfm_transition(state_arg(fcinfo, 0), values, Some(5), fcinfo);
            return_state(fcinfo, state)
        }
    }
);

crate::raw_entry!(
    rfm_scale_transition_bins_wrapper,
    pg_finfo_rfm_scale_transition_bins_wrapper,
    |fcinfo| {
        use crate::fcinfo::{f64_arg, i32_arg, return_state, state_arg};
        // SAFETY: PostgreSQL calls this as
        // rfm_scale_transition(rfm_state, float8, float8, float8, int).
        unsafe {
            let values = [f64_arg(fcinfo, 1), f64_arg(fcinfo, 2), f64_arg(fcinfo, 3)];
            let bins = i32_arg(fcinfo, 4);
            let state = rfm_transition(state_arg(fcinfo, 0), values, bins, fcinfo);
            return_state(fcinfo, state)
        }
    }
);

#[pg_extern(immutable, parallel_safe, sql = false)]
fn rfm_scale_final(state: Internal) -> Option<rfm_scale> {
    // SAFETY: this aggregate's state is always an rfm_state.
    let collected = unsafe { aggregate::final_state::<RfmState>(&state) }?;
    collected.scale().map(rfm_scale)
}

customer_segments_macros::state_type!(
    RfmState as rfm_state for rfm_scale returning rfm_scale,
    comment = "Transition state of the rfm_scale aggregate (the values seen so far); text form is base64 of its binary form, which Citus ships between nodes.",
    sspace = 1024,
    forms = r#"
arguments                                                     | symbol                         | comment
recency float8, frequency float8, monetary float8             | rfm_scale_transition           | RFM scale of a population with 5 bins: quantile cuts and means per dimension. Rows with any NULL input are skipped. Works with OVER (PARTITION BY ...).
recency float8, frequency float8, monetary float8, bins int   | rfm_scale_transition_bins      | RFM scale of a population with bins (2..10) score bins: quantile cuts and means per dimension. Works with OVER (PARTITION BY ...).
"#,
    name = "rfm_scale_aggregate",
    requires = [rfm_scale]
);
crate::state_serialization_of_0_1_0!(RfmState, rfm_scale_serialize, rfm_scale_deserialize);

// ---- scales, scores, accessors ---------------------------------------------

#[pg_extern(immutable, strict, parallel_safe)]
fn rfm_scale_fixed(
    r_cuts: Array<'_, f64>,
    f_cuts: Array<'_, f64>,
    m_cuts: Array<'_, f64>,
) -> rfm_scale {
    let cuts = [
        floats(&r_cuts, "r_cuts"),
        floats(&f_cuts, "f_cuts"),
        floats(&m_cuts, "m_cuts"),
    ];
    let [r, f, m] = cuts;
    rfm_scale(RfmScale::fixed([r.or_raise(), f.or_raise(), m.or_raise()]).or_raise())
}

#[pg_extern(immutable, strict, parallel_safe, name = "cuts")]
fn rfm_cuts(scale: rfm_scale, dimension: &str) -> Vec<f64> {
    scale
        .0
        .axis(Dimension::parse(dimension).or_raise())
        .cuts
        .clone()
}

// rfm_score and rfm_segment run once per customer in every RFM report: raw
// entry points (src/fcinfo.rs), their SQL written out below as pgrx
// generated it for 0.2.0 (install and upgrade scripts unchanged, the symbols
// older scripts name kept).

crate::raw_entry!(rfm_score_wrapper, pg_finfo_rfm_score_wrapper, |fcinfo| {
    use crate::fcinfo::{f64_arg, null_argument};
    // SAFETY: PostgreSQL calls this as rfm_score(rfm_scale, float8,
    // float8, float8), a strict function (a NULL only from a direct call).
    let (scale, recency, frequency, monetary) = unsafe {
        (
            Raw::<rfm_scale>::argument(fcinfo, 0),
            f64_arg(fcinfo, 1).unwrap_or_else(|| null_argument(1)),
            f64_arg(fcinfo, 2).unwrap_or_else(|| null_argument(2)),
            f64_arg(fcinfo, 3).unwrap_or_else(|| null_argument(3)),
        )
    };
    let score = scale
        .decoded(fcinfo, RfmScale::decode)
        .score(recency, frequency, monetary)
        .or_raise();
    Stored::to_datum(&rfm(score))
});

#[pg_extern(immutable, strict, parallel_safe)]
fn r(score: rfm) -> i32 {
    score.0.r as i32
}

#[pg_extern(immutable, strict, parallel_safe)]
fn f(score: rfm) -> i32 {
    score.0.f as i32
}

#[pg_extern(immutable, strict, parallel_safe)]
fn m(score: rfm) -> i32 {
    score.0.m as i32
}

#[pg_extern(immutable, strict, parallel_safe)]
fn rfm_smaller(a: rfm, b: rfm) -> rfm {
    a.min(b)
}

#[pg_extern(immutable, strict, parallel_safe)]
fn rfm_larger(a: rfm, b: rfm) -> rfm {
    a.max(b)
}

/// Stable: class names follow `segments.language`.
#[pg_extern(stable, strict, parallel_safe)]
fn rfm_class(
    scale: Raw<rfm_scale>,
    recency: f64,
    frequency: f64,
    monetary: f64,
    fcinfo: pg_sys::FunctionCallInfo,
) -> &'static str {
    let highs = scale
        .decoded(fcinfo, RfmScale::decode)
        .highs(recency, frequency, monetary)
        .or_raise();
    segments::cn8(highs, language::current())
}

enum Map {
    Standard,
    Custom(SegmentMap),
}

fn parse_map(map: &str) -> Result<Map> {
    match map.trim() {
        "standard" => Ok(Map::Standard),
        "cn8" => Err(Error::invalid_parameter(
            "map 'cn8' compares with population means, which a score does not hold: use rfm_class(scale, recency, frequency, monetary)",
        )),
        json if json.starts_with('{') => SegmentMap::parse(json).map(Map::Custom),
        other => Err(Error::invalid_parameter(format!(
            "map must be 'standard' or a JSON segment map, not \"{other}\""
        ))),
    }
}

// Stable: standard segment names follow `segments.language`.
crate::raw_entry!(
    rfm_segment_wrapper,
    pg_finfo_rfm_segment_wrapper,
    |fcinfo| {
        use crate::fcinfo::{from_arg, null_argument};
        // SAFETY: PostgreSQL calls this as rfm_segment(rfm, text), a strict
        // function (a NULL only from a direct call).
        let (score, map) = unsafe {
            (
                from_arg::<rfm>(fcinfo, 0).unwrap_or_else(|| null_argument(0)),
                Raw::<String>::argument(fcinfo, 1),
            )
        };
        let map = map.memoized_by(fcinfo, || {
            let text = std::str::from_utf8(map.bytes())
                .map_err(|_| Error::invalid_parameter("map is not UTF-8"));
            text.and_then(parse_map).or_raise()
        });
        crate::fcinfo::text_datum(match map {
            Map::Standard => segments::standard(&score.0, language::current()).or_raise(),
            Map::Custom(custom) => custom.segment(&score.0),
        })
    }
);

extension_sql!(
    r#"
CREATE  FUNCTION "rfm_score"(
	"scale" rfm_scale,
	"recency" double precision,
	"frequency" double precision,
	"monetary" double precision
) RETURNS rfm
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'rfm_score_wrapper';
CREATE  FUNCTION "rfm_segment"(
	"score" rfm,
	"map" TEXT DEFAULT 'standard'
) RETURNS TEXT
STRICT STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'rfm_segment_wrapper';
"#,
    name = "rfm_per_row",
    requires = [rfm_scale, rfm]
);

#[pg_extern(immutable, strict, parallel_safe)]
fn check_rfm_map(
    map: crate::json::JsonbText,
    bins: default!(i32, 5),
) -> TableIterator<
    'static,
    (
        name!(problem, String),
        name!(score, rfm),
        name!(segment, Option<String>),
        name!(taken_by, Option<String>),
    ),
> {
    let bins = check_bins(bins).or_raise();
    let custom = SegmentMap::parse(&map.0).or_raise();
    let rows: Vec<_> = custom
        .check(bins, || {
            pgrx::check_for_interrupts!();
        })
        .into_iter()
        .map(|problem| {
            (
                problem.kind.to_string(),
                rfm(problem.score),
                problem.segment,
                problem.winner,
            )
        })
        .collect();
    TableIterator::new(rows)
}

extension_sql!(
    r#"
COMMENT ON TYPE rfm_scale IS
  'Per dimension of RFM (recency in days, frequency, monetary): the cuts between score bins and the population mean. Built by the rfm_scale aggregate or rfm_scale_fixed(). Text form is JSON.';
COMMENT ON TYPE rfm IS
  'An RFM score: r, f and m each in 1..bins, the better end scored highest (fewest days of recency, most frequency and monetary). Shown as 545 (or 10-3-7 above 9); sorts by r, then f, then m.';
COMMENT ON FUNCTION rfm_scale_fixed(float8[], float8[], float8[]) IS
  'RFM scale from given cuts per dimension (strictly ascending, the same number for each; recency in days). It has no means, so rfm_class cannot use it.';
COMMENT ON FUNCTION cuts(rfm_scale, text) IS
  'The cuts a scale uses for dimension r, f or m, ascending.';
COMMENT ON FUNCTION rfm_score(rfm_scale, float8, float8, float8) IS
  'The RFM score of recency (days since the last purchase), frequency and monetary on scale. Equal inputs always get equal scores.';
COMMENT ON FUNCTION r(rfm) IS 'Recency score of an RFM score (bins = most recent).';
COMMENT ON FUNCTION f(rfm) IS 'Frequency score of an RFM score.';
COMMENT ON FUNCTION m(rfm) IS 'Monetary score of an RFM score.';
COMMENT ON FUNCTION rfm_class(rfm_scale, float8, float8, float8) IS
  'Chinese 8-class model: R, F and M high or low against the population means (recency high when at or below its mean; F and M high at or above). English names, Chinese under segments.language = zh.';
COMMENT ON FUNCTION rfm_segment(rfm, text) IS
  'Segment of an RFM score: the standard 11-segment grid (5 bins) or a JSON segment map (first match wins, unmatched scores get other).';
COMMENT ON FUNCTION check_rfm_map(jsonb, int) IS
  'Checks a JSON segment map on a bins-bin grid: a row for every cell two segments claim (segment never wins there; taken_by does) and every cell no segment covers.';
COMMENT ON FUNCTION rfm_scale_in(cstring) IS 'Input function of type rfm_scale (JSON text).';
COMMENT ON FUNCTION rfm_scale_out(rfm_scale) IS 'Output function of type rfm_scale (JSON text).';
COMMENT ON FUNCTION rfm_in(cstring) IS 'Input function of type rfm (545 or 10-3-7).';
COMMENT ON FUNCTION rfm_out(rfm) IS 'Output function of type rfm.';
"#,
    name = "rfm_comments",
    requires = [
        "rfm_scale_aggregate",
        rfm_scale_fixed,
        rfm_cuts,
        "rfm_per_row",
        r,
        f,
        m,
        rfm_class,
        check_rfm_map
    ]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::testing::text;

    #[pg_test]
    fn recency_runs_backwards_and_equal_inputs_score_equal() {
        let scores = text(
            "SELECT string_agg(score::text, ',' ORDER BY days) FROM (
               SELECT days, segments.rfm_score(segments.rfm_scale(days, 1, 1) OVER (), days, 1, 1) AS score
               FROM unnest('{1,1,50,100,200}'::float8[]) AS days) AS t",
        );
        assert_eq!(scores.as_deref(), Some("555,555,355,255,155"));
    }

    #[pg_test]
    fn cn8_tells_value_from_retention() {
        let classes = text(
            "SELECT string_agg(segments.rfm_class(s, recency, 9, 900), ',' ORDER BY recency)
             FROM unnest('{5,100}'::float8[]) AS recency,
                  (SELECT segments.rfm_scale(r, f, m) AS s FROM (VALUES (5, 9, 900), (100, 1, 100)) AS p(r, f, m)) AS scale",
        );
        assert_eq!(
            classes.as_deref(),
            Some("important value,important retention")
        );
    }

    #[pg_test]
    fn stored_scores_and_scales_read_back() {
        Spi::run(
            "CREATE TEMP TABLE kept AS
             SELECT segments.rfm_scale(v, v, v) AS scale, '10-3-7'::segments.rfm AS score FROM generate_series(1, 50) AS v",
        )
        .unwrap();
        assert_eq!(
            text("SELECT score::text FROM kept").as_deref(),
            Some("10-3-7")
        );
        assert_eq!(
            text("SELECT segments.rfm_score(scale, 1, 50, 50)::text FROM kept").as_deref(),
            Some("555")
        );
    }
}

// The comparison operators, support functions and operator classes derived
// for `rfm` come last in the generated script, so their comments (and the
// min/max aggregates, which sort by its < and >) do too.
extension_sql!(
    r#"
CREATE AGGREGATE min(rfm) (
    SFUNC = rfm_smaller, STYPE = rfm, COMBINEFUNC = rfm_smaller, SORTOP = <, PARALLEL = SAFE
);
CREATE AGGREGATE max(rfm) (
    SFUNC = rfm_larger, STYPE = rfm, COMBINEFUNC = rfm_larger, SORTOP = >, PARALLEL = SAFE
);
COMMENT ON AGGREGATE min(rfm) IS 'The lowest RFM score (by r, then f, then m); write segments.min(score).';
COMMENT ON AGGREGATE max(rfm) IS 'The highest RFM score (by r, then f, then m); write segments.max(score).';
COMMENT ON FUNCTION rfm_smaller(rfm, rfm) IS 'Support function of min(rfm): the lower of two scores.';
COMMENT ON FUNCTION rfm_larger(rfm, rfm) IS 'Support function of max(rfm): the higher of two scores.';
COMMENT ON FUNCTION rfm_eq(rfm, rfm) IS 'Support function of rfm =.';
COMMENT ON FUNCTION rfm_ne(rfm, rfm) IS 'Support function of rfm <>.';
COMMENT ON FUNCTION rfm_lt(rfm, rfm) IS 'Support function of rfm <.';
COMMENT ON FUNCTION rfm_le(rfm, rfm) IS 'Support function of rfm <=.';
COMMENT ON FUNCTION rfm_gt(rfm, rfm) IS 'Support function of rfm >.';
COMMENT ON FUNCTION rfm_ge(rfm, rfm) IS 'Support function of rfm >=.';
COMMENT ON FUNCTION rfm_cmp(rfm, rfm) IS 'Compares two RFM scores (by r, then f, then m) for sorting and btree indexes.';
COMMENT ON FUNCTION rfm_hash(rfm) IS 'Hash of an RFM score, for hash joins and GROUP BY.';
COMMENT ON OPERATOR = (rfm, rfm) IS 'RFM scores are equal: same r, f and m.';
COMMENT ON OPERATOR <> (rfm, rfm) IS 'RFM scores differ.';
COMMENT ON OPERATOR < (rfm, rfm) IS 'RFM score sorts before: by r, then f, then m.';
COMMENT ON OPERATOR <= (rfm, rfm) IS 'RFM score sorts before or equal: by r, then f, then m.';
COMMENT ON OPERATOR > (rfm, rfm) IS 'RFM score sorts after: by r, then f, then m.';
COMMENT ON OPERATOR >= (rfm, rfm) IS 'RFM score sorts after or equal: by r, then f, then m.';
COMMENT ON OPERATOR FAMILY rfm_btree_ops USING btree IS 'Ordering of RFM scores: by r, then f, then m.';
COMMENT ON OPERATOR CLASS rfm_btree_ops USING btree IS 'Ordering of RFM scores: by r, then f, then m.';
COMMENT ON OPERATOR FAMILY rfm_hash_ops USING hash IS 'Hashing of RFM scores.';
COMMENT ON OPERATOR CLASS rfm_hash_ops USING hash IS 'Hashing of RFM scores.';
"#,
    name = "rfm_operator_comments",
    finalize
);
