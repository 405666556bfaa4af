-- Orders are documents: profile(at, amount [, category], document).
-- Every figure is checked against plain SQL over the same lines.
SET client_min_messages = warning;
SET DateStyle = ISO, YMD;

-- Tryton-style sales: several lines per sale, a credit note (a sale whose
-- lines sum below 0), a sale cancelled by its own reversal (sums to 0),
-- lines without a sale (skipped), lines without an amount (skipped).
CREATE TEMP TABLE sale_lines (customer int, sale int, code text, at timestamptz, amount numeric(12,2), category text);
INSERT INTO sale_lines VALUES
    (1, 101, 'SO101', '2026-01-05 09:00+00', 120.00, 'product'),
    (1, 101, 'SO101', '2026-01-05 09:00+00',  30.50, 'service'),
    (1, 101, 'SO101', '2026-01-06 10:00+00',   9.50, 'product'),
    (1, 102, 'SO102', '2026-02-04 12:00+00', 200.00, 'product'),
    (1, 102, 'SO102', '2026-02-04 12:00+00',  15.00, 'product'),
    (1, 103, 'CN103', '2026-03-06 08:00+00', -20.00, 'product'),
    (1, 104, 'SO104', '2026-03-07 08:00+00',  50.00, 'product'),
    (1, 104, 'SO104', '2026-03-08 08:00+00', -50.00, 'product'),
    (1, NULL, NULL,   '2026-03-09 08:00+00', 999.00, 'product'),
    (1, 105, 'SO105', '2026-03-10 08:00+00',   NULL, 'product'),
    (2, 201, 'SO201', '2026-05-01 08:00+00',  80.00, 'product'),
    (3, 301, 'CN301', '2026-05-02 08:00+00',  -5.00, 'service');

-- The plain SQL: a sale is an order when its lines sum to 0 or more.
CREATE TEMP VIEW plain AS
SELECT customer, count(*) FILTER (WHERE total >= 0) AS orders, sum(lines) AS lines,
       count(*) FILTER (WHERE total < 0) AS returns, sum(total) / count(*) AS avg_order,
       max(total) FILTER (WHERE total >= 0) AS max_order, sum(total) AS total
FROM (SELECT customer, sale, sum(amount) AS total, count(*) AS lines
      FROM sale_lines WHERE sale IS NOT NULL AND amount IS NOT NULL GROUP BY customer, sale) AS sales
GROUP BY customer;

CREATE TEMP VIEW measured AS
SELECT customer, segments.orders(p), segments.lines(p), segments.returns(p), segments.avg_order(p),
       segments.max_order(p), segments.total(p), segments.skipped(p)
FROM (SELECT customer, segments.profile(at, amount, category, sale) AS p FROM sale_lines GROUP BY customer) AS profiles;

SELECT * FROM measured ORDER BY customer;
SELECT * FROM plain ORDER BY customer;
SELECT count(*) AS customers_that_differ
FROM measured m FULL JOIN plain p USING (customer)
WHERE (m.orders, m.lines, m.returns, m.avg_order, m.max_order, m.total)
      IS DISTINCT FROM (p.orders, p.lines, p.returns, p.avg_order, p.max_order, p.total);

-- Every form gives the same counts: int4 read as int8, int8, text keys,
-- with and without a category, date and timestamptz, numeric and float8.
SELECT form, segments.orders(p) AS orders, segments.lines(p) AS lines, segments.returns(p) AS returns,
       segments.max_order(p) AS max_order, segments.skipped(p) AS skipped
FROM (SELECT 'int4' AS form, segments.profile(at, amount, sale) AS p FROM sale_lines WHERE customer = 1
      UNION ALL SELECT 'int8', segments.profile(at, amount, sale::int8) FROM sale_lines WHERE customer = 1
      UNION ALL SELECT 'category, int8', segments.profile(at::date, amount, category, sale::int8) FROM sale_lines WHERE customer = 1
      UNION ALL SELECT 'category, text', segments.profile(at, amount, category, code) FROM sale_lines WHERE customer = 1
      UNION ALL SELECT 'NULL category, text', segments.profile(at::date, amount, NULL, code) FROM sale_lines WHERE customer = 1
      UNION ALL SELECT 'float8, int8', segments.profile(at, amount::float8, sale) FROM sale_lines WHERE customer = 1
      UNION ALL SELECT 'float8, date, text', segments.profile(at::date, amount::float8, category, code) FROM sale_lines WHERE customer = 1
      UNION ALL SELECT 'no document', segments.profile(at, amount, category) FROM sale_lines WHERE customer = 1) AS forms;

