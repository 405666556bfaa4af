#!/usr/bin/env python3
"""Cancellation and memory of the extension's aggregates, generated from
the catalog (pg_aggregate of schema `segments`: an aggregate added later is
covered without anyone listing it; one whose arguments this test cannot
feed is an error of this test).

- Transition phase: every aggregate (every form with --full, one form per
  aggregate otherwise) streams up to 100,000,000 rows from
  generate_series; statement_timeout (1 s) and pg_cancel_backend (sent
  after 1 s) must stop it within one second. With --full also over many
  groups.
- Final phase: for every aggregate, a temporary aggregate with the same
  transition function and no final function (the transition alone) is
  timed against the real one over the same rows; the difference is the
  final phase (sorting, laying out a tree, drawing). Where it lasts long
  enough to aim at (at least 1.5 s), statement_timeout and
  pg_cancel_backend are set to fire in its middle and must stop it within
  one second. With --full the rows double from 1,000,000 until the final
  phase is long enough (up to 64,000,000 rows); otherwise 300,000 rows are
  measured once (in a debug build, the trees' final phases are long
  enough there; the sorts of the scales are not).
- Memory: queries of every aggregate family (profiles, scales, trees,
  charts, reports, policies) run repeatedly on one connection do not grow
  the backend's memory (VmRSS from /proc/self/status and the sum of
  pg_backend_memory_contexts, after a warm-up): 1,000 times each with
  --full, 100 otherwise.

Standard library only; psql with PGHOST/PGPORT/PGUSER from the
environment, as a superuser (pg_read_file of /proc/self/status, CREATE
AGGREGATE in pg_temp).

    python3 tests/cancel/cancel.py --dbname DB [--full] [--only NAME]
"""

import argparse
import re
import subprocess
import sys
import time

SLACK = 1.0  # seconds a cancel may take
STREAM = 100_000_000  # rows of the transition-phase runs: cancelled long before the end

# Row values by (aggregate, argument name), then by argument name, then by
# type; `i` is the row number.
HIERARCHY_BIGINT = "(SELECT segments.tree(n::bigint, NULLIF(n / 10, 0)::bigint) FROM generate_series(1, 1000) AS n)"
HIERARCHY_TEXT = "(SELECT segments.tree(n::text, NULLIF((n / 10)::text, '0')) FROM generate_series(1, 1000) AS n)"
POLICY = ("'{\"metrics\": {\"v\": \"number\"}, \"dimensions\": {\"d\": {\"metric\": \"v\", \"fractions\": [0.5], "
          "\"labels\": [\"low\", \"high\"]}}}'::jsonb")
