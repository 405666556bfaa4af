-- Transition states that are SQL types of their own (quantile_state,
-- rfm_state): what Citus ships between nodes as text must round-trip
-- exactly, partial states must combine to the one-pass result, and the
-- aggregates must give the same answer serially, in parallel and as windows.
CREATE TABLE state_values AS
SELECT i, (i * 7919 % 1000) / 7.0 AS v, i % 3 AS g FROM generate_series(1, 30000) AS i;
ANALYZE state_values;

-- The state types are real varlena types, not pseudo-types.
SELECT typname, typtype, typlen FROM pg_type
WHERE typname IN ('quantile_state', 'rfm_state') ORDER BY typname;
SELECT p.proname, a.aggtranstype::regtype, a.aggcombinefn <> 0 AS combines
FROM pg_aggregate AS a JOIN pg_proc AS p ON p.oid = a.aggfnoid
WHERE p.proname IN ('quantile_scale', 'rfm_scale') ORDER BY 1, 2;

-- What Citus does: a partial aggregate per shard (here per group g) whose
-- state leaves as text, is read back on the coordinator and combined.
CREATE AGGREGATE quantile_partial(float8, float8[]) (
    SFUNC = segments.quantile_scale_transition, STYPE = segments.quantile_state);
CREATE AGGREGATE quantile_combined(segments.quantile_state) (
    SFUNC = segments.quantile_scale_combine, STYPE = segments.quantile_state,
    FINALFUNC = segments.quantile_scale_final);
CREATE AGGREGATE rfm_partial(float8, float8, float8, int) (
    SFUNC = segments.rfm_scale_transition, STYPE = segments.rfm_state);
CREATE AGGREGATE rfm_combined(segments.rfm_state) (
    SFUNC = segments.rfm_scale_combine, STYPE = segments.rfm_state,
    FINALFUNC = segments.rfm_scale_final);
CREATE TABLE state_shipped AS
SELECT g, quantile_partial(v, '{0.1,0.5,0.9}')::text AS quantiles,
       rfm_partial(v, i % 17, v * 3, 4)::text AS rfm
FROM state_values GROUP BY g;
-- The text form is compact (base64 of the binary form: 8 bytes a value).
SELECT g, length(quantiles) BETWEEN 10000 * 8 * 4 / 3 AND 10000 * 8 * 4 / 3 + 100 AS compact FROM state_shipped ORDER BY g;
-- It round-trips exactly.
SELECT bool_and(quantiles::segments.quantile_state::text = quantiles) AND bool_and(rfm::segments.rfm_state::text = rfm)
FROM state_shipped;
-- Combined, the partial states give the one-pass result.
SELECT (SELECT quantile_combined(quantiles::segments.quantile_state) FROM state_shipped)::text
     = (SELECT segments.quantile_scale(v, '{0.1,0.5,0.9}') FROM state_values)::text AS quantiles_equal;
SELECT (SELECT rfm_combined(rfm::segments.rfm_state) FROM state_shipped)::text
     = (SELECT segments.rfm_scale(v, i % 17, v * 3, 4) FROM state_values)::text AS rfm_equal;
SELECT quantile_combined(quantiles::segments.quantile_state) FROM state_shipped;
-- Combining states of different bins is refused.
SELECT rfm_combined(s) FROM (
    SELECT rfm_partial(v, v, v, 4) AS s FROM state_values WHERE g = 0
    UNION ALL SELECT rfm_partial(v, v, v, 5) FROM state_values WHERE g = 1) AS t;

-- Serial, parallel and window forms agree.
SELECT segments.quantile_scale(v, '{0.25,0.75}') AS serial FROM state_values;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT segments.quantile_scale(v, '{0.25,0.75}') FROM state_values;
SELECT segments.quantile_scale(v, '{0.25,0.75}') AS parallel FROM state_values;
SELECT segments.rfm_scale(v, i % 17, v * 3) AS parallel FROM state_values;
SET max_parallel_workers_per_gather = 0;
SELECT g, count(DISTINCT s::text) AS scales, min(s::text) AS scale FROM (
    SELECT g, segments.quantile_scale(v, '{0.5}') OVER (PARTITION BY g) AS s FROM state_values) AS w
GROUP BY g ORDER BY g;
SELECT bool_and(w.s::text = p.s::text) AS window_equals_group FROM (
    SELECT DISTINCT g, (segments.rfm_scale(v, v, v) OVER (PARTITION BY g))::text AS s FROM state_values) AS w
