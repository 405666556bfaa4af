-- Bad policies and bad metrics get an ERROR with a SQLSTATE naming the
-- argument or the JSON path; none crashes the server.
CREATE OR REPLACE FUNCTION error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE TABLE policy_errors_p AS SELECT '{"metrics": {"employees": "number", "since": "date"},
  "dimensions": {"size": {"metric": "employees", "cuts": [50, 500], "labels": ["small", "medium", "large"]}},
  "tags": {"early": {"metric": "since", "lt": "2020-01-01"}}}'::jsonb AS p;
CREATE TABLE policy_errors_deep AS
SELECT (repeat('{"not": ', 10000) || '{"metric": "x", "gt": 1}' || repeat('}', 10000))::jsonb AS deep,
       (repeat('[', 10000) || repeat(']', 10000))::jsonb AS arrays,
       jsonb_build_object('metrics', (SELECT jsonb_object_agg('metric_' || i, 'number') FROM generate_series(1, 60000) AS i)) AS big;
SELECT octet_length(big::text) > 1000000 AS over_1mb FROM policy_errors_deep;

SELECT query, error_of(query) AS error
FROM (VALUES
    ($$SELECT segments.check_policy('{"metrics": ')$$),
    ($$SELECT segments.classify('{"employees": 1', (SELECT p FROM policy_errors_p))$$),
    ($$SELECT segments.classify('{}', 'no_such_policy')$$),
    ($$SELECT segments.classify('{}', '{"metrics": {}}')$$),
    ($$SELECT segments.classify('{"employees": "many"}', (SELECT p FROM policy_errors_p))$$),
    ($$SELECT segments.classify('{"employees": [1]}', (SELECT p FROM policy_errors_p))$$),
    ($$SELECT segments.classify('{"since": "yesterday"}', (SELECT p FROM policy_errors_p))$$),
    ($$SELECT segments.classify('[1, 2]', (SELECT p FROM policy_errors_p))$$),
    ($$SELECT segments.classify('"text"', (SELECT p FROM policy_errors_p))$$),
    ($$SELECT segments.classify('{"x": 1}', '{"metrics": {"x": "number"}, "tags": {"t": {"metric": "x", "gt": "1"}}}'::jsonb)$$),
    ($$SELECT segments.classify('{"x": 1}', '{"metrics": {"x": "number"}, "dimensions": {"d": {"metric": "x", "cuts": [1], "labels": [1, 2]}}}'::jsonb)$$),
    ($$SELECT segments.classify('{"x": 1}', '{"metrics": {"x": "number"}, "dimensions": {"d": {"metric": "x", "fractions": [0.5], "labels": ["a", "b"]}}}'::jsonb)$$),
    ($$SELECT segments.classify('{"x": 1}', '[]'::jsonb)$$),
    ($$SELECT segments.check_policy(deep) FROM policy_errors_deep$$),
    ($$SELECT segments.check_policy(arrays) FROM policy_errors_deep$$),
    ($$SELECT segments.classify('{}', deep) FROM policy_errors_deep$$),
    ($$SELECT segments.calibrate(deep, '{}') FROM policy_errors_deep$$),
    ($$SELECT segments.check_policy(big) FROM policy_errors_deep$$),
    ($$SELECT segments.classify('{}', big) FROM policy_errors_deep$$),
    ($$SELECT segments.calibrate(NULL, '{}')$$),
    ($$SELECT segments.calibrate('{"metrics": {"x": "number"}, "tags": {"t": {"metric": "x", "gt": {"quantile": 0.5}}}}', '{"x": "many"}')$$),
    ($$SELECT segments.calibrate(p, '{}') FROM (VALUES ('{"metrics": {}}'::jsonb), ('{"metrics": {"x": "number"}}')) AS t(p)$$),
    ($$SELECT segments.metrics(segments.profile(d, 1, 'a'), 'infinity') FROM (VALUES (date '2026-01-01')) AS t(d)$$),
    ($$SELECT segments.metrics(segments.profile(d, 1, 'a'), '2025-01-01') FROM (VALUES (date '2026-01-01')) AS t(d)$$),
    ($$INSERT INTO segments.policies (name, body) VALUES ('regress_deep', (SELECT deep FROM policy_errors_deep))$$),
    ($$INSERT INTO segments.policies (name, body) VALUES ('regress_null', NULL)$$)
) AS t(query);

-- A metric nested 10,000 levels deep in the data is never read: it is
-- only an error when the policy uses it.
SELECT segments.classify(jsonb_build_object('employees', 60, 'deep', arrays), p) FROM policy_errors_deep, policy_errors_p;
-- NULL metrics or policy: NULL.
SELECT segments.classify(NULL, p) IS NULL AS null_metrics, segments.classify('{}', NULL::jsonb) IS NULL AS null_policy FROM policy_errors_p;
DROP TABLE policy_errors_p, policy_errors_deep;
