-- Moving a 12-month profile's window with segments.minus and segments.plus:
-- exact against the recompute, NULL as no rows in plus (minus is strict), and refusing (22023, naming q) what
-- cannot be subtracted.
CREATE OR REPLACE FUNCTION error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- 200 customers, 15 months of lines, some returns, NULL amounts and
-- categories, three decimals now and then.
SELECT setseed(0.25);
CREATE TABLE window_lines AS
SELECT 1 + (n * 7919) % 200 AS customer_id,
       date '2025-01-01' + (n * 37 + (n / 3) * 11) % 455 AS day,
       CASE WHEN n % 97 = 0 THEN NULL
            WHEN n % 13 = 0 THEN -round((random() * 50)::numeric, 2)
            WHEN n % 29 = 0 THEN round((random() * 500)::numeric, 3)
            ELSE round((random() * 500)::numeric, 2) END AS amount,
       (ARRAY['product', 'service', NULL])[1 + n % 3] AS category
FROM generate_series(1, 6000) AS n;
CREATE TABLE window_months AS
SELECT customer_id, date_trunc('month', day)::date AS month, segments.profile(day, amount, category) AS profile
FROM window_lines GROUP BY 1, 2;

-- Move a window of 12 months three times, from 2025-01..2025-12 to
-- 2025-04..2026-03, one month at a time, the largest line leaving by rollup.
CREATE TABLE window_kept AS
SELECT customer_id, segments.rollup(profile) AS profile FROM window_months
WHERE month < date '2026-01-01' GROUP BY customer_id;
CREATE FUNCTION window_move(leaving date) RETURNS void LANGUAGE sql AS $$
    DELETE FROM window_kept AS t USING window_months AS d
    WHERE d.month = leaving AND d.customer_id = t.customer_id
      AND segments.orders(d.profile) = segments.orders(t.profile)
      AND segments.skipped(d.profile) = segments.skipped(t.profile);
    UPDATE window_kept AS t
    SET profile = CASE WHEN segments.max_order(d.profile) < segments.max_order(t.profile)
                       THEN segments.minus(t.profile, d.profile)
                       ELSE (SELECT segments.rollup(m.profile) FROM window_months AS m
                             WHERE m.customer_id = t.customer_id
                               AND m.month > leaving AND m.month < leaving + interval '12 months') END
    FROM window_months AS d WHERE d.month = leaving AND d.customer_id = t.customer_id;
    INSERT INTO window_kept AS t
    SELECT customer_id, profile FROM window_months WHERE month = leaving + interval '12 months'
    ON CONFLICT (customer_id) DO UPDATE SET profile = segments.plus(t.profile, excluded.profile);
$$;
ALTER TABLE window_kept ADD PRIMARY KEY (customer_id);
SELECT count(*) FILTER (WHERE segments.max_order(d.profile) < segments.max_order(t.profile)) AS by_minus,
       count(*) AS leaving
FROM window_kept AS t JOIN window_months AS d USING (customer_id) WHERE d.month = date '2025-01-01';
SELECT window_move(date '2025-01-01'), window_move(date '2025-02-01'), window_move(date '2025-03-01');

-- Every measure of every customer (the text form holds them all) equals the
-- profile of the window's lines; the totals equal as numbers (minus keeps
-- the larger scale).
SELECT count(*) AS customers,
       count(*) FILTER (WHERE k.profile::text IS DISTINCT FROM r.profile::text) AS text_differs,
       count(*) FILTER (WHERE segments.total(k.profile) IS DISTINCT FROM segments.total(r.profile)
                           OR segments.orders(k.profile) IS DISTINCT FROM segments.orders(r.profile)
                           OR segments.skipped(k.profile) IS DISTINCT FROM segments.skipped(r.profile)
                           OR segments.returns(k.profile) IS DISTINCT FROM segments.returns(r.profile)
                           OR segments.purchase_days(k.profile) IS DISTINCT FROM segments.purchase_days(r.profile)
                           OR segments.first_purchase(k.profile) IS DISTINCT FROM segments.first_purchase(r.profile)
                           OR segments.last_purchase(k.profile) IS DISTINCT FROM segments.last_purchase(r.profile)
                           OR segments.max_order(k.profile) IS DISTINCT FROM segments.max_order(r.profile)
                           OR segments.purchase_interval(k.profile) IS DISTINCT FROM segments.purchase_interval(r.profile)
                           OR segments.category_shares(k.profile) IS DISTINCT FROM segments.category_shares(r.profile)) AS measures_differ
