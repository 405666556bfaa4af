-- Class trees on ERP schemas: customers in several classes, integer ids,
-- float8 and integer amounts, rows without an amount, and node_totals + apply_tree.
\set ECHO none
\i demo/sample_data.sql
\set ECHO all
SET client_min_messages = warning;
SET DateStyle = ISO, YMD;

-- Parent-pointer categories with integer ids: North (1) > Beijing (2), Tianjin (3); South (4) > Guangzhou (5).
CREATE TABLE category (id int, parent int, name text);
INSERT INTO category VALUES (1, NULL, 'North'), (2, 1, 'Beijing'), (3, 1, 'Tianjin'), (4, NULL, 'South'), (5, 4, 'Guangzhou');
-- Customers in several categories (many-to-many): 10 in Beijing and Tianjin (one parent),
-- 11 in Beijing only, 12 in Tianjin and Guangzhou (two roots), 13 in a category that does not exist,
-- 14 in Beijing twice, 15 in none.
CREATE TABLE customer_category (customer int, category int);
INSERT INTO customer_category VALUES (10, 2), (10, 3), (11, 2), (12, 3), (12, 5), (13, 99), (14, 2), (14, 2);
-- Sale lines: float quantity times numeric price, one line without a price.
CREATE TABLE sale_line (customer int, quantity float8, unit_price numeric(12,2));
INSERT INTO sale_line VALUES (10, 2, 10.25), (10, 0.5, 100.00), (11, 1, 7.75), (12, 4, 2.50), (13, 1, 1.00),
    (14, 3, 0.25), (15, 1, 0.50), (10, 1, NULL), (16, 2, 3.00);
CREATE VIEW customer_classes AS
SELECT customer, array_agg(category) AS categories FROM customer_category GROUP BY customer;

-- Each class gets the full amount of its customers, each common ancestor counts a row once,
-- and the roots plus unclassified count rows in two roots twice; shares are of sum(amount).
SELECT t.node, t.name, t.parent, t.rows, t.amount, t.customers,
       round(t.share_of_parent::numeric, 4) AS share_of_parent, round(t.share_of_total::numeric, 4) AS share_of_total
FROM segments.tree_rows_by_id((
    SELECT segments.rollup_tree(c.categories, l.quantity * l.unit_price, (SELECT segments.tree(id, parent, name) FROM category), l.customer)
    FROM sale_line AS l LEFT JOIN customer_classes AS c USING (customer))) AS t;
-- The true sum, and the skipped line.
SELECT sum(quantity * unit_price) AS sql_sum, count(*) FILTER (WHERE unit_price IS NULL) AS without_price FROM sale_line;
SELECT r::text, segments.skipped(r) FROM (
    SELECT segments.rollup_tree(c.categories, l.quantity * l.unit_price, (SELECT segments.tree(id, parent, name) FROM category))
    FROM sale_line AS l LEFT JOIN customer_classes AS c USING (customer)) AS t(r);

-- Customers in two classes under one parent only: roots plus unclassified equal sum(amount).
SELECT (SELECT sum(quantity * unit_price) FROM sale_line WHERE customer IN (10, 11, 15)) AS sql_sum,
       sum(t.amount) FILTER (WHERE t.parent IS NULL) AS roots_and_unclassified,
       sum(t.amount) FILTER (WHERE t.node IN (2, 3)) AS both_classes
FROM segments.tree_rows_by_id((
    SELECT segments.rollup_tree(c.categories, l.quantity * l.unit_price, (SELECT segments.tree(id, parent, name) FROM category))
    FROM sale_line AS l LEFT JOIN customer_classes AS c USING (customer) WHERE l.customer IN (10, 11, 15))) AS t;

-- The natural join counts customer 10 twice at North; the array form once.
SELECT 'join' AS form, amount FROM segments.tree_rows_by_id((
    SELECT segments.rollup_tree(cc.category, l.quantity * l.unit_price, (SELECT segments.tree(id, parent) FROM category))
    FROM sale_line AS l JOIN customer_category AS cc USING (customer) WHERE l.customer = 10)) WHERE node = 1
UNION ALL
SELECT 'array', amount FROM segments.tree_rows_by_id((
    SELECT segments.rollup_tree(c.categories, l.quantity * l.unit_price, (SELECT segments.tree(id, parent) FROM category))
    FROM sale_line AS l JOIN customer_classes AS c USING (customer) WHERE l.customer = 10)) WHERE node = 1;

