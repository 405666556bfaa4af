-- Stored values in every form PostgreSQL keeps them: inline with a short or
-- a long header, compressed inline, out of line, and compressed out of line.
-- The functions read an inline value where it lies and ask PostgreSQL to
-- detoast the others: every accessor and a scale argument give the same
-- from each table as from the value computed in the query.
SET client_min_messages = warning;

-- Customer 1: 3,000 purchase days (tens of kB: out of line, compressed or
-- not); 2: one line and 3: 60 days (inline, uncompressed); 4: 400 days of
-- the same amount (a few kB that compress well: inline and compressed in
-- the MAIN table, which does not hold customer 1).
CREATE TEMP TABLE lines AS
SELECT 1 AS customer, date '2000-01-01' + i AS at, (i % 97 + 0.01)::numeric(12,2) AS amount,
       'category ' || (i % 50) AS category
FROM generate_series(0, 2999) AS i
UNION ALL
SELECT 2, date '2026-01-05', 10.00, 'small'
UNION ALL
SELECT 3, date '2020-01-01' + 3 * i, i + 0.5, 'category ' || (i % 3)
FROM generate_series(0, 59) AS i
UNION ALL
SELECT 4, date '2024-01-01' + i, 25.00, 'subscription'
FROM generate_series(0, 399) AS i;

-- EXTENDED (the type's default): compressed, then out of line if still large.
CREATE TEMP TABLE kept_extended (customer int, p segments.customer_profile);
-- EXTERNAL: out of line when large, never compressed.
CREATE TEMP TABLE kept_external (customer int, p segments.customer_profile);
ALTER TABLE kept_external ALTER COLUMN p SET STORAGE EXTERNAL;
-- MAIN: compressed, kept inline when that fits in a page.
CREATE TEMP TABLE kept_main (customer int, p segments.customer_profile);
ALTER TABLE kept_main ALTER COLUMN p SET STORAGE MAIN;
-- Each table gets the aggregate's own result (a value copied from another
-- table would keep that table's compression).
INSERT INTO kept_extended SELECT customer, segments.profile(at, amount, category) FROM lines GROUP BY customer;
INSERT INTO kept_external SELECT customer, segments.profile(at, amount, category) FROM lines GROUP BY customer;
INSERT INTO kept_main SELECT customer, segments.profile(at, amount, category) FROM lines
WHERE customer <> 1 GROUP BY customer;

CREATE TEMP VIEW kept AS
SELECT 'extended' AS storage, * FROM kept_extended
UNION ALL SELECT 'external', * FROM kept_external
UNION ALL SELECT 'main', * FROM kept_main;

-- How each table holds each profile: compressed or not, and whether the
-- table keeps any value out of line (in its TOAST table).
SELECT storage, customer, pg_column_compression(p) IS NOT NULL AS compressed
FROM kept ORDER BY 1, 2;
SELECT c.relname, pg_relation_size(c.reltoastrelid) > 0 AS values_out_of_line
FROM pg_class AS c WHERE c.relname IN ('kept_extended', 'kept_external', 'kept_main') ORDER BY 1;

-- Every accessor over each stored form equals the one over the value
-- computed in the query.
CREATE FUNCTION pg_temp.readings(p segments.customer_profile) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
SELECT concat_ws(' | ', segments.orders(p), segments.total(p), segments.purchase_days(p),
                 segments.first_purchase(p), segments.last_purchase(p), segments.max_order(p),
                 segments.returns(p), segments.skipped(p), segments.top_category(p),
                 segments.category_hhi(p), segments.avg_order(p), p::text)
$$;
SELECT storage, customer, pg_temp.readings(kept.p) = pg_temp.readings(c.p) AS same
FROM kept
JOIN (SELECT customer, segments.profile(at, amount, category) AS p FROM lines GROUP BY customer) AS c
    USING (customer)
ORDER BY 1, 2;

SELECT customer, segments.orders(p), segments.total(p), segments.purchase_days(p),
       segments.top_category(p)
FROM kept_external ORDER BY 1;

-- A scale argument read from a table, compressed and out of line, gives the
-- same tiers as the same scale written in the query.
CREATE TEMP TABLE scales (name text, s segments.tier_scale);
INSERT INTO scales
SELECT 'many', ('{' || string_agg(i::text, ',' ORDER BY i) || '}')::segments.tier_scale
FROM generate_series(1, 999) AS i;
INSERT INTO scales VALUES ('two', '{5000,10000}');
SELECT name, pg_column_compression(s) IS NOT NULL AS compressed, pg_column_size(s) < 127 AS short_header
FROM scales ORDER BY 1;
SELECT count(*) AS values,
       count(*) FILTER (WHERE segments.tier(v, (SELECT s FROM scales WHERE name = 'many'))
                              = segments.tier(v, (SELECT ('{' || string_agg(i::text, ',' ORDER BY i) || '}')::segments.tier_scale
                                                  FROM generate_series(1, 999) AS i))) AS same
FROM generate_series(0, 1000, 7) AS v;
SELECT v, segments.tier(v, s), segments.tier(v, s) = segments.tier(v, '{5000,10000}'::segments.tier_scale) AS same
FROM scales, (VALUES (0.5), (999), (5000), (1e6)) AS t(v) WHERE name = 'two' ORDER BY 1;