JOIN (SELECT g, segments.rfm_scale(v, v, v)::text AS s FROM state_values GROUP BY g) AS p USING (g);

-- profile_state: the partial profiles of groups, shipped as text and combined,
-- equal the one-pass profile; rollup() of profiles splits the same way.
CREATE AGGREGATE profile_partial(date, numeric, text) (
    SFUNC = segments.profile_transition, STYPE = segments.profile_state);
CREATE AGGREGATE profile_combined(segments.profile_state) (
    SFUNC = segments.profile_combine, STYPE = segments.profile_state,
    FINALFUNC = segments.profile_final);
CREATE AGGREGATE rollup_partial(segments.customer_profile) (
    SFUNC = segments.profile_rollup_transition, STYPE = segments.profile_state);
CREATE TABLE state_shipped_profiles AS
SELECT g, profile_partial(date '2025-01-01' + i % 400, round(v::numeric, 2), 'c' || i % 5)::text AS p
FROM state_values GROUP BY g;
SELECT bool_and(p::segments.profile_state::text = p) AS round_trips FROM state_shipped_profiles;
SELECT (SELECT profile_combined(p::segments.profile_state) FROM state_shipped_profiles)::text
     = (SELECT segments.profile(date '2025-01-01' + i % 400, round(v::numeric, 2), 'c' || i % 5) FROM state_values)::text
       AS profiles_equal;
CREATE TABLE state_monthly AS
SELECT g, date_trunc('month', date '2025-01-01' + i % 400) AS month,
       segments.profile(date '2025-01-01' + i % 400, round(v::numeric, 2)) AS p
FROM state_values GROUP BY 1, 2;
SELECT (SELECT profile_combined(s::text::segments.profile_state) FROM (
            SELECT g, rollup_partial(p) AS s FROM state_monthly GROUP BY g) AS per_g)::text
     = (SELECT segments.rollup(p) FROM state_monthly)::text AS rollups_equal;
SELECT segments.orders(profile_combined(p::segments.profile_state)),
       segments.total(profile_combined(p::segments.profile_state)) FROM state_shipped_profiles;

-- node_totals_state: the per-node partials of groups, shipped as text and
-- combined, equal the one-pass totals, and a tree applied to them once gives
-- what rollup_tree gives over the same rows.
SELECT count(*) AS forms, min(a.aggtranstype::regtype::text) AS state, bool_and(a.aggcombinefn <> 0) AS combines,
       bool_and(a.aggserialfn = 0) AS no_serial
FROM pg_aggregate AS a JOIN pg_proc AS p ON p.oid = a.aggfnoid WHERE p.proname = 'node_totals';
CREATE AGGREGATE node_totals_partial(text, numeric, bigint) (
    SFUNC = segments.node_totals_transition, STYPE = segments.node_totals_state);
CREATE AGGREGATE node_totals_combined(segments.node_totals_state) (
    SFUNC = segments.node_totals_combine, STYPE = segments.node_totals_state,
    FINALFUNC = segments.node_totals_final);
CREATE TABLE state_nodes AS
SELECT g, '0' || (i % 3) || '0' || (i % 4) AS code, round(v::numeric, 2) AS amount, i % 101 AS customer
FROM state_values;
ANALYZE state_nodes;
CREATE TABLE state_shipped_nodes AS
SELECT g, node_totals_partial(code, amount, customer)::text AS n FROM state_nodes GROUP BY g;
SELECT bool_and(n::segments.node_totals_state::text = n) AS round_trips FROM state_shipped_nodes;
SELECT (SELECT node_totals_combined(n::segments.node_totals_state) FROM state_shipped_nodes)::text
     = (SELECT segments.node_totals(code, amount, customer) FROM state_nodes)::text AS node_totals_equal;
SELECT segments.apply_tree((SELECT node_totals_combined(n::segments.node_totals_state) FROM state_shipped_nodes), '2-2')::text
     = (SELECT segments.rollup_tree(code, amount, '2-2', customer) FROM state_nodes)::text AS tree_applied_equal;
SELECT t.node, t.rows, t.amount FROM segments.tree_rows(segments.apply_tree(
    (SELECT node_totals_combined(n::segments.node_totals_state) FROM state_shipped_nodes), '2-2')) AS t
