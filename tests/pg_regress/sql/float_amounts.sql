-- Float amounts never abort: no input that SQL's sum() over the same column
-- answers makes a money aggregate fail. Totals are exact while they fit in
-- 38 significant digits; past that they keep their 38 leading digits
-- (docs/profiles.md, "Past 38 digits nothing fails").
SET extra_float_digits = 0;

-- The float residue next to a large amount, in both orders.
SELECT segments.total(segments.profile(d, a)) AS total, sum(a) AS float_sum,
       segments.total(segments.profile(d, a))::float8 = sum(a) AS same_float
FROM (VALUES (current_date, 987654321.5::float8),
             (current_date - 1, 0.1::float8 * 3 - 0.3::float8)) v(d, a);
SELECT segments.total(segments.profile(d, a ORDER BY d DESC)) AS total
FROM (VALUES (current_date, 987654321.5::float8),
             (current_date - 1, 0.1::float8 * 3 - 0.3::float8)) v(d, a);

-- Residues, subnormals, 1e300, mixed signs: one customer each.
CREATE TEMP TABLE float_lines (customer int, d date, a float8, class text);
INSERT INTO float_lines VALUES
  (1, '2026-01-01', 987654321.5, '0101'), (1, '2026-01-02', 0.1::float8 * 3 - 0.3, '0101'),
  (1, '2026-01-03', 0.1::float8 + 0.2, '0102'),
  (2, '2026-01-01', 5e-324, '0101'), (2, '2026-01-02', 2.2250738585072014e-308, '0101'),
  (2, '2026-01-03', -1e-310, '0201'),
  (3, '2026-01-01', 1e300, '0201'), (3, '2026-01-02', 1e300, '0202'), (3, '2026-01-03', 12.5, '0202'),
  (4, '2026-01-01', 1e300, '0201'), (4, '2026-01-02', -1e300, '0201'), (4, '2026-01-03', -2.25, '0101'),
  (5, '2026-01-01', -1e-300, '0102'), (5, '2026-01-02', 1e15, '0102'), (5, '2026-01-02', -1e15, '0102'),
  (6, '2026-01-01', 1.7976931348623157e308, '0101'), (6, '2026-01-02', 0.01, '0101');

-- Each customer's total against sum(float8) and sum(::numeric): equal to
-- float precision, relative to the largest amount the customer has
-- (customer 6's 15-digit reading of the largest float8 is above that
-- float, as the ::numeric cast's is).
SELECT customer, segments.orders(p) AS orders, segments.returns(p) AS returns,
       float_sum, numeric_sum = segments.total(p) AS equals_sum_numeric,
       abs(segments.total(p) - float_sum::numeric) <= 1e-15 * largest::numeric AS agrees_with_sum_float8,
       abs(segments.total(p) - numeric_sum) <= 1e-15 * largest::numeric AS agrees_with_sum_numeric,
       segments.max_order(p) = max_numeric AS max_order_is_max
FROM (SELECT customer, segments.profile(d, a, class) AS p, sum(a) AS float_sum,
             sum(a::numeric) AS numeric_sum, max(abs(a)) AS largest, max(a::numeric) AS max_numeric
      FROM float_lines GROUP BY customer) AS per_customer
ORDER BY customer;

-- Stored and read back in text form; rolled up (to float precision of the
-- customer's largest amount, which sets the digits kept).
CREATE TEMP TABLE float_profiles AS
SELECT customer, date_trunc('month', d)::date AS month, segments.profile(d, a, class) AS p
FROM float_lines GROUP BY customer, d;
SELECT customer,
       segments.total(segments.rollup(p)) = segments.total(segments.rollup(p::text::segments.customer_profile))
         AS text_reads_back,
       bool_and(p::text::segments.customer_profile::text = p::text) AS text_round_trip,
       abs(segments.total(segments.rollup(p)) - sum(segments.total(p)))
         <= 1e-15 * (SELECT max(abs(a)) FROM float_lines AS l WHERE l.customer = f.customer)::numeric
         AS rollup_agrees
FROM float_profiles AS f GROUP BY customer ORDER BY customer;

-- Class trees: rollup_tree and node_totals + apply_tree over the same rows.
SELECT node, rows, left(amount::text, 40) AS amount
FROM segments.tree_rows((SELECT segments.rollup_tree(class, a, '2-2') FROM float_lines))
ORDER BY node COLLATE "C";
SELECT node, rows, left(amount::text, 40) AS amount
FROM segments.tree_rows(segments.apply_tree((SELECT segments.node_totals(class, a) FROM float_lines), '2-2'))
ORDER BY node COLLATE "C";

-- A million rows with float residues (quantity * unit price as float8),
-- serial and with parallel workers forced: no error, totals as sum() has them.
CREATE TEMP TABLE million AS
SELECT i % 1000 AS customer, date '2026-01-01' + (i % 365) AS d,
       (i % 7) * 0.1::float8 * ((i % 13) + 0.3) - (i % 5) * 0.7 AS a,
       lpad((i % 4)::text, 2, '0') || lpad((i % 3)::text, 2, '0') AS class
FROM generate_series(1, 1000000) AS i;
ANALYZE million;
CREATE TEMP TABLE million_sums AS
SELECT sum(a) AS float_sum, sum(a::numeric) AS numeric_sum, sum(abs(a)) AS magnitude FROM million;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS
SELECT segments.total(segments.rollup(p)) AS profiles,
       (SELECT sum(amount) FROM segments.tree_rows((SELECT segments.rollup_tree(class, a, '2-2') FROM million))
        WHERE parent IS NULL AND node IS NOT NULL) AS tree
FROM (SELECT segments.profile(d, a) AS p FROM million GROUP BY customer) AS per_customer;
SELECT (SELECT numeric_sum FROM million_sums) = profiles AS profiles_equal_sum_numeric,
       (SELECT numeric_sum FROM million_sums) = tree AS tree_equals_sum_numeric,
       abs(profiles::float8 - (SELECT float_sum FROM million_sums)) <= 1e-9 * (SELECT magnitude FROM million_sums) AS profiles_agree_with_sum_float8
FROM serial;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT segments.total(segments.profile(d, a)) = (SELECT numeric_sum FROM million_sums) AS parallel_equals_sum_numeric
FROM million;
SELECT sum(amount) = (SELECT numeric_sum FROM million_sums) AS parallel_node_totals_equal_sum_numeric
FROM segments.tree_rows(segments.apply_tree((SELECT segments.node_totals(class, a) FROM million), '2-2'))
WHERE parent IS NULL AND node IS NOT NULL;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
