"""Distributed test (run by scripts/citus-test, which starts the cluster).

For every aggregate of the extension, over a deterministic data set made
twice (tests/citus/data.sql): schema plain holds ordinary tables, schema dist
the same rows distributed by customer_id. Each case checks that
  1. the query gives identical results on dist and on plain;
  2. EXPLAIN (VERBOSE) on dist shows the aggregate running on the workers:
     split into worker_partial_agg / coord_combine_agg ("split"), or the
     whole aggregate inside the worker query ("worker") -- never pulled.
and prints the time of each query on the cluster next to the plain copy.

Every node runs in a time zone other than UTC (scripts/citus-test starts
them so), and every case runs in a session in a third zone with
segments.language = 'zh', set by the rule docs/citus.md gives (SET LOCAL
inside a transaction, with citus.propagate_set_commands = 'local'): labels
and purchase days computed on the workers must equal the plain copy's. The
rule itself is checked both ways: session-level SET does not reach the
workers (those results differ), SET LOCAL does.

With --docs PAGE, the `psql` examples of PAGE run on the cluster (database
postgres, the sample ERP data distributed) and on a plain copy (database
docs_plain): the same output, and EXPLAIN examples show the split plan.

usage: run.py [--lines N] [--shards N] [--docs PAGE]
"""
import argparse
import re
import textwrap
import subprocess
import sys
import time

# The per-customer metrics an RFM scale is built from (as of 2026-01-01).
METRICS = ("SELECT customer_id, (date '2026-01-01' - max(ordered_at)::date)::float8 AS r, "
           "count(*)::float8 AS f, sum(amount)::float8 AS m FROM {s}.order_lines GROUP BY customer_id")
MONTHLY = ("SELECT customer_id, date_trunc('month', ordered_at) AS month, "
           "segments.profile(ordered_at, amount) AS p FROM {s}.order_lines GROUP BY 1, 2")

