-- Customer classification report over the sample ERP data (demo/sample_data.sql),
-- printed by psql: `psql -X -q -f demo/report.sql`. One story: every section
-- that classifies by a rule reads the same figures of the same window, and
-- its title says which window that is.
--   * 12 months: the last 12 full months, 2025-11-01 .. 2026-10-31; every
--     customer counts, a customer without orders in those months with
--     amount 0 and no orders.
--   * History: every purchase before 2026-11-01, for what needs the whole
--     history (new or old customer, lifecycle stage, value models).
--   * As of 2026-11-01: the day after the 12 months; recency, tenure and
--     lifecycle are measured on it.
-- Orders are documents (order_id), not lines: an order of three lines is one
-- order, and a credit note (a document whose lines sum below zero, a return)
-- is not an order.

-- The seed's fixed thresholds, as bands so that the boundaries are exact:
-- monthly spend above 10000 high, 5000-10000 medium (10000 itself is
-- medium), below 5000 low; more than 10 orders a month high, 5-10 medium,
-- fewer than 5 low. Monthly means the 12 months' figure divided by 12.
-- Bands without labels take the default ones (low, medium, high; 低, 中, 高
-- under segments.language = 'zh').
\set spend_scale '[{"lt":5000},{"gte":5000,"lte":10000},{"gt":10000}]'
\set frequency_scale '[{"lt":5},{"gte":5,"lte":10},{"gt":10}]'
\pset footer off
CREATE TEMP VIEW report_scales AS
SELECT :'spend_scale'::segments.tier_scale AS spend, :'frequency_scale'::segments.tier_scale AS frequency;

-- Every customer once: its profile of the 12 months (year) and of its
-- history before 2026-11-01 (history), with the product/service category of
-- each line and the order (order_id) it belongs to, so that orders(year)
-- counts orders (documents whose lines sum to zero or more), not lines, and
-- returns(year) credit notes (documents whose lines sum below zero).
-- A table, computed once: every section below reads it.
CREATE TEMP TABLE customer_year AS
SELECT c.customer_id, c.class_code, p.year, p.history,
       coalesce(segments.total(p.year), 0) AS amount,
       coalesce(segments.orders(p.year), 0) AS orders,
       coalesce(segments.returns(p.year), 0) AS returns
FROM erp.customer AS c
LEFT JOIN (SELECT customer_id,
                  segments.profile(order_date, amount, category, order_id) FILTER (WHERE order_date >= '2025-11-01') AS year,
                  segments.profile(order_date, amount, category, order_id) AS history
           FROM erp.sales_order_line
           WHERE order_date < '2026-11-01'
           GROUP BY customer_id) AS p USING (customer_id);

\echo
\echo 'Customer classification report: 12 months 2025-11-01 .. 2026-10-31'
\echo
-- ==== Overview ==============================================================
-- The report's figures that the HTML page (demo/report_html.sql) shows again
-- are views, written once here and read by both.
CREATE TEMP VIEW report_overview AS
SELECT count(*) FILTER (WHERE year IS NOT NULL) AS customers,
       sum(orders) AS orders, sum(returns) AS returns,
       sum(amount) AS amount,
       round(sum(amount) / count(*) FILTER (WHERE year IS NOT NULL), 2) AS "per customer",
       round(sum(amount) / sum(orders + returns), 2) AS "per order",
       (SELECT round(100 * segments.growth(sum(amount) FILTER (WHERE order_date >= '2026-05-01'),
                                           sum(amount) FILTER (WHERE order_date < '2026-05-01'))::numeric, 1)
        FROM erp.sales_order_line
        WHERE order_date >= '2025-11-01' AND order_date < '2026-11-01') AS "half-year growth %"
FROM customer_year;

\echo 'Overview, 12 months 2025-11-01 .. 2026-10-31: customers with orders or credit notes, orders, credit notes (returns), amount; per order = amount / (orders + returns); half-year 2026-05..10 against 2025-11..2026-04'
SELECT * FROM report_overview;

\echo '1. Spend, 12 months 2025-11-01 .. 2026-10-31: monthly spend (amount / 12) above 10000 high, 5000-10000 medium, below 5000 low; every customer'
SELECT tier, count(*) AS customers, sum(amount) AS amount,
       round(100 * sum(amount) / sum(sum(amount)) OVER (), 1) AS "share %"