BY_AGGREGATE = {
    ("abc_scale", "shares"): "'{0.8,0.95}'::float8[]",
    ("abc_scale", "labels"): "'{A,B,C}'::text[]",
    ("quantile_scale", "fractions"): "'{0.1,0.5,0.9}'::float8[]",
    ("quantile_scale", "labels"): "'{a,b,c,d}'::text[]",
    ("tree_coded", "code"): "lpad(i::text, 9, '0')",
    ("tree_coded", "scheme"): "'9'::segments.code_scheme",
    ("rollup_tree", "code"): "'01' || lpad((i % 99)::text, 2, '0')",
    ("tree", "parent"): None,  # by type below
    # Customer histories the models accept: recency 0 without a repeat
    # purchase, never after age; a positive average value.
    ("bgnbd_fit", "frequency"): "(i % 13)::float8",
    ("bgnbd_fit", "recency"): "CASE WHEN i % 13 = 0 THEN 0 ELSE (i % 365)::float8 END",
    ("bgnbd_fit", "age"): "(365 + i % 7)::float8",
    ("gamma_gamma_fit", "monetary"): "(1 + i % 1000)::float8",
}
BY_NAME = {
    "value": {"double precision": "((i % 1000) + 1)::float8"},
    "amount": {"bigint": "(i % 100)::bigint", "double precision": "(i % 100)::float8", "numeric": "(i % 100) * 0.01"},
    "customer": {"bigint": "(i % 100000)::bigint", "text": "'c' || i % 100000"},
    "category": {"text": "'c' || i % 50"},
    # Three lines per document: the state grows with the documents.
    "document": {"bigint": "(i / 3)::bigint", "text": "'d' || i / 3"},
    "name": {"text": "'n'"},
    "label": {"text": "'l' || i % 10"},
    "options": {"jsonb": "'{}'::jsonb"},
    "policy": {"jsonb": POLICY},
    "metrics": {"jsonb": "jsonb_build_object('v', i % 1000)"},
    "at": {"date": "DATE '2020-01-01' + (i % 3000)::int",
           "timestamp with time zone": "TIMESTAMPTZ '2020-01-01 00:00+00' + (i % 3000) * INTERVAL '1 day'"},
    "recency": {"double precision": "(i % 365)::float8"},
    "frequency": {"double precision": "(i % 13)::float8"},
    "monetary": {"double precision": "(i % 1000)::float8"},
    "bins": {"integer": "5"},
    "scheme": {"segments.code_scheme": "'2-2-2'::segments.code_scheme"},
    "h": {"segments.hierarchy": None},  # by the node's type, below
    "node": {"bigint": "(i % 1000 + 1)::bigint", "text": "(i % 1000 + 1)::text"},
    "nodes": {"bigint[]": "ARRAY[i % 1000 + 1, (i * 7) % 1000 + 1]::bigint[]",
              "text[]": "ARRAY[(i % 1000 + 1)::text, ((i * 7) % 1000 + 1)::text]"},
    "parent": {"bigint": "NULLIF(i / 2, 0)::bigint", "text": "NULLIF((i / 2)::text, '0')"},
    "lft": {"integer": "(2 * i)::int"},
    "rgt": {"integer": "(2 * i + 1)::int"},
}
BY_TYPE = {
    "segments.rfm": "((1 + i % 5)::text || '45')::segments.rfm",
    "segments.customer_profile": "(SELECT segments.profile(DATE '2026-01-01', 1.0))",
}
# Forms whose node or tree rows must be distinct over the whole stream.
DISTINCT_NODES = {"tree": {"bigint": "i::bigint", "text": "i::text"}, "tree_nested": {"bigint": "i::bigint", "text": "i::text"}}


def expression(aggregate, position, name, type_name, argtypes, argnames):
    if (aggregate, name) in BY_AGGREGATE and BY_AGGREGATE[(aggregate, name)] is not None:
        return BY_AGGREGATE[(aggregate, name)]
    if aggregate in DISTINCT_NODES and name == "node":
        return DISTINCT_NODES[aggregate][type_name]
    if aggregate == "rollup_tree" and name == "nodes" and "segments.code_scheme" in argtypes:
        return "ARRAY['01' || lpad((i % 99)::text, 2, '0'), '02' || lpad((i % 97)::text, 2, '0')]"
    if name == "h":
        node_type = argtypes[0]
        return HIERARCHY_BIGINT if node_type.startswith("bigint") else HIERARCHY_TEXT
    if name in BY_NAME and BY_NAME[name].get(type_name):
        return BY_NAME[name][type_name]
    if type_name in BY_TYPE:
        return BY_TYPE[type_name]
    return None


def psql_args(dbname):
    return ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", dbname]


def psql(dbname, sql):
    result = subprocess.run(psql_args(dbname), input=sql, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"cancel: {result.stderr.strip()[:500]}")
    return result.stdout


WARM_UP = "SELECT segments.tier_rank(1::float8, '{2}'::float8[]) IS NULL"  # loads the library first


class Form:
    """One aggregate signature and how to feed it."""

    def __init__(self, row):
        (self.signature, self.name, types, names, self.transfn, self.transtype, self.initval,
         self.serialfn, self.finalfn) = row
        self.argtypes = [t for t in types.split("|") if t]
        self.argnames = names.split("|") if names else [""] * len(self.argtypes)
        self.args = [expression(self.name, p, n, t, self.argtypes, self.argnames)
                     for p, (n, t) in enumerate(zip(self.argnames, self.argtypes))]

    def fed(self):
        return all(a is not None for a in self.args)

    def call(self, function=None):
        return f"{function or 'segments.' + self.name}({', '.join(self.args)})"

    def query(self, rows, groups=1, function=None):
        group = f" GROUP BY i % {groups}" if groups > 1 else ""
        return f"SELECT {self.call(function)} IS NULL FROM (SELECT generate_series(1, {rows}) AS i) AS s{group}"

    def transition_only(self):
        """A temporary aggregate running this form's transition alone."""
        options = [f"SFUNC = {self.transfn}", f"STYPE = {self.transtype}"]
        if self.initval:
            options.append("INITCOND = '" + self.initval.replace("'", "''") + "'")
        if self.transtype == "internal":
            options.append(f"FINALFUNC = {self.serialfn}")
        return (f"CREATE AGGREGATE pg_temp.cancel_transition({', '.join(self.argtypes)}) ({', '.join(options)})")


