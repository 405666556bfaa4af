-- Customer profile: one aggregate, many accessors, exact rollups.
SET DateStyle = ISO, YMD;
CREATE TABLE lines (customer int, at date, amount numeric(12,2), category text);
INSERT INTO lines VALUES
    (1, '2026-01-05', 120.00, 'product'),
    (1, '2026-01-05',  30.50, 'service'),
    (1, '2026-02-04', 200.00, 'product'),
    (1, '2026-03-06', -20.00, 'product'),
    (1, '2026-04-05',  99.99, 'product'),
    (1, '2026-06-04',  10.00, 'service'),
    (1, NULL,          50.00, 'product'),
    (1, '2026-06-05',  NULL,  'product'),
    (2, '2026-05-01',  80.00, 'product'),
    (2, '2026-05-20',  80.00, 'service');
CREATE TABLE profiles AS
SELECT customer, segments.profile(at, amount, category) AS p FROM lines GROUP BY customer;

-- The text form: JSON, readable, exact.
SELECT customer, p FROM profiles ORDER BY customer;

-- Money and counts; total equals SQL sum() to the cent, scale included.
SELECT customer, segments.orders(p), segments.skipped(p), segments.returns(p), segments.purchase_days(p),
       segments.total(p), segments.avg_order(p), segments.max_order(p)
FROM profiles ORDER BY customer;

-- Time, as of 2026-07-20.
SELECT customer, segments.first_purchase(p), segments.last_purchase(p),
       segments.recency_days(p, '2026-07-20'), segments.tenure_days(p, '2026-07-20'), segments.age_days(p, '2026-07-20')
FROM profiles ORDER BY customer;

-- Repeat behaviour with the lifetimes conventions: gaps of 30, 30, 30, 60 days.
SELECT customer, segments.repeat_purchases(p), segments.repeat_recency_days(p), segments.repeat_avg_value(p),
       segments.purchase_interval(p), segments.purchase_interval_stddev(p),
       segments.next_purchase_due(p), segments.overdue_days(p, '2026-07-20')
FROM profiles ORDER BY customer;

-- Rates and preference.
SELECT customer, round(segments.orders_per_month(p, '2026-07-20')::numeric, 4) AS orders_per_month,
       round(segments.amount_per_month(p, '2026-07-20')::numeric, 2) AS amount_per_month,
       segments.top_category(p), round(segments.top_category_share(p)::numeric, 4) AS top_share,
       round(segments.category_hhi(p)::numeric, 4) AS hhi,
       segments.preference(p) AS preference, segments.preference(p, 0.95) AS strict_preference
FROM profiles ORDER BY customer;
SELECT customer, segments.category_shares(p) FROM profiles WHERE customer = 2;

-- Lifecycle stages and the new/old split.
SELECT customer, as_of, segments.lifecycle(p, as_of) AS stage, segments.is_new(p, as_of) AS is_new,
       segments.lifecycle(p, as_of, 30, 40) AS short_windows
FROM profiles, unnest('{2026-06-10,2026-07-20,2026-09-01,2027-01-01}'::date[]) AS as_of
ORDER BY customer, as_of;

SET segments.language = 'zh';
SELECT customer, segments.preference(p, 0.95), segments.lifecycle(p, '2026-09-01') FROM profiles ORDER BY customer;
RESET segments.language;

