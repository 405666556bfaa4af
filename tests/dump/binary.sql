-- A row of every type, for binary COPY out and back in (scripts/test).
CREATE TABLE binary_source AS
SELECT (SELECT profile FROM yearly_profiles ORDER BY customer_id LIMIT 1) AS profile,
       (SELECT scale FROM scales WHERE name = 'bands') AS tier_scale,
       (SELECT scale FROM rfm_scores LIMIT 1) AS rfm_scale,
       (SELECT score FROM rfm_scores ORDER BY score DESC LIMIT 1) AS score,
       ARRAY['545', '10-3-7']::segments.rfm[] AS scores,
       (SELECT scheme FROM class_trees) AS scheme,
       (SELECT h FROM class_trees) AS h,
       (SELECT by_code FROM class_totals) AS totals,
       (SELECT segments.rollup_tree(ARRAY[left(category, 2), '0101'], CASE WHEN customer_id % 5 <> 0 THEN amount END, '2-2', customer_id)
        FROM order_lines) AS many_totals,
       (SELECT segments.node_totals(left(category, 2), amount, customer_id) FROM order_lines) AS node_totals,
       (SELECT segments.abc_scale(amount::float8, '{0.7,0.9}', '{A,B,C}') FROM order_lines) AS abc_scale,
       (SELECT segments.concentration(amount::float8) FROM order_lines) AS concentration,
       (SELECT segments.profile(order_date, amount, category, date_trunc('week', order_date)::text)
        FROM order_lines WHERE customer_id = 1) AS documented_profile;
CREATE TABLE binary_target (LIKE binary_source);
