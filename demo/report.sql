-- Customer classification report over the sample ERP data (demo/sample_data.sql),
-- printed by psql: `psql -X -q -f demo/report.sql`. Every figure covers the
-- last 12 full months, 2025-11-01 .. 2026-10-31; every customer counts, a
-- customer without orders in those months with amount 0.

-- The seed's fixed thresholds, as bands so that the boundaries are exact:
-- monthly spend above 10000 high, 5000-10000 medium (10000 itself is
-- medium), below 5000 low; more than 10 orders a month high, 5-10 medium,
-- fewer than 5 low.
-- Bands without labels take the default ones (low, medium, high; 低, 中, 高
-- under segments.language = 'zh').
\set spend_scale '[{"lt":5000},{"gte":5000,"lte":10000},{"gt":10000}]'
\set frequency_scale '[{"lt":5},{"gte":5,"lte":10},{"gt":10}]'
\pset footer off
CREATE TEMP VIEW report_scales AS
SELECT :'spend_scale'::segments.tier_scale AS spend, :'frequency_scale'::segments.tier_scale AS frequency;

-- Every customer's last 12 full months; a customer without orders in them
-- counts with amount 0 and no orders.
CREATE TEMP VIEW customer_year AS
SELECT c.customer_id, c.class_code, coalesce(sum(l.amount), 0) AS amount,
       count(DISTINCT l.order_id) FILTER (WHERE l.amount > 0) AS orders
FROM erp.customer AS c
LEFT JOIN erp.sales_order_line AS l
       ON l.customer_id = c.customer_id
      AND l.order_date >= '2025-11-01' AND l.order_date < '2026-11-01'
GROUP BY c.customer_id;

\echo
\echo 'Customer classification report: 12 months 2025-11-01 .. 2026-10-31'
\echo
-- ==== Overview ==============================================================
-- The report's figures that the HTML page (demo/report_html.sql) shows again
-- are views, written once here and read by both.
CREATE TEMP VIEW report_overview AS
SELECT count(DISTINCT customer_id) AS customers,
       count(DISTINCT order_id) FILTER (WHERE amount > 0) AS orders,
       sum(amount) AS amount,
       round(sum(amount) / count(DISTINCT customer_id), 2) AS "per customer",
       round(sum(amount) / count(DISTINCT order_id) FILTER (WHERE amount > 0), 2) AS "per order",
       round(100 * segments.growth(sum(amount) FILTER (WHERE order_date >= '2026-05-01'),
                                   sum(amount) FILTER (WHERE order_date < '2026-05-01'))::numeric, 1) AS "half-year growth %"
FROM erp.sales_order_line
WHERE order_date >= '2025-11-01' AND order_date < '2026-11-01';

\echo 'Overview: customers, orders and amount; half-year 2026-05..10 against 2025-11..2026-04'
SELECT * FROM report_overview;

\echo '1. Spend: monthly spend (12-month amount / 12) above 10000 high, 5000-10000 medium, below 5000 low'
SELECT tier, count(*) AS customers, sum(amount) AS amount,
       round(100 * sum(amount) / sum(sum(amount)) OVER (), 1) AS "share %"
FROM (SELECT amount,
             segments.tier(amount / 12, :'spend_scale'::segments.tier_scale) AS tier,
             segments.tier_rank(amount / 12, :'spend_scale'::segments.tier_scale) AS rank
      FROM customer_year) AS tiers
GROUP BY rank, tier
ORDER BY rank;

\echo '2. Frequency: orders a month (12-month orders / 12; credit notes do not count) more than 10 high, 5-10 medium, fewer than 5 low'
SELECT tier, count(*) AS customers, sum(orders) AS orders,
       round(avg(orders) / 12, 1) AS "orders/month"
FROM (SELECT orders,
             segments.tier(orders / 12.0, :'frequency_scale'::segments.tier_scale) AS tier,
             segments.tier_rank(orders / 12.0, :'frequency_scale'::segments.tier_scale) AS rank
      FROM customer_year) AS tiers
