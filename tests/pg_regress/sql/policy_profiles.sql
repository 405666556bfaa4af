-- classify(p, as_of, policy [, extra]): a profile classified without its
-- metrics as JSON equals classify(extra || metrics(p, as_of), policy) for
-- every customer, every as_of (before, on and after the purchases), with
-- and without documents and categories, by a literal and by a stored
-- policy; the errors are the same.
SET DateStyle = ISO, YMD;

-- Generated order lines of 40 customers: orders of several lines, credit
-- notes (documents that sum below 0), comment lines without an amount,
-- categories, amounts with up to 4 decimals.
CREATE TABLE pp_lines AS
SELECT i AS line_id, 1 + (i * 7) % 40 AS customer_id, i / 3 AS document,
       date '2024-01-01' + ((i / 3) * 13) % 900 AS day,
       CASE WHEN i % 97 = 0 THEN NULL
            WHEN (i / 3) % 17 = 0 THEN -((i * 7919) % 50000) / 100.0
            ELSE ((i * 104729) % 2000000) / 10000.0 END AS amount,
       (ARRAY['product', 'service', 'repair', '维修'])[1 + (i * 31) % 4 * (1 + (i / 3) % 5) / 5 % 4] AS category
FROM generate_series(1, 3000) AS i;
-- A customer with one line, one with only a comment line.
INSERT INTO pp_lines VALUES (3001, 41, 9001, '2025-05-05', 19.99, 'service'),
                            (3002, 42, 9002, '2025-05-05', NULL, 'service');

CREATE TABLE pp_customer AS
SELECT c AS customer_id, (ARRAY['C', 'F', 'K'])[1 + c % 3] AS industry, 'region ' || c % 4 AS region,
       c % 5 = 0 AS key_account, (date '2023-01-01' + c * 11)::text AS since
FROM generate_series(1, 42) AS c;

-- Three forms of profile for each customer.
CREATE TABLE pp_profiles AS
SELECT customer_id, form, p FROM (
    SELECT customer_id, 'lines' AS form, segments.profile(day, amount, category) AS p
    FROM pp_lines GROUP BY customer_id
    UNION ALL
    SELECT customer_id, 'documents', segments.profile(day, amount, category, document::int8)
    FROM pp_lines GROUP BY customer_id
    UNION ALL
    SELECT customer_id, 'no categories', segments.profile(day, amount)
    FROM pp_lines GROUP BY customer_id) AS forms;
SELECT form, count(*) AS customers, sum(segments.orders(p)) AS orders, sum(segments.returns(p)) AS returns,
       sum(segments.total(p)) AS total
FROM pp_profiles GROUP BY form ORDER BY form;

-- Each profile at six days: before every purchase, before its last one,
-- on it, after it, and two fixed days.
CREATE TABLE pp_cases AS
SELECT customer_id, form, p, as_of
FROM pp_profiles,
     LATERAL (VALUES (date '2023-06-01'), (date '2025-01-01'), (date '2027-01-01'),
                     (coalesce(segments.last_purchase(p), date '2025-06-01')),
                     (coalesce(segments.last_purchase(p) - 1, date '2025-06-02')),
                     (coalesce(segments.last_purchase(p) + 45, date '2025-06-03'))) AS d(as_of);
SELECT count(*) AS cases, count(*) FILTER (WHERE as_of < segments.last_purchase(p)) AS before_last
FROM pp_cases;