ORDER BY t.node;
-- Serial, parallel and window forms agree.
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT segments.node_totals(code, amount) FROM state_nodes;
SELECT (SELECT segments.node_totals(code, amount::float8, customer::text) FROM state_nodes)::text AS parallel \gset
SET max_parallel_workers_per_gather = 0;
SELECT (SELECT segments.node_totals(code, amount::float8, customer::text) FROM state_nodes)::text = :'parallel'
       AS serial_equals_parallel;
SELECT bool_and(w.s = p.s) AS window_equals_group FROM (
    SELECT DISTINCT g, (segments.node_totals(code, amount) OVER (PARTITION BY g))::text AS s FROM state_nodes) AS w
JOIN (SELECT g, segments.node_totals(code, amount)::text AS s FROM state_nodes GROUP BY g) AS p USING (g);
-- Combining partials with and without customers is refused.
CREATE AGGREGATE node_totals_partial(text, numeric) (
    SFUNC = segments.node_totals_transition, STYPE = segments.node_totals_state);
SELECT node_totals_combined(s) FROM (
    SELECT node_totals_partial(code, amount) AS s FROM state_nodes WHERE g = 0
    UNION ALL SELECT node_totals_partial(code, amount, customer) FROM state_nodes WHERE g = 1) AS t;

-- abc_state and concentration_state: partial states of groups, shipped as
-- text and combined, give the one-pass scale and concentration.
CREATE AGGREGATE abc_partial(float8, float8[]) (
    SFUNC = segments.abc_scale_transition, STYPE = segments.abc_state);
CREATE AGGREGATE abc_combined(segments.abc_state) (
    SFUNC = segments.abc_scale_combine, STYPE = segments.abc_state, FINALFUNC = segments.abc_scale_final);
CREATE AGGREGATE concentration_partial(float8) (
    SFUNC = segments.concentration_transition, STYPE = segments.concentration_state);
CREATE AGGREGATE concentration_combined(segments.concentration_state) (
    SFUNC = segments.concentration_combine, STYPE = segments.concentration_state,
    FINALFUNC = segments.concentration_final);
CREATE TABLE state_shipped_reports AS
SELECT g, abc_partial(v, '{0.7,0.9}')::text AS abc, concentration_partial(v)::text AS c
FROM state_values GROUP BY g;
SELECT bool_and(abc::segments.abc_state::text = abc) AND bool_and(c::segments.concentration_state::text = c)
       AS round_trips FROM state_shipped_reports;
SELECT (SELECT abc_combined(abc::segments.abc_state) FROM state_shipped_reports)::text
     = (SELECT segments.abc_scale(v, '{0.7,0.9}') FROM state_values)::text AS abc_equal;
SELECT (SELECT concentration_combined(c::segments.concentration_state) FROM state_shipped_reports)::text
     = (SELECT segments.concentration(v) FROM state_values)::text AS concentration_equal;
SELECT abc_combined(abc::segments.abc_state) AS abc FROM state_shipped_reports;
SELECT segments.count(c), round(segments.gini(c)::numeric, 6) AS gini, round(segments.top_share(c, 0.1)::numeric, 6) AS top_10
FROM (SELECT concentration_combined(c::segments.concentration_state) AS c FROM state_shipped_reports) AS t;
-- Serial, parallel and window forms agree.
SET max_parallel_workers_per_gather = 2;
SELECT segments.abc_scale(v)::text AS abc, segments.concentration(v)::text AS c FROM state_values \gset parallel_
SET max_parallel_workers_per_gather = 0;
SELECT segments.abc_scale(v)::text = :'parallel_abc' AS abc_serial_equals_parallel,
       segments.concentration(v)::text = :'parallel_c' AS concentration_serial_equals_parallel FROM state_values;
SELECT bool_and(w.s = p.s) AS window_equals_group FROM (
    SELECT DISTINCT g, (segments.abc_scale(v) OVER (PARTITION BY g))::text AS s FROM state_values) AS w
JOIN (SELECT g, segments.abc_scale(v)::text AS s FROM state_values GROUP BY g) AS p USING (g);

-- calibrate_state: the thresholds of a policy calibrated from partial states
-- shipped as text equal the one-pass calibration.
CREATE AGGREGATE calibrate_partial(jsonb, jsonb) (
    SFUNC = segments.calibrate_transition, STYPE = segments.calibrate_state);