-- orders_per_month and metrics() count orders, not lines.
SELECT round(segments.orders_per_month(p, '2026-03-31')::numeric, 6) AS orders_per_month,
       round(3 / (('2026-03-31'::date - '2026-01-05'::date + 1) / 30.4375), 6) AS three_orders_per_month,
       segments.metrics(p, '2026-03-31') -> 'orders' AS orders,
       segments.metrics(p, '2026-03-31') -> 'lines' AS lines,
       segments.metrics(p, '2026-03-31') -> 'returns' AS returns,
       segments.metrics(p, '2026-03-31') -> 'max_order' AS max_order,
       round((segments.metrics(p, '2026-03-31') ->> 'avg_order')::numeric, 4) AS avg_order
FROM (SELECT segments.profile(at, amount, category, sale) AS p FROM sale_lines WHERE customer = 1) AS one;

-- The text form lists the documents and reads back.
SELECT segments.profile(at, amount, category, code) AS p FROM sale_lines WHERE customer = 1;
SELECT p::text::segments.customer_profile::text = p::text AS text_round_trips,
       segments.orders(p::text::segments.customer_profile) AS orders_read_back
FROM (SELECT segments.profile(at, amount, category, code) AS p FROM sale_lines WHERE customer = 1) AS one;
SELECT '{"categories":{},"days":{"2026-01-01":"1"},"max":"1","orders":1,"returns":0,"skipped":0,"documents":[[1,"1"],[1,"0"]]}'::segments.customer_profile;
SELECT '{"categories":{},"days":{"2026-01-01":"1"},"max":"1","orders":1,"returns":0,"skipped":0,"documents":[[1,"2"]]}'::segments.customer_profile;
SELECT '{"categories":{},"days":{"2026-01-01":"1"},"max":"1","orders":1,"returns":0,"skipped":0,"documents":[[true,"1"]]}'::segments.customer_profile;

-- Months rolled up: a sale whose lines fall in two months is one order.
SELECT segments.orders(segments.rollup(p)) AS orders, segments.lines(segments.rollup(p)) AS lines,
       segments.max_order(segments.rollup(p)) AS max_order,
       segments.rollup(p)::text = (SELECT segments.profile(at, amount, category, sale)::text
                                   FROM sale_lines WHERE customer = 1) AS rollup_equals_one_pass
FROM (SELECT date_trunc('day', at) AS day, segments.profile(at, amount, category, sale) AS p
      FROM sale_lines WHERE customer = 1 GROUP BY 1) AS days;

-- plus and minus move a window by whole documents.
SELECT segments.orders(segments.minus(whole, march)) AS orders_before_march,
       segments.plus(segments.minus(whole, march), march)::text = whole::text AS plus_restores
FROM (SELECT segments.profile(at, amount, sale) AS whole,
             segments.profile(at, amount, sale) FILTER (WHERE at >= '2026-03-01') AS march
      FROM sale_lines WHERE customer = 1) AS parts;
-- A q holding part of a document of p is refused.
SELECT segments.minus(segments.profile(at, amount, sale),
                      segments.profile(at, amount, sale) FILTER (WHERE at >= '2026-01-06'))
FROM sale_lines WHERE customer = 1 AND sale = 101;
-- Documented and undocumented profiles do not mix.
SELECT segments.plus(segments.profile(at, amount, sale), segments.profile(at, amount))
FROM sale_lines WHERE customer = 2;
-- An empty profile mixes with either.
SELECT segments.orders(segments.rollup(p))
FROM (SELECT segments.profile(at, amount, sale) AS p FROM sale_lines WHERE customer = 2
      UNION ALL SELECT segments.profile(at, amount) FROM sale_lines WHERE amount IS NULL) AS both_kinds;

