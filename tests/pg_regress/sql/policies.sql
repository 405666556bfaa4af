-- Policies: dimensions and tags as one validated JSON value, stored by
-- name, applied by classify, calibrated per population.
SET DateStyle = ISO, YMD;
CREATE TABLE policy_customers AS
SELECT i AS id, i * 100.0 AS total, 1 + i % 20 AS orders, (i * 37) % 1000 AS employees,
       CASE i % 3 WHEN 0 THEN 'C' WHEN 1 THEN 'F' ELSE 'K' END AS industry,
       CASE WHEN i % 2 = 0 THEN '华北' ELSE '华南' END AS region, i % 10 = 0 AS key_account
FROM generate_series(1, 1000) AS i;

-- A valid policy has no problems.
SELECT * FROM segments.check_policy('{
  "metrics": {"total": "number", "orders": "number", "employees": "number", "industry": "text", "key_account": "bool"},
  "dimensions": {
    "size": {"metric": "employees", "cuts": [50, 500], "labels": ["small", "medium", "large"]},
    "industry": {"metric": "industry", "map": {"C": "manufacturing", "F": "retail"}, "default": "other"},
    "importance": {"metric": "key_account", "map": {"true": "key", "false": "normal"}}},
  "tags": {"VIP": {"all": [{"metric": "total", "gte": 90000}, {"metric": "orders", "gte": 12}]},
           "big_key": {"all": [{"dimension": "size", "eq": "large"}, {"dimension": "importance", "eq": "key"}]}}}');

-- Every problem at once, each with its path.
SELECT * FROM segments.check_policy('{
  "metrics": {"total": "number", "industry": "text", "since": "date", "bad": "integer"},
  "dimensions": {
    "amount": {"metric": "total", "bands": [{"label": "low", "lte": 5000}, {"label": "high", "gte": 5000}]},
    "gap": {"metric": "total", "bands": [{"label": "low", "lt": 5000}, {"label": "high", "gt": 5000}]},
    "size": {"metric": "employees", "cuts": [50, 500], "labels": ["small", 2, "large"]},
    "industry": {"metric": "industry", "map": [["C", "manufacturing"], ["C", "retail"]]},
    "typo": {"metric": "total", "cut": [1]}},
  "tags": {
    "empty": {"all": []},
    "mixed": {"metric": "total", "gte": "100000"},
    "when": {"metric": "since", "lt": "2026-02-30"},
    "two": {"metric": "total", "gte": 1, "lt": 2},
    "odd": {"any": [{"metric": "total", "gt": 1}], "not": {"metric": "total", "gt": 2}}},
  "version": 2}') ORDER BY path, problem;

-- Rules nest at most 16 levels (a problem); JSON deeper than 64 levels is
-- an error (54000), at any depth, without recursion.
SELECT * FROM segments.check_policy(jsonb_build_object('metrics', '{"x": "number"}'::jsonb, 'tags',
    jsonb_build_object('deep', (SELECT repeat('{"not": ', 17) || '{"metric": "x", "gt": 1}' || repeat('}', 17))::jsonb)));

-- Classify: dimensions and tags; a missing metric gives a NULL dimension
-- and false comparisons.
CREATE TABLE policy_results AS
SELECT id, segments.classify(to_jsonb(c), '{
  "metrics": {"total": "number", "orders": "number", "employees": "number", "industry": "text", "key_account": "bool"},
  "dimensions": {
    "size": {"metric": "employees", "cuts": [50, 500], "labels": ["small", "medium", "large"]},
    "industry": {"metric": "industry", "map": {"C": "manufacturing", "F": "retail"}, "default": "other"},
    "importance": {"metric": "key_account", "map": {"true": "key", "false": "normal"}}},
  "tags": {"VIP": {"all": [{"metric": "total", "gte": 90000}, {"metric": "orders", "gte": 12}]},
           "big_key": {"all": [{"dimension": "size", "eq": "large"}, {"dimension": "importance", "eq": "key"}]}}}'::jsonb) AS r