CREATE AGGREGATE calibrate_combined(segments.calibrate_state) (
    SFUNC = segments.calibrate_combine, STYPE = segments.calibrate_state, FINALFUNC = segments.calibrate_final);
CREATE TABLE state_policy AS SELECT '{"metrics": {"v": "number"}, "dimensions": {"value":
    {"metric": "v", "fractions": [0.25, 0.75], "labels": ["low", "mid", "high"]}}}'::jsonb AS body;
CREATE TABLE state_shipped_policy AS
SELECT g, calibrate_partial(body, jsonb_build_object('v', v))::text AS c FROM state_values, state_policy GROUP BY g;
SELECT bool_and(c::segments.calibrate_state::text = c) AS round_trips FROM state_shipped_policy;
SELECT (SELECT calibrate_combined(c::segments.calibrate_state) FROM state_shipped_policy)
     = (SELECT segments.calibrate(body, jsonb_build_object('v', v)) FROM state_values, state_policy) AS calibrate_equal;
SELECT calibrate_combined(c::segments.calibrate_state) #> '{dimensions,value,cuts}' AS cuts FROM state_shipped_policy;

-- tree_state, rollup_tree_state, svg_bars_state, svg_pareto_state: with
-- them no aggregate of the extension keeps an `internal` state.
SELECT p.proname, count(*) AS forms, min(a.aggtranstype::regtype::text) AS state,
       bool_and(a.aggcombinefn <> 0) AS combines, bool_and(a.aggserialfn = 0) AS no_serial
FROM pg_aggregate AS a JOIN pg_proc AS p ON p.oid = a.aggfnoid
JOIN pg_namespace AS n ON n.oid = p.pronamespace AND n.nspname = 'segments'
GROUP BY p.proname ORDER BY p.proname;
SELECT count(*) AS internal_states FROM pg_aggregate AS a JOIN pg_proc AS p ON p.oid = a.aggfnoid
JOIN pg_namespace AS n ON n.oid = p.pronamespace AND n.nspname = 'segments'
WHERE a.aggtranstype = 'internal'::regtype;

-- The class trees: partial trees of groups of class rows, shipped as text
-- and combined, build the one-pass tree.
CREATE TABLE state_classes AS
SELECT DISTINCT left(code, n) AS code, CASE WHEN n > 2 THEN left(code, 2) END AS parent, 'class ' || left(code, n) AS name
FROM state_nodes, (VALUES (2), (4)) AS l(n);
CREATE AGGREGATE tree_partial(text, text, text) (
    SFUNC = segments.tree_parent_transition, STYPE = segments.tree_state);
CREATE AGGREGATE tree_combined(segments.tree_state) (
    SFUNC = segments.tree_combine, STYPE = segments.tree_state, FINALFUNC = segments.tree_final);
CREATE TABLE state_shipped_trees AS
SELECT right(code, 1) AS g, tree_partial(code, parent, name)::text AS t FROM state_classes GROUP BY 1;
SELECT count(*) AS partials, bool_and(t::segments.tree_state::text = t) AS round_trips FROM state_shipped_trees;
SELECT (SELECT tree_combined(t::segments.tree_state) FROM state_shipped_trees)::text
     = (SELECT segments.tree(code, parent, name) FROM state_classes)::text AS tree_equal;
CREATE AGGREGATE tree_coded_partial(text, segments.code_scheme) (
    SFUNC = segments.tree_coded_transition, STYPE = segments.tree_state);
SELECT (SELECT tree_combined(t) FROM (SELECT tree_coded_partial(code, '2-2')::text::segments.tree_state AS t
                                      FROM state_classes GROUP BY length(code)) AS s)::text
     = (SELECT segments.tree_coded(code, '2-2') FROM state_classes)::text AS tree_coded_equal;

-- rollup_tree: the partial totals of groups carry their tree (once per
-- state); shipped as text and combined they equal the one-pass totals, with
-- distinct customers, and for customers in several classes.
CREATE TABLE state_tree AS SELECT segments.tree(code, parent, name) AS h FROM state_classes;
CREATE AGGREGATE rollup_tree_partial(text, numeric, segments.hierarchy, bigint) (
    SFUNC = segments.rollup_tree_transition, STYPE = segments.rollup_tree_state);
CREATE AGGREGATE rollup_tree_partial(text[], numeric, segments.code_scheme) (
    SFUNC = segments.rollup_tree_transition, STYPE = segments.rollup_tree_state);