FROM (SELECT amount,
             segments.tier(amount / 12, :'spend_scale'::segments.tier_scale) AS tier,
             segments.tier_rank(amount / 12, :'spend_scale'::segments.tier_scale) AS rank
      FROM customer_year) AS tiers
GROUP BY rank, tier
ORDER BY rank;

\echo '2. Frequency, 12 months 2025-11-01 .. 2026-10-31: orders a month (orders / 12; an order is a document, credit notes do not count) more than 10 high, 5-10 medium, fewer than 5 low'
SELECT tier, count(*) AS customers, sum(orders) AS orders,
       round(avg(orders) / 12, 1) AS "orders/month"
FROM (SELECT orders,
             segments.tier(orders / 12.0, :'frequency_scale'::segments.tier_scale) AS tier,
             segments.tier_rank(orders / 12.0, :'frequency_scale'::segments.tier_scale) AS rank
      FROM customer_year) AS tiers
GROUP BY rank, tier
ORDER BY rank;

\echo '3. Relative spend, 12 months 2025-11-01 .. 2026-10-31: bottom 10%, middle 80% and top 10% of customers by amount (the Pareto picture)'
SELECT segments.tier(amount, scale) AS tier, count(*) AS customers, sum(amount) AS amount,
       round(100 * sum(amount) / sum(sum(amount)) OVER (), 1) AS "share %"
FROM (SELECT amount,
             segments.quantile_scale(amount, '{0.1,0.9}', '{"bottom 10%","middle 80%","top 10%"}') OVER () AS scale
      FROM customer_year) AS tiers
GROUP BY segments.tier_rank(amount, scale), 1
ORDER BY segments.tier_rank(amount, scale);

\echo '4. Relative spend within each level-1 customer class (province), 12 months 2025-11-01 .. 2026-10-31: bottom 10%, middle 80%, top 10%'
SELECT t.class_code, k.name AS class_name, segments.tier(t.amount, t.scale) AS tier,
       count(*) AS customers, sum(t.amount) AS amount,
       round(100 * sum(t.amount) / sum(sum(t.amount)) OVER (PARTITION BY t.class_code), 1) AS "share %"
FROM (SELECT left(c.class_code, 2) AS class_code, c.amount,
             segments.quantile_scale(c.amount, '{0.1,0.9}', '{"bottom 10%","middle 80%","top 10%"}')
                 OVER (PARTITION BY left(c.class_code, 2)) AS scale
      FROM customer_year AS c) AS t
JOIN erp.customer_class AS k ON k.code = t.class_code
GROUP BY t.class_code, k.name, segments.tier_rank(t.amount, t.scale), 3
ORDER BY t.class_code, segments.tier_rank(t.amount, t.scale);

-- Report 1 again, with the default labels in Chinese.
\echo '5. 月消费额分档（近12个月，2025-11-01至2026-10-31，金额 / 12）：高于10000为高，5000-10000为中，低于5000为低'
SET segments.language = 'zh';
SELECT tier AS 档次, count(*) AS 客户数, sum(amount) AS 金额,
       round(100 * sum(amount) / sum(sum(amount)) OVER (), 1) AS "占比 %"
FROM (SELECT amount,
             segments.tier(amount / 12, :'spend_scale'::segments.tier_scale) AS tier,
             segments.tier_rank(amount / 12, :'spend_scale'::segments.tier_scale) AS rank
      FROM customer_year) AS tiers
GROUP BY rank, tier
ORDER BY rank;
RESET segments.language;

-- Preference from the profile of the 12 months; lifecycle from the history,
-- as of 2026-11-01.
\echo '6. Preference per level-1 customer class, 12 months 2025-11-01 .. 2026-10-31: a category taking at least 60% of the amount, else mixed; customers with orders in the 12 months'
SELECT k.code AS class_code, k.name AS class_name,
       count(*) FILTER (WHERE segments.preference(y.year) = 'product') AS product,
       count(*) FILTER (WHERE segments.preference(y.year) = 'service') AS service,
       count(*) FILTER (WHERE segments.preference(y.year) = 'mixed') AS mixed,
       round(avg(segments.purchase_interval(y.year))::numeric, 1) AS "avg days between purchases"
FROM customer_year AS y
JOIN erp.customer_class AS k ON k.code = left(y.class_code, 2)
WHERE y.year IS NOT NULL
GROUP BY k.code, k.name
ORDER BY k.code;