# (aggregate, case, query with {s} for the schema, expected plan: split or worker)
CASES = [
    ("quantile_scale", "over all order lines",
     "SELECT segments.quantile_scale(amount::float8, '{{0.1,0.9}}') FROM {s}.order_lines", "split"),
    ("quantile_scale", "labelled, per category",
     "SELECT category, segments.quantile_scale(amount::float8, '{{0.2,0.8}}', '{{low,mid,high}}') "
     "FROM {s}.order_lines GROUP BY category ORDER BY category", "split"),
    ("quantile_scale", "over customer totals",
     "SELECT segments.quantile_scale(m, '{{0.1,0.9}}') FROM (" + METRICS + ") AS t", "split"),
    ("quantile_scale", "per customer",
     "SELECT customer_id, segments.quantile_scale(amount::float8, '{{0.5}}') FROM {s}.order_lines "
     "GROUP BY customer_id ORDER BY customer_id", "worker"),
    ("rfm_scale", "over all customers",
     "SELECT segments.rfm_scale(r, f, m) FROM (" + METRICS + ") AS t", "split"),
    ("rfm_scale", "4 bins, per top class",
     "SELECT left(c.class_code, 2), segments.rfm_scale(r, f, m, 4) FROM (" + METRICS + ") AS t "
     "JOIN {s}.customers AS c USING (customer_id) GROUP BY 1 ORDER BY 1", "split"),
    ("min/max(rfm)", "scores over all customers",
     "SELECT segments.min(score), segments.max(score) FROM (SELECT segments.rfm_score("
     "segments.rfm_scale_fixed('{{30,60,90,180}}', '{{2,4,8,16}}', '{{1000,2000,4000,8000}}'), r, f, m) AS score "
     "FROM (" + METRICS + ") AS t) AS s", "split"),
    ("profile", "over all order lines",
     "SELECT segments.profile(ordered_at, amount) FROM {s}.order_lines", "split"),
    ("profile", "per category, with categories",
     "SELECT category, segments.profile(ordered_at, amount, category) FROM {s}.order_lines "
     "GROUP BY category ORDER BY category", "split"),
    ("profile", "per month across customers (date, float8)",
     "SELECT date_trunc('month', ordered_at), segments.profile(ordered_at::date, round(amount)::float8) "
     "FROM {s}.order_lines GROUP BY 1 ORDER BY 1", "split"),
    ("profile", "per customer",
     "SELECT customer_id, segments.profile(ordered_at, amount, category) FROM {s}.order_lines "
     "GROUP BY customer_id ORDER BY customer_id", "worker"),
    ("rollup", "of monthly profiles across customers",
     "SELECT segments.rollup(p) FROM (" + MONTHLY + ") AS t", "split"),
    ("rollup", "of monthly profiles, per month",
     "SELECT month, segments.rollup(p) FROM (" + MONTHLY + ") AS t GROUP BY month ORDER BY month", "split"),
    ("tree", "parent pointers",
     "SELECT segments.tree(code, parent, name) FROM {s}.classes", "split"),
    ("tree_coded", "2-2-2 codes",
     "SELECT segments.tree_coded(code, '2-2-2', name) FROM {s}.classes", "split"),
    ("tree_nested", "nested sets",
     "SELECT segments.tree_nested(code, lft, rgt, name) FROM {s}.classes", "split"),
    ("rollup_tree", "scheme form over all order lines",
     "SELECT segments.rollup_tree(c.class_code, l.amount, '2-2-2') FROM {s}.order_lines AS l "
     "JOIN {s}.customers AS c USING (customer_id)", "split"),
    ("node_totals", "per class over all order lines, with customers",
     "SELECT segments.node_totals(c.class_code, l.amount, l.customer_id) FROM {s}.order_lines AS l "
     "JOIN {s}.customers AS c USING (customer_id)", "split"),
    ("node_totals", "apply_tree of a coding scheme to the per-class totals",
     "SELECT segments.apply_tree(segments.node_totals(c.class_code, l.amount), '2-2-2') FROM {s}.order_lines AS l "
     "JOIN {s}.customers AS c USING (customer_id)", "split"),
    ("node_totals", "per category (float8 amounts, text customers)",
     "SELECT category, segments.node_totals(category, amount::float8, customer_id::text) FROM {s}.order_lines "
     "GROUP BY category ORDER BY category", "split"),
    ("abc_scale", "over customer totals",
     "SELECT segments.abc_scale(m) FROM (" + METRICS + ") AS t", "split"),
    ("concentration", "over customer totals",
     "SELECT segments.concentration(m) FROM (" + METRICS + ") AS t", "split"),
    ("abc_scale", "labelled shares, per category",
     "SELECT category, segments.abc_scale(amount::float8, '{{0.7,0.9}}', '{{X,Y,Z}}') FROM {s}.order_lines "
     "GROUP BY category ORDER BY category", "split"),
    ("concentration", "per category",
     "SELECT category, segments.gini(segments.concentration(amount::float8)) FROM {s}.order_lines "
     "GROUP BY category ORDER BY category", "split"),
    ("calibrate", "policy fractions over customer metrics",
     "SELECT segments.calibrate('{{\"metrics\": {{\"m\": \"number\", \"f\": \"number\"}}, \"dimensions\": "
     "{{\"value\": {{\"metric\": \"m\", \"fractions\": [0.2, 0.8], \"labels\": [\"low\", \"mid\", \"high\"]}}, "
     "\"busy\": {{\"metric\": \"f\", \"fractions\": [0.5], \"labels\": [\"few\", \"many\"]}}}}}}', "
     "jsonb_build_object('m', m, 'f', f)) FROM (" + METRICS + ") AS t", "split"),
    ("svg_pareto", "over customer totals",
     "SELECT md5(segments.svg_pareto(m)) FROM (" + METRICS + ") AS t", "split"),
    ("rollup_tree", "scheme form with distinct customers",
     "SELECT segments.rollup_tree(c.class_code, l.amount, '2-2-2', l.customer_id) FROM {s}.order_lines AS l "
     "JOIN {s}.customers AS c USING (customer_id)", "split"),
    ("rollup_tree", "scheme form per category, float8 amounts",
     "SELECT l.category, segments.rollup_tree(c.class_code, l.amount::float8, '2-2-2') FROM {s}.order_lines AS l "
     "JOIN {s}.customers AS c USING (customer_id) GROUP BY l.category ORDER BY l.category", "split"),
    ("rollup_tree", "hierarchy joined once, over all order lines",
     "SELECT segments.rollup_tree(c.class_code, l.amount, t.h, l.customer_id) FROM {s}.order_lines AS l "
     "JOIN {s}.customers AS c USING (customer_id) "
     "CROSS JOIN (SELECT segments.tree_coded(code, '2-2-2', name) AS h FROM {s}.classes) AS t", "split"),
    ("rollup_tree", "hierarchy joined once, per month",
     "SELECT date_trunc('month', l.ordered_at), segments.rollup_tree(c.class_code, l.amount, t.h) "
     "FROM {s}.order_lines AS l JOIN {s}.customers AS c USING (customer_id) "
     "CROSS JOIN (SELECT segments.tree(code, parent, name) AS h FROM {s}.classes) AS t GROUP BY 1 ORDER BY 1", "split"),
    ("rollup_tree", "hierarchy as a subquery argument (the docs' one-node form)",
     "SELECT segments.rollup_tree(c.class_code, l.amount, (SELECT segments.tree_coded(code, '2-2-2', name) "
     "FROM {s}.classes)) FROM {s}.order_lines AS l JOIN {s}.customers AS c USING (customer_id)", "split"),
    ("rollup_tree", "per customer, hierarchy joined once",
     "SELECT l.customer_id, segments.rollup_tree(c.class_code, l.amount, t.h) FROM {s}.order_lines AS l "
     "JOIN {s}.customers AS c USING (customer_id) "
     "CROSS JOIN (SELECT segments.tree_coded(code, '2-2-2') AS h FROM {s}.classes) AS t "
     "GROUP BY l.customer_id ORDER BY l.customer_id LIMIT 50", "worker"),
    ("svg_pareto", "per category, with options",
     "SELECT category, md5(segments.svg_pareto(amount::float8, '{{\"top\": 0.2}}')) FROM {s}.order_lines "
     "GROUP BY category ORDER BY category", "split"),
    ("svg_bars", "per category (one label and value a group: any order draws the same chart)",
     "SELECT category, md5(segments.svg_bars(category, length(category)::float8)) FROM {s}.order_lines "
     "WHERE customer_id % 1000 = 7 GROUP BY category ORDER BY category", "split"),
    # ORDER BY inside an aggregate keeps Citus from splitting it; over
    # per-category totals Citus makes the totals on the shards (a subplan)
    # and draws the ordered chart in one task over them.
    ("svg_bars", "ordered bars over per-category totals (ORDER BY in the call)",
     "SELECT md5(segments.svg_bars(category, total ORDER BY total DESC)) FROM (SELECT category, "
     "sum(amount)::float8 AS total FROM {s}.order_lines GROUP BY category) AS t", "worker"),
    ("rollup_tree", "hierarchy as a subquery argument, per month",
     "SELECT date_trunc('month', l.ordered_at), segments.rollup_tree(c.class_code, l.amount, "
     "(SELECT segments.tree(code, parent, name) FROM {s}.classes)) FROM {s}.order_lines AS l "
     "JOIN {s}.customers AS c USING (customer_id) GROUP BY 1 ORDER BY 1", "split"),
]