GROUP BY rank, tier
ORDER BY rank;

\echo '3. Relative spend: bottom 10%, middle 80% and top 10% of customers by 12-month amount (the Pareto picture)'
SELECT segments.tier(amount, scale) AS tier, count(*) AS customers, sum(amount) AS amount,
       round(100 * sum(amount) / sum(sum(amount)) OVER (), 1) AS "share %"
FROM (SELECT amount,
             segments.quantile_scale(amount, '{0.1,0.9}', '{"bottom 10%","middle 80%","top 10%"}') OVER () AS scale
      FROM customer_year) AS tiers
GROUP BY segments.tier_rank(amount, scale), 1
ORDER BY segments.tier_rank(amount, scale);

\echo '4. Relative spend within each level-1 customer class (province): bottom 10%, middle 80%, top 10%'
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
\echo '5. 月消费额分档（近12个月金额 / 12）：高于10000为高，5000-10000为中，低于5000为低'
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

-- Customer profiles: one pass over each customer's order lines (all 14
-- months), read for preference and lifecycle as of 2026-11-25.
CREATE TEMP VIEW customer_profiles AS
SELECT customer_id, segments.profile(order_date, amount, category) AS p
FROM erp.sales_order_line GROUP BY customer_id;

\echo '6. Preference per level-1 customer class: a category taking at least 60% of the amount, else mixed'
SELECT k.code AS class_code, k.name AS class_name,
       count(*) FILTER (WHERE segments.preference(p) = 'product') AS product,
       count(*) FILTER (WHERE segments.preference(p) = 'service') AS service,
       count(*) FILTER (WHERE segments.preference(p) = 'mixed') AS mixed,
       round(avg(segments.purchase_interval(p))::numeric, 1) AS "avg days between purchases"
FROM customer_profiles AS profiles
JOIN erp.customer AS c USING (customer_id)
JOIN erp.customer_class AS k ON k.code = left(c.class_code, 2)
GROUP BY k.code, k.name
ORDER BY k.code;

\echo '7. Lifecycle stage per level-1 customer class as of 2026-11-25 (new: first purchase within 90 days; lapsed: none for 180 days)'
SELECT k.code AS class_code, k.name AS class_name,
       count(*) FILTER (WHERE stage = 'new') AS new,
       count(*) FILTER (WHERE stage = 'active') AS active,
       count(*) FILTER (WHERE stage = 'at_risk') AS at_risk,
       count(*) FILTER (WHERE stage = 'reactivated') AS reactivated,
       count(*) FILTER (WHERE stage = 'lapsed') AS lapsed
FROM (SELECT customer_id, segments.lifecycle(p, '2026-11-25') AS stage FROM customer_profiles) AS stages
JOIN erp.customer AS c USING (customer_id)
JOIN erp.customer_class AS k ON k.code = left(c.class_code, 2)
GROUP BY k.code, k.name
ORDER BY k.code;

\echo '8. 客户生命周期（截至2026-11-25）与消费偏好'
SET segments.language = 'zh';
SELECT segments.lifecycle(p, '2026-11-25') AS 生命周期, segments.preference(p) AS 偏好, count(*) AS 客户数,
       sum(segments.total(p)) AS 金额
FROM customer_profiles AS profiles
GROUP BY 1, 2
ORDER BY 1, 2;
RESET segments.language;

-- RFM over the 12 months before 2026-11-01: recency in days since the last
-- purchase, frequency in orders (credit notes do not count), monetary in
-- amount. Scores 1..5 are quantiles of the customers who bought.
CREATE TEMP VIEW rfm_customers AS
SELECT customer_id, amount,
       segments.rfm_score(scale, recency, orders, amount) AS score,
       segments.rfm_class(scale, recency, orders, amount) AS class
FROM (SELECT *, segments.rfm_scale(recency, orders, amount) OVER () AS scale
      FROM (SELECT customer_id, '2026-11-01' - max(order_date) AS recency,
                   count(DISTINCT order_id) FILTER (WHERE amount > 0) AS orders, sum(amount) AS amount
            FROM erp.sales_order_line
            WHERE order_date >= '2025-11-01' AND order_date < '2026-11-01'
            GROUP BY customer_id) AS per_customer) AS scaled;