-- The other argument types: timestamptz (day in the session's TimeZone) and float8.
SET TimeZone = 'Asia/Shanghai';
SELECT segments.first_purchase(segments.profile(at, amount)) AS shanghai_day,
       segments.total(segments.profile(at, amount::float8)) AS float_total
FROM (VALUES ('2026-01-05 23:30:00+08'::timestamptz, 10.25::numeric), ('2026-01-05 16:30:00+00', 1.10)) AS t(at, amount);
SET TimeZone = 'UTC';
SELECT segments.first_purchase(segments.profile(at, amount)) AS utc_day, segments.purchase_days(segments.profile(at, amount)) AS days
FROM (VALUES ('2026-01-05 23:30:00+08'::timestamptz, 10.25::numeric), ('2026-01-05 16:30:00+00', 1.10)) AS t(at, amount);
RESET TimeZone;

-- A timestamptz's day follows the session's TimeZone across DST changes,
-- also where they happen at midnight (Santiago, Havana), in time order
-- (consecutive rows on one day) and shuffled, and after the zone changes.
CREATE TABLE stamps AS
SELECT at, (extract(epoch FROM at)::bigint % 97)::numeric / 4 AS amount
FROM generate_series(timestamptz '2025-12-31 00:00+00', timestamptz '2027-01-01 00:00+00', interval '17 minutes') AS at;
CREATE FUNCTION days_agree() RETURNS TABLE (zone text, in_order boolean, shuffled boolean, days bigint) LANGUAGE sql AS $$
  SELECT current_setting('TimeZone'),
         (SELECT segments.profile(at, amount ORDER BY at)::text = segments.profile(at::date, amount ORDER BY at)::text FROM stamps),
         (SELECT segments.profile(at, amount ORDER BY md5(at::text))::text = segments.profile(at::date, amount)::text FROM stamps),
         (SELECT segments.purchase_days(segments.profile(at, amount ORDER BY at)) FROM stamps) $$;
SET TimeZone = 'Europe/Berlin';
SELECT * FROM days_agree();
SET TimeZone = 'America/Santiago';
SELECT * FROM days_agree();
SET TimeZone = 'America/Havana';
SELECT * FROM days_agree();
SET TimeZone = 'Australia/Lord_Howe';
SELECT * FROM days_agree();
SET TimeZone = 'America/New_York';
SELECT * FROM days_agree();
SET TimeZone = 'Asia/Shanghai';
SELECT * FROM days_agree();
SET TimeZone = 'UTC';
SELECT * FROM days_agree();
SET TimeZone = 'Europe/Berlin';
SELECT * FROM days_agree();
RESET TimeZone;
-- Instants far apart in one scan (each zone's spans are found as rows
-- arrive, in any order), before 1900 and after 2100 (PostgreSQL's own
-- conversion only), and right around New York's and Lord Howe's changes.
DELETE FROM stamps;
INSERT INTO stamps
SELECT at, 1 FROM generate_series(timestamptz '1850-01-01 00:00+00', timestamptz '2250-01-01 00:00+00', interval '9 days 7 hours 13 minutes') AS at
UNION ALL
SELECT t + s * interval '1 second', 2 FROM (VALUES (timestamptz '2026-03-08 07:00+00'), ('2026-11-01 06:00+00'),
    ('2026-04-04 15:00+00'), ('2026-10-03 15:30+00')) AS c(t), generate_series(-2, 2) AS s;
SET TimeZone = 'America/New_York';
SELECT * FROM days_agree();
SET TimeZone = 'Australia/Lord_Howe';
SELECT * FROM days_agree();
SET TimeZone = 'Asia/Shanghai';
SELECT * FROM days_agree();
RESET TimeZone;
DROP FUNCTION days_agree();
DROP TABLE stamps;

-- No rows: NULL; only skipped rows: a profile that says so.
SELECT segments.profile(at, amount) IS NULL AS no_rows FROM lines WHERE false;
SELECT segments.skipped(p), segments.orders(p), segments.total(p), segments.first_purchase(p), segments.preference(p)
FROM (SELECT segments.profile(NULL::date, amount) AS p FROM lines WHERE customer = 2) AS t;

-- Text and binary forms read back as the same profile.
SELECT count(*) AS round_trips FROM profiles WHERE p::text::segments.customer_profile::text = p::text;
CREATE TABLE stored (customer int PRIMARY KEY, p segments.customer_profile);
INSERT INTO stored SELECT customer, p FROM profiles;
SELECT count(*) AS stored_equal FROM stored JOIN profiles USING (customer) WHERE stored.p::text = profiles.p::text;

-- Every measure checked against plain SQL over a larger deterministic set.
CREATE TABLE many AS
SELECT 1 + (i * 7) % 300 AS customer,
       date '2025-01-01' + (i * 13) % 500 AS at,
       round(((i * 7919) % 100000) / 100.0 - 50, 2)::numeric(12,2) AS amount,
       CASE WHEN i % 3 = 0 THEN 'service' ELSE 'product' END AS category
FROM generate_series(1, 20000) AS i;
WITH ext AS (
    SELECT customer, segments.profile(at, amount, category) AS p FROM many GROUP BY customer
), day_totals AS (
    SELECT customer, at, sum(amount) AS day_total, row_number() OVER (PARTITION BY customer ORDER BY at) AS nth
    FROM many GROUP BY customer, at
), plain AS (
    SELECT customer, count(*) AS orders, sum(amount) AS total, max(amount) AS max_order,
           count(*) FILTER (WHERE amount < 0) AS returns, min(at) AS first_day, max(at) AS last_day,
           count(DISTINCT at) AS days, sum(amount) / count(*) AS avg_order
    FROM many GROUP BY customer
), repeats AS (
    SELECT customer, coalesce(avg(day_total) FILTER (WHERE nth > 1), 0) AS repeat_avg FROM day_totals GROUP BY customer
)
SELECT count(*) AS customers,
       count(*) FILTER (WHERE segments.total(p)::text = total::text) AS total_exact,
       count(*) FILTER (WHERE segments.orders(p) = orders AND segments.returns(p) = returns
                          AND segments.purchase_days(p) = days) AS counts_equal,
       count(*) FILTER (WHERE segments.max_order(p) = max_order AND segments.avg_order(p) = avg_order) AS amounts_equal,
       count(*) FILTER (WHERE segments.first_purchase(p) = first_day AND segments.last_purchase(p) = last_day
                          AND segments.repeat_recency_days(p) = last_day - first_day
                          AND segments.repeat_purchases(p) = days - 1) AS days_equal,
       count(*) FILTER (WHERE segments.repeat_avg_value(p) = repeat_avg) AS repeat_value_equal,
       count(*) FILTER (WHERE abs(segments.purchase_interval(p) - (last_day - first_day)::float8 / (days - 1)) < 1e-9) AS interval_equal
FROM ext JOIN plain USING (customer) JOIN repeats USING (customer);

-- rollup: twelve monthly profiles merge into the year's profile exactly,
-- in any order of merging.
CREATE TABLE monthly AS
SELECT customer, date_trunc('month', at) AS month, segments.profile(at, amount, category) AS p
FROM many GROUP BY customer, month;
CREATE TABLE yearly AS SELECT customer, segments.profile(at, amount, category) AS p FROM many GROUP BY customer;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE forward::text = y.p::text) AS forward_equal,
       count(*) FILTER (WHERE backward::text = y.p::text) AS backward_equal,
       count(*) FILTER (WHERE shuffled::text = y.p::text) AS shuffled_equal