# Many-to-many: customers in two classes at once (the array forms).
TWO_CLASSES = "ARRAY[c.class_code, lpad((1 + c.customer_id % 3)::text, 2, '0') || '01']"
CASES += [
    ("rollup_tree", "many-to-many, scheme form, distinct customers",
     "SELECT segments.rollup_tree(" + TWO_CLASSES + ", l.amount, '2-2-2', l.customer_id) FROM {s}.order_lines AS l "
     "JOIN {s}.customers AS c USING (customer_id)", "split"),
    ("rollup_tree", "many-to-many, hierarchy as a subquery argument, per category",
     "SELECT l.category, segments.rollup_tree(" + TWO_CLASSES + ", l.amount, (SELECT segments.tree(code, parent, name) "
     "FROM {s}.classes)) FROM {s}.order_lines AS l JOIN {s}.customers AS c USING (customer_id) "
     "GROUP BY l.category ORDER BY l.category", "split"),
    ("node_totals", "per class, text customers, apply_tree of the coding scheme",
     "SELECT segments.apply_tree(segments.node_totals(c.class_code, l.amount, l.customer_id::text), '2-2-2') "
     "FROM {s}.order_lines AS l JOIN {s}.customers AS c USING (customer_id)", "split"),
]

# Labels (segments.language) and purchase days (TimeZone) computed on the
# workers: grouped by the distribution column, so the whole query runs there.
SESSION_CASES = [
    ("tier", "labels: tier labels per customer",
     "SELECT customer_id, segments.tier(sum(amount)::float8, '{{1000,10000}}') FROM {s}.order_lines "
     "GROUP BY customer_id ORDER BY customer_id", "worker"),
    ("rfm_segment", "labels: RFM segment names per customer",
     "SELECT customer_id, segments.rfm_segment(segments.rfm_score(segments.rfm_scale_fixed('{{30,60,90,180}}', "
     "'{{2,4,8,16}}', '{{1000,2000,4000,8000}}'), (date '2026-01-01' - max(ordered_at)::date)::float8, "
     "count(*)::float8, sum(amount)::float8)) FROM {s}.order_lines GROUP BY customer_id ORDER BY customer_id", "worker"),
    ("profile", "purchase days: first and last day, days per customer",
     "SELECT customer_id, segments.first_purchase(p), segments.last_purchase(p), segments.purchase_days(p) "
     "FROM (SELECT customer_id, segments.profile(ordered_at, amount) AS p FROM {s}.order_lines "
     "GROUP BY customer_id) AS t ORDER BY customer_id", "worker"),
]

