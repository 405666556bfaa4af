-- Hierarchical category rollups: coding schemes, trees from tables, one-pass totals.
SET DateStyle = ISO, YMD;

-- Coding schemes: the digits each level adds.
SELECT '2-2-2'::segments.code_scheme AS scheme, '2-3-3-4'::segments.code_scheme AS kingdee, ' 1 - 9 '::segments.code_scheme AS spaced;
SELECT code, segments.code_level(code, '2-2-2') AS level, segments.code_parent(code, '2-2-2') AS parent,
       segments.code_path(code, '2-2-2') AS path, segments.code_at_level(code, '2-2-2', 1) AS province,
       segments.code_at_level(code, '2-2-2', 2) AS city
FROM unnest('{01,0102,010203}'::text[]) AS code ORDER BY code;
-- Codes are ASCII letters and digits; anything else, or a length between level boundaries, is not a code.
SELECT code, segments.code_is_valid(code, '2-2-2') AS valid
FROM unnest('{01,0102,AB,A1b2,010,0102030,01-2,"01 ",华北,""}'::text[]) AS code ORDER BY code COLLATE "C";
SELECT segments.code_level('A1B2', '2-2'), segments.code_parent('A1B2', '2-2');

-- Three ways ERPs store the same tree: 华北 > 北京 > 朝阳, 海淀; 华北 > 天津; 华南 > 广州.
CREATE TABLE class_coded (code text, name text);          -- U8: coded prefixes, scheme 2-2-2
INSERT INTO class_coded VALUES ('01', '华北'), ('0101', '北京'), ('010101', '朝阳'), ('010102', '海淀'),
    ('0102', '天津'), ('02', '华南'), ('0201', '广州');
CREATE TABLE class_parent (id int, parent_id int, name text); -- Odoo: parent pointers
INSERT INTO class_parent VALUES (1, NULL, '华北'), (2, 1, '北京'), (3, 2, '朝阳'), (4, 2, '海淀'),
    (5, 1, '天津'), (6, NULL, '华南'), (7, 6, '广州');
CREATE TABLE class_nested (name text, lft int, rgt int);   -- ERPNext: nested sets
INSERT INTO class_nested VALUES ('华北', 1, 10), ('北京', 2, 7), ('朝阳', 3, 4), ('海淀', 5, 6),
    ('天津', 8, 9), ('华南', 11, 14), ('广州', 12, 13);

SELECT segments.tree_coded(code, '2-2-2', name) FROM class_coded;
SELECT segments.tree(id::text, parent_id::text, name) FROM class_parent;
SELECT segments.tree_nested(name, lft, rgt) FROM class_nested;
SELECT segments.tree(id::text, parent_id::text) FROM class_parent;

CREATE TABLE class_trees AS
SELECT 'coded' AS kind, (SELECT segments.tree_coded(code, '2-2-2', name) FROM class_coded) AS h
UNION ALL SELECT 'parent', (SELECT segments.tree(id::text, parent_id::text, name) FROM class_parent)
UNION ALL SELECT 'nested', (SELECT segments.tree_nested(name, lft, rgt) FROM class_nested);
SELECT kind, segments.ancestors(h, node) AS ancestors, segments.depth(h, node) AS depth, segments.is_leaf(h, node) AS is_leaf
FROM class_trees, LATERAL (VALUES (CASE kind WHEN 'coded' THEN '010102' WHEN 'parent' THEN '4' ELSE '海淀' END),
                            (CASE kind WHEN 'coded' THEN '01' WHEN 'parent' THEN '1' ELSE '华北' END)) AS v(node)
ORDER BY kind, depth;

-- Order lines of customers under the classes; one line sits in a class the tree does not know.
CREATE TABLE class_sales (customer int, class text, amount numeric(12,2));
INSERT INTO class_sales VALUES (1, '010101', 100.10), (1, '010102', 50.05), (2, '010101', 20.00), (3, '0102', 999.99),
    (3, '0102', -9.99), (4, '0201', 0.01), (5, '0399', 7.00), (2, '01', 1.00);

