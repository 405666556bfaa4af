"""Benchmark cases: each the extension's query, the best plain SQL for the
same result, and the scan limit (the cheapest query reading the same rows).
A capability adds its case here when it lands.

A target is ("baseline", x): at least x times faster than the baseline, or
("limit", x): at most x times the scan limit. The harness reports whether
each run met it; it never fails for speed."""

QUANTILE_BASELINE = """
WITH n AS (SELECT count(*) AS n FROM bench.customer_totals),
     cuts AS (
       -- percentile_disc at the same ranks as quantile_scale: ceil(f*n), 0-based.
       SELECT percentile_disc(ARRAY[(ceil(0.1 * n) + 0.5) / n, (ceil(0.9 * n) + 0.5) / n])
              WITHIN GROUP (ORDER BY total) AS c
       FROM bench.customer_totals, n GROUP BY n)
SELECT CASE WHEN total >= c[2] THEN 'high' WHEN total >= c[1] THEN 'medium' ELSE 'low' END AS tier,
       count(*) AS customers, round(sum(total)::numeric, 2) AS amount
FROM bench.customer_totals, cuts GROUP BY 1"""

PROFILE_MEASURES = """
SELECT customer_id, segments.orders(p) AS orders, segments.total(p) AS total,
       segments.purchase_days(p) AS days, segments.first_purchase(p) AS first_day,
       segments.last_purchase(p) AS last_day, segments.max_order(p) AS max_order,
       segments.returns(p) AS returns
FROM (SELECT customer_id, segments.profile(order_date, amount, category) AS p
      FROM bench.orders GROUP BY customer_id) AS profiles"""

# The standard 11-segment map on R and FM = round half up of (F + M) / 2.
STANDARD_MAP_CASE = """CASE
    WHEN r * 10 + (f + m + 1) / 2 IN (55, 54, 45) THEN 'Champions'
    WHEN r * 10 + (f + m + 1) / 2 IN (53, 44, 35, 34) THEN 'Loyal Customers'
    WHEN r * 10 + (f + m + 1) / 2 IN (52, 42, 33, 43) THEN 'Potential Loyalists'
    WHEN r * 10 + (f + m + 1) / 2 = 51 THEN 'Recent Customers'
    WHEN r * 10 + (f + m + 1) / 2 IN (41, 31) THEN 'Promising'
    WHEN r * 10 + (f + m + 1) / 2 IN (32, 23, 22) THEN 'Customers Needing Attention'
    WHEN r * 10 + (f + m + 1) / 2 = 21 THEN 'About to Sleep'
    WHEN r * 10 + (f + m + 1) / 2 IN (25, 24, 13) THEN 'At Risk'
    WHEN r * 10 + (f + m + 1) / 2 IN (15, 14) THEN 'Can''t Lose Them'
    WHEN r * 10 + (f + m + 1) / 2 = 12 THEN 'Hibernating'
    ELSE 'Lost' END"""

RFM_BASELINE = f"""
SELECT {STANDARD_MAP_CASE} AS segment, count(*) AS customers
FROM (SELECT ntile(5) OVER (ORDER BY recency DESC) AS r, ntile(5) OVER (ORDER BY frequency) AS f,
             ntile(5) OVER (ORDER BY monetary) AS m
      FROM bench.customer_rfm) AS scored
GROUP BY 1"""


# Policies: one customer's metrics as JSON (the ERP row's columns and the
# totals), a policy with the seed's bands, a map and two tags, and the same
# rules as hand-written CASE SQL.
POLICY_METRICS = """
SELECT jsonb_build_object('total', t.total, 'orders', t.lines, 'avg_order', t.total / t.lines,
                          'industry', c.industry, 'region', c.region) AS m
FROM bench.customer_totals AS t JOIN bench.customer AS c USING (customer_id)"""

