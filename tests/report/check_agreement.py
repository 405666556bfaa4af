"""Checks that the printed demo report tells one story: the sections that
classify by the same rule give the same answer (same window, same counts),
and the figures they share agree with each other and with plain SQL over
the order lines.

usage: check_agreement.py REPORT.txt DBNAME   (REPORT.txt: what demo/report.sql
                                              printed; psql connects through
                                              PGHOST etc., sample data loaded)
"""
import re
import subprocess
import sys
from decimal import Decimal

SEPARATOR = re.compile(r"^-+(\+-+)*$")


def tables(text):
    """{section number or title: [rows as {column: value}]} of psql's aligned
    output; a table printed without a title of its own (the second table of
    a section) is filed under the section's number with a suffix '+'."""
    lines = text.splitlines()
    found, title = {}, None
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and SEPARATOR.match(lines[i + 1]) and lines[i].strip():
            header = [c.strip() for c in lines[i].split("|")]
            previous = lines[i - 1].strip() if i > 0 else ""
            if previous:
                m = re.match(r"(\d+)\. ", previous)
                title = m.group(1) if m else previous.split(",")[0].split(":")[0]
                key = title
            else:
                key = title + "+"
            rows = []
            i += 2
            while i < len(lines) and lines[i].strip():
                rows.append(dict(zip(header, (c.strip() for c in lines[i].split("|")))))
                i += 1
            found[key] = rows
        i += 1
    return found


