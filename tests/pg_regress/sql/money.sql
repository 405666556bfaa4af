-- Money is exact everywhere: every accumulator (profiles, rollups of
-- profiles, tree totals) equals SQL sum() of the same amounts to the last
-- digit and at the same scale, up to 38 significant digits at any scale;
-- float8 amounts count as PostgreSQL's amount::numeric cast reads them.
CREATE OR REPLACE FUNCTION error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
-- This file's tables live in their own schema, dropped at the end.
CREATE SCHEMA money;
SET search_path = money, public;

-- A net-of-VAT amount (scale 16) and a float8 product.
SELECT segments.total(segments.profile(current_date, 1130::numeric / 1.13));
SELECT segments.total(segments.profile(d, a)), sum(a) AS float_sum, sum(a::numeric) AS numeric_sum
FROM (VALUES (current_date, 349.79999999999995::float8), (current_date - 1, 148423.75::float8)) v(d, a);

-- float8 amounts read exactly as amount::numeric, value and scale, on
-- 120,000 awkward floats: products, thirds, reciprocals, ten powers apart.
CREATE TABLE floats AS
SELECT i, k, v
FROM generate_series(1, 20000) AS i,
     LATERAL (VALUES (1, i * 0.1::float8 * 1.13),
                     (2, (i % 997) * 19.99::float8 * (i / 7.0::float8)),
                     (3, i / 3.0::float8),
                     (4, 1.0::float8 / i),
                     (5, power(10::float8, i % 30 - 15) * (i / 7.0::float8)),
                     (6, -(i % 13) * 0.1::float8 * (349.8::float8 + i % 100))) AS x(k, v);
SELECT count(*) AS floats,
       count(*) FILTER (WHERE total::text <> v::numeric::text) AS differ_from_the_cast
FROM (SELECT i, k, v, segments.total(segments.profile(current_date, v)) AS total
      FROM floats GROUP BY i, k, v) AS one_per_row;
-- Their totals equal sum(v::numeric); for each kind (k = 5 by power of ten:
-- a total must fit in 38 digits at the largest scale of its amounts).
SELECT k, count(*) AS groups,
       count(*) FILTER (WHERE total::text = numeric_sum::text) AS equal_to_sum_numeric,
       count(*) FILTER (WHERE abs(total::float8 - float_sum) <= 1e-9 * abs(float_sum)) AS close_to_sum_float8
FROM (SELECT k, segments.total(segments.profile(current_date + i % 40, v)) AS total,
             sum(v::numeric) AS numeric_sum, sum(v) AS float_sum
      FROM floats GROUP BY k, CASE WHEN k = 5 THEN i % 30 END) AS per_group
GROUP BY k ORDER BY k;

-- 1,000,000 order lines mixing scales 2, 16 and 20, with returns; the
-- grand total has 38 significant digits at scale 20.
CREATE TABLE lines AS
SELECT i, i % 10 AS customer, date '2026-01-01' + i % 400 AS at, 'c' || i % 3 AS category,
       CASE i % 5
           WHEN 0 THEN round(i * 1200000.0 / 1.13, 16)
           WHEN 1 THEN round(i * 1200000.0 / 3.0, 20)
           WHEN 2 THEN -round(i * 300000.0 / 7.0, 2)
           WHEN 3 THEN (i % 1000)::numeric / 1.13
           ELSE (i % 3 + 1)::numeric / 3.0
       END AS amount
FROM generate_series(1, 1000000) AS i;
SELECT scale(amount), count(*) FROM lines GROUP BY 1 ORDER BY 1;
SELECT sum(amount), length(replace(sum(amount)::text, '.', '')) AS digits FROM lines;

CREATE TABLE whole AS SELECT segments.profile(at, amount, category) AS p FROM lines;
SELECT segments.total(p)::text = (SELECT sum(amount)::text FROM lines) AS total_is_sum,
       segments.max_order(p) = (SELECT max(amount) FROM lines) AS max_is_max,
       segments.avg_order(p) = (SELECT sum(amount) / count(*) FROM lines) AS avg_is_sum_over_count,
       segments.orders(p), segments.returns(p), segments.purchase_days(p)