\echo '7. Lifecycle stage per level-1 customer class as of 2026-11-01, history before it (new: first purchase within 90 days; lapsed: none for 180 days)'
SELECT k.code AS class_code, k.name AS class_name,
       count(*) FILTER (WHERE stage = 'new') AS new,
       count(*) FILTER (WHERE stage = 'active') AS active,
       count(*) FILTER (WHERE stage = 'at_risk') AS at_risk,
       count(*) FILTER (WHERE stage = 'reactivated') AS reactivated,
       count(*) FILTER (WHERE stage = 'lapsed') AS lapsed
FROM (SELECT class_code, segments.lifecycle(history, '2026-11-01') AS stage
      FROM customer_year WHERE history IS NOT NULL) AS stages
JOIN erp.customer_class AS k ON k.code = left(stages.class_code, 2)
GROUP BY k.code, k.name
ORDER BY k.code;

-- Preference labels in Chinese: the categories' names and segments.preference's 综合.
\echo '8. 客户生命周期（截至2026-11-01，此前全部购买）与消费偏好（近12个月，2025-11-01至2026-10-31）'
SET segments.language = 'zh';
SELECT segments.lifecycle(history, '2026-11-01') AS 生命周期,
       CASE segments.preference(year) WHEN 'product' THEN '产品偏好' WHEN 'service' THEN '服务偏好'
                                      ELSE coalesce(segments.preference(year), '（近12个月无订单）') END AS 偏好,
       count(*) AS 客户数, sum(amount) AS 近12个月金额
FROM customer_year
WHERE history IS NOT NULL
GROUP BY 1, 2
ORDER BY 1, 2;
RESET segments.language;

-- RFM over the 12 months: recency in days from the last purchase to
-- 2026-11-01, frequency in orders (documents; credit notes do not count),
-- monetary in amount. Scores 1..5 are quantiles of the customers with orders
-- or credit notes in the 12 months.
CREATE TEMP VIEW rfm_customers AS
SELECT customer_id, amount,
       segments.rfm_score(scale, recency, orders, amount) AS score,
       segments.rfm_class(scale, recency, orders, amount) AS class
FROM (SELECT *, segments.rfm_scale(recency, orders, amount) OVER () AS scale
      FROM (SELECT customer_id, segments.recency_days(year, '2026-11-01') AS recency, orders, amount
            FROM customer_year
            WHERE year IS NOT NULL) AS per_customer) AS scaled;

-- Customers and amount per RFM segment, with the totals over all segments;
-- segment names follow segments.language when the view is read.
CREATE TEMP VIEW rfm_segments AS
SELECT segments.rfm_segment(score) AS segment, count(*) AS customers, sum(count(*)) OVER () AS all_customers,
       sum(amount) AS amount, sum(sum(amount)) OVER () AS all_amount
FROM rfm_customers
GROUP BY 1;

\echo '9. RFM segments (standard 11-segment map), 12 months 2025-11-01 .. 2026-10-31, as of 2026-11-01: customers with orders or credit notes in the 12 months'
SELECT segment, customers, round(100.0 * customers / all_customers, 1) AS "share %",
       amount, round(100 * amount / all_amount, 1) AS "revenue share %"
FROM rfm_segments
ORDER BY amount DESC;

\echo '10. RFM 客户分群（标准11类，近12个月，2025-11-01至2026-10-31）'
SET segments.language = 'zh';
SELECT segment AS 客户群, customers AS 客户数, round(100.0 * customers / all_customers, 1) AS "客户占比 %",
       amount AS 金额, round(100 * amount / all_amount, 1) AS "金额占比 %"
FROM rfm_segments
ORDER BY amount DESC;

\echo '11. RFM 八类客户价值模型（R、F、M 与均值比较，近12个月，2025-11-01至2026-10-31）'
SELECT class AS 客户类别, count(*) AS 客户数,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS "客户占比 %",
       sum(amount) AS 金额, round(100 * sum(amount) / sum(sum(amount)) OVER (), 1) AS "金额占比 %"
FROM rfm_customers
GROUP BY 1
ORDER BY sum(amount) DESC;
RESET segments.language;