def sql(dbname, query):
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", dbname,
                          "-c", query], check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def main():
    path, dbname = sys.argv[1], sys.argv[2]
    t = tables(open(path, encoding="utf-8").read())
    problems = []
    checks = 0

    def same(what, left, right):
        nonlocal checks
        checks += 1
        if left != right:
            problems.append(f"{what}: {left} <> {right}")

    def by(section, key, *columns):
        return {row[key]: tuple(row[c] for c in columns) for row in t[section]}

    def policy(section, dimension_column, dimension, label_column, *columns):
        return {row[label_column]: tuple(row[c] for c in columns)
                for row in t[section] if row[dimension_column] == dimension}

    zh = {"低": "low", "中": "medium", "高": "high", "产品偏好": "product", "服务偏好": "service", "综合": "mixed",
          "（无订单）": "(no orders)", "（近12个月无订单）": "(no orders)", "新客户": "new", "老客户": "old", "VIP客户": "VIP", "高潜力客户": "high_potential"}

    def english(rows):
        return {zh.get(k, k): v for k, v in rows.items()}

    overview = t["Overview"][0]
    customers_all = sum(int(r["customers"]) for r in t["1"])
    amount_all = sum(Decimal(r["amount"]) for r in t["1"])

    # Spend: section 1, its Chinese twin (5), the policy's amount dimension (20, 22).
    spend = by("1", "tier", "customers", "amount")
    same("spend tiers (1) and in Chinese (5)", spend, english(by("5", "档次", "客户数", "金额")))
    same("spend tiers (1) and the policy's amount dimension (20)", spend,
         policy("20", "dimension", "amount", "label", "customers", "amount"))
    same("spend tiers (1) and the Chinese policy's amount dimension (22)", spend,
         english(policy("22", "维度", "消费金额", "档次", "客户数", "金额")))
    # Frequency: section 2 and the policy's frequency dimension.
    frequency = {k: v[0] for k, v in by("2", "tier", "customers").items()}
    same("frequency tiers (2) and the policy's frequency dimension (20)", frequency,
         {k: v[0] for k, v in policy("20", "dimension", "frequency", "label", "customers").items()})
    same("frequency tiers (2) and the Chinese policy's frequency dimension (22)", frequency,
         {k: v[0] for k, v in english(policy("22", "维度", "购买频率", "档次", "客户数")).items()})
    # Preference: section 6 (per class) and the policy's preference dimension.
    preference = {label: str(sum(int(r[label]) for r in t["6"])) for label in ("product", "service", "mixed")}
    policy_preference = {k: v[0] for k, v in policy("20", "dimension", "preference", "label", "customers").items()}
    same("preferences (6) and the policy's preference dimension (20)", preference,
         {k: v for k, v in policy_preference.items() if k != "(no orders)"})
    same("the policy's preference dimension in Chinese (22)", policy_preference,
         {k: v[0] for k, v in english(policy("22", "维度", "购买偏好", "档次", "客户数")).items()})
    # Section 8 labels preference in Chinese, with the same counts as section 6.
    preference_zh = {}
    for row in t["8"]:
        label = zh.get(row["偏好"], row["偏好"])
        preference_zh[label] = preference_zh.get(label, 0) + int(row["客户数"])
    same("preference labels of section 8 are Chinese", sorted(preference_zh),
         sorted(["product", "service", "mixed", "(no orders)"]))
    same("preferences (6) and section 8", preference,
         {k: str(v) for k, v in preference_zh.items() if k != "(no orders)"})
    # Lifecycle: section 7 per class and section 8.
    lifecycle_total = sum(int(r[c]) for r in t["7"] for c in ("new", "active", "at_risk", "reactivated", "lapsed"))
    same("customers with a history: sections 7 and 8", lifecycle_total, sum(preference_zh.values()))
    # Tags: English and Chinese.
    same("tags (21) and in Chinese (23)", by("21", "tag", "customers", "amount"),
         english(by("23", "标签", "客户数", "金额")))

    # Every customer counts once in every dimension of the policy, in the
    # relative tiers, the ABC classes and the concentration.
    for dimension in sorted({r["dimension"] for r in t["20"]}):
        same(f"customers in the policy's {dimension} dimension (20)", customers_all,
             sum(int(r["customers"]) for r in t["20"] if r["dimension"] == dimension))
    same("customers in the relative tiers (3)", customers_all, sum(int(r["customers"]) for r in t["3"]))
    same("customers in the ABC classes (14)", customers_all, sum(int(r["customers"]) for r in t["14"]))
    same("customers in the concentration (15)", customers_all, int(t["15"][0]["customers"]))
    same("frequency tiers' customers (2)", customers_all, sum(int(r["customers"]) for r in t["2"]))
    same("customers with orders in the 12 months (6) and without (20)",
         customers_all, sum(int(v) for v in preference.values()) + int(policy_preference.get("(no orders)", "0")))

    # The same 12-month amount everywhere.
    same("overview amount and the spend tiers (1)", Decimal(overview["amount"]), amount_all)
    for section, column in (("3", "amount"), ("14", "amount"), ("9", "amount")):
        same(f"amount of section {section}", amount_all, sum(Decimal(r[column]) for r in t[section]))
    same("amount of the level-1 classes (13)", amount_all,
         sum(Decimal(r["金额"]) for r in t["13"] if r["客户分类"] in {r["class_name"] for r in t["4"]}))
    same("amount of the policy's dimensions (20)", amount_all,
         sum(Decimal(r["amount"]) for r in t["20"] if r["dimension"] == "amount"))
    # The same orders and customers.
    same("overview orders and the frequency tiers (2)", int(overview["orders"]), sum(int(r["orders"]) for r in t["2"]))
    same("overview customers and the RFM segments (9)", int(overview["customers"]),
         sum(int(r["customers"]) for r in t["9"]))
    same("RFM segments (9) and in Chinese (10)", sorted(r["customers"] for r in t["9"]),
         sorted(r["客户数"] for r in t["10"]))
    same("overview customers and the cn8 classes (11)", int(overview["customers"]),
         sum(int(r["客户数"]) for r in t["11"]))
    same("RFM segments (9) and their suggested actions (18)", by("9", "segment", "customers"),
         by("18", "segment", "customers"))
    top = t["15"][0]["top 10% %"]
    same("concentration (15) and the findings (17)",
         any(f"bring {top}% of sales" in r["finding"] for r in t["17"]), True)

    # Against plain SQL over the order lines: an order is a document (an
    # order_id) whose lines sum to zero or more, a credit note one whose
    # lines sum below zero; every customer counts, without orders as 0.
    plain = sql(dbname, """
        WITH documents AS (
            SELECT customer_id, order_id, sum(amount) AS amount FROM erp.sales_order_line
            WHERE order_date >= '2025-11-01' AND order_date < '2026-11-01' GROUP BY customer_id, order_id),
        y AS (
            SELECT c.customer_id, coalesce(sum(d.amount), 0) AS amount,
                   count(d.order_id) FILTER (WHERE d.amount >= 0) AS orders,
                   count(d.order_id) FILTER (WHERE d.amount < 0) AS returns
            FROM erp.customer AS c LEFT JOIN documents AS d USING (customer_id) GROUP BY c.customer_id)
        SELECT 'spend', CASE WHEN amount / 12 > 10000 THEN 'high' WHEN amount / 12 >= 5000 THEN 'medium' ELSE 'low' END,
               count(*), sum(amount) FROM y GROUP BY 2
        UNION ALL
        SELECT 'frequency', CASE WHEN orders / 12.0 > 10 THEN 'high' WHEN orders / 12.0 >= 5 THEN 'medium' ELSE 'low' END,
               count(*), sum(orders) FROM y GROUP BY 2
        UNION ALL
        SELECT 'overview', 'all', sum(orders), sum(returns) FROM y""")
    same("spend tiers (1) and plain SQL", spend,
         {label: (n, amount) for kind, label, n, amount in plain if kind == "spend"})
    same("frequency tiers (2) and plain SQL", by("2", "tier", "customers", "orders"),
         {label: (n, orders) for kind, label, n, orders in plain if kind == "frequency"})
    same("overview orders and credit notes and plain SQL", (overview["orders"], overview["returns"]),
         next((o, r) for kind, _, o, r in plain if kind == "overview"))

    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"the report's sections agree: {checks} checks")


if __name__ == "__main__":
    main()