FROM whole;
-- Each day's and each category's total, through the text form.
-- (The profile keeps them all at its scale, 20, so compare values.)
SELECT count(*) AS days, count(*) FILTER (WHERE (d.value #>> '{}')::numeric = s.total) AS equal,
       count(*) FILTER (WHERE scale((d.value #>> '{}')::numeric) = 20) AS at_scale_20
FROM whole, jsonb_each(p::text::jsonb -> 'days') AS d
JOIN (SELECT at, sum(amount) AS total FROM lines GROUP BY at) AS s ON s.at = d.key::date;
SELECT c.key AS category, (c.value ->> 'amount')::numeric = s.total AS equal, c.value -> 'rows' AS rows
FROM whole, jsonb_each(p::text::jsonb -> 'categories') AS c
JOIN (SELECT category, sum(amount) AS total FROM lines GROUP BY category) AS s ON s.category = c.key
ORDER BY 1;
-- total() writes the numeric as PostgreSQL's sum() does, byte for byte
-- (*= compares rows by their stored images).
SELECT t *= s AS same_bytes
FROM (SELECT segments.total(p) AS total FROM whole) AS t,
     (SELECT sum(amount) AS total FROM lines) AS s;
SELECT count(*) AS amounts, count(*) FILTER (WHERE t *= u) AS same_bytes
FROM unnest('{0, 0.000, -0.5, 10000, 0.05, 1234.50, 700000000.1, 0.00000000000000000001,
              99999999999999999999999999999999999999, -9.9999999999999999999999999999999999999,
              0.99999999999999999999999999999999999999, 999999999999999999999999999999999999.99}'::numeric[]) AS a,
     LATERAL (SELECT segments.total(segments.profile(current_date, x)) FROM (SELECT a) AS q(x)) AS t,
     LATERAL (SELECT sum(x) FROM (SELECT a) AS q(x)) AS u;
-- The text form reads back the same profile.
SELECT p::text::segments.customer_profile::text = p::text AS text_round_trip FROM whole;

-- Per customer, serial and in parallel (partial states serialized and
-- combined), and monthly profiles rolled up into the year.
CREATE TABLE per_customer AS
SELECT customer, segments.profile(at, amount, category) AS p, sum(amount) AS total
FROM lines GROUP BY customer;
SELECT count(*) AS customers, count(*) FILTER (WHERE segments.total(p)::text = total::text) AS equal
FROM per_customer;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT count(*) AS customers, count(*) FILTER (WHERE q.p::text = c.p::text) AS same_profile
FROM (SELECT customer, segments.profile(at, amount, category) AS p FROM lines GROUP BY customer) AS q
JOIN per_customer AS c USING (customer);
SELECT segments.rollup(p)::text = (SELECT p::text FROM whole) AS rollup_of_customers_is_one_pass
FROM per_customer;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS customers, count(*) FILTER (WHERE r.p::text = c.p::text) AS rollup_is_one_pass
FROM (SELECT customer, segments.rollup(p) AS p
      FROM (SELECT customer, date_trunc('month', at), segments.profile(at, amount, category) AS p
            FROM lines GROUP BY 1, 2) AS monthly
      GROUP BY customer) AS r
JOIN per_customer AS c USING (customer);

-- Tree totals: every node and the roots plus unclassified equal sum().
CREATE TABLE coded AS
SELECT lpad((i % 7)::text, 2, '0') || lpad((i % 11)::text, 2, '0') AS code, amount FROM lines;
SELECT t.level, count(*) AS nodes,
       count(*) FILTER (WHERE t.amount::text = s.total::text) AS equal_to_sum
FROM segments.tree_rows((SELECT segments.rollup_tree(code, amount, '2-2') FROM coded)) AS t
JOIN (SELECT code AS node, sum(amount) AS total FROM coded GROUP BY code
      UNION ALL
      SELECT left(code, 2), sum(amount) FROM coded GROUP BY left(code, 2)) AS s USING (node)
GROUP BY t.level ORDER BY t.level;
SELECT sum(amount)::text = (SELECT sum(amount)::text FROM lines) AS roots_are_sum
FROM segments.tree_rows((SELECT segments.rollup_tree(code, amount, '2-2') FROM coded)) WHERE level = 1;

-- RFM monetary takes float8: totals of scale 20 score, larger never lower.
SELECT count(*) AS customers, bool_and(m >= coalesce(previous, m)) AS larger_never_lower,
       min(m), max(m)
FROM (SELECT m, lag(m) OVER (ORDER BY total) AS previous
      FROM (SELECT segments.total(p) AS total,
                   substr(segments.rfm_score(s, 1, 1, segments.total(p)::float8)::text, 3, 1)::int AS m
            FROM per_customer,
                 (SELECT segments.rfm_scale(1, 1, segments.total(p)::float8) AS s FROM per_customer) AS scale
           ) AS scored
     ) AS ordered;

-- Past 38 significant digits nothing fails, as SQL's sum() answers: the
-- total keeps its 38 leading digits, rounded half to even.
SELECT segments.total(segments.profile(current_date, a))
FROM (VALUES (999999999999999999.99999999999999999999), (999999999999999999.99999999999999999999)) AS t(a);
SELECT segments.total(segments.profile(current_date + n, a))
FROM (VALUES (1, 999999999999999999999999999999), (2, 0.000000001)) AS t(n, a);
SELECT segments.total(segments.profile(current_date, 1e39::numeric)) = 1e39 AS e39,
       segments.total(segments.profile(current_date, round(1, 39))) AS scale_39;
SELECT segments.total(segments.rollup(p))
FROM (SELECT segments.profile(current_date, 999999999999999999.99999999999999999999) AS p FROM generate_series(1, 2)) AS t;
SELECT amount FROM segments.tree_rows((SELECT segments.rollup_tree('01', a, '2')
  FROM (VALUES (999999999999999999.99999999999999999999), (999999999999999999)) AS t(a))) WHERE node = '01';
-- Up to the limit it is exact: 18 digits before the point at scale 20.
SELECT segments.total(segments.profile(current_date + n, a))
FROM (VALUES (1, 999999999999999998.99999999999999999999), (2, 1.0)) AS t(n, a);

RESET search_path;
DROP SCHEMA money CASCADE;