FROM yearly AS y
JOIN (SELECT customer, segments.rollup(p ORDER BY month) AS forward, segments.rollup(p ORDER BY month DESC) AS backward,
             segments.rollup(p ORDER BY md5(month::text)) AS shuffled
      FROM monthly GROUP BY customer) AS r USING (customer);

-- Parallel aggregation: Partial / Finalize plan, same profiles as serial.
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_profiles AS SELECT customer, segments.profile(at, amount, category)::text AS p FROM many GROUP BY customer;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT customer, segments.profile(at, amount, category) FROM many GROUP BY customer;
CREATE TABLE parallel_profiles AS SELECT customer, segments.profile(at, amount, category)::text AS p FROM many GROUP BY customer;
EXPLAIN (COSTS OFF) SELECT segments.rollup(p) FROM monthly;
CREATE TABLE parallel_rollup AS SELECT segments.rollup(p)::text AS p FROM monthly;
RESET ALL;
SELECT count(*) AS customers, count(*) FILTER (WHERE s.p = pp.p) AS parallel_equal
FROM serial_profiles AS s JOIN parallel_profiles AS pp USING (customer);
SELECT (SELECT p FROM parallel_rollup) = (SELECT segments.rollup(p)::text FROM monthly) AS parallel_rollup_equal;