def catalog(dbname):
    rows = psql(dbname, """
        SELECT concat_ws(E'\t', p.oid::regprocedure, p.proname,
               coalesce((SELECT string_agg(format_type(t, NULL), '|' ORDER BY o) FROM unnest(p.proargtypes) WITH ORDINALITY AS a(t, o)), ''),
               coalesce(array_to_string(p.proargnames[1:p.pronargs], '|'), ''),
               a.aggtransfn::regprocedure::text, format_type(a.aggtranstype, NULL), coalesce(a.agginitval, ''),
               a.aggserialfn::text, a.aggfinalfn::text)
        FROM pg_proc AS p JOIN pg_aggregate AS a ON a.aggfnoid = p.oid
        WHERE p.pronamespace = 'segments'::regnamespace
        ORDER BY p.proname, p.pronargs DESC, 1::text;""")
    forms = []
    for line in rows.splitlines():
        fields = line.split("\t")
        fields[4] = fields[4].split("(")[0]  # the function's name, as CREATE AGGREGATE wants it
        forms.append(Form(fields))
    return forms


def timed(dbname, sql, timeout_ms, prologue=()):
    """Seconds the statement ran (psql's \\timing, around the statement
    alone, after the library is loaded) and psql's result."""
    started = time.monotonic()
    command = psql_args(dbname) + ["-c", "SET max_parallel_workers_per_gather = 0", "-c", WARM_UP]
    for statement in prologue:
        command += ["-c", statement]
    command += ["-c", f"SET statement_timeout = {int(timeout_ms)}", "-c", "\\timing on", "-c", sql]
    result = subprocess.run(command, capture_output=True, text=True)
    times = re.findall(r"^Time: ([0-9.]+) ms", result.stdout, re.M)
    return (float(times[-1]) / 1000 if times else time.monotonic() - started), result


def cancelled(dbname, sql, after, prologue=()):
    """Seconds from pg_cancel_backend (sent `after` seconds into the
    statement) to the statement's end; psql's stderr; how many were sent."""
    marker = f"cancel-test-{time.monotonic_ns()}"
    command = psql_args(dbname) + ["-c", "SET max_parallel_workers_per_gather = 0", "-c", WARM_UP]
    for statement in prologue:
        command += ["-c", statement]
    command += ["-c", f"SET application_name = '{marker}'", "-c", "SELECT pg_sleep(0)", "-c", sql]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The statement starts once the session is set up: wait for it to be active.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = psql(dbname, f"SELECT query FROM pg_stat_activity WHERE application_name = '{marker}' AND state = 'active'").strip()
        if state and "generate_series" in state:
            break
        time.sleep(0.02)
    time.sleep(after)
    sent = psql(dbname, f"SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE application_name = '{marker}' AND state = 'active'").strip()
    at = time.monotonic()
    try:
        _, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        return None, "did not stop within 120 s", sent
    return time.monotonic() - at, err, sent


def bounded(stderr):
    """A form that stops by its own bound (54000) before a second passes
    (svg_bars: at most 1,000 bars) has no long phase to cancel."""
    return "ERROR:  " in stderr and ("at most" in stderr or "segments.max_state_mb" in stderr)


