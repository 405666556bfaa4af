-- customer_segments 0.1.0 -> 0.2.0
-- Applied by ALTER EXTENSION customer_segments UPDATE TO '0.2.0'. The upgrade test
-- (scripts/test) checks that the result's catalog equals a fresh install, object by object.
\echo Use "ALTER EXTENSION customer_segments UPDATE TO '0.2.0'" to load this file. \quit

CREATE OR REPLACE FUNCTION "abc_scale_combine"( "state" internal, "other" internal )
RETURNS internal
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'abc_scale_combine_wrapper';

CREATE OR REPLACE FUNCTION "abc_scale_deserialize"( "bytes" bytea, "_unused" internal )
RETURNS internal
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'abc_scale_deserialize_wrapper';

CREATE OR REPLACE FUNCTION "abc_scale_serialize"( "state" internal )
RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'abc_scale_serialize_wrapper';

CREATE OR REPLACE FUNCTION "abc_scale_transition"( "state" internal, "value" double precision )
RETURNS internal
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'abc_scale_transition_wrapper';

CREATE OR REPLACE FUNCTION "abc_scale_transition"( "state" internal, "value" double precision, "shares" double precision[], "labels" TEXT[] )
RETURNS internal
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'abc_scale_transition_labeled_wrapper';

CREATE OR REPLACE FUNCTION "abc_scale_transition"( "state" internal, "value" double precision, "shares" double precision[] )
RETURNS internal
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'abc_scale_transition_shares_wrapper';

CREATE OR REPLACE FUNCTION "bar"( "share" double precision, "width" INT DEFAULT 20 )
RETURNS TEXT
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'bar_wrapper';

CREATE OR REPLACE FUNCTION "concentration_combine"( "state" internal, "other" internal )
RETURNS internal
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'concentration_combine_wrapper';

CREATE OR REPLACE FUNCTION "concentration_deserialize"( "bytes" bytea, "_unused" internal )
RETURNS internal
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'concentration_deserialize_wrapper';

CREATE TYPE concentration;

CREATE OR REPLACE FUNCTION "concentration_in"( "input" cstring )
RETURNS concentration
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'concentration_in_wrapper';

CREATE OR REPLACE FUNCTION "concentration_out"( "input" concentration )
RETURNS cstring
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'concentration_out_wrapper';

CREATE TYPE concentration ( INTERNALLENGTH = variable, INPUT = concentration_in, OUTPUT = concentration_out, STORAGE = extended );

CREATE OR REPLACE FUNCTION "concentration_final"( "state" internal )
RETURNS concentration
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'concentration_final_wrapper';

CREATE OR REPLACE FUNCTION "concentration_recv"( "buffer" internal )
RETURNS concentration
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'concentration_recv_wrapper';

CREATE OR REPLACE FUNCTION "concentration_send"( "value" concentration )
RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'concentration_send_wrapper';

CREATE OR REPLACE FUNCTION "concentration_serialize"( "state" internal )
RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'concentration_serialize_wrapper';

CREATE OR REPLACE FUNCTION "concentration_transition"( "state" internal, "value" double precision )
RETURNS internal
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'concentration_transition_wrapper';

CREATE OR REPLACE FUNCTION "count"( "c" concentration )
RETURNS bigint
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'concentration_count_wrapper';

CREATE OR REPLACE FUNCTION "customers_for_share"( "c" concentration, "share" double precision )
RETURNS bigint
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'customers_for_share_wrapper';

CREATE OR REPLACE FUNCTION "finding_class"( "class" TEXT, "customer_share" double precision, "amount_share" double precision )
RETURNS TEXT
STRICT STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'finding_class_wrapper';

CREATE OR REPLACE FUNCTION "finding_growth"( "subject" TEXT, "growth" double precision )
RETURNS TEXT
STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'finding_growth_wrapper';

CREATE OR REPLACE FUNCTION "finding_lapsed"( "customers" bigint, "segment" TEXT, "days" bigint )
RETURNS TEXT
STRICT STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'finding_lapsed_wrapper';

CREATE OR REPLACE FUNCTION "finding_top_share"( "c" concentration, "fraction" double precision DEFAULT 0.1 )
RETURNS TEXT
STRICT STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'finding_top_share_wrapper';

CREATE OR REPLACE FUNCTION "gini"( "c" concentration )
RETURNS double precision
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'gini_wrapper';