FROM policy_customers AS c;
SELECT * FROM policy_results WHERE id IN (1, 30, 990) ORDER BY id;
SELECT segments.dimension(r, 'size') AS size, segments.dimension(r, 'importance') AS importance,
       count(*), count(*) FILTER (WHERE segments.has_tag(r, 'big_key')) AS big_key,
       count(*) FILTER (WHERE segments.has_tag(r, 'VIP')) AS vip
FROM policy_results GROUP BY 1, 2 ORDER BY 1, 2;
-- The same as the hand-written CASE.
SELECT count(*) AS disagreements FROM policy_results JOIN policy_customers USING (id)
WHERE segments.dimension(r, 'size') IS DISTINCT FROM CASE WHEN employees >= 500 THEN 'large' WHEN employees >= 50 THEN 'medium' ELSE 'small' END
   OR segments.has_tag(r, 'VIP') <> (total >= 90000 AND orders >= 12);
SELECT segments.classify('{"employees": null, "key_account": true}',
  '{"metrics": {"employees": "number", "key_account": "bool", "total": "number"},
    "dimensions": {"size": {"metric": "employees", "cuts": [50], "labels": ["small", "large"]}},
    "tags": {"no_total": {"metric": "total", "exists": false}, "big": {"metric": "total", "gt": 1},
             "not_big": {"not": {"metric": "total", "gt": 1}}}}'::jsonb);

-- Stored policies: checked on insert and update, versioned, by name.
INSERT INTO segments.policies (name, body, note) VALUES ('regress_sizes',
  '{"metrics": {"employees": "number"}, "dimensions": {"size": {"metric": "employees", "cuts": [50, 500], "labels": ["small", "medium", "large"]}}}',
  'headcount');
SELECT segments.classify('{"employees": 60}', 'regress_sizes');
SELECT segments.policy_version('regress_sizes') = segments.policy_version(body) AS same_version,
       length(segments.policy_version('regress_sizes')) AS length
FROM segments.policies WHERE name = 'regress_sizes';
SELECT segments.policy_version('no such policy');
-- A changed policy applies from the next statement on, in the same session.
UPDATE segments.policies SET body = jsonb_set(body, '{dimensions,size,cuts}', '[100, 500]') WHERE name = 'regress_sizes';
SELECT segments.classify('{"employees": 60}', 'regress_sizes');
-- Inside a function, too (one statement per call).
CREATE FUNCTION regress_size_of(n int) RETURNS text LANGUAGE sql AS
$$ SELECT segments.dimension(segments.classify(jsonb_build_object('employees', n), 'regress_sizes'), 'size') $$;
SELECT regress_size_of(60);
UPDATE segments.policies SET body = jsonb_set(body, '{dimensions,size,cuts}', '[50, 500]') WHERE name = 'regress_sizes';
SELECT regress_size_of(60);
-- Invalid bodies are refused with every problem listed.
INSERT INTO segments.policies (name, body) VALUES ('regress_bad',
  '{"metrics": {"n": "number"}, "dimensions": {"x": {"metric": "m", "cuts": [2, 1], "labels": ["a", "b", "c"]}}, "tags": {"t": {"any": []}}}');
UPDATE segments.policies SET body = '{"metrics": {}, "tags": {"t": {"metric": "n", "eq": 1}}}' WHERE name = 'regress_sizes';
SELECT name, note FROM segments.policies WHERE name LIKE 'regress%' ORDER BY name;

-- A role without superuser can read, write and use policies once granted.
CREATE ROLE regress_policy_editor;
GRANT SELECT, INSERT, UPDATE, DELETE ON segments.policies TO regress_policy_editor;
GRANT SELECT ON policy_customers TO regress_policy_editor;
SET ROLE regress_policy_editor;
INSERT INTO segments.policies (name, body) VALUES ('regress_editor',
  '{"metrics": {"total": "number"}, "tags": {"big": {"metric": "total", "gte": 50000}}}');
SELECT count(*) FILTER (WHERE segments.has_tag(segments.classify(to_jsonb(c), 'regress_editor'), 'big')) AS big
FROM policy_customers AS c;
DELETE FROM segments.policies WHERE name = 'regress_editor';
RESET ROLE;
-- Without the grant, reading is allowed (classify by name) but writing is not.
CREATE ROLE regress_policy_reader;
SET ROLE regress_policy_reader;
SELECT segments.classify('{"employees": 600}', 'regress_sizes');
INSERT INTO segments.policies (name, body) VALUES ('regress_reader', '{"metrics": {}}');
RESET ROLE;
DROP ROLE regress_policy_reader;
REVOKE ALL ON segments.policies FROM regress_policy_editor;
REVOKE ALL ON policy_customers FROM regress_policy_editor;
DROP ROLE regress_policy_editor;