# The session of every case: a time zone no node runs in, Chinese labels,
# set the way docs/citus.md says (SET LOCAL, propagated to the workers).
SESSION_ZONE = "Asia/Shanghai"
PROPAGATED = ("SET citus.propagate_set_commands = 'local';\nBEGIN;\n"
              f"SET LOCAL TimeZone = '{SESSION_ZONE}';\nSET LOCAL segments.language = 'zh';\n{{query}};\nCOMMIT;")
SESSION_ONLY = f"SET TimeZone = '{SESSION_ZONE}';\nSET segments.language = 'zh';\n{{query}};"

# Aggregates whose state is still `internal`: Citus pulls their rows to the
# coordinator. The test checks that too, so converting one without moving it
# out of this set fails. (None left: every aggregate has a state type.)
PULLED = set()


def psql(sql, database_args=()):
    done = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", *database_args],
                          input=sql, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"psql failed:\n{sql}\n{done.stderr}")
    return done.stdout


def in_session(query, template=PROPAGATED):
    return template.replace("{query}", query)


def timed(query, template=PROPAGATED):
    start = time.monotonic()
    out = psql(in_session(query, template))
    return out, (time.monotonic() - start) * 1000


def docs_examples(page, failures):
    """Runs the psql examples of a docs page on the cluster and on the plain
    copy: the same output; EXPLAIN shows the aggregate split. The install
    example (citus_add_node on made-up addresses) is what scripts/citus-test
    does itself, so it is skipped."""
    text = open(page).read()
    blocks = re.findall(r"^( *)```psql\n(.*?)^\1```", text, re.M | re.S)
    ran = 0
    for indent, block in blocks:
        sql = textwrap.dedent(block)
        if "citus_add_node" in sql:
            print(f"docs {page}: install example skipped (scripts/citus-test sets the cluster up)", flush=True)
            continue
        dist_out = psql(sql)
        plain_out = psql(sql, ("-d", "docs_plain"))
        first = sql.strip().splitlines()[0][:70]
        ran += 1
        if sql.lstrip().upper().startswith("EXPLAIN"):
            ok = "coord_combine_agg" in dist_out and "worker_partial_agg" in dist_out
            problem = "EXPLAIN does not show the split aggregate"
        else:
            ok = dist_out == plain_out and dist_out.strip() != ""
            problem = "the output differs from the plain copy's (or is empty)"
        print(f"docs {page}: {first:70} {'ok' if ok else 'FAIL: ' + problem}", flush=True)
        if not ok:
            failures.append(("docs", first, [problem], "", dist_out, plain_out))
    return ran