def transition_phase(dbname, form, groups, label, failures):
    sql = form.query(STREAM, groups)
    elapsed, result = timed(dbname, sql, 1000)
    if bounded(result.stderr):
        print(f"cancel: {form.signature} {label}: stops by its bound within {elapsed:.2f} s: {result.stderr.strip()[:120]}",
              file=sys.stderr)
        return
    timeout_ok = "canceling statement due to statement timeout" in result.stderr and elapsed - 1.0 <= SLACK
    took, err, sent = cancelled(dbname, sql, 1.0)
    cancel_ok = took is not None and took <= SLACK and "canceling statement due to user request" in err and sent == "1"
    print(f"cancel: {form.signature} {label}: statement_timeout 1 s stopped it after {elapsed:.2f} s; "
          f"pg_cancel_backend: {'-' if took is None else f'{took:.2f}'} s", file=sys.stderr)
    if not timeout_ok:
        failures.append(f"{form.signature} {label}: statement_timeout 1 s took {elapsed:.2f} s: {result.stderr.strip()[:300]}")
    if not cancel_ok:
        failures.append(f"{form.signature} {label}: pg_cancel_backend ({sent} sent) took {took} s: {err.strip()[:300]}")


def final_phase(dbname, form, start_rows, max_rows, failures, notes):
    prologue = [form.transition_only()]
    rows = start_rows
    while True:
        whole, result = timed(dbname, form.query(rows), 600_000)
        if result.returncode != 0:
            notes.append(f"{form.signature}: final phase not measured: {rows} rows fail: {result.stderr.strip()[:150]}")
            return
        alone, result = timed(dbname, form.query(rows, function="pg_temp.cancel_transition"), 600_000, prologue)
        if result.returncode != 0:
            failures.append(f"{form.signature}: the transition alone failed: {result.stderr.strip()[:300]}")
            return
        final = whole - alone
        if final >= 1.5:
            break
        if rows * 2 > max_rows or whole > 60:
            notes.append(f"{form.signature}: final phase {max(final, 0):.2f} s at {rows} rows (transition {alone:.2f} s): nothing long to cancel")
            return
        rows *= 2
    at = alone + final * 0.5
    elapsed, result = timed(dbname, form.query(rows), at * 1000)
    timeout_ok = "canceling statement due to statement timeout" in result.stderr and elapsed - at <= SLACK
    # On a busy machine a run can be faster than the measurement said and
    # end before the cancel arrives (even after pg_stat_activity still showed
    # it active): nothing proven, so try again with the cancel earlier in the
    # final phase; a run that ignores the cancel ends with no error only
    # after the rest of its final phase, later than SLACK.
    for attempt, fraction in enumerate((0.5, 0.3, 0.15)):
        cancel_at = alone + final * fraction
        took, err, sent = cancelled(dbname, form.query(rows), cancel_at)
        ended_first = "ERROR" not in err and (sent == "0" or (took is not None and took <= SLACK))
        if not ended_first:
            break
        notes.append(f"{form.signature}: final phase: the run ended before pg_cancel_backend ({cancel_at:.2f} s), "
                     f"attempt {attempt + 1}")
    cancel_ok = took is not None and took <= SLACK and "canceling statement due to user request" in err and sent == "1"
    if ended_first:
        cancel_ok = True
    if result.returncode == 0 and elapsed < at:
        notes.append(f"{form.signature}: final phase: the run ended ({elapsed:.2f} s) before statement_timeout ({at:.2f} s)")
        timeout_ok = True
    print(f"cancel: {form.signature} final phase ({rows} rows: transition {alone:.2f} s, final {final:.2f} s): "
          f"statement_timeout {at:.2f} s stopped it after {elapsed:.2f} s; pg_cancel_backend at {cancel_at:.2f} s: "
          f"{'-' if took is None else f'{took:.2f}'} s", file=sys.stderr)
    if not timeout_ok:
        failures.append(f"{form.signature} final phase: statement_timeout {at:.2f} s took {elapsed:.2f} s: {result.stderr.strip()[:300]}")
    if not cancel_ok:
        failures.append(f"{form.signature} final phase: pg_cancel_backend ({sent} sent) took {took} s: {err.strip()[:300]}")