\echo '12. Movement between RFM segments: the 180 days before 2026-05-01, then the 180 days before 2026-11-01 (orders are documents)'
WITH periods(as_of) AS (VALUES (date '2026-05-01'), (date '2026-11-01')),
per_customer AS (
    SELECT as_of, customer_id, segments.recency_days(p, as_of) AS recency,
           segments.orders(p) AS orders, segments.total(p) AS amount
    FROM (SELECT as_of, customer_id, segments.profile(order_date, amount, order_id) AS p
          FROM periods JOIN erp.sales_order_line ON order_date >= as_of - 180 AND order_date < as_of
          GROUP BY as_of, customer_id) AS profiles),
segmented AS (
    SELECT as_of, customer_id,
           segments.rfm_segment(segments.rfm_score(segments.rfm_scale(recency, orders, amount) OVER (PARTITION BY as_of),
                                                   recency, orders, amount)) AS segment
    FROM per_customer)
SELECT coalesce(before.segment, '(new)') AS from_segment, coalesce(after.segment, '(no orders)') AS to_segment,
       count(*) AS customers,
       round(100.0 * count(*) / sum(count(*)) OVER (PARTITION BY before.segment), 1) AS "share of from %"
FROM (SELECT * FROM segmented WHERE as_of = '2026-05-01') AS before
FULL JOIN (SELECT * FROM segmented WHERE as_of = '2026-11-01') AS after USING (customer_id)
GROUP BY before.segment, after.segment
ORDER BY 1, 3 DESC, 2;

-- The customer class tree (U8 class table, coding scheme 2-2-2): every level
-- adds up. A customer in two classes (erp.customer_class_member) counts in
-- each of them with all its amount, and once in the classes above them; the
-- sample's customers in two classes have both in one province, so the
-- provinces add up to the total.
CREATE TEMP VIEW class_tree AS
SELECT segments.tree_coded(code, '2-2-2', name) AS h FROM erp.customer_class;
CREATE TEMP VIEW classed_lines AS
SELECT l.order_date, l.amount, l.customer_id, m.classes
FROM erp.sales_order_line AS l
JOIN (SELECT customer_id, array_agg(class_code ORDER BY class_code) AS classes
      FROM erp.customer_class_member GROUP BY customer_id) AS m USING (customer_id)
WHERE l.order_date >= '2025-11-01' AND l.order_date < '2026-11-01';

-- Every class of the tree with its customers, amount and shares over the 12
-- months, and its amount in each half-year (2025-11..2026-04, 2026-05..10).
CREATE TEMP VIEW class_tree_halves AS
SELECT y.ordinality, y.level, y.node, y.name, y.customers, y.amount, y.share_of_parent, y.share_of_total,
       first_half.amount AS first_half, second_half.amount AS second_half
FROM segments.tree_rows((SELECT segments.rollup_tree(classes, amount, (SELECT h FROM class_tree), customer_id)
                         FROM classed_lines)) WITH ORDINALITY AS y
JOIN segments.tree_rows((SELECT segments.rollup_tree(classes, amount, (SELECT h FROM class_tree))
                         FROM classed_lines WHERE order_date < '2026-05-01')) AS first_half
  ON first_half.node IS NOT DISTINCT FROM y.node
JOIN segments.tree_rows((SELECT segments.rollup_tree(classes, amount, (SELECT h FROM class_tree))
                         FROM classed_lines WHERE order_date >= '2026-05-01')) AS second_half
  ON second_half.node IS NOT DISTINCT FROM y.node;

\echo '13. 客户分类汇总（编码方案 2-2-2，近12个月，2025-11-01至2026-10-31）：各级客户数、金额、占比（同属两个分类的客户两类各计一次，上级只计一次），下半年（2026-05..10）比上半年增长'
SELECT repeat('  ', level - 1) || coalesce(name, node) AS 客户分类, customers AS 客户数, amount AS 金额,
       round((100 * share_of_parent)::numeric, 1) AS "占上级 %", round((100 * share_of_total)::numeric, 1) AS "占总额 %",
       segments.bar(share_of_total, 15) AS 占比图,
       round(100 * segments.growth(second_half, first_half)::numeric, 1) AS "增长 %"
FROM class_tree_halves
ORDER BY ordinality;

-- ==== Pareto: ABC classes and concentration ==================================
-- Customers by 12-month amount, largest first: A makes the first 80% of the
-- amount, B up to 95%, C the rest (segments.abc_scale); concentration from
-- segments.concentration.
CREATE TEMP VIEW abc_customers AS
SELECT customer_id, amount, segments.tier(amount::float8, segments.abc_scale(amount::float8) OVER ()) AS class
FROM customer_year;