-- Customers and amount per RFM segment, with the totals over all segments;
-- segment names follow segments.language when the view is read.
CREATE TEMP VIEW rfm_segments AS
SELECT segments.rfm_segment(score) AS segment, count(*) AS customers, sum(count(*)) OVER () AS all_customers,
       sum(amount) AS amount, sum(sum(amount)) OVER () AS all_amount
FROM rfm_customers
GROUP BY 1;

\echo '9. RFM segments (standard 11-segment map) of the customers who bought in the 12 months'
SELECT segment, customers, round(100.0 * customers / all_customers, 1) AS "share %",
       amount, round(100 * amount / all_amount, 1) AS "revenue share %"
FROM rfm_segments
ORDER BY amount DESC;

\echo '10. RFM 客户分群（标准11类）'
SET segments.language = 'zh';
SELECT segment AS 客户群, customers AS 客户数, round(100.0 * customers / all_customers, 1) AS "客户占比 %",
       amount AS 金额, round(100 * amount / all_amount, 1) AS "金额占比 %"
FROM rfm_segments
ORDER BY amount DESC;

\echo '11. RFM 八类客户价值模型（R、F、M 与均值比较）'
SELECT class AS 客户类别, count(*) AS 客户数,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS "客户占比 %",
       sum(amount) AS 金额, round(100 * sum(amount) / sum(sum(amount)) OVER (), 1) AS "金额占比 %"
FROM rfm_customers
GROUP BY 1
ORDER BY sum(amount) DESC;
RESET segments.language;

\echo '12. Movement between RFM segments: the 180 days before 2026-05-01, then the 180 days before 2026-11-01'
WITH periods(as_of) AS (VALUES (date '2026-05-01'), (date '2026-11-01')),
per_customer AS (
    SELECT as_of, customer_id, as_of - max(order_date) AS recency,
           count(DISTINCT order_id) FILTER (WHERE amount > 0) AS orders, sum(amount) AS amount
    FROM periods JOIN erp.sales_order_line ON order_date >= as_of - 180 AND order_date < as_of
    GROUP BY as_of, customer_id),
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
-- adds up; customers are counted once under each class however many of its
-- leaves they buy under.
CREATE TEMP VIEW class_tree AS
SELECT segments.tree_coded(code, '2-2-2', name) AS h FROM erp.customer_class;
CREATE TEMP VIEW classed_lines AS
SELECT l.order_date, l.amount, l.customer_id, c.class_code
FROM erp.sales_order_line AS l JOIN erp.customer AS c USING (customer_id)
WHERE l.order_date >= '2025-11-01' AND l.order_date < '2026-11-01';

-- Every class of the tree with its customers, amount and shares over the 12
-- months, and its amount in each half-year (2025-11..2026-04, 2026-05..10).
CREATE TEMP VIEW class_tree_halves AS
SELECT y.ordinality, y.level, y.node, y.name, y.customers, y.amount, y.share_of_parent, y.share_of_total,
       first_half.amount AS first_half, second_half.amount AS second_half
FROM segments.tree_rows((SELECT segments.rollup_tree(class_code, amount, (SELECT h FROM class_tree), customer_id)
                         FROM classed_lines)) WITH ORDINALITY AS y
JOIN segments.tree_rows((SELECT segments.rollup_tree(class_code, amount, (SELECT h FROM class_tree))
                         FROM classed_lines WHERE order_date < '2026-05-01')) AS first_half
  ON first_half.node IS NOT DISTINCT FROM y.node
JOIN segments.tree_rows((SELECT segments.rollup_tree(class_code, amount, (SELECT h FROM class_tree))
                         FROM classed_lines WHERE order_date >= '2026-05-01')) AS second_half
  ON second_half.node IS NOT DISTINCT FROM y.node;

\echo '13. 客户分类汇总（编码方案 2-2-2，近12个月）：各级客户数、金额、占比，下半年（2026-05..10）比上半年增长'
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