POLICY = """{"metrics": {"total": "number", "orders": "number", "avg_order": "number", "industry": "text", "region": "text"},
 "dimensions": {
   "amount": {"metric": "total", "bands": [{"label": "low", "lt": 5000}, {"label": "medium", "gte": 5000, "lte": 10000}, {"label": "high", "gt": 10000}]},
   "frequency": {"metric": "orders", "cuts": [5, 10], "labels": ["low", "medium", "high"]},
   "sector": {"metric": "industry", "map": {"manufacturing": "industry", "logistics": "industry"}, "default": "trade and services"}},
 "tags": {
   "VIP": {"all": [{"metric": "total", "gte": 100000}, {"metric": "orders", "gte": 12}]},
   "big_ticket": {"any": [{"metric": "avg_order", "gt": 2000}, {"all": [{"dimension": "sector", "eq": "industry"}, {"metric": "avg_order", "gt": 1000}]}]}}}"""

# POLICY over a profile: total, orders and avg_order are the profile's
# standard metrics, industry comes from the extra metrics.
PROFILE_POLICY = """{"metrics": {"total": "number", "orders": "number", "avg_order": "number", "industry": "text"},
 "dimensions": {
   "amount": {"metric": "total", "bands": [{"label": "low", "lt": 5000}, {"label": "medium", "gte": 5000, "lte": 10000}, {"label": "high", "gt": 10000}]},
   "frequency": {"metric": "orders", "cuts": [5, 10], "labels": ["low", "medium", "high"]},
   "sector": {"metric": "industry", "map": {"manufacturing": "industry", "logistics": "industry"}, "default": "trade and services"}},
 "tags": {
   "VIP": {"all": [{"metric": "total", "gte": 100000}, {"metric": "orders", "gte": 12}]},
   "big_ticket": {"any": [{"metric": "avg_order", "gt": 2000}, {"all": [{"dimension": "sector", "eq": "industry"}, {"metric": "avg_order", "gt": 1000}]}]}}}"""

# The current 12-month classification (2025-11 .. 2026-10) of every customer:
# RFM segment and monthly amount tier, counted. {measures} is a query giving
# (customer_id, last_day, days, total): the customer's last purchase day,
# purchase days and total over the 12 months. OFFSET 0 keeps the measures
# computed once per customer (pulled up, each is evaluated again for the
# window function, the score and the tier).
CLASSIFY_12_MONTHS = """
SELECT segment, amount_tier, count(*) AS customers
FROM (SELECT segments.rfm_segment(segments.rfm_score(segments.rfm_scale(recency, frequency, monetary) OVER (),
                                                     recency, frequency, monetary)) AS segment,
             segments.tier(monetary / 12, '{{5000,10000}}') AS amount_tier
      FROM (SELECT (date '2026-11-01' - last_day)::float8 AS recency, days::float8 AS frequency,
                   total::float8 AS monetary
            FROM ({measures}) AS per_customer OFFSET 0) AS measures) AS classified
GROUP BY 1, 2"""

# (a) from the order lines of the last 12 months.
FROM_ORDER_LINES = """
SELECT customer_id, segments.last_purchase(p) AS last_day, segments.purchase_days(p) AS days,
       segments.total(p) AS total
FROM (SELECT customer_id, segments.profile(order_date, amount, category) AS p
      FROM bench.erp_lines WHERE order_date >= date '2025-11-01' AND order_date < date '2026-11-01'
      GROUP BY customer_id) AS profiles"""

# (b) the new month's profiles from its order lines, with the 11 stored
# months before it: months hold disjoint purchase days, so the 12 months'
# total and purchase days are sums and the last purchase a max, read from
# each stored profile's header (no decoding of its days, no rollup).
FROM_STORED_MONTHS = """
SELECT customer_id, max(last_day) AS last_day, sum(days) AS days, sum(total) AS total
FROM (SELECT customer_id, segments.last_purchase(profile) AS last_day, segments.purchase_days(profile) AS days,
             segments.total(profile) AS total
      FROM bench.monthly_profiles WHERE month >= date '2025-11-01' AND month < date '2026-10-01'
      UNION ALL
      SELECT customer_id, segments.last_purchase(p), segments.purchase_days(p), segments.total(p)
      FROM (SELECT customer_id, segments.profile(order_date, amount, category) AS p
            FROM bench.erp_lines WHERE order_date >= date '2026-10-01' AND order_date < date '2026-11-01'
            GROUP BY customer_id) AS new_month) AS months
GROUP BY customer_id"""

