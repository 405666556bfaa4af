-- How stored-0.2.0.bin and stored-0.2.0.txt were written: with the 0.2.0
-- build installed, in a database holding tests/dump/setup.sql and
-- stored-0.2.0.sql,
--   psql -f tests/upgrade/fill-0.2.0.sql
--   COPY (SELECT * FROM stored_0_2_0 ORDER BY id) TO STDOUT (FORMAT binary)  > stored-0.2.0.bin
--   COPY (SELECT * FROM stored_0_2_0 ORDER BY id) TO STDOUT                  > stored-0.2.0.txt
-- Kept so the next release's fixture is written the same way.
INSERT INTO stored_0_2_0 (id, kind, profile)
SELECT row_number() OVER (ORDER BY customer_id, month), 'profile', profile
FROM monthly_profiles WHERE customer_id <= 10;
INSERT INTO stored_0_2_0 (id, kind, profile)
SELECT 1000 + customer_id, 'yearly', profile FROM yearly_profiles WHERE customer_id <= 10;
INSERT INTO stored_0_2_0 (id, kind, tier_scale)
SELECT 2000 + row_number() OVER (ORDER BY name), 'tier_scale', scale FROM scales;
INSERT INTO stored_0_2_0 (id, kind, rfm_scale, score)
SELECT 3000 + customer_id, 'rfm', scale, score FROM rfm_scores WHERE customer_id <= 10;
INSERT INTO stored_0_2_0 (id, kind, rfm_scale) SELECT 3999, 'fixed_rfm', scale FROM fixed_rfm;
INSERT INTO stored_0_2_0 (id, kind, scheme, h) SELECT 4000, 'tree', scheme, h FROM class_trees;
INSERT INTO stored_0_2_0 (id, kind, totals) SELECT 5000, 'tree_totals_coded', by_code FROM class_totals;
INSERT INTO stored_0_2_0 (id, kind, totals) SELECT 5001, 'tree_totals_tree', by_tree FROM class_totals;
INSERT INTO stored_0_2_0 (id, kind, nodes)
SELECT 6000, 'node_totals', segments.node_totals(left(category, 2) || lpad((customer_id % 3)::text, 2, '0'), amount, customer_id)
FROM order_lines;
INSERT INTO stored_0_2_0 (id, kind, spread)
SELECT 7000, 'concentration', segments.concentration(total::float8)
FROM (SELECT customer_id, sum(amount) AS total FROM order_lines GROUP BY 1) AS per_customer;