-- Text arrays and coded classes; NULL elements are left out, NULL and empty arrays are unclassified,
-- a code that does not fit the scheme beside a known class counts nowhere (the row is classified).
SELECT node, rows, amount FROM segments.tree_rows((
    SELECT segments.rollup_tree(codes, amount, '2-2')
    FROM (VALUES ('{0101,0102}'::text[], 10.00), ('{0101,NULL}', 1.00), (NULL, 2.00), ('{}', 3.00), ('{0201,x}', 4.00)) AS v(codes, amount)));
-- A row in one class through an array is the one-class form exactly.
SELECT segments.rollup_tree(ARRAY[code], amount, '2-2')::text = segments.rollup_tree(code, amount, '2-2')::text AS same
FROM (VALUES ('0101', 1.50), ('02', 2.25), ('x', 1)) AS v(code, amount);

-- Integer ids without casts: int4 and int8 nodes, parents, ancestors, depth, is_leaf.
SELECT segments.tree(id, parent, name)::text FROM category;
SELECT segments.tree(id::bigint, parent::bigint)::text = segments.tree(id::text, parent::text)::text AS same_tree FROM category;
SELECT segments.ancestors(h, 5) AS ancestors, pg_typeof(segments.ancestors(h, 5)) AS type, segments.depth(h, 5::bigint) AS depth,
       segments.is_leaf(h, 4) AS is_leaf, segments.ancestors(h, '5') AS text_ancestors
FROM (SELECT segments.tree(id, parent, name) AS h FROM category) AS t;
SELECT segments.tree_nested(id, lft, rgt)::text FROM (VALUES (7, 1, 6), (8, 2, 3), (9, 4, 5)) AS v(id, lft, rgt);
-- tree_rows_by_id joins back to the class table on its integer id.
SELECT c.name, t.rows, t.amount FROM segments.tree_rows_by_id((
    SELECT segments.rollup_tree(l.customer % 5 + 1, l.quantity * l.unit_price, (SELECT segments.tree(id, parent) FROM category))
    FROM sale_line AS l)) AS t JOIN category AS c ON c.id = t.node ORDER BY c.id;
SELECT segments.ancestors(segments.tree(n, p), 'b') FROM (VALUES ('a', NULL), ('b', 'a')) AS v(n, p);

-- Amounts as ERPs store them: float8 products, bigint kept exactly, integers, numeric.
SELECT kind, pg_typeof(amount) AS type, t.amount
FROM (VALUES ('float8', (SELECT segments.rollup_tree('01', a, '2-2') FROM (VALUES (2.5::float8 * 4.25::float8)) AS v(a))),
             ('bigint', (SELECT segments.rollup_tree('01', a, '2-2') FROM (VALUES (12345678901234567::bigint)) AS v(a))),
             ('int', (SELECT segments.rollup_tree('01', a, '2-2') FROM (VALUES (7), (8)) AS v(a))),
             ('numeric', (SELECT segments.rollup_tree('01', a, '2-2') FROM (VALUES (1130::numeric / 1.13)) AS v(a)))) AS r(kind, totals),
     segments.tree_rows(r.totals) AS t;

-- node_totals collects per node; apply_tree lays the tree over it once: the same totals as rollup_tree.
SELECT segments.apply_tree(segments.node_totals(c.class_code, l.amount, l.customer_id),
                           (SELECT segments.tree_coded(code, '2-2-2', name) FROM erp.customer_class))::text
     = segments.rollup_tree(c.class_code, l.amount, (SELECT segments.tree_coded(code, '2-2-2', name) FROM erp.customer_class), l.customer_id)::text AS same_tree,
       segments.apply_tree(segments.node_totals(c.class_code, l.amount), '2-2-2')::text
     = segments.rollup_tree(c.class_code, l.amount, '2-2-2')::text AS same_scheme,
       segments.apply_tree(segments.node_totals(c.class_code, l.amount, l.customer_id::text), '2-2-2')::text
     = segments.rollup_tree(c.class_code, l.amount, '2-2-2', l.customer_id::text)::text AS same_text_keys
FROM erp.sales_order_line AS l JOIN erp.customer AS c USING (customer_id);
SELECT segments.node_totals(node, amount, customer)::text
FROM (VALUES (2, 1.50, 1), (2, 2.50, 2), (NULL, 1, 3), (3, NULL, 1), (3, 0.25, 1)) AS v(node, amount, customer);
SELECT segments.node_totals(node, amount)::text::segments.node_totals::text,
       segments.skipped(segments.apply_tree(segments.node_totals(node, amount), (SELECT segments.tree(id, parent) FROM category)))