-- One-pass totals at every level: every node once, zeros included, unclassified shown.
SELECT t.node, t.name, t.level, t.parent, t.is_leaf, t.rows, t.amount, t.customers,
       round(t.share_of_parent::numeric, 4) AS share_of_parent, round(t.share_of_total::numeric, 4) AS share_of_total
FROM (SELECT segments.rollup_tree(class, amount, (SELECT h FROM class_trees WHERE kind = 'coded')) AS totals FROM class_sales) AS r,
     segments.tree_rows(r.totals) AS t;
-- The same from the scheme alone (nodes come from the codes in the rows).
SELECT t.node, t.level, t.parent, t.is_leaf, t.rows, t.amount, round(t.share_of_parent::numeric, 4) AS share_of_parent
FROM (SELECT segments.rollup_tree(class, amount, '2-2-2') AS totals FROM class_sales) AS r,
     segments.tree_rows(r.totals) AS t;
-- Distinct customers per node, counted once however many leaves they buy under.
SELECT t.node, t.name, t.rows, t.amount, t.customers
FROM (SELECT segments.rollup_tree(class, amount, (SELECT h FROM class_trees WHERE kind = 'coded'), customer) AS totals FROM class_sales) AS r,
     segments.tree_rows(r.totals) AS t;

-- Totals are exact: the roots and the unclassified bucket add up to sum(amount) to the cent.
SELECT (SELECT sum(amount) FROM class_sales) AS sql_sum, sum(t.amount) AS roots_and_unclassified
FROM (SELECT segments.rollup_tree(class, amount, '2-2-2'::segments.code_scheme) AS totals FROM class_sales) AS r,
     segments.tree_rows(r.totals) AS t WHERE t.parent IS NULL;
-- Each node holds exactly its subtree: its own rows plus its children's.
WITH rows AS (
    SELECT t.* FROM (SELECT segments.rollup_tree(class, amount, (SELECT h FROM class_trees WHERE kind = 'coded')) AS totals FROM class_sales) AS r,
                    segments.tree_rows(r.totals) AS t)
SELECT n.node, n.amount, coalesce(own.amount, 0) + coalesce(children.amount, 0) AS own_plus_children
FROM rows AS n
LEFT JOIN (SELECT class, sum(amount) AS amount FROM class_sales GROUP BY class) AS own ON own.class = n.node
LEFT JOIN (SELECT parent, sum(amount) AS amount FROM rows GROUP BY parent) AS children ON children.parent = n.node
WHERE n.node IS NOT NULL
ORDER BY n.node;

-- Text customer keys; NULL nodes are unclassified, NULL amounts add nothing (like sum()).
SELECT t.node, t.name, t.rows, t.amount, t.customers
FROM (SELECT segments.rollup_tree(class, amount, '2-2-2', 'C' || customer) AS totals
      FROM (SELECT * FROM class_sales UNION ALL VALUES (6, NULL, 5.00), (7, '02', NULL)) AS l) AS r,
     segments.tree_rows(r.totals) AS t
WHERE t.level = 1;
SET segments.language = 'zh';
SELECT t.node, t.name, t.rows FROM (SELECT segments.rollup_tree(NULL, 1.0, '2-2') AS totals) AS r, segments.tree_rows(r.totals) AS t;
RESET segments.language;

-- One rollup per group, and per level with code_at_level.
SELECT customer % 2 AS parity, t.node, t.rows, t.amount
FROM (SELECT customer % 2 AS customer, segments.rollup_tree(class, amount, (SELECT h FROM class_trees WHERE kind = 'coded')) AS totals
      FROM class_sales GROUP BY 1) AS r, segments.tree_rows(r.totals) AS t
WHERE t.level = 1 ORDER BY 1, 2;
SELECT segments.code_at_level(class, '2-2-2', 2) AS city, sum(amount) FROM class_sales WHERE segments.code_is_valid(class, '2-2-2')
GROUP BY 1 ORDER BY 1;