def plan_mode(aggregate, plan):
    """split, worker or pulled, from EXPLAIN (VERBOSE) of a Citus query: how
    the named aggregate runs (a subplan of the query, such as a tree built
    from a distributed class table, may run another way)."""
    names = [name.strip() for name in aggregate.replace("min/max(rfm)", "min,max").split(",")]
    worker_queries = [line for line in plan.splitlines() if line.strip().startswith("Query:")]

    def split(name):
        return "coord_combine_agg" in plan and any(
            f"worker_partial_agg('segments.{name}(" in query for query in worker_queries)

    def whole(name):
        return any(re.search(rf"(?<!worker_partial_agg\(')segments\.{name}\(", query) for query in worker_queries)

    if all(split(name) for name in names):
        return "split"
    if worker_queries and all(whole(name) for name in names):
        return "worker"
    return "pulled"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--shards", type=int, default=32)
    parser.add_argument("--docs", help="a docs page whose psql examples to run")
    args = parser.parse_args()

    start = time.monotonic()
    psql(open("tests/citus/data.sql").read(), ("-v", f"lines={args.lines}", "-v", f"shards={args.shards}"))
    print(f"data: {args.lines} order lines in {args.shards} shards on 2 workers, "
          f"loaded in {time.monotonic() - start:.1f} s", flush=True)

    failures = []
    rows = []
    for aggregate, name, template, expected in CASES:
        if aggregate in PULLED and expected == "split":
            expected = "pulled"
        dist, plain = template.format(s="dist"), template.format(s="plain")
        plan = psql(f"EXPLAIN (VERBOSE, COSTS OFF) {dist};")
        mode = plan_mode(aggregate, plan)
        dist_out, dist_ms = timed(dist)
        plain_out, plain_ms = timed(plain)
        problems = []
        if not plain_out.strip():
            problems.append("no result")
        if dist_out != plain_out:
            problems.append("results differ from the plain copy")
        if mode != expected:
            problems.append(f"plan is {mode}, expected {expected}")
        status = "FAIL: " + "; ".join(problems) if problems else "ok"
        rows.append((aggregate, name, mode, dist_ms, plain_ms, status))
        print(f"{aggregate:14} {name:45} {mode:7} citus {dist_ms:8.0f} ms  one node {plain_ms:8.0f} ms  {status}",
              flush=True)
        if problems:
            failures.append((aggregate, name, problems, plan, dist_out, plain_out))

    # The rule, both ways: labels and purchase days computed on the workers
    # follow SET LOCAL (propagated) and not a session-level SET.
    for aggregate, name, template, expected in SESSION_CASES:
        dist, plain = template.format(s="dist"), template.format(s="plain")
        plan = psql(f"EXPLAIN (VERBOSE, COSTS OFF) {dist};")
        mode = plan_mode(aggregate, plan)
        propagated = timed(dist)[0] == timed(plain)[0]
        session_only = timed(dist, SESSION_ONLY)[0] == timed(plain, SESSION_ONLY)[0]
        problems = [] if mode == expected else [f"plan is {mode}, expected {expected}"]
        if not propagated:
            problems.append("with SET LOCAL (propagated) the workers' results differ from one node's")
        if session_only:
            problems.append("with a session-level SET the workers' results equal one node's: the documented rule changed")
        status = "FAIL: " + "; ".join(problems) if problems else "ok"
        print(f"{aggregate:14} {name:45} {mode:7} SET LOCAL: same as one node; session SET: "
              f"{'same' if session_only else 'differs'}  {status}", flush=True)
        if problems:
            failures.append((aggregate, name, problems, plan, "", ""))

    docs_ran = docs_examples(args.docs, failures) if args.docs else 0

    for aggregate, name, problems, plan, dist_out, plain_out in failures:
        print(f"\n--- {aggregate} {name}: {'; '.join(problems)}\n{plan}", file=sys.stderr)
        if dist_out != plain_out:
            print(f"citus:\n{dist_out[:2000]}\none node:\n{plain_out[:2000]}", file=sys.stderr)
    if failures:
        sys.exit(f"{len(failures)} of {len(CASES) + len(SESSION_CASES) + docs_ran} distributed cases failed")
    pulled = f", still pulled to the coordinator: {', '.join(sorted(PULLED))}" if PULLED else ""
    print(f"all {len(CASES)} distributed cases, {len(SESSION_CASES)} session-setting cases and {docs_ran} docs examples passed "
          f"({sum(r[2] != 'pulled' for r in rows)} run on the workers, "
          f"{sum(r[2] == 'pulled' for r in rows)} pulled{pulled})")


if __name__ == "__main__":
    main()