\echo '14. ABC classes (Pareto): A = top customers making 80% of the amount, B = up to 95%, C = the rest'
SELECT class, customers,
       round(100.0 * customers / all_customers, 1) AS "customers %",
       amount,
       round(100 * amount / all_amount, 1) AS "amount %",
       segments.bar((amount / all_amount)::float8, 30) AS "share of amount"
FROM abc_classes
ORDER BY class;

\echo '15. Concentration: share of the top 10% and 20% of customers, customers making 80%, Gini'
SELECT segments.count(c) AS customers,
       round(100 * segments.top_share(c, 0.1)::numeric, 1) AS "top 10% %",
       segments.bar(segments.top_share(c, 0.1), 20) AS "top 10%",
       round(100 * segments.top_share(c, 0.2)::numeric, 1) AS "top 20% %",
       segments.customers_for_share(c, 0.8) AS "customers for 80%",
       round(segments.gini(c)::numeric, 3) AS gini
FROM customer_concentration;

-- ==== Summary per customer type ==============================================
\echo '16. Per customer type: customers who bought in 2026-05..10, amount, average, share, growth on 2025-11..2026-04'
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
    FROM rfm_customers AS r
    JOIN (SELECT customer_id, max(order_date) AS last_order
          FROM erp.sales_order_line WHERE order_date < '2026-11-01' GROUP BY customer_id) AS y USING (customer_id)
    WHERE y.last_order <= date '2026-11-01' - 45
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

\echo '17. Findings'
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

\echo '18. Suggested actions for the RFM segments and cn8 classes of the customers who bought in the 12 months'
SELECT segment, customers, action FROM standard_actions ORDER BY amount DESC;

\echo '19. 发现与建议（中文）'
SET segments.language = 'zh';
SELECT finding AS 发现 FROM report_findings ORDER BY topic, rank, finding;
SELECT segment AS 客户类别, customers AS 客户数, action AS 建议 FROM cn8_actions ORDER BY amount DESC;
RESET segments.language;

-- ---- Policy sections (docs/policies.md) ------------------------------------
-- The stored `default` policy applied to every customer as of 2026-11-01:
-- the profile of every order before that day (so new versus old counts from
-- the first purchase) plus the columns of erp.customer; amounts and shares
-- are the last 12 full months'. A customer without orders has no metrics:
-- its profile dimensions are empty.
CREATE TEMP VIEW policy_classified AS
SELECT c.customer_id, coalesce(p.amount, 0) AS amount,
       segments.classify(to_jsonb(c) || coalesce(segments.metrics(p.profile, '2026-11-01'), '{}'), 'default') AS r
FROM erp.customer AS c
LEFT JOIN (SELECT customer_id, segments.profile(order_date, amount, category) AS profile,
                  coalesce(sum(amount) FILTER (WHERE order_date >= '2025-11-01'), 0) AS amount
           FROM erp.sales_order_line
           WHERE order_date < '2026-11-01'
           GROUP BY customer_id) AS p USING (customer_id);

