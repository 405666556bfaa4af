-- ABC classes, concentration, growth and text bars: the rules on small
-- hand-worked examples, then bad input.
CREATE TABLE abc_cases (name text, v float8);
INSERT INTO abc_cases VALUES
  -- total 100: 50, 80 (reaches 80%: A), 90, 96 (crosses 95%: B), 99, 100
  ('worked', 50), ('worked', 30), ('worked', 10), ('worked', 6), ('worked', 3), ('worked', 1),
  -- 40 (40%), three 15s cross 80% inside the block: all A
  ('tie block', 40), ('tie block', 15), ('tie block', 15), ('tie block', 15), ('tie block', 10), ('tie block', 5),
  -- one block across both limits: B is empty
  ('tie across both', 70), ('tie across both', 10), ('tie across both', 10), ('tie across both', 10),
  ('single', 42),
  ('all equal', 7), ('all equal', 7), ('all equal', 7), ('all equal', 7),
  ('all zero', 0), ('all zero', 0), ('all zero', 0),
  -- values <= 0 are C and do not count: positive total 100
  ('zeros and negatives', 80), ('zeros and negatives', 10), ('zeros and negatives', 5),
  ('zeros and negatives', 5), ('zeros and negatives', 0), ('zeros and negatives', -50),
  ('nulls', 5), ('nulls', NULL), ('nulls', 5);

SELECT name, string_agg(coalesce(segments.tier(v, scale), '-'), '' ORDER BY v DESC NULLS LAST) AS classes,
       min(scale::text) AS scale
FROM (SELECT name, v, segments.abc_scale(v) OVER (PARTITION BY name) AS scale FROM abc_cases) AS t
GROUP BY name ORDER BY name;

-- Plain aggregate, custom shares and labels; the labels are best class first.
SELECT segments.abc_scale(v, '{0.5,0.9,0.99}', '{gold,silver,bronze,rest}') FROM abc_cases WHERE name = 'worked';
SELECT v, segments.tier(v, s), segments.tier_rank(v, s)
FROM abc_cases, (SELECT segments.abc_scale(v, '{0.5}') AS s FROM abc_cases WHERE name = 'worked') AS x
WHERE name = 'worked' ORDER BY v DESC;
-- A share of 1: every positive value is A.
SELECT string_agg(segments.tier(v, s), '' ORDER BY v DESC)
FROM (SELECT v, segments.abc_scale(v, '{1}') OVER () AS s FROM abc_cases WHERE name = 'zeros and negatives') AS t;
-- No rows: NULL. The text form reads back.
SELECT segments.abc_scale(v) IS NULL AS empty FROM abc_cases WHERE false;
SELECT '{"cuts":[6,30],"shares":[0.8,0.95],"labels":["C","B","A"]}'::segments.tier_scale;
SELECT segments.tier(31, '{"cuts":[6,30],"shares":[0.8,0.95],"labels":["C","B","A"]}'::segments.tier_scale);

-- Parallel plan: the same classes as a serial one.
CREATE TABLE abc_big AS SELECT i AS id, ((i * 7919) % 1000)::float8 AS v FROM generate_series(1, 20000) AS i;
ANALYZE abc_big;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT segments.abc_scale(v)::text AS parallel_scale FROM abc_big;
EXPLAIN (COSTS OFF) SELECT segments.concentration(v) FROM abc_big;
SELECT md5(segments.concentration(v)::text) AS parallel_values,
       round(segments.gini(segments.concentration(v))::numeric, 6) AS gini FROM abc_big;
RESET max_parallel_workers_per_gather; RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
SET max_parallel_workers_per_gather = 0;
SELECT segments.abc_scale(v)::text AS serial_scale FROM abc_big;
SELECT md5(segments.concentration(v)::text) AS serial_values,
       round(segments.gini(segments.concentration(v))::numeric, 6) AS gini FROM abc_big;