FROM (VALUES (2, 1.50::float8), (NULL, 1), (3, NULL)) AS v(node, amount);
-- Grouped by month: the partials are per node and month, the tree applied once per month.
SELECT month, t.node, t.rows, t.amount FROM (
    SELECT date_trunc('month', l.order_date)::date AS month, segments.node_totals(segments.code_at_level(c.class_code, '2-2-2', 1), l.amount) AS totals
    FROM erp.sales_order_line AS l JOIN erp.customer AS c USING (customer_id)
    WHERE l.order_date >= '2026-09-01' GROUP BY 1) AS m, segments.tree_rows(segments.apply_tree(m.totals, '2-2-2')) AS t
ORDER BY month, t.node;

-- Parallel plans combine partial states to the same result.
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_results AS
SELECT segments.node_totals(c.class_code, l.amount, l.customer_id)::text AS nt,
       segments.rollup_tree(ARRAY[c.class_code, CASE WHEN l.customer_id % 3 = 0 THEN '0101' END], l.amount, '2-2-2', l.customer_id)::text AS many
FROM erp.sales_order_line AS l JOIN erp.customer AS c USING (customer_id);
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT segments.node_totals(c.class_code, l.amount, l.customer_id) FROM erp.sales_order_line AS l JOIN erp.customer AS c USING (customer_id);
SELECT segments.node_totals(c.class_code, l.amount, l.customer_id)::text = (SELECT nt FROM serial_results) AS same_node_totals,
       segments.rollup_tree(ARRAY[c.class_code, CASE WHEN l.customer_id % 3 = 0 THEN '0101' END], l.amount, '2-2-2', l.customer_id)::text
         = (SELECT many FROM serial_results) AS same_many
FROM erp.sales_order_line AS l JOIN erp.customer AS c USING (customer_id);
RESET max_parallel_workers_per_gather;

-- Errors name the argument.
SELECT segments.ancestors(segments.tree(n, p), 1) FROM (VALUES ('a', NULL), ('b', 'a')) AS v(n, p);
SELECT segments.depth((SELECT segments.tree(id, parent) FROM category), 42);
SELECT * FROM segments.tree_rows_by_id((SELECT segments.rollup_tree(code, 1, '2-2') FROM (VALUES ('01')) AS v(code)));
SELECT segments.rollup_tree(ARRAY[1], 1::float8, NULL::segments.hierarchy);
SELECT segments.rollup_tree('01', 'NaN'::float8, '2-2');
SELECT '{"customers":true,"nodes":[{"node":"a","rows":1,"amount":"1"}]}'::segments.node_totals;
SELECT '{"customers":false,"nodes":[{"node":"a","rows":1,"amount":"x"}]}'::segments.node_totals;

-- A row with a known class and a class the tree does not know is
-- classified (counted in its known classes only, the unknown codes in a
-- NOTICE); roots plus unclassified add up to sum(amount).
SET client_min_messages = notice;
SELECT node, rows, amount
FROM segments.tree_rows((SELECT segments.rollup_tree(c, a, '2-2')
  FROM (VALUES ('{0101,0102}'::text[], 10.00), ('{0201,x}', 4.00)) AS v(c, a)))
ORDER BY node COLLATE "C" NULLS LAST;
SELECT sum(amount) FILTER (WHERE parent IS NULL) AS roots_and_unclassified
FROM segments.tree_rows((SELECT segments.rollup_tree(c, a, '2-2')
  FROM (VALUES ('{0101,0102}'::text[], 10.00), ('{0201,x,y}', 4.00), ('{x}', 1.00), ('{}', 2.00),
               ('{0301,03,zzz}', 0.50)) AS v(c, a)));
-- A tree given as a hierarchy: the same rule (b and c are under two roots:
-- each root counts the row, as it belongs to both).
SELECT node, rows, amount, customers
FROM segments.tree_rows((SELECT segments.rollup_tree(c, a,
    (SELECT segments.tree(n, p) FROM (VALUES ('a', NULL), ('b', 'a'), ('c', NULL)) AS t(n, p)), k)
  FROM (VALUES ('{a,nowhere}'::text[], 3.00, 1::bigint), ('{b,c}', 5.00, 2), ('{nowhere}', 7.00, 3)) AS v(c, a, k)))
ORDER BY node COLLATE "C" NULLS LAST;
SET client_min_messages = warning;
