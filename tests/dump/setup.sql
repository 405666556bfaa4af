-- Stored values of every extension type, in a table and a materialized
-- view, for the pg_dump / pg_restore round trip of scripts/test.
CREATE TABLE order_lines AS
SELECT 1 + i % 40 AS customer_id, date '2025-10-01' + (i * 7) % 400 AS order_date,
       round(((i * 7919) % 50000) / 100.0 - 20, 2)::numeric(12,2) AS amount,
       CASE WHEN i % 4 = 0 THEN 'service' ELSE 'product' END AS category
FROM generate_series(1, 3000) AS i;
CREATE MATERIALIZED VIEW monthly_profiles AS
SELECT customer_id, date_trunc('month', order_date)::date AS month,
       segments.profile(order_date, amount, category) AS profile
FROM order_lines GROUP BY 1, 2;
CREATE TABLE scales (name text PRIMARY KEY, scale segments.tier_scale);
INSERT INTO scales VALUES
    ('cuts', '{5000,10000}'),
    ('bands', '[{"label":"low","lt":5000},{"label":"medium","gte":5000,"lte":10000},{"label":"high","gt":10000}]'),
    ('quantiles', (SELECT segments.quantile_scale(amount, '{0.1,0.9}') FROM order_lines));
CREATE TABLE yearly_profiles AS
SELECT customer_id, segments.rollup(profile) AS profile FROM monthly_profiles GROUP BY 1;
CREATE MATERIALIZED VIEW rfm_scores AS
SELECT customer_id, scale, segments.rfm_score(scale, recency, frequency, monetary) AS score
FROM (SELECT *, segments.rfm_scale(recency, frequency, monetary) OVER () AS scale
      FROM (SELECT customer_id, date '2026-12-01' - max(order_date) AS recency, count(*) AS frequency, sum(amount) AS monetary
            FROM order_lines GROUP BY customer_id) AS per_customer) AS scaled;
CREATE INDEX ON rfm_scores (score);
CREATE TABLE fixed_rfm AS SELECT segments.rfm_scale_fixed('{30,60,90,180}', '{2,4,8,16}', '{100,500,1000,5000}') AS scale;
CREATE TABLE class_trees AS
SELECT '2-2'::segments.code_scheme AS scheme, segments.tree(n, p, name) AS h
FROM (VALUES ('01', NULL, '华北'), ('0101', '01', '北京'), ('02', NULL, '华南')) AS t(n, p, name);
CREATE MATERIALIZED VIEW class_totals AS
SELECT segments.rollup_tree(left(category, 2) || lpad((customer_id % 3)::text, 2, '0'), amount, '2-2', customer_id) AS by_code,
       segments.rollup_tree(CASE WHEN customer_id % 2 = 0 THEN '0101' ELSE '02' END, amount, (SELECT segments.prune(h, 1) FROM class_trees)) AS by_tree
FROM order_lines;
-- A user's policy in the extension's configuration table (from 0.2.0 on;
-- skipped when an older version is installed).
DO $$
BEGIN
    IF to_regclass('segments.policies') IS NOT NULL THEN
        INSERT INTO segments.policies (name, body, note, updated_at) VALUES ('sizes',
            '{"metrics": {"employees": "number", "key_account": "bool"},
              "dimensions": {"size": {"metric": "employees", "cuts": [50, 500], "labels": ["small", "medium", "large"]}},
              "tags": {"key": {"metric": "key_account", "eq": true}}}',
            'headcount bands', '2026-11-01 08:00:00+00');
    END IF;
END $$;
-- Profiles given their documents (from 0.3.0 on; skipped before).
DO $$
BEGIN
    IF to_regprocedure('segments.lines(segments.customer_profile)') IS NOT NULL THEN
        CREATE TABLE documented_profiles AS
        SELECT customer_id, segments.profile(order_date, amount, category, (customer_id * 100 + extract(week FROM order_date))::int8) AS by_id,
               segments.profile(order_date, amount, NULL, 'SO-' || extract(week FROM order_date)) AS by_code
        FROM order_lines GROUP BY customer_id;
    END IF;
END $$;