-- A policy reading every standard metric.
CREATE TABLE pp_policy AS SELECT 'standard' AS name, '{
  "metrics": {"total": "number", "orders": "number", "lines": "number", "purchase_days": "number",
              "avg_order": "number", "max_order": "number", "returns": "number", "recency_days": "number",
              "tenure_days": "number", "amount_per_month": "number", "orders_per_month": "number",
              "purchase_interval": "number", "overdue_days": "number", "preference": "text",
              "top_category": "text", "lifecycle": "text", "is_new": "bool"},
  "dimensions": {
    "amount": {"metric": "amount_per_month", "bands": [{"label": "low", "lt": 300}, {"label": "medium", "gte": 300, "lte": 800}, {"label": "high", "gt": 800}]},
    "frequency": {"metric": "orders_per_month", "cuts": [1.5, 3], "labels": ["low", "medium", "high"]},
    "value": {"metric": "total", "cuts": [5000, 10000], "labels": ["small", "mid", "big"]},
    "preference": {"metric": "preference", "map": {"product": "product", "service": "service", "mixed": "mixed"}, "default": "other"},
    "top": {"metric": "top_category", "map": {"维修": "维修"}, "default": "other"},
    "stage": {"metric": "lifecycle", "map": {"new": "N", "active": "A", "at_risk": "R", "lapsed": "L", "reactivated": "B"}},
    "age": {"metric": "tenure_days", "cuts": [365], "labels": ["new", "old"]}},
  "tags": {
    "many_lines": {"metric": "lines", "gt": 80}, "regular": {"metric": "purchase_days", "gte": 60},
    "big_ticket": {"metric": "avg_order", "gt": 100.5}, "big_order": {"metric": "max_order", "gte": 199.5},
    "returns": {"metric": "returns", "gte": 3}, "recent": {"metric": "recency_days", "lte": 30},
    "every_month": {"metric": "purchase_interval", "lt": 12.6}, "overdue": {"metric": "overdue_days", "gt": 0},
    "new": {"metric": "is_new", "eq": true}, "orders": {"metric": "orders", "between": [70, 90]},
    "no_history": {"metric": "recency_days", "exists": false}}}'::jsonb AS body
UNION ALL
-- A policy with metrics from elsewhere (extra): industry, region, a bool
-- and a date; extra's total is overridden by the profile's.
SELECT 'extra', '{
  "metrics": {"total": "number", "orders": "number", "avg_order": "number", "industry": "text",
              "region": "text", "key_account": "bool", "since": "date", "recency_days": "number"},
  "dimensions": {
    "sector": {"metric": "industry", "map": {"C": "manufacturing", "F": "retail"}, "default": "other"},
    "importance": {"metric": "key_account", "map": {"true": "key", "false": "normal"}},
    "frequency": {"metric": "orders", "cuts": [60, 80], "labels": ["low", "medium", "high"]}},
  "tags": {
    "VIP": {"all": [{"metric": "total", "gte": 9000}, {"dimension": "importance", "eq": "key"}]},
    "north": {"metric": "region", "in": ["region 0", "region 1"]},
    "old_customer": {"metric": "since", "lt": "2023-06-01"},
    "big_ticket": {"any": [{"metric": "avg_order", "gt": 100}, {"all": [{"dimension": "sector", "eq": "manufacturing"}, {"metric": "avg_order", "gt": 90}]}]},
    "lapsing": {"metric": "recency_days", "gt": 60}}}'::jsonb;
INSERT INTO segments.policies (name, body) SELECT 'pp_' || name, body FROM pp_policy;