CREATE OR REPLACE FUNCTION "growth"( "current" double precision, "previous" double precision )
RETURNS double precision
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'growth_float_wrapper';

CREATE OR REPLACE FUNCTION growth(current numeric, previous numeric)
RETURNS float8
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE RETURN CASE WHEN previous <> 0 THEN ((current - previous) / abs(previous))::float8 END;

COMMENT ON FUNCTION growth(numeric, numeric) IS '(current - previous) / |previous|, exact in numeric; NULL when previous is 0 or NULL.';

COMMENT ON FUNCTION growth(float8, float8) IS '(current - previous) / |previous|; NULL when previous is 0, NULL or not finite.';

COMMENT ON FUNCTION bar(float8, integer) IS 'A text bar of width characters for share (0..1): full blocks and one partial block, padded with spaces so columns line up.';

CREATE OR REPLACE FUNCTION "lorenz"( "c" concentration, "points" INT DEFAULT 20 )
RETURNS TABLE ( "customer_share" double precision, "value_share" double precision )
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'lorenz_wrapper';

CREATE OR REPLACE FUNCTION "suggested_action"( "segment" TEXT )
RETURNS TEXT
STRICT STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'suggested_action_wrapper';

CREATE OR REPLACE FUNCTION "suggested_actions"()
RETURNS TABLE ( "model" TEXT, "segment" TEXT, "action" TEXT )
STRICT STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'suggested_actions_wrapper';

CREATE OR REPLACE FUNCTION "svg_bars_final"( "state" internal )
RETURNS TEXT
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'svg_bars_final_wrapper';

CREATE OR REPLACE FUNCTION "svg_bars_transition"( "state" internal, "label" TEXT, "value" double precision )
RETURNS internal
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'svg_bars_transition_wrapper';

CREATE OR REPLACE FUNCTION "svg_bars_transition"( "state" internal, "label" TEXT, "value" double precision, "options_json" jsonb )
RETURNS internal
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'svg_bars_transition_options_wrapper';

CREATE OR REPLACE FUNCTION "svg_pareto_final"( "state" internal )
RETURNS TEXT
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'svg_pareto_final_wrapper';

CREATE OR REPLACE FUNCTION "svg_pareto_transition"( "state" internal, "value" double precision )
RETURNS internal
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'svg_pareto_transition_wrapper';

CREATE OR REPLACE FUNCTION "svg_pareto_transition"( "state" internal, "value" double precision, "options_json" jsonb )
RETURNS internal
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'svg_pareto_transition_options_wrapper';

CREATE OR REPLACE FUNCTION "abc_scale_final"( "state" internal )
RETURNS tier_scale
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'abc_scale_final_wrapper';

CREATE OR REPLACE AGGREGATE abc_scale(value float8) ( SFUNC = abc_scale_transition, STYPE = internal, SSPACE = 1024, FINALFUNC = abc_scale_final, COMBINEFUNC = abc_scale_combine, SERIALFUNC = abc_scale_serialize, DESERIALFUNC = abc_scale_deserialize, PARALLEL = SAFE );

CREATE OR REPLACE AGGREGATE abc_scale(value float8, shares float8[]) ( SFUNC = abc_scale_transition, STYPE = internal, SSPACE = 1024, FINALFUNC = abc_scale_final, COMBINEFUNC = abc_scale_combine, SERIALFUNC = abc_scale_serialize, DESERIALFUNC = abc_scale_deserialize, PARALLEL = SAFE );

CREATE OR REPLACE AGGREGATE abc_scale(value float8, shares float8[], labels text[]) ( SFUNC = abc_scale_transition, STYPE = internal, SSPACE = 1024, FINALFUNC = abc_scale_final, COMBINEFUNC = abc_scale_combine, SERIALFUNC = abc_scale_serialize, DESERIALFUNC = abc_scale_deserialize, PARALLEL = SAFE );

COMMENT ON AGGREGATE abc_scale(float8) IS 'ABC classes at 80% and 95% of the positive total, as a tier_scale: tier(value, scale) gives A, B or C. Largest values first; the customer who crosses a share is in the better class, equal values share a class, values <= 0 are C. Works with OVER (PARTITION BY ...).';