-- Customers and amount per ABC class, with the totals over all classes.
CREATE TEMP VIEW abc_classes AS
SELECT class, count(*) AS customers, sum(count(*)) OVER () AS all_customers,
       sum(amount) AS amount, sum(sum(amount)) OVER () AS all_amount
FROM abc_customers
GROUP BY class;

CREATE TEMP VIEW customer_concentration AS
SELECT segments.concentration(amount::float8) AS c FROM customer_year;

\echo '14. ABC classes (Pareto), 12 months 2025-11-01 .. 2026-10-31: A = top customers making 80% of the amount, B = up to 95%, C = the rest'
SELECT class, customers,
       round(100.0 * customers / all_customers, 1) AS "customers %",
       amount,
       round(100 * amount / all_amount, 1) AS "amount %",
       segments.bar((amount / all_amount)::float8, 30) AS "share of amount"
FROM abc_classes
ORDER BY class;

\echo '15. Concentration, 12 months 2025-11-01 .. 2026-10-31: share of the top 10% and 20% of customers, customers making 80%, Gini'
SELECT segments.count(c) AS customers,
       round(100 * segments.top_share(c, 0.1)::numeric, 1) AS "top 10% %",
       segments.bar(segments.top_share(c, 0.1), 20) AS "top 10%",
       round(100 * segments.top_share(c, 0.2)::numeric, 1) AS "top 20% %",
       segments.customers_for_share(c, 0.8) AS "customers for 80%",
       round(segments.gini(c)::numeric, 3) AS gini
FROM customer_concentration;

-- ==== Summary per customer type ==============================================
\echo '16. Per customer type, 12 months 2025-11-01 .. 2026-10-31: customers who bought in 2026-05..10, their amount, average, share, growth on 2025-11..2026-04'
WITH rfm_segment AS (
    SELECT customer_id, segments.rfm_segment(score) AS segment FROM rfm_customers),
customer_type AS (
    SELECT c.customer_id, k.name AS class, c.region,
           segments.tier(y.amount / 12, :'spend_scale'::segments.tier_scale) AS tier, r.segment
    FROM customer_year AS y
    JOIN erp.customer AS c USING (customer_id)
    JOIN erp.customer_class AS k ON k.code = left(c.class_code, 2)
    LEFT JOIN rfm_segment AS r USING (customer_id)),
summary AS (
    SELECT CASE WHEN GROUPING(t.class) = 0 THEN 'class'
                WHEN GROUPING(t.region) = 0 THEN 'region'
                WHEN GROUPING(t.tier) = 0 THEN 'spend tier'
                ELSE 'RFM segment' END AS dimension,
           GROUPING(t.class, t.region, t.tier, t.segment) AS dimension_order,
           coalesce(t.class, t.region, t.tier, t.segment) AS type,
           count(DISTINCT l.customer_id) FILTER (WHERE l.order_date >= '2026-05-01') AS customers,
           sum(l.amount) FILTER (WHERE l.order_date >= '2026-05-01') AS amount,
           sum(l.amount) FILTER (WHERE l.order_date < '2026-05-01') AS previous
    FROM customer_type AS t
    JOIN erp.sales_order_line AS l USING (customer_id)
    WHERE l.order_date >= '2025-11-01' AND l.order_date < '2026-11-01'
    GROUP BY GROUPING SETS ((t.class), (t.region), (t.tier), (t.segment)))
SELECT dimension, type, customers, amount, round(amount / nullif(customers, 0), 2) AS average,
       round(100 * amount / sum(amount) OVER (PARTITION BY dimension), 1) AS "share %",
       segments.bar((amount / sum(amount) OVER (PARTITION BY dimension))::float8, 15) AS share,
       round(100 * segments.growth(amount, previous)::numeric, 1) AS "growth %"
FROM summary
ORDER BY dimension_order DESC, amount DESC NULLS LAST, type;

-- ==== Findings and suggested actions =========================================
-- Every sentence is worded by the extension from figures computed here.
CREATE TEMP VIEW report_findings AS
WITH abc AS (
    SELECT class, customers::float8 / all_customers AS customer_share, (amount / all_amount)::float8 AS amount_share
    FROM abc_classes),