FROM window_kept AS k FULL JOIN (
    SELECT customer_id, segments.profile(day, amount, category) AS profile FROM window_lines
    WHERE day >= date '2025-04-01' AND day < date '2026-04-01' GROUP BY customer_id) AS r USING (customer_id);
-- Only scales differ in the text form: same value, more trailing zeros.
SELECT segments.total(k.profile)::text AS kept, segments.total(r.profile)::text AS recomputed
FROM window_kept AS k JOIN (
    SELECT customer_id, segments.profile(day, amount, category) AS profile FROM window_lines
    WHERE day >= date '2025-04-01' AND day < date '2026-04-01' GROUP BY customer_id) AS r USING (customer_id)
WHERE k.profile::text <> r.profile::text
ORDER BY customer_id LIMIT 3;

-- plus is rollup of the two; minus of all of p is the profile of no rows.
SELECT segments.plus(a, b)::text = (SELECT segments.rollup(p) FROM (VALUES (a), (b)) AS t(p))::text AS plus_is_rollup,
       segments.minus(a, a)::text AS nothing_left
FROM (SELECT segments.profile(day, amount, category) FILTER (WHERE day < '2025-06-01') AS a,
             segments.profile(day, amount, category) FILTER (WHERE day >= '2025-06-01') AS b
      FROM window_lines WHERE customer_id = 1) AS parts;

-- plus skips a NULL (no rows), as rollup does; minus is strict.
SELECT segments.plus(NULL, profile)::text = profile::text AS plus_null_left,
       segments.plus(profile, NULL)::text = profile::text AS plus_null_right,
       segments.plus(NULL, NULL) IS NULL AS plus_nulls,
       segments.minus(profile, NULL) IS NULL AS minus_null, segments.minus(NULL, profile) IS NULL AS minus_null_p
FROM window_months ORDER BY customer_id, month LIMIT 1;

-- Refused: a q that is not part of p, and a q holding p's largest line.
CREATE TABLE window_p AS SELECT segments.profile(d, a, c) AS p
FROM (VALUES ('2026-01-05'::date, 10.00::numeric, 'a'), ('2026-01-05', 5.00, 'b'), ('2026-02-05', 20.00, 'a'),
             ('2026-03-01', 1.00, 'a')) AS t(d, a, c);
SELECT query, error_of(query) AS error
FROM (VALUES
    ($$SELECT segments.minus(p, (SELECT segments.profile(d, a, c) FROM (VALUES ('2026-01-06'::date, 1.00, 'a')) AS t(d, a, c))) FROM window_p$$),
    ($$SELECT segments.minus(p, (SELECT segments.profile(d, a, c) FROM (VALUES ('2026-01-05'::date, 10.00, 'a')) AS t(d, a, c))) FROM window_p$$),
    ($$SELECT segments.minus(p, (SELECT segments.profile(d, a, c) FROM (VALUES ('2026-03-01'::date, 1.00, 'c')) AS t(d, a, c))) FROM window_p$$),
    ($$SELECT segments.minus(p, (SELECT segments.profile(d, a, c) FROM (VALUES ('2026-03-01'::date, 1.000, 'a')) AS t(d, a, c))) FROM window_p$$),
    ($$SELECT segments.minus(p, (SELECT segments.profile(d, a, c) FROM (VALUES ('2026-02-05'::date, 20.00, 'a')) AS t(d, a, c))) FROM window_p$$),
    ($$SELECT segments.minus(p, (SELECT segments.profile(d, a, c) FROM (VALUES ('2026-03-01'::date, 0.20, 'a'), ('2026-03-01', 0.20, 'a'), ('2026-03-01', 0.20, 'a'), ('2026-03-01', 0.20, 'a'), ('2026-03-01', 0.20, 'a')) AS t(d, a, c))) FROM window_p$$),
    ($$SELECT segments.minus(p, (SELECT segments.profile(d, a, c) FROM (VALUES ('2026-01-05'::date, 10.00, 'a'), ('2026-01-05', 5.00, 'b')) AS t(d, a, c))) FROM window_p$$)
) AS cases(query)
ORDER BY query COLLATE "C";
SELECT segments.minus(p, (SELECT segments.profile('2026-03-01'::date, 1.00, 'a')))::text AS last_day_gone FROM window_p;
DROP FUNCTION window_move(date);
DROP TABLE window_lines, window_months, window_kept, window_p;
SELECT 'alive' AS server;