# One query per aggregate family, small; run many times on one connection.
FAMILIES = {
    "profiles": "SELECT sum(segments.total(p)) FROM (SELECT segments.profile(DATE '2026-01-01' + i % 300, i * 0.01, "
                "'c' || i % 7) AS p FROM generate_series(1, 2000) AS i GROUP BY i % 20) AS s",
    "scales": "SELECT segments.quantile_scale(i, '{0.1,0.9}')::text, segments.abc_scale(i)::text, "
              "segments.rfm_scale(i, i % 7, i * 10)::text FROM generate_series(1, 2000) AS i",
    "trees": "SELECT segments.tree_rows(segments.rollup_tree(ARRAY['01' || lpad((i % 9)::text, 2, '0'), '02'], 1.5, "
             "'2-2-2'::segments.code_scheme, i % 100))::text FROM generate_series(1, 2000) AS i",
    "charts": "SELECT length(segments.svg_pareto(i)) + length(segments.svg_bars('l' || i, i)) FROM generate_series(1, 500) AS i",
    "reports": "SELECT segments.gini(segments.concentration(i)), count(*) FROM generate_series(1, 2000) AS i",
    "policies": "SELECT count(segments.classify(jsonb_build_object('v', i), c.p)) FROM generate_series(1, 2000) AS i, "
                "(SELECT segments.calibrate('" + POLICY.split("'")[1] + "'::jsonb, jsonb_build_object('v', n)) AS p "
                "FROM generate_series(1, 500) AS n) AS c",
}


def memory(dbname, sql, runs, warmup):
    probe = ("SELECT (regexp_match(pg_read_file('/proc/self/status'), 'VmRSS:\\s+(\\d+)'))[1]::bigint * 1024, "
             "(SELECT sum(total_bytes) FROM pg_backend_memory_contexts)")
    script = ["\\o /dev/null"] + [sql + ";"] * warmup + ["\\o", probe + ";", "\\o /dev/null"] + \
             [sql + ";"] * runs + ["\\o", probe + ";"]
    result = subprocess.run(psql_args(dbname) + ["-F", " "], input="\n".join(script) + "\n",
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"cancel: memory run failed: {result.stderr[:500]}")
    lines = [line.split() for line in result.stdout.splitlines() if line.strip()]
    (rss0, ctx0), (rss1, ctx1) = [(int(a), int(b)) for a, b in lines[-2:]]
    return rss0, rss1, ctx0, ctx1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dbname", required=True)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--only", help="aggregates whose name matches this regular expression")
    parser.add_argument("--no-final", action="store_true", help="skip the final-phase measurements")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory runs")
    args = parser.parse_args()
    started = time.time()
    forms = catalog(args.dbname)
    unfed = [f"{f.signature} (argument {n or p + 1})" for f in forms for p, (n, a) in enumerate(zip(f.argnames, f.args)) if a is None]
    if unfed:
        sys.exit(f"cancel: no row values for {', '.join(unfed)}: add them to tests/cancel/cancel.py")
    if args.only:
        forms = [f for f in forms if re.search(args.only, f.name)]
    if not args.full:
        # One form per aggregate: the one with the most arguments.
        seen, chosen = set(), []
        for form in forms:
            if form.name not in seen:
                seen.add(form.name)
                chosen.append(form)
        forms = chosen
    failures, notes = [], []
    for form in forms:
        transition_phase(args.dbname, form, 1, "transition, one group", failures)
        if args.full:
            transition_phase(args.dbname, form, 1_000_000, "transition, 1,000,000 groups", failures)
    if not args.no_final:
        for form in forms:
            if args.full:
                final_phase(args.dbname, form, 1_000_000, 64_000_000, failures, notes)
            else:
                final_phase(args.dbname, form, 300_000, 300_000, failures, notes)
    if not args.no_memory:
        runs = 1000 if args.full else 100
        for family, sql in FAMILIES.items():
            rss0, rss1, ctx0, ctx1 = memory(args.dbname, sql, runs, 30)
            print(f"cancel: memory, {family}: {runs} repeated queries on one connection: VmRSS {rss0 / 2**20:.1f} -> "
                  f"{rss1 / 2**20:.1f} MB, memory contexts {ctx0 / 2**20:.2f} -> {ctx1 / 2**20:.2f} MB", file=sys.stderr)
            if rss1 - rss0 > 4 * 2**20 or ctx1 - ctx0 > 256 * 1024:
                failures.append(f"memory, {family}: the backend grew over {runs} queries: VmRSS {rss0} -> {rss1}, contexts {ctx0} -> {ctx1}")
    for note in notes:
        print("cancel: " + note, file=sys.stderr)
    print(f"cancel: {len(forms)} aggregate forms, {time.time() - started:.0f} s", file=sys.stderr)
    if failures:
        for failure in failures:
            print("FAIL " + failure, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