CREATE AGGREGATE rollup_tree_partial(text, numeric, segments.code_scheme) (
    SFUNC = segments.rollup_tree_transition, STYPE = segments.rollup_tree_state);
CREATE AGGREGATE rollup_tree_combined(segments.rollup_tree_state) (
    SFUNC = segments.rollup_tree_combine, STYPE = segments.rollup_tree_state,
    FINALFUNC = segments.rollup_tree_final);
CREATE TABLE state_shipped_rollups AS
SELECT g, rollup_tree_partial(code, amount, h, customer)::text AS r,
       rollup_tree_partial(ARRAY[code, '0' || customer % 2 || '01'], amount, '2-2')::text AS many,
       rollup_tree_partial(code, amount, '2-2')::text AS coded
FROM state_nodes, state_tree GROUP BY g;
SELECT bool_and(r::segments.rollup_tree_state::text = r) AND bool_and(many::segments.rollup_tree_state::text = many)
       AS round_trips FROM state_shipped_rollups;
-- Compact: the tree or scheme once, then per node its key, rows and amount
-- (and its distinct customers, when counted).
SELECT g, length(coded) AS scheme_form FROM state_shipped_rollups ORDER BY g;
SELECT (SELECT rollup_tree_combined(r::segments.rollup_tree_state) FROM state_shipped_rollups)::text
     = (SELECT segments.rollup_tree(code, amount, h, customer) FROM state_nodes, state_tree)::text AS rollup_equal;
SELECT (SELECT rollup_tree_combined(many::segments.rollup_tree_state) FROM state_shipped_rollups)::text
     = (SELECT segments.rollup_tree(ARRAY[code, '0' || customer % 2 || '01'], amount, '2-2') FROM state_nodes)::text
       AS several_classes_equal;
SELECT t.node, t.rows, t.amount, t.customers FROM segments.tree_rows(
    (SELECT rollup_tree_combined(r::segments.rollup_tree_state) FROM state_shipped_rollups)) AS t ORDER BY t.node;
-- Serial, parallel and window forms agree.
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT segments.rollup_tree(code, amount, '2-2', customer) FROM state_nodes;
SELECT segments.rollup_tree(code, amount, '2-2', customer)::text AS scheme,
       segments.rollup_tree(code, amount, h)::text AS tree FROM state_nodes, state_tree \gset parallel_
SET max_parallel_workers_per_gather = 0;
SELECT segments.rollup_tree(code, amount, '2-2', customer)::text = :'parallel_scheme' AS scheme_serial_equals_parallel,
       segments.rollup_tree(code, amount, h)::text = :'parallel_tree' AS tree_serial_equals_parallel
FROM state_nodes, state_tree;
SELECT bool_and(w.s = p.s) AS window_equals_group FROM (
    SELECT DISTINCT g, (segments.rollup_tree(code, amount, h) OVER (PARTITION BY g))::text AS s
    FROM state_nodes, state_tree) AS w
JOIN (SELECT g, segments.rollup_tree(code, amount, h)::text AS s FROM state_nodes, state_tree GROUP BY g) AS p USING (g);
-- Partial states over different schemes are not combined.
SELECT rollup_tree_combined(s) FROM (
    SELECT rollup_tree_partial(code, amount, '2-2') AS s FROM state_nodes WHERE g = 0
    UNION ALL SELECT rollup_tree_partial(code, amount, '2-1-1') FROM state_nodes WHERE g = 1) AS t;

-- The chart aggregates: partial states carry their options; combined in
-- order they draw the one-pass chart.
CREATE AGGREGATE bars_partial(text, float8, jsonb) (
    SFUNC = segments.svg_bars_transition, STYPE = segments.svg_bars_state);
CREATE AGGREGATE bars_combined(segments.svg_bars_state) (
    SFUNC = segments.svg_bars_combine, STYPE = segments.svg_bars_state, FINALFUNC = segments.svg_bars_final);
CREATE AGGREGATE pareto_partial(float8, jsonb) (
    SFUNC = segments.svg_pareto_transition, STYPE = segments.svg_pareto_state);
CREATE AGGREGATE pareto_combined(segments.svg_pareto_state) (
    SFUNC = segments.svg_pareto_combine, STYPE = segments.svg_pareto_state, FINALFUNC = segments.svg_pareto_final);