lapsed AS (
    -- Customers of each RFM segment whose last purchase is 45 days or more
    -- before 2026-11-01.
    SELECT segments.rfm_segment(r.score) AS segment, count(*) AS customers
    FROM rfm_customers AS r JOIN customer_year AS y USING (customer_id)
    WHERE segments.recency_days(y.year, '2026-11-01') >= 45
    GROUP BY 1),
class_growth AS (
    SELECT k.name, segments.growth(sum(l.amount) FILTER (WHERE l.order_date >= '2026-05-01'),
                                   sum(l.amount) FILTER (WHERE l.order_date < '2026-05-01')) AS growth
    FROM erp.sales_order_line AS l
    JOIN erp.customer AS c USING (customer_id)
    JOIN erp.customer_class AS k ON k.code = left(c.class_code, 2)
    WHERE l.order_date >= '2025-11-01' AND l.order_date < '2026-11-01'
    GROUP BY k.name)
SELECT 1 AS topic, 0::float8 AS rank, segments.finding_top_share(c, 0.1) AS finding FROM customer_concentration
UNION ALL
SELECT 2, ascii(class), segments.finding_class(class, customer_share, amount_share) FROM abc
UNION ALL
SELECT 3, -customers, segments.finding_lapsed(customers, segment, 45) FROM lapsed
UNION ALL
SELECT 4, -growth, segments.finding_growth(name, growth) FROM class_growth;

\echo '17. Findings, 12 months 2025-11-01 .. 2026-10-31'
SELECT finding FROM report_findings ORDER BY topic, rank, finding;

-- The suggested action of each standard RFM segment and of each cn8 class
-- of these customers; names and actions follow segments.language when the
-- views are read.
CREATE TEMP VIEW standard_actions AS
SELECT a.segment, count(*) AS customers, a.action, sum(r.amount) AS amount
FROM rfm_customers AS r
JOIN segments.suggested_actions() AS a ON a.model = 'standard' AND a.segment = segments.rfm_segment(r.score)
GROUP BY a.segment, a.action;
CREATE TEMP VIEW cn8_actions AS
SELECT a.segment, count(*) AS customers, a.action, sum(r.amount) AS amount
FROM rfm_customers AS r
JOIN segments.suggested_actions() AS a ON a.model = 'cn8' AND a.segment = r.class
GROUP BY a.segment, a.action;

\echo '18. Suggested actions for the RFM segments of the customers with orders or credit notes, 12 months 2025-11-01 .. 2026-10-31'
SELECT segment, customers, action FROM standard_actions ORDER BY amount DESC;

\echo '19. 发现与建议（近12个月，2025-11-01至2026-10-31；RFM 八类客户的建议）'
SET segments.language = 'zh';
SELECT finding AS 发现 FROM report_findings ORDER BY topic, rank, finding;
SELECT segment AS 客户类别, customers AS 客户数, action AS 建议 FROM cn8_actions ORDER BY amount DESC;
RESET segments.language;

-- ---- Policy sections (docs/policies.md) ------------------------------------
-- The stored `default` policy applied to every customer, with the figures
-- the sections above classify by, so that its dimensions and theirs agree:
-- the metrics of the 12 months' profile (preference, recency, average
-- order per document, ...), the 12 months' amount and orders, monthly spend and orders a month as the 12 months' amount and
-- orders divided by 12 (sections 1 and 2), tenure (new or old customer)
-- from the history as of 2026-11-01, and the columns of erp.customer. A
-- customer without orders in the 12 months has amount 0 and no orders (low
-- spend and frequency, as in sections 1 and 2) and no preference.
CREATE TEMP VIEW policy_classified AS
SELECT y.customer_id, y.amount,
       segments.classify(to_jsonb(c) || coalesce(segments.metrics(y.year, '2026-11-01'), '{}')
                         || jsonb_build_object('total', y.amount, 'orders', y.orders,
                                               'amount_per_month', y.amount / 12, 'orders_per_month', y.orders / 12.0,
                                               'tenure_days', segments.tenure_days(y.history, '2026-11-01')),
                         'default') AS r
FROM customer_year AS y
JOIN erp.customer AS c USING (customer_id);

