-- Deterministic synthetic ERP data for the benchmark.
-- psql variables: customers, lines.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
SELECT setseed(0.4242);

-- 10 provinces x 10 cities x 10 districts = 1000 leaf classes, scheme 2-2-2.
CREATE TABLE bench.customer_class AS
SELECT lpad(p::text, 2, '0') || lpad(c::text, 2, '0') || lpad(d::text, 2, '0') AS code
FROM generate_series(1, 10) p, generate_series(1, 10) c, generate_series(1, 10) d;

-- Class codes are spread over customers by a fixed stride (bigint: i * 7919
-- leaves int range at the --scale size).
CREATE TABLE bench.customer AS
SELECT i AS customer_id, codes[1 + (i::bigint * 7919) % 1000] AS class_code,
       'region ' || (i % 7) AS region,
       (ARRAY['manufacturing', 'retail', 'services', 'logistics'])[1 + i % 4] AS industry
FROM (SELECT array_agg(code ORDER BY code) AS codes FROM bench.customer_class) AS classes,
     generate_series(1, :customers) AS i;

-- Long-tailed amounts: log-normal, a few customers buy far more often.
CREATE TABLE bench.orders AS
SELECT n AS line_id,
       1 + floor(:customers * power(random(), 1.6))::int AS customer_id,
       date '2024-11-01' + floor(random() * 730)::int AS order_date,
       CASE WHEN random() < 0.7 THEN 'product' ELSE 'service' END AS category,
       round((CASE WHEN random() < 0.02 THEN -1 ELSE 1 END * exp(5 + 1.2 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 2)::numeric(12, 2) AS amount
FROM generate_series(1, :lines) AS n;
-- The order's time: a timestamptz, as most ERPs keep it, within the order's
-- day in UTC (derived from the line, so the columns above stay as they were).
ALTER TABLE bench.orders ADD COLUMN order_at timestamptz;
UPDATE bench.orders SET order_at = (order_date + ((line_id::bigint * 7919) % 86400) * interval '1 second') AT TIME ZONE 'UTC';
VACUUM bench.orders;
ALTER TABLE bench.orders SET (parallel_workers = 2);

CREATE TABLE bench.customer_totals AS
SELECT customer_id, sum(amount)::float8 AS total, count(*) AS lines
FROM bench.orders GROUP BY customer_id;
ALTER TABLE bench.customer_totals SET (parallel_workers = 2);

-- Order lines with their customer's class code, for the class-tree rollups.
CREATE TABLE bench.class_lines AS
SELECT o.line_id, o.customer_id, c.class_code, o.amount
FROM bench.orders AS o JOIN bench.customer AS c USING (customer_id);
ALTER TABLE bench.class_lines SET (parallel_workers = 2);

-- RFM inputs per customer as of 2026-11-01. A customer_id / 1e7 tie-breaker
-- keeps values distinct (and the count a multiple of 5), so that NTILE's
-- arbitrary split of ties cannot make the baseline differ from the extension.
CREATE TABLE bench.customer_rfm AS
SELECT customer_id, recency + customer_id / 1e7 AS recency, frequency + customer_id / 1e7 AS frequency,
       monetary + customer_id / 1e7 AS monetary
FROM (SELECT customer_id, (date '2026-11-01' - max(order_date))::float8 AS recency, count(*)::float8 AS frequency,
             sum(amount)::float8 AS monetary, row_number() OVER (ORDER BY customer_id) AS n, count(*) OVER () AS customers
      FROM bench.orders GROUP BY customer_id) AS per_customer
WHERE n <= customers / 5 * 5;
ALTER TABLE bench.customer_rfm SET (parallel_workers = 2);
-- Each customer's stored profile beside plain columns holding the same
-- measures, for the accessor cases: a measure read from the profile against
-- the same measure read from a column of the same rows.
CREATE TABLE bench.customer_profiles AS
SELECT customer_id, p, segments.orders(p) AS orders, segments.total(p) AS total,
       segments.last_purchase(p) AS last_purchase, segments.top_category(p) AS top_category
FROM (SELECT customer_id, segments.profile(order_date, amount, category) AS p
      FROM bench.orders GROUP BY customer_id) AS profiles;
-- Each customer's buy-till-you-die history in weeks (repeat purchases,
-- the last one's time since the first, age at 2026-11-01), for the models.
CREATE TABLE bench.customer_histories AS
SELECT customer_id, segments.repeat_purchases(p)::float8 AS frequency,
       (segments.repeat_recency_days(p) / 7.0)::float8 AS recency,
       (segments.age_days(p, '2026-11-01') / 7.0)::float8 AS age
FROM bench.customer_profiles;
ANALYZE bench.customer_histories;
VACUUM ANALYZE bench.customer_class, bench.customer, bench.orders, bench.customer_totals, bench.customer_rfm, bench.class_lines,
    bench.customer_profiles;

-- An ERP-shaped history for the incremental refresh and the race against
-- pandas: orders of 1..20 lines (about 5 on average) over 24 months
-- (2024-11-01 .. 2026-10-31), :lines lines in all.
CREATE TABLE bench.erp_orders AS
SELECT o AS order_id,
       1 + floor(:customers * power(random(), 1.6))::int AS customer_id,
       date '2024-11-01' + floor(random() * 730)::int AS order_date,
       1 + floor(power(random(), 3.4) * 20)::int AS lines
FROM generate_series(1, :lines / 5) AS o;
CREATE TABLE bench.erp_lines AS
SELECT row_number() OVER (ORDER BY order_id, line) AS line_id, order_id, customer_id, order_date,
       CASE WHEN random() < 0.7 THEN 'product' ELSE 'service' END AS category,
       round(exp(4 + 1.1 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::numeric, 2)::numeric(12, 2) AS amount
FROM bench.erp_orders, generate_series(1, lines) AS line;
ALTER TABLE bench.erp_lines SET (parallel_workers = 2);
CREATE INDEX ON bench.erp_lines (order_date);

-- What a report builder keeps (docs/incremental.md): one profile per
-- customer and month, and one per customer over the current 12 months. The
-- history ends with 2026-09 (profiles_12_months_before: 2025-10 .. 2026-09);
-- then 2026-10 arrives and bench/refresh.sql moves the kept profiles to
-- 2025-11 .. 2026-10 (profiles_12_months).
CREATE TABLE bench.monthly_profiles AS
SELECT customer_id, date_trunc('month', order_date)::date AS month,
       segments.profile(order_date, amount, category) AS profile
FROM bench.erp_lines WHERE order_date < date '2026-10-01'
GROUP BY 1, 2
ORDER BY 2, 1;  -- stored month after month, as a monthly job appends them
ALTER TABLE bench.monthly_profiles ADD PRIMARY KEY (month, customer_id);
CREATE INDEX ON bench.monthly_profiles (customer_id, month);
CREATE TABLE bench.profiles_12_months_before AS
SELECT customer_id, segments.rollup(profile) AS profile
FROM bench.monthly_profiles WHERE month >= date '2025-10-01'
GROUP BY customer_id
ORDER BY customer_id;
ALTER TABLE bench.profiles_12_months_before ADD PRIMARY KEY (customer_id);
CREATE TABLE bench.profiles_12_months AS TABLE bench.profiles_12_months_before;
ALTER TABLE bench.profiles_12_months ADD PRIMARY KEY (customer_id);
\i bench/refresh.sql
VACUUM ANALYZE bench.erp_orders, bench.erp_lines, bench.monthly_profiles, bench.profiles_12_months_before,
    bench.profiles_12_months;