# (c) the 12-month profiles kept per customer (docs/incremental.md), after
# the monthly refresh (bench/refresh.sql, run by bench/data.sql: the month
# that left taken out with segments.minus, the new month's profiles added
# with segments.plus): the report's query. The refresh is not in this time;
# the next case and scripts/race time it.
FROM_KEPT_12_MONTHS = """
SELECT customer_id, segments.last_purchase(profile) AS last_day, segments.purchase_days(profile) AS days,
       segments.total(profile) AS total
FROM bench.profiles_12_months"""

# (d) the refresh computed in the query instead of written: the kept
# profiles as they were before 2026-10 (2025-10 .. 2026-09), minus the month
# that left (where it held the customer's largest line, minus refuses and
# the remaining months are rolled up; a customer with nothing left drops
# out), plus the new month's profiles from its lines.
FROM_KEPT_MOVED = """
SELECT customer_id, segments.last_purchase(p) AS last_day, segments.purchase_days(p) AS days,
       segments.total(p) AS total
FROM (SELECT customer_id,
             segments.plus(CASE WHEN leaving IS NULL THEN t.profile
                                WHEN segments.orders(leaving) = segments.orders(t.profile)
                                 AND segments.skipped(leaving) = segments.skipped(t.profile) THEN NULL
                                WHEN segments.max_order(leaving) < segments.max_order(t.profile)
                                THEN segments.minus(t.profile, leaving)
                                ELSE (SELECT segments.rollup(m.profile) FROM bench.monthly_profiles AS m
                                      WHERE m.customer_id = t.customer_id
                                        AND m.month > date '2025-10-01' AND m.month < date '2026-10-01') END,
                           arrived) AS p
      FROM bench.profiles_12_months_before AS t
      FULL JOIN (SELECT customer_id, d.profile AS leaving, arrived
                 FROM (SELECT customer_id, profile FROM bench.monthly_profiles WHERE month = date '2025-10-01') AS d
                 FULL JOIN (SELECT customer_id, segments.profile(order_date, amount, category) AS arrived
                            FROM bench.erp_lines
                            WHERE order_date >= date '2026-10-01' AND order_date < date '2026-11-01'
                            GROUP BY customer_id) AS n USING (customer_id)) AS changed USING (customer_id)
      OFFSET 0) AS per_customer  -- each p computed once, not once per accessor
WHERE p IS NOT NULL"""

# ABC classes by the plain SQL rule: a customer's class follows from the sum
# of the positive totals ranked above its block of equal totals (ties share a
# class, as in abc_scale); totals <= 0 are C. Blocks first, then a running
# sum over them: a frame that excludes the current peer group (EXCLUDE GROUP)
# would restart the sum on every row, quadratic in the customers.
ABC_BASELINE = """
SELECT CASE WHEN total <= 0 THEN 'C' WHEN before < 0.8 * positive THEN 'A'
            WHEN before < 0.95 * positive THEN 'B' ELSE 'C' END AS class,
       sum(customers)::bigint AS customers, round(sum(amount)::numeric) AS amount
FROM (SELECT total, customers, amount,
             coalesce(sum(greatest(amount, 0)) OVER (ORDER BY total DESC
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
             sum(greatest(amount, 0)) OVER () AS positive
      FROM (SELECT total, count(*) AS customers, sum(total) AS amount
            FROM bench.customer_totals GROUP BY total) AS blocks) AS ranked
GROUP BY 1"""

# Top-10% share and Gini with window functions; values below 0 count as 0, as
# in segments.concentration. With rn the 1-based rank largest first, the
# ascending 0-based index is n - rn, so the Gini weight 2i - n + 1 is n - 2rn + 1.
CONCENTRATION_BASELINE = """
SELECT round((sum(x) FILTER (WHERE rn <= ceil(0.1 * n)) / max(t))::numeric, 6) AS top_10,
       round((sum(x * (n - 2 * rn + 1)) / (max(n) * max(t)))::numeric, 6) AS gini
FROM (SELECT x, row_number() OVER (ORDER BY x DESC) AS rn, count(*) OVER () AS n, sum(x) OVER () AS t
      FROM (SELECT greatest(total, 0) AS x FROM bench.customer_totals) AS v) AS ranked"""