-- Customers, amount and share per label of each dimension, and per tag; in
-- Chinese with the dimensions' and labels' Chinese names. The HTML page
-- shows the same views.
CREATE TEMP VIEW policy_dimensions AS
SELECT d.key AS dimension, coalesce(d.value #>> '{}', '(no orders)') AS label,
       -- labels from low to high, as the sections above list them
       array_position('{low,small,medium,high,large,product,service,mixed,key,normal,new,old}'::text[], d.value #>> '{}')
           AS label_order,
       count(*) AS customers,
       sum(amount) AS amount, round(100 * sum(amount) / sum(sum(amount)) OVER (PARTITION BY d.key), 1) AS "share %"
FROM policy_classified, jsonb_each(r -> 'dimensions') AS d
GROUP BY 1, 2, 3;

CREATE TEMP VIEW policy_tags AS
SELECT tag, count(*) FILTER (WHERE segments.has_tag(r, tag)) AS customers,
       coalesce(sum(amount) FILTER (WHERE segments.has_tag(r, tag)), 0) AS amount
FROM policy_classified, unnest(ARRAY['VIP', 'high_potential']) AS tag
GROUP BY tag;

CREATE TEMP VIEW policy_dimensions_zh AS
SELECT d.dimension, d.label_order, coalesce(n.name, d.dimension) AS 维度,
       coalesce(ls.name, l.name, nullif(d.label, '(no orders)'), '（无订单）') AS 档次, d.customers AS 客户数,
       d.amount AS 金额, d."share %" AS "占比 %"
FROM policy_dimensions AS d
LEFT JOIN (VALUES ('amount', '消费金额'), ('frequency', '购买频率'), ('preference', '购买偏好'), ('size', '企业规模'),
                  ('importance', '重要程度'), ('age', '新老客户')) AS n(key, name) ON n.key = d.dimension
LEFT JOIN (VALUES ('low', '低'), ('medium', '中'), ('high', '高'), ('product', '产品偏好'), ('service', '服务偏好'),
                  ('mixed', '综合'), ('key', '重点客户'), ('normal', '一般客户'),
                  ('new', '新客户'), ('old', '老客户')) AS l(label, name)
       ON d.dimension <> 'size' AND l.label = d.label
LEFT JOIN (VALUES ('small', '小型'), ('medium', '中型'), ('large', '大型')) AS ls(label, name)
       ON d.dimension = 'size' AND ls.label = d.label;

CREATE TEMP VIEW policy_tags_zh AS
SELECT tag, CASE tag WHEN 'VIP' THEN 'VIP客户' ELSE '高潜力客户' END AS 标签, customers AS 客户数, amount AS 金额
FROM policy_tags;

SELECT segments.policy_version('default') AS policy_version \gset
\echo '20. Policy "default" (version ':policy_version'), 12 months 2025-11-01 .. 2026-10-31 (new or old: first purchase to 2026-11-01): customers, amount and share per label of each dimension'
SELECT dimension, label, customers, amount, "share %" FROM policy_dimensions ORDER BY dimension, label_order NULLS LAST;

\echo '21. Policy "default": tags, 12 months 2025-11-01 .. 2026-10-31 (VIP: 100000 or more and at least 12 orders; high potential: new, orders above 1000 on average)'
SELECT * FROM policy_tags ORDER BY tag;

\echo '22. 客户管理策略 default：各维度、各档客户数与金额占比（近12个月，2025-11-01至2026-10-31；新老客户按截至2026-11-01的首次购买）'
SELECT 维度, 档次, 客户数, 金额, "占比 %" FROM policy_dimensions_zh ORDER BY dimension, label_order NULLS LAST;

\echo '23. 客户管理策略 default：标签（近12个月，2025-11-01至2026-10-31；VIP：金额10万以上且至少12单；高潜力：新客户且平均单额1000以上）'
SELECT 标签, 客户数, 金额 FROM policy_tags_zh ORDER BY tag;

-- ==== Customer value models (docs/models.md) ================================
-- BG/NBD (who is still a customer, how many purchases to expect) and
-- Gamma-Gamma (the value of a purchase), fitted on every customer's history
-- before 2026-11-01, in weeks: frequency = repeat purchase days, recency =
-- weeks from the first to the last purchase day, age = weeks since the first.
CREATE TEMP VIEW model_histories AS
SELECT customer_id, segments.repeat_purchases(p)::float8 AS frequency,
       segments.repeat_recency_days(p) / 7.0 AS recency,
       segments.age_days(p, '2026-11-01') / 7.0 AS age,
       segments.repeat_avg_value(p)::float8 AS monetary
FROM (SELECT customer_id, history AS p FROM customer_year WHERE history IS NOT NULL) AS profiles;
CREATE TEMP TABLE value_models AS
SELECT segments.bgnbd_fit(frequency, recency, age) AS purchases,
       segments.gamma_gamma_fit(frequency, monetary) AS spend
FROM model_histories;
-- Every customer with a history: P(alive), purchases and value expected over
-- the next 52 weeks (undiscounted), and the RFM segment of the 12 months
-- (customers without orders in them have none).
CREATE TEMP VIEW customer_value AS
SELECT h.customer_id, h.frequency, h.recency, h.age,
       segments.p_alive(m.purchases, h.frequency, h.recency, h.age) AS p_alive,
       segments.expected_purchases(m.purchases, 52, h.frequency, h.recency, h.age) AS purchases_52,
       segments.clv(m.purchases, m.spend, h.frequency, h.recency, h.age, h.monetary, 52) AS value_52,
       r.score, coalesce(r.amount, 0) AS amount
FROM model_histories AS h CROSS JOIN value_models AS m
LEFT JOIN rfm_customers AS r USING (customer_id);
-- Expected value per RFM segment; names follow segments.language when read.
CREATE TEMP VIEW segment_value AS
SELECT coalesce(segments.rfm_segment(score), CASE WHEN current_setting('segments.language') = 'zh'
                                                  THEN '（近12个月无订单）' ELSE '(no orders in the 12 months)' END) AS segment,
       count(*) AS customers, round(avg(p_alive)::numeric, 3) AS avg_p_alive,
       round(sum(purchases_52)::numeric, 1) AS purchases_52, round(sum(value_52)::numeric, 2) AS value_52,
       sum(amount) AS amount
FROM customer_value
GROUP BY 1;

SELECT round((m->>'r')::numeric, 3) AS r, round((m->>'alpha')::numeric, 3) AS alpha,
       round((m->>'a')::numeric, 3) AS a, round((m->>'b')::numeric, 3) AS b, m->>'converged' AS converged
FROM (SELECT segments.params(purchases) AS m FROM value_models) AS t \gset model_
\echo '24. Customers likely to be lost: P(alive) below 0.3 (BG/NBD on every purchase before 2026-11-01, weeks; r=':model_r' alpha=':model_alpha' a=':model_a' b=':model_b', converged ':model_converged')'
SELECT customer_id, coalesce(segments.rfm_segment(score), '(no orders in the 12 months)') AS rfm_segment,
       frequency AS repeat_purchases, round(age - recency, 1) AS weeks_since_last, round(p_alive::numeric, 3) AS p_alive,
       amount AS amount_12_months
FROM customer_value
WHERE p_alive < 0.3
ORDER BY amount DESC, customer_id;

\echo '25. Expected value over the next 52 weeks per RFM segment (segments of the 12 months 2025-11-01 .. 2026-10-31): BG/NBD purchases times Gamma-Gamma value per purchase'
SELECT segment, customers, avg_p_alive, purchases_52 AS expected_purchases, value_52 AS expected_value,
       round(100 * value_52 / sum(value_52) OVER (), 1) AS "share %"
FROM segment_value
ORDER BY value_52 DESC, segment;

\echo '26. 可能流失的客户（BG/NBD模型存活概率低于0.3，2026-11-01之前的全部购买，以周计）'
SET segments.language = 'zh';
SELECT customer_id AS 客户, coalesce(segments.rfm_segment(score), '（近12个月无订单）') AS 客户群,
       frequency AS 重复购买次数, round(age - recency, 1) AS 距上次购买周数, round(p_alive::numeric, 3) AS 存活概率,
       amount AS 近12个月金额
FROM customer_value
WHERE p_alive < 0.3
ORDER BY amount DESC, customer_id;

\echo '27. 各RFM客户群（近12个月，2025-11-01至2026-10-31）未来52周预期价值（BG/NBD预期购买次数 × Gamma-Gamma每次购买价值）'
SELECT segment AS 客户群, customers AS 客户数, avg_p_alive AS 平均存活概率, purchases_52 AS 预期购买次数,
       value_52 AS 预期价值, round(100 * value_52 / sum(value_52) OVER (), 1) AS "占比 %"
FROM segment_value
ORDER BY value_52 DESC, segment;
RESET segments.language;

-- ==== HTML ===================================================================
-- With `-v html=PATH`, the same report as one self-contained HTML page with
-- SVG charts (demo/report_html.sql).
\if :{?html}
\ir report_html.sql
\endif
