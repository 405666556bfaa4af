-- The report as one self-contained HTML page with SVG charts drawn by the
-- extension (segments.svg_bars, svg_pareto, svg_tree). Run by report.sql at
-- its end when psql is given `-v html=PATH`, in the same session: it reads the
-- report's temporary views. No scripts, no external files or URLs.

CREATE FUNCTION pg_temp.html(value text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT replace(replace(replace(replace(value, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;')
$$;

-- A query's result as an HTML table, numbers right-aligned.
CREATE FUNCTION pg_temp.html_table(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    result json;
    head text;
    body text;
BEGIN
    EXECUTE format('SELECT coalesce(json_agg(t), ''[]'') FROM (%s) AS t', query) INTO result;
    SELECT string_agg('<th>' || pg_temp.html(key) || '</th>', '' ORDER BY n) INTO head
    FROM json_each(result -> 0) WITH ORDINALITY AS c(key, value, n);
    SELECT string_agg('<tr>' || (
               SELECT string_agg(CASE json_typeof(value) WHEN 'number' THEN '<td class="n">' ELSE '<td>' END
                                 || coalesce(pg_temp.html(value #>> '{}'), '') || '</td>', '' ORDER BY n)
               FROM json_each(r) WITH ORDINALITY AS c(key, value, n)) || '</tr>', E'\n' ORDER BY i) INTO body
    FROM json_array_elements(result) WITH ORDINALITY AS a(r, i);
    RETURN E'<table>\n<thead><tr>' || coalesce(head, '') || E'</tr></thead>\n<tbody>\n' || coalesce(body, '') || E'\n</tbody>\n</table>';
END
$$;

CREATE FUNCTION pg_temp.figure(id text, caption text, svg text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format(E'<figure id="%s">\n%s<figcaption>%s</figcaption>\n</figure>', id, svg, pg_temp.html(caption))
$$;

\pset format unaligned
\pset tuples_only on
\o :html
SELECT concat_ws(E'\n',
'<!DOCTYPE html>',
'<html lang="en">',
'<head>',
'<meta charset="utf-8">',
'<meta name="viewport" content="width=device-width, initial-scale=1">',
'<title>Customer classification report</title>',
'<style>',
'body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }',
'h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }',
'table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }',
'th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; } th { background: #f4f4f4; }',
'td.n { text-align: right; font-variant-numeric: tabular-nums; }',
'figure { display: inline-block; margin: 0.5em 1em 1em 0; vertical-align: top; } figcaption { font-size: 0.85em; color: #555; }',
'</style>',
'</head>',
'<body>',
'<h1>Customer classification report</h1>',
'<p>12 months 2025-11-01 .. 2026-10-31 unless a section says otherwise; growth compares 2026-05..10 with 2025-11..2026-04. An order is a document (order_id), and a credit note (a return) is not an order. Sample ERP data; every figure and sentence below is computed by SQL, from the same figures as the printed report.</p>',

'<h2>Overview, 12 months 2025-11-01 .. 2026-10-31</h2>',
pg_temp.html_table('SELECT * FROM report_overview'),

'<h2>Customer classes, 12 months 2025-11-01 .. 2026-10-31</h2>',
'<p>A customer in two classes counts in each of them, and once in the classes above them.</p>',
pg_temp.figure('chart-classes', 'Amount by level-1 customer class, 12 months',
    (SELECT segments.svg_bars(name, amount::float8, '{"title":"Amount by customer class","decimals":2,"prefix":"¥"}'
                              ORDER BY amount DESC, name)
     FROM (SELECT k.name, sum(y.amount) AS amount
           FROM customer_year AS y
           JOIN erp.customer_class AS k ON k.code = left(y.class_code, 2)
           GROUP BY k.name) AS c)),
pg_temp.figure('chart-tree', 'The class tree (coding scheme 2-2-2): every level adds up',
    (SELECT segments.svg_tree(segments.rollup_tree(classes, amount, (SELECT h FROM class_tree)),
                              '{"title":"Class tree: share of the amount at each level","decimals":2,"prefix":"¥"}')
     FROM classed_lines)),
pg_temp.html_table($q$
    SELECT repeat(U&'\00A0\00A0\00A0', level - 1) || coalesce(name, node) AS class, customers, amount,
           round((100 * share_of_total)::numeric, 1) AS "share %",
           round(100 * segments.growth(second_half, first_half)::numeric, 1) AS "growth %"
    FROM class_tree_halves
    ORDER BY ordinality$q$),

'<h2>Three-dimension classification, 12 months 2025-11-01 .. 2026-10-31</h2>',
'<p>Monthly spend (amount / 12) above 10000 high, 5000-10000 medium, below 5000 low; orders a month (orders / 12) more than 10 high, 5-10 medium, fewer than 5 low; preference: a category taking at least 60% of the amount, else mixed. Every customer; a customer without orders in the 12 months has no preference.</p>',
pg_temp.html_table($q$
    WITH tiers AS (
        SELECT segments.tier_rank(amount / 12, spend) AS spend_rank,
               segments.tier(amount / 12, spend) AS spend,
               segments.tier_rank(orders / 12.0, frequency) AS frequency_rank,
               segments.tier(orders / 12.0, frequency) AS frequency,
               segments.preference(year) AS preference
        FROM customer_year, report_scales AS scales)
    SELECT spend, frequency,
           count(*) FILTER (WHERE preference = 'product') AS product,
           count(*) FILTER (WHERE preference = 'service') AS service,
           count(*) FILTER (WHERE preference = 'mixed') AS mixed,
           count(*) FILTER (WHERE preference IS NULL) AS "no orders",
           count(*) AS customers
    FROM tiers
    GROUP BY spend_rank, spend, frequency_rank, frequency
    ORDER BY spend_rank DESC, frequency_rank DESC$q$),

'<h2>Policy "default" (version ' || segments.policy_version('default') || '): dimensions and tags, 12 months 2025-11-01 .. 2026-10-31</h2>',
'<p>The stored policy applied to every customer with the figures above (new or old: first purchase to 2026-11-01). Customers, amount and share per label of each dimension.</p>',
pg_temp.figure('chart-policy', 'Customers per label of each dimension of the policy',
    (SELECT segments.svg_bars(dimension || ': ' || label, customers::float8,
                              '{"title":"Policy \"default\": customers per label","width":640}'
                              ORDER BY dimension, label_order NULLS LAST)
     FROM policy_dimensions)),
pg_temp.html_table($q$
    SELECT dimension, label, customers, amount, "share %" FROM policy_dimensions ORDER BY dimension, label_order NULLS LAST$q$),
pg_temp.html_table($q$
    SELECT tag, customers, amount FROM policy_tags ORDER BY tag$q$),

'<h2>Value segments (RFM), 12 months 2025-11-01 .. 2026-10-31, as of 2026-11-01</h2>',
pg_temp.figure('chart-rfm', 'Amount by RFM segment (standard 11-segment map)',
    (SELECT segments.svg_bars(segment, amount::float8, '{"title":"Amount by RFM segment","decimals":2,"prefix":"¥"}'
                              ORDER BY amount DESC, segment)
     FROM rfm_segments)),
pg_temp.html_table($q$
    SELECT segment, customers, amount, round(100 * amount / all_amount, 1) AS "share %"
    FROM rfm_segments ORDER BY amount DESC$q$),

'<h2>Pareto: ABC classes and concentration, 12 months 2025-11-01 .. 2026-10-31</h2>',
pg_temp.figure('chart-pareto', 'Cumulative share of the amount, customers largest first',
    (SELECT segments.svg_pareto(amount::float8, '{"title":"Pareto curve of the 12-month amount"}') FROM customer_year)),
pg_temp.figure('chart-abc', 'Share of the amount by ABC class',
    (SELECT segments.svg_bars(class, share, '{"title":"ABC classes: share of the amount","format":"percent","width":420}' ORDER BY class)
     FROM (SELECT class, (amount / all_amount)::float8 AS share FROM abc_classes) AS a)),
pg_temp.html_table($q$
    SELECT class, customers, round(100.0 * customers / all_customers, 1) AS "customers %",
           amount, round(100 * amount / all_amount, 1) AS "amount %"
    FROM abc_classes ORDER BY class$q$),
pg_temp.html_table($q$
    SELECT segments.count(c) AS customers, round(100 * segments.top_share(c, 0.1)::numeric, 1) AS "top 10% share %",
           segments.customers_for_share(c, 0.8) AS "customers for 80%", round(segments.gini(c)::numeric, 3) AS gini
    FROM customer_concentration$q$),

'<h2>Customer value models: who is still a customer, what each is worth</h2>',
'<p>BG/NBD and Gamma-Gamma fitted on every purchase before 2026-11-01, in weeks (docs/models.md).</p>',
pg_temp.figure('chart-value', 'Expected value over the next 52 weeks by RFM segment',
    (SELECT segments.svg_bars(segment, value_52::float8, '{"title":"Expected value, next 52 weeks","decimals":2,"prefix":"¥"}'
                              ORDER BY value_52 DESC, segment)
     FROM segment_value)),
pg_temp.html_table($q$
    SELECT segment, customers, avg_p_alive AS "average P(alive)", purchases_52 AS "expected purchases",
           value_52 AS "expected value"
    FROM segment_value ORDER BY value_52 DESC, segment$q$),
'<h3>Customers likely to be lost (P(alive) below 0.3)</h3>',
pg_temp.html_table($q$
    SELECT customer_id AS customer, coalesce(segments.rfm_segment(score), '(no orders in the 12 months)') AS "RFM segment",
           frequency AS "repeat purchases", round(age - recency, 1) AS "weeks since last",
           round(p_alive::numeric, 3) AS "P(alive)", amount AS "12-month amount"
    FROM customer_value WHERE p_alive < 0.3 ORDER BY amount DESC, customer_id$q$),
'<h2>Findings, 12 months 2025-11-01 .. 2026-10-31</h2>',
(SELECT E'<ul>\n' || string_agg('<li>' || pg_temp.html(finding) || '</li>', E'\n' ORDER BY topic, rank, finding) || E'\n</ul>'
 FROM report_findings),
'<h2>Suggested actions</h2>',
pg_temp.html_table('SELECT segment, customers, action FROM standard_actions ORDER BY amount DESC'),
'<h2 lang="zh">发现与建议</h2>');
SET segments.language = 'zh';
SELECT concat_ws(E'\n',
(SELECT E'<ul lang="zh">\n' || string_agg('<li>' || pg_temp.html(finding) || '</li>', E'\n' ORDER BY topic, rank, finding) || E'\n</ul>'
 FROM report_findings),
pg_temp.html_table('SELECT segment AS 客户类别, customers AS 客户数, action AS 建议 FROM cn8_actions ORDER BY amount DESC'),
'<h2 lang="zh">客户管理策略 default：各维度与标签（近12个月，2025-11-01至2026-10-31）</h2>',
pg_temp.html_table($q$
    SELECT 维度, 档次, 客户数, 金额, "占比 %" FROM policy_dimensions_zh ORDER BY dimension, label_order NULLS LAST$q$),
pg_temp.html_table($q$
    SELECT 标签, 客户数, 金额 FROM policy_tags_zh ORDER BY tag$q$),
'<h2 lang="zh">可能流失的客户与各客户群预期价值</h2>',
pg_temp.html_table($q$
    SELECT customer_id AS 客户, coalesce(segments.rfm_segment(score), '（近12个月无订单）') AS 客户群,
           round(p_alive::numeric, 3) AS 存活概率, amount AS 近12个月金额
    FROM customer_value WHERE p_alive < 0.3 ORDER BY amount DESC, customer_id$q$),
pg_temp.html_table($q$
    SELECT segment AS 客户群, customers AS 客户数, avg_p_alive AS 平均存活概率, value_52 AS 未来52周预期价值
    FROM segment_value ORDER BY value_52 DESC, segment$q$),
'</body>',
'</html>');
RESET segments.language;
\o
\pset format aligned
\pset tuples_only off