COMMENT ON AGGREGATE abc_scale(float8, float8[]) IS 'ABC classes at cumulative shares (ascending, in (0,1]) of the positive total, as a tier_scale labelled A, B, C, ... Works with OVER (PARTITION BY ...).';

COMMENT ON AGGREGATE abc_scale(float8, float8[], text[]) IS 'ABC classes at cumulative shares of the positive total, as a tier_scale with labels best class first (one more label than shares). Works with OVER (PARTITION BY ...).';

COMMENT ON FUNCTION abc_scale_transition(internal, float8) IS 'Support function of the abc_scale aggregate: transition.';

COMMENT ON FUNCTION abc_scale_transition(internal, float8, float8[]) IS 'Support function of the abc_scale aggregate: transition.';

COMMENT ON FUNCTION abc_scale_transition(internal, float8, float8[], text[]) IS 'Support function of the abc_scale aggregate: transition.';

COMMENT ON FUNCTION abc_scale_final(internal) IS 'Support function of the abc_scale aggregate: final.';

COMMENT ON FUNCTION abc_scale_combine(internal, internal) IS 'Support function of the abc_scale aggregate: combines partial states of parallel workers.';

COMMENT ON FUNCTION abc_scale_serialize(internal) IS 'Support function of the abc_scale aggregate: serializes a partial state (version byte first).';

COMMENT ON FUNCTION abc_scale_deserialize(bytea, internal) IS 'Support function of the abc_scale aggregate: reads a serialized partial state.';

CREATE OR REPLACE FUNCTION "top_share"( "c" concentration, "fraction" double precision )
RETURNS double precision
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'top_share_wrapper';

CREATE OR REPLACE FUNCTION "total"( "c" concentration )
RETURNS double precision
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'concentration_total_wrapper';

CREATE OR REPLACE AGGREGATE concentration(value float8) ( SFUNC = concentration_transition, STYPE = internal, SSPACE = 8192, FINALFUNC = concentration_final, COMBINEFUNC = concentration_combine, SERIALFUNC = concentration_serialize, DESERIALFUNC = concentration_deserialize, PARALLEL = SAFE );

ALTER TYPE concentration SET (SEND = concentration_send, RECEIVE = concentration_recv);

COMMENT ON TYPE concentration IS 'How value is spread over customers (every customer''s value, largest first): read with top_share, customers_for_share, gini, count, total, lorenz. Text form is JSON.';

COMMENT ON AGGREGATE concentration(float8) IS 'Concentration of value over the rows (one row per customer): NULLs are skipped, values below 0 count as 0. Parallel safe.';

COMMENT ON FUNCTION top_share(concentration, float8) IS 'Share of the total brought by the top fraction of customers (the top ceil(fraction * count)); fraction in (0,1]; NULL when the total is 0.';

COMMENT ON FUNCTION customers_for_share(concentration, float8) IS 'How many top customers it takes to reach share of the total; share in (0,1]; NULL when the total is 0.';

COMMENT ON FUNCTION gini(concentration) IS 'Population Gini coefficient: mean absolute difference over twice the mean; 0 when all are equal, NULL when the total is 0.';

COMMENT ON FUNCTION count(concentration) IS 'Number of customers (non-NULL values).';

COMMENT ON FUNCTION total(concentration) IS 'Sum of the values, those below 0 counted as 0.';

COMMENT ON FUNCTION lorenz(concentration, integer) IS 'The Lorenz curve at points + 1 customer shares from 0 to 1: share of the total held by that share of customers, smallest first.';

COMMENT ON FUNCTION concentration_transition(internal, float8) IS 'Support function of the concentration aggregate: transition.';

COMMENT ON FUNCTION concentration_final(internal) IS 'Support function of the concentration aggregate: final.';

COMMENT ON FUNCTION concentration_combine(internal, internal) IS 'Support function of the concentration aggregate: combines partial states of parallel workers.';

COMMENT ON FUNCTION concentration_serialize(internal) IS 'Support function of the concentration aggregate: serializes a partial state (version byte first).';

COMMENT ON FUNCTION concentration_deserialize(bytea, internal) IS 'Support function of the concentration aggregate: reads a serialized partial state.';

COMMENT ON FUNCTION concentration_in(cstring) IS 'Input function of type concentration (JSON text).';

COMMENT ON FUNCTION concentration_out(concentration) IS 'Output function of type concentration (JSON text).';

