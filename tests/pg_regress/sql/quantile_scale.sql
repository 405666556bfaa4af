-- Population-relative tiers: cuts at population fractions.
CREATE TABLE spend AS
SELECT i AS customer_id, (i * 7919 % 1000) + 0.5 AS amount, 'R' || (i % 3) AS region
FROM generate_series(1, 1000) AS i;

-- 1000 distinct values at {0.1,0.9}: exactly 100 / 800 / 100.
SELECT segments.quantile_scale(amount, '{0.1,0.9}') FROM spend;
SELECT segments.tier(amount, (SELECT segments.quantile_scale(amount, '{0.1,0.9}') FROM spend)) AS tier, count(*)
FROM spend GROUP BY 1 ORDER BY min(amount);

-- As a window aggregate, per partition, without a CTE.
SELECT region, tier, count(*) AS customers
FROM (SELECT region, segments.tier(amount, segments.quantile_scale(amount, '{0.1,0.9}') OVER (PARTITION BY region)) AS tier
      FROM spend) AS t
GROUP BY region, tier
ORDER BY region, min(tier);

-- Ties at a cut: equal values always share the upper tier.
SELECT v, segments.tier(v, segments.quantile_scale(v, '{0.5}') OVER ()) AS tier
FROM unnest(ARRAY[1, 2, 3, 4, 5, 7, 7, 7, 7, 7]::float8[]) AS v
ORDER BY v;
SELECT segments.quantile_scale(v, '{0.1,0.9}') AS all_equal FROM (SELECT 3.0::float8 FROM generate_series(1, 20)) AS t(v);

-- Labels, NULL values skipped, no rows gives NULL.
SELECT segments.quantile_scale(v, '{0.5}', '{small,large}') FROM (VALUES (1), (NULL), (3)) AS t(v);
SELECT segments.quantile_scale(v, '{0.5}') IS NULL AS no_rows FROM (SELECT 1.0::float8 WHERE false) AS t(v);
SELECT segments.quantile_scale(v, '{0.5}') IS NULL AS only_nulls FROM (VALUES (NULL::float8)) AS t(v);

-- Parallel aggregation: Partial / Finalize plan, same result as serial.
CREATE TABLE big AS SELECT (i * 7907 % 100003)::float8 AS v FROM generate_series(1, 200000) AS i;
ANALYZE big;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_result AS SELECT segments.quantile_scale(v, '{0.1,0.5,0.9}')::text AS scale FROM big;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT segments.quantile_scale(v, '{0.1,0.5,0.9}') FROM big;
CREATE TABLE parallel_result AS SELECT segments.quantile_scale(v, '{0.1,0.5,0.9}')::text AS scale FROM big;
SELECT p.scale = s.scale AS parallel_equals_serial, p.scale FROM parallel_result p, serial_result s;
RESET ALL;