# Each scalar accessor over stored profiles against reading the same measure
# from a plain column of the same rows (count() makes both evaluate it). The
# floor: PostgreSQL's own cheapest function that makes a new value of the
# same type from that column per row (what any per-row function returning
# that type pays: the call, and for numeric and text a palloc'd result).
ACCESSOR_FLOORS = {
    "orders": "abs(orders)",
    "total": "abs(total)",
    "last_purchase": "last_purchase + 0",
    "top_category": "top_category || ''",
}
ACCESSOR_CASES = [
    {
        "name": f"accessor {accessor}(p) vs a column",
        "extension": f"SELECT count(segments.{accessor}(p)) FROM bench.customer_profiles",
        "baseline": None,
        "limit": f"SELECT count({accessor}) FROM bench.customer_profiles",
        "floor": f"SELECT count({floor}) FROM bench.customer_profiles",
        "target": ("limit", 1.2),
    }
    for accessor, floor in ACCESSOR_FLOORS.items()
]

CASES = [
    {
        "name": "fixed tiers",
        "extension": """
SELECT segments.tier(total, '{5000,10000}') AS tier, count(*) AS customers
FROM bench.customer_totals GROUP BY 1""",
        "baseline": """
SELECT CASE WHEN total >= 10000 THEN 'high' WHEN total >= 5000 THEN 'medium' ELSE 'low' END AS tier,
       count(*) AS customers
FROM bench.customer_totals GROUP BY 1""",
        "limit": "SELECT sum(total) FROM bench.customer_totals",
        # Issue target: tier() with a literal scale at least 0.9x the CASE.
        "target": ("baseline", 0.9),
    },
    {
        "name": "quantile tiers (window)",
        "extension": """
SELECT tier, count(*) AS customers, round(sum(total)::numeric, 2) AS amount
FROM (SELECT total, segments.tier(total, segments.quantile_scale(total, '{0.1,0.9}') OVER ()) AS tier
      FROM bench.customer_totals) AS t
GROUP BY 1""",
        "baseline": QUANTILE_BASELINE,
        "limit": "SELECT sum(total) FROM bench.customer_totals",
        "target": ("baseline", 2.0),
    },
    {
        "name": "quantile tiers (scale in a subquery)",
        "extension": """
SELECT segments.tier(total, (SELECT segments.quantile_scale(total, '{0.1,0.9}') FROM bench.customer_totals)) AS tier,
       count(*) AS customers, round(sum(total)::numeric, 2) AS amount
FROM bench.customer_totals GROUP BY 1""",
        "baseline": QUANTILE_BASELINE,
        "limit": "SELECT sum(total) FROM bench.customer_totals",
        "target": ("baseline", 2.0),
    },
    {
        "name": "quantile tiers vs NTILE",
        "extension": """
SELECT segments.tier(total, (SELECT segments.quantile_scale(total, '{0.1,0.9}') FROM bench.customer_totals)) AS tier,
       count(*) AS customers
FROM bench.customer_totals GROUP BY 1""",
        # Equal to the extension when totals are distinct (NTILE splits ties).
        "baseline": """
SELECT CASE decile WHEN 1 THEN 'low' WHEN 10 THEN 'high' ELSE 'medium' END AS tier, count(*) AS customers
FROM (SELECT ntile(10) OVER (ORDER BY total) AS decile FROM bench.customer_totals) AS d GROUP BY 1""",
        "limit": "SELECT sum(total) FROM bench.customer_totals",
        "target": ("baseline", 2.0),
    },
    {
        "name": "profile per customer",
        "extension": PROFILE_MEASURES,
        "baseline": """
SELECT customer_id, count(*) AS orders, sum(amount) AS total, count(DISTINCT order_date) AS days,
       min(order_date) AS first_day, max(order_date) AS last_day, max(amount) AS max_order,
       count(*) FILTER (WHERE amount < 0) AS returns
FROM bench.orders GROUP BY customer_id""",
        "limit": """
SELECT customer_id, count(*), sum(amount), min(order_date), max(order_date)
FROM bench.orders GROUP BY customer_id""",
        # Issue target: profile + 7 accessors at least as fast as the plain SQL.
        "target": ("baseline", 1.0),
    },
    {
        "name": "profile over timestamptz vs over at::date",
        "extension": """
SELECT customer_id, segments.profile(order_at, amount, category)::text FROM bench.orders GROUP BY customer_id""",
        "baseline": """
SELECT customer_id, segments.profile(order_at::date, amount, category)::text FROM bench.orders GROUP BY customer_id""",
        "limit": """
SELECT customer_id, count(*), sum(amount), min(order_at), max(order_at)
FROM bench.orders GROUP BY customer_id""",
        # Issue target: the timestamptz form at most 1.1x the date form.
        "target": ("baseline", 1 / 1.1),
    },
    {
        "name": "profile aggregate alone",
        "extension": """
SELECT customer_id, segments.profile(order_date, amount, category) FROM bench.orders GROUP BY customer_id""",
        "baseline": None,
        "limit": """
SELECT customer_id, count(*), sum(amount), min(order_date), max(order_date)
FROM bench.orders GROUP BY customer_id""",
        # Issue target: at most 1.25x the grouped scan of the same rows.
        "target": ("limit", 1.25),
        # The largest state: one profile per customer. Its peak memory is reported.
        "memory": True,
    },
    {
        "name": "quantile scale, one pass (parallel)",
        "extension": """
SELECT segments.cuts(segments.quantile_scale(amount::float8, '{0.1,0.9}')) FROM bench.orders""",
        "baseline": """
WITH n AS (SELECT count(*) AS n FROM bench.orders)
SELECT percentile_disc(ARRAY[(ceil(0.1 * n) + 0.5) / n, (ceil(0.9 * n) + 0.5) / n])
       WITHIN GROUP (ORDER BY amount::float8)
FROM bench.orders, n GROUP BY n""",
        "limit": "SELECT sum(amount) FROM bench.orders",
        "parallel_plan": True,
    },
    {
        # The aggregate alone against summing the same three columns (issue
        # target: at most 1.5x).
        "name": "rfm_scale aggregate vs sum() of the same columns",
        "extension": "SELECT segments.rfm_scale(recency, frequency, monetary) FROM bench.customer_rfm",
        "baseline": None,
        "limit": "SELECT sum(recency), sum(frequency), sum(monetary) FROM bench.customer_rfm",
        # Exact quantiles need every value: PostgreSQL's own cheapest way to
        # keep them all (no quantile computed).
        "floor": "SELECT cardinality(array_agg(recency)), cardinality(array_agg(frequency)), "
                 "cardinality(array_agg(monetary)) FROM bench.customer_rfm",
        "target": ("limit", 1.5),
    },
    {
        "name": "RFM pipeline (window)",
        "extension": """
SELECT segment, count(*) AS customers
FROM (SELECT segments.rfm_segment(segments.rfm_score(segments.rfm_scale(recency, frequency, monetary) OVER (),
                                                     recency, frequency, monetary)) AS segment
      FROM bench.customer_rfm) AS segmented
GROUP BY 1""",
        "baseline": RFM_BASELINE,
        "limit": "SELECT sum(monetary) FROM bench.customer_rfm",
        "target": ("baseline", 3.0),
    },
    {
        "name": "RFM pipeline (scale in a subquery)",
        "extension": """
SELECT segments.rfm_segment(segments.rfm_score(s, recency, frequency, monetary)) AS segment, count(*) AS customers
FROM bench.customer_rfm, (SELECT segments.rfm_scale(recency, frequency, monetary) AS s FROM bench.customer_rfm) AS scale
GROUP BY 1""",
        "baseline": RFM_BASELINE,
        "limit": "SELECT sum(monetary) FROM bench.customer_rfm",
        "target": ("baseline", 3.0),
    },
    {
        "name": "class-tree rollup vs unnest of the path",
        "extension": """
SELECT t.node, t.rows, t.amount
FROM segments.tree_rows((SELECT segments.rollup_tree(class_code, amount, '2-2-2') FROM bench.class_lines)) AS t""",
        "baseline": """
SELECT node, count(*) AS rows, sum(amount) AS amount
FROM bench.class_lines, unnest(ARRAY[left(class_code, 2), left(class_code, 4), class_code]) AS node
GROUP BY node""",
        "limit": "SELECT sum(amount) FROM bench.class_lines",
        "target": ("baseline", 3.0),
        "parallel_plan": True,
    },
    {
        "name": "class-tree rollup vs GROUP BY ROLLUP",
        "extension": """
SELECT t.node, t.rows, t.amount
FROM segments.tree_rows((SELECT segments.rollup_tree(class_code, amount, '2-2-2') FROM bench.class_lines)) AS t""",
        "baseline": """
SELECT coalesce(l3, l2, l1) AS node, count(*) AS rows, sum(amount) AS amount
FROM (SELECT left(class_code, 2) AS l1, left(class_code, 4) AS l2, class_code AS l3, amount FROM bench.class_lines) AS t
GROUP BY ROLLUP (l1, l2, l3) HAVING GROUPING(l1) = 0""",
        "limit": "SELECT sum(amount) FROM bench.class_lines",
        "target": ("baseline", 1.0),
    },
    {
        "name": "policy classify vs CASE",
        "extension": f"""
SELECT segments.dimension(r, 'amount') AS amount, segments.dimension(r, 'frequency') AS frequency,
       segments.dimension(r, 'sector') AS sector, segments.has_tag(r, 'VIP') AS vip,
       segments.has_tag(r, 'big_ticket') AS big_ticket, count(*) AS customers
FROM (SELECT segments.classify(m, '{POLICY}'::jsonb) AS r FROM ({POLICY_METRICS}) AS metrics
      OFFSET 0) AS classified  -- classify once per row, not once per use of r
GROUP BY 1, 2, 3, 4, 5""",
        "baseline": """
SELECT CASE WHEN total > 10000 THEN 'high' WHEN total >= 5000 THEN 'medium' ELSE 'low' END AS amount,
       CASE WHEN lines >= 10 THEN 'high' WHEN lines >= 5 THEN 'medium' ELSE 'low' END AS frequency,
       CASE WHEN industry IN ('manufacturing', 'logistics') THEN 'industry' ELSE 'trade and services' END AS sector,
       total >= 100000 AND lines >= 12 AS vip,
       total / lines > 2000 OR (industry IN ('manufacturing', 'logistics') AND total / lines > 1000) AS big_ticket,
       count(*) AS customers
FROM bench.customer_totals AS t JOIN bench.customer AS c USING (customer_id)
GROUP BY 1, 2, 3, 4, 5""",
        # Building the metrics JSON alone: what classify costs on top of it.
        "limit": f"SELECT count(m) FROM ({POLICY_METRICS}) AS metrics",
        "target": ("baseline", 0.5),
    },
    {
        "name": "policy classify over profiles vs CASE",
        # The profile's total, orders and avg_order read straight from its
        # header (no metrics JSON), industry from the extra metrics.
        "extension": f"""
SELECT segments.dimension(r, 'amount') AS amount, segments.dimension(r, 'frequency') AS frequency,
       segments.dimension(r, 'sector') AS sector, segments.has_tag(r, 'VIP') AS vip,
       segments.has_tag(r, 'big_ticket') AS big_ticket, count(*) AS customers
FROM (SELECT segments.classify(cp.p, date '2026-11-01', '{PROFILE_POLICY}'::jsonb,
                               jsonb_build_object('industry', c.industry)) AS r
      FROM bench.customer_profiles AS cp JOIN bench.customer AS c USING (customer_id)
      OFFSET 0) AS classified  -- classify once per row, not once per use of r
GROUP BY 1, 2, 3, 4, 5""",
        # avg_order is the float total over the orders, as the policy reads it.
        "baseline": """
SELECT CASE WHEN total > 10000 THEN 'high' WHEN total >= 5000 THEN 'medium' ELSE 'low' END AS amount,
       CASE WHEN orders >= 10 THEN 'high' WHEN orders >= 5 THEN 'medium' ELSE 'low' END AS frequency,
       CASE WHEN industry IN ('manufacturing', 'logistics') THEN 'industry' ELSE 'trade and services' END AS sector,
       total >= 100000 AND orders >= 12 AS vip,
       orders > 0 AND (total::float8 / orders > 2000
                       OR (industry IN ('manufacturing', 'logistics') AND total::float8 / orders > 1000)) AS big_ticket,
       count(*) AS customers
FROM bench.customer_profiles AS cp JOIN bench.customer AS c USING (customer_id)
GROUP BY 1, 2, 3, 4, 5""",
        "limit": "SELECT count(*) FROM bench.customer_profiles AS cp JOIN bench.customer AS c USING (customer_id)",
        "target": ("baseline", 0.5),
    },
    {
        "name": "incremental refresh: the report over kept 12-month profiles (refresh not timed) vs order lines",
        # Baseline: the same classification recomputed from 12 months of lines.
        "extension": CLASSIFY_12_MONTHS.format(measures=FROM_KEPT_12_MONTHS),
        "baseline": CLASSIFY_12_MONTHS.format(measures=FROM_ORDER_LINES),
        "limit": "SELECT sum(amount) FROM bench.erp_lines WHERE order_date >= date '2025-11-01'",
        "target": ("baseline", 5.0),
    },
    {
        "name": "incremental refresh: the month's refresh in the query (minus, plus) vs order lines",
        "extension": CLASSIFY_12_MONTHS.format(measures=FROM_KEPT_MOVED),
        "baseline": CLASSIFY_12_MONTHS.format(measures=FROM_ORDER_LINES),
        "limit": "SELECT sum(amount) FROM bench.erp_lines WHERE order_date >= date '2025-11-01'",
    },
    {
        "name": "incremental refresh: stored monthly profiles' headers vs order lines",
        "extension": CLASSIFY_12_MONTHS.format(measures=FROM_STORED_MONTHS),
        "baseline": CLASSIFY_12_MONTHS.format(measures=FROM_ORDER_LINES),
        "limit": "SELECT sum(amount) FROM bench.erp_lines WHERE order_date >= date '2025-11-01'",
    },
    {
        "name": "ABC classes (window)",
        "extension": """
SELECT class, count(*) AS customers, round(sum(total)::numeric) AS amount
FROM (SELECT total, segments.tier(total, segments.abc_scale(total) OVER ()) AS class
      FROM bench.customer_totals) AS t
GROUP BY 1""",
        "baseline": ABC_BASELINE,
        "limit": "SELECT sum(total) FROM bench.customer_totals",
        "target": ("baseline", 2.0),
    },
    {
        "name": "ABC classes (scale in a subquery)",
        "extension": """
SELECT segments.tier(total, (SELECT segments.abc_scale(total) FROM bench.customer_totals)) AS class,
       count(*) AS customers, round(sum(total)::numeric) AS amount
FROM bench.customer_totals GROUP BY 1""",
        "baseline": ABC_BASELINE,
        "limit": "SELECT sum(total) FROM bench.customer_totals",
        "target": ("baseline", 2.0),
    },
    {
        "name": "concentration: top-10% share and Gini",
        "extension": """
SELECT round(segments.top_share(c, 0.1)::numeric, 6) AS top_10, round(segments.gini(c)::numeric, 6) AS gini
FROM (SELECT segments.concentration(total) AS c FROM bench.customer_totals) AS t""",
        "baseline": CONCENTRATION_BASELINE,
        "limit": "SELECT sum(total) FROM bench.customer_totals",
        "target": ("baseline", 3.0),
    },
    # Customer value models (docs/models.md): the BG/NBD fit over every
    # customer's history (the target: under a second for 100,000
    # customers; no plain SQL fits a model), and P(alive) per customer
    # against the same closed form written as arithmetic (target: at most
    # 2x its time).
    {
        "name": "BG/NBD fit",
        "extension": """
SELECT round((m->>'r')::numeric, 2) AS r, m->'converged' AS converged
FROM (SELECT segments.params(segments.bgnbd_fit(frequency, recency, age)) AS m FROM bench.customer_histories) AS t""",
        "baseline": None,
        "limit": "SELECT sum(frequency + recency + age) FROM bench.customer_histories",
    },
    {
        "name": "P(alive) per customer",
        "extension": """
SELECT round(sum(segments.p_alive(m, frequency, recency, age))::numeric, 3) AS alive
FROM bench.customer_histories,
     (SELECT '{"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}'::segments.bgnbd AS m) AS model""",
        "baseline": """
SELECT round(sum(CASE WHEN frequency = 0 THEN 1
                      ELSE 1 / (1 + 0.793 / (2.426 + frequency - 1) * ((4.414 + age) / (4.414 + recency)) ^ (0.243 + frequency))
                 END)::numeric, 3) AS alive
FROM bench.customer_histories""",
        "limit": "SELECT sum(frequency + recency + age) FROM bench.customer_histories",
        "target": ("baseline", 0.5),
    },
] + ACCESSOR_CASES
