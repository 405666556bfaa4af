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
RESET max_parallel_workers_per_gather;
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

-- Bad text is refused with the type's name.
SELECT 'not base64!'::segments.quantile_state;
SELECT 'AQ=='::segments.quantile_state;
SELECT 'AQ=='::segments.rfm_state;
SELECT 'AQ=='::segments.profile_state;
-- The transition function belongs to an aggregate.
SELECT segments.quantile_scale_transition(NULL, 1, '{0.5}');

DROP TABLE state_values, state_shipped, state_shipped_profiles, state_monthly;
DROP AGGREGATE quantile_partial(float8, float8[]), quantile_combined(segments.quantile_state),
    rfm_partial(float8, float8, float8, int), rfm_combined(segments.rfm_state),
    profile_partial(date, numeric, text), profile_combined(segments.profile_state),
    rollup_partial(segments.customer_profile);