-- Parallel workers: 60,000 sales of 5 lines each, the lines of one sale
-- written far apart in the table so that they reach different workers;
-- the profiles equal the serial ones and plain SQL.
-- Temporary tables are never scanned in parallel: a table of its own.
CREATE TABLE documents_many_lines AS
SELECT (s % 500) AS customer, s AS sale, (s::text || '-x') AS code,
       date '2024-01-01' + (s % 700) AS at,
       CASE WHEN s % 17 = 0 THEN -(line + 1) * 1.25 ELSE (line + 1) * 3.10 END::numeric(12,2) AS amount
FROM generate_series(0, 4) AS line, generate_series(1, 60000) AS s;
ANALYZE documents_many_lines;
CREATE TEMP TABLE serial_profiles AS
SELECT customer, segments.profile(at, amount, NULL, code) AS p FROM documents_many_lines GROUP BY customer;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET enable_hashagg = off;
CREATE FUNCTION pg_temp.plan_is_parallel(query text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE line text; found boolean := false;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        found := found OR line LIKE '%Partial%Aggregate%';
    END LOOP;
    RETURN found;
END $$;
SELECT pg_temp.plan_is_parallel('SELECT customer, segments.profile(at, amount, NULL, code) FROM documents_many_lines GROUP BY customer') AS plan_has_partial_aggregates;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE s.p::text = q.p::text) AS equal_to_serial
FROM serial_profiles s
JOIN (SELECT customer, segments.profile(at, amount, NULL, code) AS p FROM documents_many_lines GROUP BY customer) q USING (customer);
SELECT sum(segments.orders(p)) AS orders, sum(segments.returns(p)) AS returns, sum(segments.lines(p)) AS lines
FROM (SELECT customer, segments.profile(at, amount, NULL, code) AS p FROM documents_many_lines GROUP BY customer) AS profiles;
SELECT count(*) FILTER (WHERE total >= 0) AS orders, count(*) FILTER (WHERE total < 0) AS returns
FROM (SELECT sale, sum(amount) AS total FROM documents_many_lines GROUP BY sale) AS sales;
-- All customers in one group: every document split over the workers.
SELECT segments.orders(p), segments.returns(p), segments.lines(p)
FROM (SELECT segments.profile(at, amount, sale) AS p FROM documents_many_lines) AS one;
RESET ALL;
DROP TABLE documents_many_lines;

-- One group's profile is bounded by segments.max_state_mb (docs/limits.md):
-- at 1 MB, 10,000 documents of 64 bytes fit and 40,000 do not; 5
-- categories named with 100,000 bytes or more fit and 20 do not. Error
-- 54000 names the aggregate and the bound.
SELECT segments.tier_rank(1, '{2}') AS loads_the_library;
SET segments.max_state_mb = 1;
CREATE FUNCTION pg_temp.sqlstate_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT pg_temp.sqlstate_of('SELECT segments.profile(current_date, 1.0, i) FROM generate_series(1, 10000) AS i') AS ten_thousand_documents,
       pg_temp.sqlstate_of('SELECT segments.profile(current_date, 1.0, i) FROM generate_series(1, 40000) AS i') AS forty_thousand_documents,
       pg_temp.sqlstate_of('SELECT segments.profile(current_date, 1.0, repeat(i::text, 100000)) FROM generate_series(1, 5) AS i') AS five_long_categories,
       pg_temp.sqlstate_of('SELECT segments.profile(current_date, 1.0, repeat(i::text, 100000)) FROM generate_series(1, 20) AS i') AS twenty_long_categories;
-- Merging partial profiles is bounded too (rollup of two halves).
SELECT pg_temp.sqlstate_of('SELECT segments.rollup(p) FROM (SELECT segments.profile(current_date, 1.0, i) AS p FROM generate_series(1, 30000) AS i GROUP BY i % 2) AS halves') AS rollup_of_halves;
RESET segments.max_state_mb;