RESET max_parallel_workers_per_gather;
-- Against the plain SQL rule: before = sum of the positive values larger
-- than this one (blocks of equal values, then a running sum over them).
WITH blocks AS (
  SELECT v, coalesce(sum(greatest(v, 0) * n) OVER (ORDER BY v DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
         sum(greatest(v, 0) * n) OVER () AS positive
  FROM (SELECT v, count(*) AS n FROM abc_big GROUP BY v) AS b)
SELECT count(*) AS differences FROM (
  SELECT segments.tier(a.v, segments.abc_scale(a.v) OVER ()) AS class,
         CASE WHEN b.v <= 0 THEN 'C' WHEN b.before < 0.8 * b.positive THEN 'A'
              WHEN b.before < 0.95 * b.positive THEN 'B' ELSE 'C' END AS expected
  FROM abc_big AS a JOIN blocks AS b USING (v)) AS t
WHERE class <> expected;

-- Concentration: 1..10 has Gini 0.3; the top 10% (one customer) bring 10/55.
SELECT segments.count(c), segments.total(c), segments.gini(c),
       round(segments.top_share(c, 0.1)::numeric, 4) AS top_10,
       segments.customers_for_share(c, 0.8) AS for_80
FROM (SELECT segments.concentration(v) AS c FROM generate_series(1, 10) AS v) AS t;
-- The seed's picture: 10 customers, one brings 60%; six make 80%.
SELECT round(segments.top_share(c, 0.1)::numeric, 4) AS top_10, segments.customers_for_share(c, 0.8) AS for_80,
       round(segments.gini(c)::numeric, 4) AS gini
FROM (SELECT segments.concentration(v) AS c
      FROM unnest(array[60, 40/9.0, 40/9.0, 40/9.0, 40/9.0, 40/9.0, 40/9.0, 40/9.0, 40/9.0, 40/9.0]::float8[]) AS v) AS t;
-- Ties, zeros, negatives (counted as 0) and NULLs (skipped).
SELECT c, segments.gini(c), segments.top_share(c, 0.3), segments.customers_for_share(c, 0.5)
FROM (SELECT segments.concentration(v) AS c FROM unnest('{1,1,1,1}'::float8[]) AS v) AS t;
SELECT c, segments.gini(c), segments.top_share(c, 0.5)
FROM (SELECT segments.concentration(v) AS c FROM unnest('{10,0,-3,NULL,0}'::float8[]) AS v) AS t;
SELECT c, segments.gini(c), segments.top_share(c, 0.5), segments.customers_for_share(c, 0.8)
FROM (SELECT segments.concentration(v) AS c FROM unnest('{0,0}'::float8[]) AS v) AS t;
SELECT segments.concentration(v) IS NULL AS empty FROM unnest('{}'::float8[]) AS v;
SELECT * FROM segments.lorenz((SELECT segments.concentration(v) FROM unnest('{1,3}'::float8[]) AS v), 4);
SELECT count(*) AS points FROM segments.lorenz((SELECT segments.concentration(v) FROM generate_series(1, 100) AS v));
SELECT '{"values":[1,3,2]}'::segments.concentration;

-- Growth: exact in numeric, NULL without a base.
SELECT segments.growth(110.00, 100.00) AS up, segments.growth(0, 100) AS gone, segments.growth(50, -100) AS from_loss,
       segments.growth(5, 0) AS no_base, segments.growth(5, NULL) AS no_previous,
       segments.growth(12345678901234567890.12::numeric, 12345678901234567890.11) AS tiny;
SELECT segments.growth(3.0::float8, 2.0::float8), segments.growth(1::float8, 0::float8),
       segments.growth(1::float8, 'Infinity'::float8);

-- Text bars line up.
SELECT share, '|' || segments.bar(share, 10) || '|' AS bar
FROM unnest('{0,0.01,0.33,0.5,0.999,1,1.5,-1}'::float8[]) AS share;
SELECT length(segments.bar(0.37)) AS default_width;

-- Bad input: SQLSTATE and the argument's name.
\set VERBOSITY sqlstate
SELECT segments.abc_scale(v, '{0,0.5}') FROM abc_cases;
\set VERBOSITY default
SELECT segments.abc_scale(v, '{0,0.5}') FROM abc_cases;
SELECT segments.abc_scale(v, '{1.5}') FROM abc_cases;
SELECT segments.abc_scale(v, '{0.9,0.8}') FROM abc_cases;
SELECT segments.abc_scale(v, '{}') FROM abc_cases;
SELECT segments.abc_scale(v, '{0.5,NULL}') FROM abc_cases;
SELECT segments.abc_scale(v, NULL) FROM abc_cases;
SELECT segments.abc_scale(v, '{0.8,0.95}', '{A,B}') FROM abc_cases;
SELECT segments.abc_scale(v) FROM unnest('{1,NaN}'::float8[]) AS v;
SELECT segments.concentration(v) FROM unnest('{1,Infinity}'::float8[]) AS v;
SELECT segments.top_share(segments.concentration(v), 0) FROM generate_series(1, 3) AS v;
SELECT segments.top_share(segments.concentration(v), 1.1) FROM generate_series(1, 3) AS v;
SELECT segments.customers_for_share(segments.concentration(v), -0.5) FROM generate_series(1, 3) AS v;
SELECT * FROM segments.lorenz((SELECT segments.concentration(v) FROM generate_series(1, 3) AS v), 0);
SELECT '{"values":[1],"count":2}'::segments.concentration;
SELECT '{"values":"x"}'::segments.concentration;
SELECT '{"cuts":[1],"shares":[0.5],"fractions":[0.5]}'::segments.tier_scale;
SELECT '{"cuts":[2,1],"shares":[0.5,0.9]}'::segments.tier_scale;
SELECT segments.bar(0.5, -1);
SELECT segments.bar('NaN', 5);

-- Suggested actions: one per standard segment and cn8 class, in both languages.
SELECT model, count(*) FROM segments.suggested_actions() GROUP BY model ORDER BY model;
SELECT segment, action FROM segments.suggested_actions() WHERE segment IN ('Champions', 'Can''t Lose Them', 'important value');
SET segments.language = 'zh';
SELECT segment, action FROM segments.suggested_actions() WHERE model = 'cn8' AND segment LIKE '重要%' ORDER BY segment;
SELECT segments.suggested_action('Champions') AS by_english_name, segments.suggested_action('冠军客户') AS by_chinese_name;
-- Every name rfm_segment and rfm_class can give has an action.
SELECT count(*) AS without_action FROM (
  SELECT segments.rfm_segment(format('%s%s%s', r, f, f)::segments.rfm) AS segment
  FROM generate_series(1, 5) AS r, generate_series(1, 5) AS f) AS s
WHERE segments.suggested_action(segment) IS NULL;
-- Findings in words, figures from the query.
SELECT segments.finding_top_share(segments.concentration(v)) FROM generate_series(1, 50) AS v;
SELECT segments.finding_class('A', 0.18, 0.712), segments.finding_lapsed(3, '冠军客户', 45),
       segments.finding_growth('广东', 0.094), segments.finding_growth('北京', NULL);
RESET segments.language;
SELECT segments.finding_top_share(segments.concentration(v), 0.2) FROM generate_series(1, 50) AS v;
SELECT segments.finding_top_share(segments.concentration(v)) IS NULL AS no_sales FROM unnest('{0,0}'::float8[]) AS v;
SELECT segments.finding_class('A', 0.18, 0.712), segments.finding_lapsed(34, 'Champions', 45),
       segments.finding_growth('Class 广东', -0.032), segments.suggested_action('nobody') IS NULL AS unknown;
SELECT segments.finding_top_share(segments.concentration(v), 2) FROM generate_series(1, 5) AS v;
DROP TABLE abc_cases, abc_big;