-- The extra metrics of each customer: the customer's row, with a total
-- (that the profile's replaces) and a key the policy does not declare.
CREATE TABLE pp_extra AS
SELECT customer_id, to_jsonb(c) || '{"total": "not a number", "unused": [1, 2]}' AS extra
FROM pp_customer AS c;

-- The JSON path, and the new one by a literal and by name.
CREATE TABLE pp_results AS
SELECT k.customer_id, k.form, k.as_of, y.name,
       segments.classify(coalesce(e.extra, '{}') || segments.metrics(k.p, k.as_of), y.body) AS by_json,
       segments.classify(k.p, k.as_of, y.body, e.extra) AS by_literal,
       segments.classify(k.p, k.as_of, 'pp_' || y.name, e.extra) AS by_name
FROM pp_cases AS k JOIN pp_extra AS e USING (customer_id) CROSS JOIN pp_policy AS y;
SELECT name, count(*) AS cases,
       count(*) FILTER (WHERE by_literal IS DISTINCT FROM by_json) AS literal_differs,
       count(*) FILTER (WHERE by_name IS DISTINCT FROM by_json) AS name_differs,
       count(DISTINCT by_json) AS distinct_results
FROM pp_results GROUP BY name ORDER BY name;
-- The same, as sets, both ways.
SELECT (SELECT count(*) FROM (SELECT customer_id, form, as_of, name, by_json FROM pp_results
                              EXCEPT ALL SELECT customer_id, form, as_of, name, by_literal FROM pp_results) AS a) AS json_not_literal,
       (SELECT count(*) FROM (SELECT customer_id, form, as_of, name, by_literal FROM pp_results
                              EXCEPT ALL SELECT customer_id, form, as_of, name, by_json FROM pp_results) AS b) AS literal_not_json,
       (SELECT count(*) FROM (SELECT customer_id, form, as_of, name, by_json FROM pp_results
                              EXCEPT ALL SELECT customer_id, form, as_of, name, by_name FROM pp_results) AS c) AS json_not_name,
       (SELECT count(*) FROM (SELECT customer_id, form, as_of, name, by_name FROM pp_results
                              EXCEPT ALL SELECT customer_id, form, as_of, name, by_json FROM pp_results) AS d) AS name_not_json;
-- Without extra: as classify(metrics(p, as_of), policy); a NULL extra is no extra.
SELECT y.name, count(*) AS cases,
       count(*) FILTER (WHERE segments.classify(k.p, k.as_of, y.body)
                              IS DISTINCT FROM segments.classify(segments.metrics(k.p, k.as_of), y.body)) AS differs,
       count(*) FILTER (WHERE segments.classify(k.p, k.as_of, 'pp_' || y.name, NULL)
                              IS DISTINCT FROM segments.classify(segments.metrics(k.p, k.as_of), y.body)) AS by_name_differs
FROM pp_cases AS k CROSS JOIN pp_policy AS y GROUP BY y.name ORDER BY y.name;
-- What the standard policy says, in short.
SELECT by_json -> 'dimensions' ->> 'stage' AS stage, by_json -> 'dimensions' ->> 'value' AS value, count(*) AS cases,
       count(*) FILTER (WHERE by_json -> 'tags' ? 'no_history') AS no_history
FROM pp_results WHERE name = 'standard' AND form = 'documents' GROUP BY 1, 2 ORDER BY 1, 2;

-- NULLs: a NULL profile, as_of or policy gives NULL.
SELECT segments.classify(NULL::segments.customer_profile, date '2026-01-01', body) IS NULL AS null_profile,
       segments.classify(p, NULL, body) IS NULL AS null_as_of,
       segments.classify(p, date '2026-01-01', NULL::jsonb) IS NULL AS null_policy,
       segments.classify(p, date '2026-01-01', NULL::text) IS NULL AS null_name
FROM pp_profiles, pp_policy WHERE customer_id = 1 AND form = 'lines' AND name = 'extra';

-- Errors: the same SQLSTATE and message on both paths.
CREATE FUNCTION pp_error(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE TABLE pp_errors (what text, extra text, policy text, as_of text);
INSERT INTO pp_errors VALUES
  ('infinite as_of', $${}$$, $$(SELECT body FROM pp_policy WHERE name = 'extra')$$, $$'infinity'::date$$),
  ('extra of the wrong type', $${"industry": 5}$$, $$(SELECT body FROM pp_policy WHERE name = 'extra')$$, $$'2027-01-01'::date$$),
  ('extra a bad date', $${"since": "2025-02-30"}$$, $$(SELECT body FROM pp_policy WHERE name = 'extra')$$, $$'2027-01-01'::date$$),
  ('extra an array', $$[1]$$, $$(SELECT body FROM pp_policy WHERE name = 'extra')$$, $$'2027-01-01'::date$$),
  ('extra a string', $$"x"$$, $$(SELECT body FROM pp_policy WHERE name = 'extra')$$, $$'2027-01-01'::date$$),
  ('a standard metric declared text', $${}$$, $$'{"metrics": {"total": "text"}, "tags": {"t": {"metric": "total", "eq": "1"}}}'::jsonb$$, $$'2027-01-01'::date$$),
  ('lifecycle declared a date', $${}$$, $$'{"metrics": {"lifecycle": "date"}, "tags": {"t": {"metric": "lifecycle", "exists": true}}}'::jsonb$$, $$'2027-01-01'::date$$),
  ('an invalid policy', $${}$$, $$'{"metrics": {"total": "money"}}'::jsonb$$, $$'2027-01-01'::date$$),
  ('an uncalibrated policy', $${}$$, $$'{"metrics": {"total": "number"}, "tags": {"t": {"metric": "total", "gt": {"quantile": 0.5}}}}'::jsonb$$, $$'2027-01-01'::date$$);
SELECT what,
       pp_error(format('SELECT segments.classify(p, %s, %s, %L) FROM pp_profiles WHERE customer_id = 2 AND form = %L', as_of, policy, extra, 'documents')) AS error,
       pp_error(format('SELECT segments.classify(p, %s, %s, %L) FROM pp_profiles WHERE customer_id = 2 AND form = %L', as_of, policy, extra, 'documents'))
         = pp_error(format('SELECT segments.classify(%L || segments.metrics(p, %s), %s) FROM pp_profiles WHERE customer_id = 2 AND form = %L', extra, as_of, policy, 'documents')) AS same
FROM pp_errors ORDER BY what;
-- By a name that is not stored, or a policy literal not cast.
SELECT pp_error($$SELECT segments.classify(p, '2026-01-01', 'pp_nope') FROM pp_profiles WHERE customer_id = 2$$);
SELECT pp_error($$SELECT segments.classify(p, '2026-01-01', '{"metrics": {}}') FROM pp_profiles WHERE customer_id = 2$$);

-- Totals beyond the float range (1e400) or not 0 but below it (1e-400):
-- PostgreSQL's numeric::float8 refuses them in the JSON path, so does the
-- new path, only when the policy reads them.
CREATE TABLE pp_far AS
SELECT 'huge' AS what, segments.profile(date '2026-01-01', 1e400) AS p
UNION ALL SELECT 'tiny', segments.profile(date '2026-01-01', 1e-400);
SELECT what, regexp_replace(pp_error(format('SELECT segments.classify(p, %L, %L::jsonb) FROM pp_far WHERE what = %L', '2026-02-01',
                             '{"metrics": {"total": "number"}, "tags": {"t": {"metric": "total", "gt": 0}}}', what)),
                             '(\d{3})\d+(\d{3})', '\1...\2') AS error,
       pp_error(format('SELECT segments.classify(p, %L, %L::jsonb) FROM pp_far WHERE what = %L', '2026-02-01',
                       '{"metrics": {"total": "number"}, "tags": {"t": {"metric": "total", "gt": 0}}}', what))
         = pp_error(format('SELECT segments.classify(segments.metrics(p, %L), %L::jsonb) FROM pp_far WHERE what = %L', '2026-02-01',
                           '{"metrics": {"total": "number"}, "tags": {"t": {"metric": "total", "gt": 0}}}', what)) AS same
FROM pp_far ORDER BY what;
SELECT what, segments.classify(p, date '2026-02-01', y.body) = segments.classify(segments.metrics(p, date '2026-02-01'), y.body) AS same,
       segments.classify(p, date '2026-02-01', y.body) -> 'dimensions' AS dimensions
FROM pp_far, (SELECT '{"metrics": {"avg_order": "number", "amount_per_month": "number", "orders": "number"},
                       "dimensions": {"avg": {"metric": "avg_order", "cuts": [0], "labels": ["negative", "positive"]},
                                      "monthly": {"metric": "amount_per_month", "cuts": [0], "labels": ["negative", "positive"]},
                                      "orders": {"metric": "orders", "cuts": [1], "labels": ["none", "some"]}}}'::jsonb AS body) AS y
ORDER BY what;

-- The catalog says what the functions are.
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility, p.proisstrict AS strict, p.proparallel AS parallel,
       pg_get_function_arguments(p.oid) AS arguments, obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
FROM pg_proc AS p WHERE p.proname = 'classify' AND p.pronamespace = 'segments'::regnamespace ORDER BY 1::text;

DELETE FROM segments.policies WHERE name LIKE 'pp\_%';
DROP FUNCTION pp_error(text);
DROP TABLE pp_lines, pp_customer, pp_profiles, pp_cases, pp_policy, pp_extra, pp_results, pp_errors, pp_far;