-- Parallel: Partial / Finalize plan, the same totals as serial, exact to the cent.
CREATE TABLE big_lines AS
SELECT i AS customer, lpad((1 + i % 7)::text, 2, '0') || lpad((1 + i % 5)::text, 2, '0') || lpad((1 + i % 3)::text, 2, '0') AS class,
       ((i * 7919) % 100000 / 100.0 - 100)::numeric(12,2) AS amount
FROM generate_series(1, 200000) AS i;
ANALYZE big_lines;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE rollup_serial AS SELECT segments.rollup_tree(class, amount, '2-2-2', customer)::text AS t FROM big_lines;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT segments.rollup_tree(class, amount, '2-2-2', customer) FROM big_lines;
CREATE TABLE rollup_parallel AS SELECT segments.rollup_tree(class, amount, '2-2-2', customer)::text AS t FROM big_lines;
RESET ALL;
SELECT p.t = s.t AS parallel_equals_serial FROM rollup_parallel AS p, rollup_serial AS s;
SELECT (SELECT sum(amount) FROM big_lines) AS sql_sum, t.amount AS roots, t.rows, t.customers
FROM (SELECT sum(amount) AS amount, sum(rows) AS rows, sum(customers) AS customers
      FROM rollup_serial, segments.tree_rows(t::segments.tree_totals) WHERE level = 1) AS t;

-- The three forms of the same tree give the same rollup (compared by class name).
CREATE TABLE class_keys AS
SELECT c.code, p.id::text AS id, c.name FROM class_coded AS c JOIN class_parent AS p USING (name);
CREATE TABLE form_rollups AS
SELECT 'coded' AS form, t.* FROM segments.tree_rows((SELECT segments.rollup_tree(s.class, s.amount, h, s.customer)
    FROM class_sales AS s, class_trees WHERE kind = 'coded')) AS t
UNION ALL
SELECT 'parent', t.* FROM segments.tree_rows((SELECT segments.rollup_tree(k.id, s.amount, h, s.customer)
    FROM class_sales AS s LEFT JOIN class_keys AS k ON k.code = s.class, class_trees WHERE kind = 'parent')) AS t
UNION ALL
SELECT 'nested', t.* FROM segments.tree_rows((SELECT segments.rollup_tree(k.name, s.amount, h, s.customer)
    FROM class_sales AS s LEFT JOIN class_keys AS k ON k.code = s.class, class_trees WHERE kind = 'nested')) AS t;
SELECT form, count(*) AS nodes,
       count(*) FILTER (WHERE (coalesce(k.name, r.node), r.level, r.rows, r.amount, r.customers) NOT IN
           (SELECT coalesce(c.name, 'unclassified'), c.level, c.rows, c.amount, c.customers FROM form_rollups AS c WHERE c.form = 'coded')) AS differing
FROM form_rollups AS r LEFT JOIN class_keys AS k ON r.node IN (k.code, k.id, k.name)
GROUP BY form ORDER BY form;

-- A chosen depth only: prune() folds deeper nodes into their ancestor there;
-- over codes, code_at_level() does the same before the rollup.
SELECT segments.prune(h, 1) FROM class_trees WHERE kind = 'coded';
SELECT t.node, t.name, t.is_leaf, t.rows, t.amount
FROM segments.tree_rows((SELECT segments.rollup_tree(class, amount, segments.prune(h, 1)) FROM class_sales, class_trees WHERE kind = 'coded')) AS t;
SELECT t.node, t.rows, t.amount
FROM segments.tree_rows((SELECT segments.rollup_tree(segments.code_at_level(class, '2-2-2', 1), amount, '2-2-2') FROM class_sales)) AS t;

-- Deep and wide trees: a 10,000-level chain, without recursion.
SELECT segments.depth(segments.tree(i::text, nullif(i - 1, 0)::text), '10000') AS depth,
       cardinality(segments.ancestors(segments.tree(i::text, nullif(i - 1, 0)::text), '10000')) AS ancestors
FROM generate_series(1, 10000) AS i;

-- Stored forms read back.
SELECT count(*) AS round_trips FROM class_trees WHERE h::text::segments.hierarchy::text = h::text;
SELECT t::segments.tree_totals::text = t AS totals_round_trip FROM rollup_serial;