COMMENT ON FUNCTION concentration_send(concentration) IS 'Send function of type concentration: its versioned binary form, for binary COPY and binary-protocol clients.';

COMMENT ON FUNCTION concentration_recv(internal) IS 'Receive function of type concentration: reads its versioned binary form.';

COMMENT ON FUNCTION suggested_actions() IS 'The usual playbook: a suggested action per standard RFM segment and per cn8 class; names and actions follow segments.language, so the table joins on rfm_segment() and rfm_class().';

COMMENT ON FUNCTION suggested_action(text) IS 'The suggested action for an RFM segment or cn8 class named in English or Chinese, in the language of segments.language; NULL for other names.';

COMMENT ON FUNCTION finding_top_share(concentration, float8) IS 'A finding in words: "Top 10% of customers (5) bring 57.4% of sales"; follows segments.language. NULL when the total is 0.';

COMMENT ON FUNCTION finding_class(text, float8, float8) IS 'A finding in words: "A customers: 18.0% of customers, 71.2% of sales"; follows segments.language.';

COMMENT ON FUNCTION finding_lapsed(bigint, text, bigint) IS 'A finding in words: "3 customers in Champions have not bought for 45 days or more"; follows segments.language.';

COMMENT ON FUNCTION finding_growth(text, float8) IS 'A finding in words: "Class X grew 9.4% on the previous period" (fell when negative; no sales in the previous period when growth is NULL); follows segments.language.';

CREATE OR REPLACE FUNCTION "svg_tree"( "totals" tree_totals, "options_json" jsonb DEFAULT NULL )
RETURNS TEXT
STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'svg_tree_wrapper';

CREATE OR REPLACE AGGREGATE svg_bars(label text, value float8) ( SFUNC = svg_bars_transition, STYPE = internal, FINALFUNC = svg_bars_final, PARALLEL = SAFE );

CREATE OR REPLACE AGGREGATE svg_bars(label text, value float8, options jsonb) ( SFUNC = svg_bars_transition, STYPE = internal, FINALFUNC = svg_bars_final, PARALLEL = SAFE );

CREATE OR REPLACE AGGREGATE svg_pareto(value float8) ( SFUNC = svg_pareto_transition, STYPE = internal, FINALFUNC = svg_pareto_final, PARALLEL = SAFE );

CREATE OR REPLACE AGGREGATE svg_pareto(value float8, options jsonb) ( SFUNC = svg_pareto_transition, STYPE = internal, FINALFUNC = svg_pareto_final, PARALLEL = SAFE );

COMMENT ON AGGREGATE svg_bars(text, float8) IS 'A horizontal bar chart as a self-contained SVG document: one bar per row in aggregate order (use ORDER BY inside the call), the value printed after each bar; labels are XML-escaped.';

COMMENT ON AGGREGATE svg_bars(text, float8, jsonb) IS 'A horizontal bar chart as a self-contained SVG document; options: title, width, height, format (number or percent), decimals, thousands, prefix, suffix.';

COMMENT ON AGGREGATE svg_pareto(float8) IS 'The Pareto curve of the values (one row per customer) as a self-contained SVG document, with the top-10% and 80% markers.';

COMMENT ON AGGREGATE svg_pareto(float8, jsonb) IS 'The Pareto curve as a self-contained SVG document; options: title, width, height, decimals, top (default 0.1), share (default 0.8).';

COMMENT ON FUNCTION svg_tree(tree_totals, jsonb) IS 'The class tree as a self-contained SVG document: one stacked bar per level, each class as wide as its share of the total; options: title, width, height, format, decimals, thousands, prefix, suffix.';

COMMENT ON FUNCTION svg_bars_transition(internal, text, float8) IS 'Support function of the svg_bars aggregate: transition.';

COMMENT ON FUNCTION svg_bars_transition(internal, text, float8, jsonb) IS 'Support function of the svg_bars aggregate: transition.';

COMMENT ON FUNCTION svg_bars_final(internal) IS 'Support function of the svg_bars aggregate: final.';

COMMENT ON FUNCTION svg_pareto_transition(internal, float8) IS 'Support function of the svg_pareto aggregate: transition.';

COMMENT ON FUNCTION svg_pareto_transition(internal, float8, jsonb) IS 'Support function of the svg_pareto aggregate: transition.';

COMMENT ON FUNCTION svg_pareto_final(internal) IS 'Support function of the svg_pareto aggregate: final.';