CREATE TABLE state_shipped_charts AS
SELECT g, bars_partial('group ' || g || ' #' || k, g * 10.0 + k, '{"title": "Groups"}' ORDER BY k)::text AS b
FROM generate_series(0, 2) AS g, generate_series(1, 4) AS k GROUP BY g;
SELECT bool_and(b::segments.svg_bars_state::text = b) AS round_trips FROM state_shipped_charts;
SELECT (SELECT bars_combined(b::segments.svg_bars_state ORDER BY g) FROM state_shipped_charts)
     = (SELECT segments.svg_bars('group ' || g || ' #' || k, g * 10.0 + k, '{"title": "Groups"}' ORDER BY g, k)
        FROM generate_series(0, 2) AS g, generate_series(1, 4) AS k) AS bars_equal;
CREATE TABLE state_shipped_pareto AS
SELECT g, pareto_partial(v, '{"top": 0.2, "share": 0.5}')::text AS p FROM state_values GROUP BY g;
SELECT bool_and(p::segments.svg_pareto_state::text = p) AS round_trips FROM state_shipped_pareto;
SELECT (SELECT pareto_combined(p::segments.svg_pareto_state) FROM state_shipped_pareto)
     = (SELECT segments.svg_pareto(v, '{"top": 0.2, "share": 0.5}') FROM state_values) AS pareto_equal;
SET max_parallel_workers_per_gather = 2;
SELECT md5(segments.svg_pareto(v)) AS pareto FROM state_values \gset parallel_
SET max_parallel_workers_per_gather = 0;
SELECT md5(segments.svg_pareto(v)) = :'parallel_pareto' AS pareto_serial_equals_parallel FROM state_values;
-- More bars than a chart draws are refused when partial states meet too.
SELECT length(bars_combined(b)) FROM (
    SELECT bars_partial(NULL, i, NULL) AS b FROM generate_series(1, 1800) AS i GROUP BY i % 2) AS t;

-- Bad text is refused with the type's name.
SELECT 'not base64!'::segments.quantile_state;
SELECT 'AQ=='::segments.quantile_state;
SELECT 'AQ=='::segments.rfm_state;
SELECT 'AQ=='::segments.profile_state;
SELECT 'AQ=='::segments.node_totals_state;
SELECT 'AQ=='::segments.abc_state;
SELECT 'AQ=='::segments.concentration_state;
SELECT 'AQ=='::segments.calibrate_state;
SELECT 'AQ=='::segments.tree_state;
SELECT 'AQ=='::segments.rollup_tree_state;
SELECT 'AQ=='::segments.svg_bars_state;
SELECT 'AQ=='::segments.svg_pareto_state;
-- The transition function belongs to an aggregate.
SELECT segments.quantile_scale_transition(NULL, 1, '{0.5}');

DROP TABLE state_values, state_shipped, state_shipped_profiles, state_monthly, state_nodes, state_shipped_nodes,
    state_shipped_reports, state_policy, state_shipped_policy, state_classes, state_shipped_trees, state_tree,
    state_shipped_rollups, state_shipped_charts, state_shipped_pareto;
DROP AGGREGATE quantile_partial(float8, float8[]), quantile_combined(segments.quantile_state),
    rfm_partial(float8, float8, float8, int), rfm_combined(segments.rfm_state),
    profile_partial(date, numeric, text), profile_combined(segments.profile_state),
    rollup_partial(segments.customer_profile), node_totals_partial(text, numeric, bigint),
    node_totals_partial(text, numeric),
    node_totals_combined(segments.node_totals_state), abc_partial(float8, float8[]), abc_combined(segments.abc_state),
    concentration_partial(float8), concentration_combined(segments.concentration_state),
    calibrate_partial(jsonb, jsonb), calibrate_combined(segments.calibrate_state),
    tree_partial(text, text, text), tree_coded_partial(text, segments.code_scheme), tree_combined(segments.tree_state),
    rollup_tree_partial(text, numeric, segments.hierarchy, bigint),
    rollup_tree_partial(text[], numeric, segments.code_scheme), rollup_tree_partial(text, numeric, segments.code_scheme),
    rollup_tree_combined(segments.rollup_tree_state), bars_partial(text, float8, jsonb),
    bars_combined(segments.svg_bars_state), pareto_partial(float8, jsonb), pareto_combined(segments.svg_pareto_state);
