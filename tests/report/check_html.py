"""Checks the demo report's HTML page: every chart is a well-formed SVG
document with nothing external in it, and shows the numbers SQL returns.

usage: check_html.py REPORT.html DBNAME   (psql connects through PGHOST etc.;
                                          the sample data must be loaded)
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def rows(dbname, query):
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", dbname,
                          "-c", query], check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def main():
    path, dbname = sys.argv[1], sys.argv[2]
    page = open(path, encoding="utf-8").read()
    problems = []
    if re.search(r"<script|<link|<img|<iframe|@import|url\(", page, re.I):
        problems.append("the page loads or runs something")
    figures = dict(re.findall(r'<figure id="([^"]+)">\n(<svg .*?</svg>)', page, re.S))
    charts = {}
    for name, svg in figures.items():
        try:
            root = ET.fromstring(svg)
        except ET.ParseError as error:
            problems.append(f"{name}: not well-formed XML: {error}")
            continue
        if root.tag != SVG + "svg":
            problems.append(f"{name}: root element is {root.tag}")
        for element in root.iter():
            if element.tag in (SVG + "script", SVG + "image", SVG + "foreignObject", SVG + "use"):
                problems.append(f"{name}: has a {element.tag} element")
            for attribute, value in element.attrib.items():
                if "href" in attribute or "url(" in value:
                    problems.append(f"{name}: refers to {value}")
        charts[name] = "\n".join(t for e in root.iter() for t in [e.text] if t)
    expected = {
        "chart-classes": rows(dbname, """
            SELECT k.name || E'\\n' || '¥' || to_char(sum(l.amount), 'FM999,999,999,990.00')
            FROM erp.sales_order_line AS l JOIN erp.customer AS c USING (customer_id)
            JOIN erp.customer_class AS k ON k.code = left(c.class_code, 2)
            WHERE l.order_date >= '2025-11-01' AND l.order_date < '2026-11-01' GROUP BY k.name"""),
        "chart-tree": rows(dbname, """
            SELECT k.name || ': ¥' || to_char(sum(l.amount), 'FM999,999,999,990.00') || ' ('
                   || to_char(round(100 * sum(l.amount) / sum(sum(l.amount)) OVER (), 1), 'FM990.0') || '%)'
            FROM erp.sales_order_line AS l JOIN erp.customer AS c USING (customer_id)
            JOIN erp.customer_class AS k ON k.code = left(c.class_code, 2)
            WHERE l.order_date >= '2025-11-01' AND l.order_date < '2026-11-01' GROUP BY k.name"""),
        "chart-pareto": rows(dbname, """
            SELECT 'top 10.0% bring ' || to_char(round(100 * segments.top_share(c, 0.1)::numeric, 1), 'FM990.0') || '%'
                   || E'\\n' || '(' || segments.customers_for_share(c, 0.8) || ')'
            FROM (SELECT segments.concentration(amount::float8) AS c
                  FROM (SELECT c.customer_id, coalesce(sum(l.amount), 0) AS amount
                        FROM erp.customer AS c LEFT JOIN erp.sales_order_line AS l
                          ON l.customer_id = c.customer_id
                         AND l.order_date >= '2025-11-01' AND l.order_date < '2026-11-01'
                        GROUP BY c.customer_id) AS y) AS t"""),
        "chart-abc": rows(dbname, """
            SELECT class || E'\\n' || to_char(round(100 * sum(amount) / sum(sum(amount)) OVER (), 1), 'FM990.0') || '%'
            FROM (SELECT amount, segments.tier(amount::float8, segments.abc_scale(amount::float8) OVER ()) AS class
                  FROM (SELECT c.customer_id, coalesce(sum(l.amount), 0) AS amount
                        FROM erp.customer AS c LEFT JOIN erp.sales_order_line AS l
                          ON l.customer_id = c.customer_id
                         AND l.order_date >= '2025-11-01' AND l.order_date < '2026-11-01'
                        GROUP BY c.customer_id) AS y) AS t GROUP BY class"""),
        # The policy's amount and frequency dimensions, counted in plain SQL
        # over every customer: monthly spend = 12-month amount / 12, orders a
        # month = 12-month documents that are not credit notes / 12.
        "chart-policy": rows(dbname, """
            WITH documents AS (
                SELECT customer_id, order_id, sum(amount) AS amount FROM erp.sales_order_line
                WHERE order_date >= '2025-11-01' AND order_date < '2026-11-01' GROUP BY customer_id, order_id),
            y AS (
                SELECT c.customer_id, coalesce(sum(d.amount), 0) / 12 AS monthly,
                       count(d.order_id) FILTER (WHERE d.amount >= 0) / 12.0 AS orders_a_month
                FROM erp.customer AS c LEFT JOIN documents AS d USING (customer_id) GROUP BY c.customer_id)
            SELECT label || ': ' || count(*) FROM (
                SELECT 'amount: ' || CASE WHEN monthly > 10000 THEN 'high' WHEN monthly >= 5000 THEN 'medium' ELSE 'low' END
                FROM y
                UNION ALL
                SELECT 'frequency: ' || CASE WHEN orders_a_month > 10 THEN 'high' WHEN orders_a_month >= 5 THEN 'medium' ELSE 'low' END
                FROM y) AS labels(label)
            GROUP BY label"""),
    }
    checks = 0
    for name, wanted in expected.items():
        if name not in charts:
            problems.append(f"{name}: missing from the page")
            continue
        if not wanted:
            problems.append(f"{name}: SQL returned nothing to look for")
        for (text,) in wanted:
            for part in text.split("\n"):
                checks += 1
                if part not in charts[name]:
                    problems.append(f"{name}: does not show {part!r}")
    if len(figures) < 7:
        problems.append(f"only {len(figures)} charts on the page")
    if "chart-value" in charts and "¥" not in charts["chart-value"]:
        problems.append("chart-value: shows no expected value")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"{len(figures)} charts well-formed, {checks} figures found")


if __name__ == "__main__":
    main()
