-- segments.max_state_mb bounds the state of one group of every aggregate
-- whose state grows with its rows (docs/limits.md): past it, error 54000
-- naming the aggregate and the bound; below it, the same query works.
-- (The setting exists once the library is loaded: the first call loads it.)
SELECT segments.tier_rank(1, '{2}') AS loads_the_library;
SHOW segments.max_state_mb;

CREATE FUNCTION limits_error(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

SET segments.max_state_mb = 1;
SHOW segments.max_state_mb;
-- 1 MB holds 131,072 values of 8 bytes; 200,000 rows do not fit, 100,000 do.
SELECT limits_error(format(q, 200000)) AS over_the_bound, limits_error(format(q, 100000)) AS under_it
FROM unnest(ARRAY[
  $$SELECT segments.quantile_scale(i, '{0.5}') FROM generate_series(1, %s) AS i$$,
  $$SELECT segments.abc_scale(i, '{0.8}') FROM generate_series(1, %s) AS i$$,
  $$SELECT segments.concentration(i) FROM generate_series(1, %s) AS i$$,
  $$SELECT segments.svg_pareto(i) FROM generate_series(1, %s) AS i$$,
  $$SELECT segments.calibrate('{"metrics": {"v": "number"}, "dimensions": {"d": {"metric": "v", "fractions": [0.5], "labels": ["low", "high"]}}}', jsonb_build_object('v', i)) FROM generate_series(1, %s) AS i$$
]) AS q;
-- An RFM scale holds 24 bytes per customer: 50,000 fit, 60,000 do not.
SELECT limits_error('SELECT segments.rfm_scale(i, i, i) FROM generate_series(1, 60000) AS i') AS over_the_bound,
       limits_error('SELECT segments.rfm_scale(i, i, i) FROM generate_series(1, 40000) AS i') AS under_it;
-- Trees: rows and their strings.
SELECT limits_error('SELECT segments.tree(i::text, NULLIF((i / 2)::text, ''0''), repeat(''x'', 100)) FROM generate_series(1, 10000) AS i') AS over_the_bound,
       limits_error('SELECT segments.tree(i::text, NULLIF((i / 2)::text, ''0'')) FROM generate_series(1, 5000) AS i') AS under_it;
SELECT limits_error('SELECT segments.tree_nested(i::text, 2 * i, 2 * i + 1, repeat(''x'', 100)) FROM generate_series(1, 10000) AS i') AS over_the_bound;
SELECT limits_error('SELECT segments.tree_coded(lpad(i::text, 6, ''0''), ''2-2-2'', repeat(''x'', 100)) FROM generate_series(1, 10000) AS i') AS over_the_bound;
-- Class-tree totals: nodes and their customer sets (one node, 30,000 customers).
SELECT limits_error('SELECT segments.rollup_tree(''01'', 1.0, ''2-2-2''::segments.code_scheme, i) FROM generate_series(1, 30000) AS i') AS over_the_bound,
       limits_error('SELECT segments.rollup_tree(''01'', 1.0, ''2-2-2''::segments.code_scheme, i) FROM generate_series(1, 5000) AS i') AS under_it;
SELECT limits_error('SELECT segments.rollup_tree(ARRAY[''01'', ''02''], 1.0, ''2-2-2''::segments.code_scheme, i) FROM generate_series(1, 30000) AS i') AS many_to_many_over;
SELECT limits_error('SELECT segments.node_totals(''01'', 1.0, i) FROM generate_series(1, 30000) AS i') AS node_totals_over,
       limits_error('SELECT segments.node_totals(i::text, 1.0) FROM generate_series(1, 30000) AS i') AS node_totals_nodes_over;
-- Charts: svg_bars draws at most 1,000 bars, and their labels count against
-- the bound: 1,000 labels of 2,000 bytes (2 MB) do not fit, of 500 bytes they do.
SELECT limits_error('SELECT segments.svg_bars(repeat(''x'', 2000), i) FROM generate_series(1, 1000) AS i') AS over_the_bound,
       limits_error('SELECT segments.svg_bars(repeat(''x'', 500), i) FROM generate_series(1, 1000) AS i') AS under_it;
SELECT limits_error('SELECT segments.svg_bars(repeat(''x'', 2000), i, ''{"title": "Sales"}'') FROM generate_series(1, 1000) AS i') AS with_options_over;
-- Customer value models: a hash table of the distinct histories (33 bytes a
-- bucket for bgnbd_fit, 25 for gamma_gamma_fit), refused before it doubles
-- past the bound: 100,000 distinct histories do not fit, 10,000 do.
SET client_min_messages = warning;  -- (a fit that does not converge says so)
SELECT limits_error('SELECT segments.bgnbd_fit(i % 10, CASE WHEN i % 10 = 0 THEN 0 ELSE i % 100 END, 100 + i) FROM generate_series(1, 100000) AS i') AS over_the_bound,
       limits_error('SELECT segments.bgnbd_fit(i % 10, CASE WHEN i % 10 = 0 THEN 0 ELSE i % 100 END, 100 + i) FROM generate_series(1, 10000) AS i') AS under_it;
SELECT limits_error('SELECT segments.gamma_gamma_fit(1 + i % 10, i) FROM generate_series(1, 100000) AS i') AS over_the_bound,
       limits_error('SELECT segments.gamma_gamma_fit(1 + i % 10, i) FROM generate_series(1, 10000) AS i') AS under_it;
-- Identical histories are counted once: 200,000 customers with 10 of them fit.
SELECT limits_error('SELECT segments.bgnbd_fit(i % 10, CASE WHEN i % 10 = 0 THEN 0 ELSE 5 END, 10) FROM generate_series(1, 200000) AS i') AS repeated_histories;
RESET client_min_messages;

-- The bound is per group: four groups of 100,000 values pass.
SELECT count(*) FROM (SELECT segments.quantile_scale(i, '{0.5}') FROM generate_series(1, 400000) AS i GROUP BY i % 4) AS t;
-- A parallel plan: the workers' states, each under the bound, are
-- refused when combined past it.
CREATE TABLE limits_values AS SELECT i::float8 AS v FROM generate_series(1, 200000) AS i;
ANALYZE limits_values;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT segments.quantile_scale(v, '{0.5}') FROM limits_values;
-- (How many values the workers held when it stopped depends on the split.)
SELECT split_part(limits_error($$SELECT segments.quantile_scale(v, '{0.5}') FROM limits_values$$), ' with ', 1) AS parallel_over_the_bound;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE limits_values;

-- Only a superuser (or a role granted the right to set it) changes the bound.
RESET segments.max_state_mb;
CREATE ROLE limits_user;
SET ROLE limits_user;
SELECT limits_error('SET segments.max_state_mb = 100000');
RESET ROLE;
DROP ROLE limits_user;
-- PostgreSQL words the range of a setting with units differently from
-- version 17 on ("1 .. 1048576", then "1 MB .. 1048576 MB"): the SQLSTATE and
-- the setting named are what the extension decides.
SELECT split_part(e, ':', 1) AS below_the_minimum, e LIKE '%"segments.max_state_mb"%' AS names_the_setting
FROM limits_error('SET segments.max_state_mb = 0') AS e;
SELECT limits_error(format('SELECT segments.quantile_scale(i, %L) FROM generate_series(1, 200000) AS i', '{0.5}')) AS default_bound;
DROP FUNCTION limits_error(text);