SELECT segments.policy_version('default') AS policy_version \gset
\echo 'Policy "default" (version ':policy_version'): customers, 12-month amount and share per label of each dimension'
SELECT d.key AS dimension, coalesce(d.value #>> '{}', '(no orders)') AS label, count(*) AS customers,
       sum(amount) AS amount, round(100 * sum(amount) / sum(sum(amount)) OVER (PARTITION BY d.key), 1) AS "share %"
FROM policy_classified, jsonb_each(r -> 'dimensions') AS d
GROUP BY 1, 2 ORDER BY 1, 2;

\echo 'Policy "default": tags (VIP: 100000 or more and at least 12 orders; high potential: new, orders above 1000 on average)'
SELECT tag, count(*) FILTER (WHERE segments.has_tag(r, tag)) AS customers,
       coalesce(sum(amount) FILTER (WHERE segments.has_tag(r, tag)), 0) AS amount
FROM policy_classified, unnest(ARRAY['VIP', 'high_potential']) AS tag
GROUP BY tag ORDER BY tag;

\echo '客户管理策略 default：各维度、各档客户数与近12个月金额占比'
SELECT coalesce(n.name, d.key) AS 维度, coalesce(ls.name, l.name, d.value #>> '{}', '（无订单）') AS 档次, count(*) AS 客户数,
       sum(amount) AS 金额, round(100 * sum(amount) / sum(sum(amount)) OVER (PARTITION BY d.key), 1) AS "占比 %"
FROM policy_classified, jsonb_each(r -> 'dimensions') AS d
LEFT JOIN (VALUES ('amount', '消费金额'), ('frequency', '购买频率'), ('preference', '购买偏好'), ('size', '企业规模'),
                  ('importance', '重要程度'), ('age', '新老客户')) AS n(key, name) ON n.key = d.key
LEFT JOIN (VALUES ('low', '低'), ('medium', '中'), ('high', '高'), ('product', '产品偏好'), ('service', '服务偏好'),
                  ('mixed', '综合'), ('key', '重点客户'), ('normal', '一般客户'),
                  ('new', '新客户'), ('old', '老客户')) AS l(label, name)
       ON l.label = d.value #>> '{}'
LEFT JOIN (VALUES ('small', '小型'), ('medium', '中型'), ('large', '大型')) AS ls(label, name)
       ON d.key = 'size' AND ls.label = d.value #>> '{}'
GROUP BY d.key, 1, 2 ORDER BY d.key, 2;

\echo '客户管理策略 default：标签（VIP：金额10万以上且至少12单；高潜力：新客户且平均单额1000以上）'
SELECT CASE tag WHEN 'VIP' THEN 'VIP客户' ELSE '高潜力客户' END AS 标签,
       count(*) FILTER (WHERE segments.has_tag(r, tag)) AS 客户数,
       coalesce(sum(amount) FILTER (WHERE segments.has_tag(r, tag)), 0) AS 金额
FROM policy_classified, unnest(ARRAY['VIP', 'high_potential']) AS tag
GROUP BY tag ORDER BY tag;

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
FROM (SELECT customer_id, segments.profile(order_date, amount) AS p
      FROM erp.sales_order_line WHERE order_date < '2026-11-01'
      GROUP BY customer_id) AS profiles;
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
\echo '20. Customers likely to be lost: P(alive) below 0.3 (BG/NBD on every purchase before 2026-11-01, weeks; r=':model_r' alpha=':model_alpha' a=':model_a' b=':model_b', converged ':model_converged')'
SELECT customer_id, coalesce(segments.rfm_segment(score), '(no orders in the 12 months)') AS rfm_segment,
       frequency AS repeat_purchases, round(age - recency, 1) AS weeks_since_last, round(p_alive::numeric, 3) AS p_alive,
       amount AS amount_12_months
FROM customer_value
WHERE p_alive < 0.3
ORDER BY amount DESC, customer_id;

\echo '21. Expected value over the next 52 weeks per RFM segment: BG/NBD purchases times Gamma-Gamma value per purchase'
SELECT segment, customers, avg_p_alive, purchases_52 AS expected_purchases, value_52 AS expected_value,
       round(100 * value_52 / sum(value_52) OVER (), 1) AS "share %"
FROM segment_value
ORDER BY value_52 DESC, segment;

\echo '22. 可能流失的客户（BG/NBD模型存活概率低于0.3，2026-11-01之前的全部购买，以周计）'
SET segments.language = 'zh';
SELECT customer_id AS 客户, coalesce(segments.rfm_segment(score), '（近12个月无订单）') AS 客户群,
       frequency AS 重复购买次数, round(age - recency, 1) AS 距上次购买周数, round(p_alive::numeric, 3) AS 存活概率,
       amount AS 近12个月金额
FROM customer_value
WHERE p_alive < 0.3
ORDER BY amount DESC, customer_id;

\echo '23. 各RFM客户群未来52周预期价值（BG/NBD预期购买次数 × Gamma-Gamma每次购买价值）'
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