-- Calibration: relative thresholds replaced by their values in the
-- population; the top 10% / middle 80% / bottom 10% split.
CREATE TABLE policy_relative AS SELECT '{
  "metrics": {"total": "number", "orders": "number"},
  "dimensions": {"value": {"metric": "total", "fractions": [0.1, 0.9], "labels": ["low", "medium", "high"]}},
  "tags": {"frequent": {"metric": "orders", "gt": {"quantile": 0.5}}}}'::jsonb AS body;
SELECT segments.calibrate(body, to_jsonb(c)) FROM policy_customers AS c, policy_relative;
SELECT segments.dimension(r, 'value') AS value, count(*), count(*) FILTER (WHERE segments.has_tag(r, 'frequent')) AS frequent
FROM (SELECT segments.classify(to_jsonb(c), segments.calibrate(body, to_jsonb(c)) OVER ()) AS r
      FROM policy_customers AS c, policy_relative) AS t
GROUP BY 1 ORDER BY 1;
-- Per region: each partition its own thresholds, each split 10/80/10.
SELECT region, segments.dimension(r, 'value') AS value, count(*)
FROM (SELECT region, segments.classify(to_jsonb(c), segments.calibrate(body, to_jsonb(c)) OVER (PARTITION BY region)) AS r
      FROM policy_customers AS c, policy_relative) AS t
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT region, segments.calibrate(body, to_jsonb(c)) -> 'dimensions' -> 'value' -> 'cuts' AS cuts
FROM policy_customers AS c, policy_relative GROUP BY region ORDER BY region;
-- Parallel workers give the same calibration.
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT segments.calibrate(body, to_jsonb(c)) = (SELECT segments.calibrate(body, to_jsonb(c)) FROM policy_customers AS c, policy_relative) AS same
FROM policy_customers AS c, policy_relative;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather;
-- No value of a threshold's metric: no calibration.
SELECT segments.calibrate(body, '{"orders": 1}') IS NULL AS uncalibrated FROM policy_relative;
-- The calibrated policy can be stored.
INSERT INTO segments.policies (name, body)
SELECT 'regress_calibrated', segments.calibrate(body, to_jsonb(c)) FROM policy_customers AS c, policy_relative;
SELECT segments.classify('{"total": 95000, "orders": 20}', 'regress_calibrated');
DELETE FROM segments.policies WHERE name LIKE 'regress%';
DROP FUNCTION regress_size_of(int);
DROP TABLE policy_customers, policy_results, policy_relative;

-- metrics() never errors for a valid profile and date: before the first
-- purchase, and before the last one, the measures that look back from
-- as_of are null (no negative recency); after it they are the usual ones.
SELECT as_of, m->'total' AS total, m->'orders' AS orders, m->'recency_days' AS recency,
       m->'tenure_days' AS tenure, m->'orders_per_month' AS per_month, m->'overdue_days' AS overdue,
       m->'lifecycle' AS lifecycle, m->'is_new' AS is_new
FROM (SELECT as_of, segments.metrics(p, as_of) AS m
      FROM (SELECT segments.profile(d, a) AS p
            FROM (VALUES (date '2026-03-01', 10.00), ('2026-03-31', 5.00)) AS v(d, a)) AS one,
           unnest(ARRAY[date '2026-01-31', '2026-03-15', '2026-03-31', '2026-04-30']) AS as_of) AS t
ORDER BY as_of;
-- Every customer of a table classified as of an early month end: no error.
SELECT count(*) AS customers, count(r) AS classified
FROM (SELECT segments.classify(segments.metrics(segments.profile(d, a), '2026-01-31'), 'default') AS r
      FROM (VALUES (1, date '2026-01-05', 10.00), (2, '2026-02-10', 20.00), (2, '2026-05-01', 1.00)) AS v(c, d, a)
      GROUP BY c) AS t;
