#!/usr/bin/env python3
"""Cancellation and memory of the extension's aggregates.

- statement_timeout and pg_cancel_backend stop a long aggregate within one
  second, for one big group and for many groups, for every aggregate
  listed in AGGREGATES (rows stream from generate_series, so the aggregate
  itself is what runs when the cancel arrives);
- 1,000 repeated queries on one connection do not grow the backend's
  memory (VmRSS from /proc/self/status and the sum of
  pg_backend_memory_contexts, after a warm-up).

Standard library only; psql with PGHOST/PGPORT/PGUSER from the
environment, as a superuser (pg_read_file of /proc/self/status).

    python3 tests/cancel/cancel.py --dbname DB [--full]

--full runs 1,000,000 groups and 1,000 repeated queries; the default
100,000 groups and 300 queries. One group always streams up to 100,000,000
rows (cancelled after one second).
"""

import argparse
import re
import subprocess
import sys
import time

AGGREGATES = {
    "profile": "segments.profile(DATE '2026-01-01' + i % 3000, (i % 1000) * 0.01, 'c' || i % 50)",
    "rollup": "segments.rollup(l.p)",
    "rfm_scale": "segments.rfm_scale(i % 997, i % 13, i)",
    "quantile_scale": "segments.quantile_scale(i::float8, '{0.1,0.5,0.9}')",
    "rollup_tree": "segments.rollup_tree('01' || lpad((i % 99)::text, 2, '0'), 1.5, '2-2-2'::segments.code_scheme, i % 1000)",
    "tree": "segments.tree(i::text, NULLIF((i / 2)::text, '0'))",
}
SLACK = 1.0  # seconds a cancel may take


def psql_args(dbname):
    return ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", dbname]


def query(aggregate, rows, groups):
    expression = AGGREGATES[aggregate]
    group = f" GROUP BY i % {groups}" if groups > 1 else ""
    source = f"(SELECT generate_series(1, {rows}) AS i) AS s"
    if aggregate == "rollup":
        # One single-day profile per row, merged.
        source += (", LATERAL (SELECT segments.profile(d, a) AS p FROM (SELECT DATE '2026-01-01' + s.i % 3000 AS d, "
                   "(s.i % 1000) * 0.01 AS a) AS x) AS l")
    return f"SELECT length(({expression})::text) FROM {source}{group}"


WARM_UP = "SELECT segments.tier_rank(1::float8, '{2}'::float8[]) IS NULL"  # loads the library first


def run_timeout(dbname, sql, timeout_ms):
    """Seconds the statement ran (psql's \\timing, measured around the
    statement alone, after the library is loaded), and psql's result."""
    started = time.monotonic()
    result = subprocess.run(psql_args(dbname) + ["-c", "SET max_parallel_workers_per_gather = 0", "-c", WARM_UP,
                                                 "-c", f"SET statement_timeout = {timeout_ms}",
                                                 "-c", "\\timing on", "-c", sql],
                            capture_output=True, text=True)
    times = re.findall(r"^Time: ([0-9.]+) ms", result.stdout, re.M)
    return (float(times[-1]) / 1000 if times else time.monotonic() - started), result


def run_cancel(dbname, sql, after):
    marker = f"cancel-test-{time.monotonic_ns()}"
    process = subprocess.Popen(psql_args(dbname) + ["-c", "SET max_parallel_workers_per_gather = 0", "-c", WARM_UP,
                                                    "-c", f"SET application_name = '{marker}'", "-c", sql],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(after)
    cancel = subprocess.run(psql_args(dbname) + ["-c", f"SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE application_name = '{marker}' AND state = 'active'"],
                            capture_output=True, text=True)
    sent = time.monotonic()
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        return None, "did not stop within 60 s", cancel.stdout.strip()
    return time.monotonic() - sent, err, cancel.stdout.strip()


def memory(dbname, runs, warmup):
    sql = ("SELECT sum(segments.total(p)) FROM (SELECT segments.profile(DATE '2026-01-01' + i % 300, i * 0.01, "
           "'c' || i % 7) AS p FROM generate_series(1, 2000) AS i GROUP BY i % 20) AS s")
    probe = ("SELECT (regexp_match(pg_read_file('/proc/self/status'), 'VmRSS:\\s+(\\d+)'))[1]::bigint * 1024, "
             "(SELECT sum(total_bytes) FROM pg_backend_memory_contexts)")
    script = ["\\o /dev/null"] + [sql + ";"] * warmup + ["\\o", probe + ";", "\\o /dev/null"] + \
             [sql + ";"] * runs + ["\\o", probe + ";"]
    result = subprocess.run(psql_args(dbname) + ["-F", " "], input="\n".join(script) + "\n",
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"cancel: memory run failed: {result.stderr}")
    lines = [line.split() for line in result.stdout.splitlines() if line.strip()]
    (rss0, ctx0), (rss1, ctx1) = [(int(a), int(b)) for a, b in lines[-2:]]
    return rss0, rss1, ctx0, ctx1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dbname", required=True)
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    rows = 100_000_000  # streamed, at least 10,000,000 in any build: cancelled long before the end
    groups = 1_000_000 if args.full else 100_000
    runs = 1000 if args.full else 300
    failures = []
    for aggregate in AGGREGATES:
        shapes = [("one group", 1)] if aggregate == "tree" else [("one group", 1), ("many groups", groups)]
        for shape, group_count in shapes:
            sql = query(aggregate, rows, group_count)
            elapsed, result = run_timeout(args.dbname, sql, 1000)
            late = elapsed - 1.0
            status = "57014" if "canceling statement due to statement timeout" in result.stderr else "no timeout"
            print(f"cancel: {aggregate:15} {shape:12} statement_timeout 1 s: stopped after {elapsed:.2f} s ({status})",
                  file=sys.stderr)
            if status != "57014" or late > SLACK:
                failures.append(f"{aggregate} {shape}: statement_timeout 1 s took {elapsed:.2f} s: {result.stderr.strip()[:200]}")
            took, err, sent = run_cancel(args.dbname, sql, 1.0)
            print(f"cancel: {aggregate:15} {shape:12} pg_cancel_backend: stopped {took if took is None else round(took, 2)} s after the cancel",
                  file=sys.stderr)
            if took is None or took > SLACK or "canceling statement due to user request" not in err or sent != "1":
                failures.append(f"{aggregate} {shape}: pg_cancel_backend ({sent} sent) took {took} s: {err.strip()[:200]}")
    # The final function of tree (sorting and laying out every node) runs
    # after all rows are read: time it, then let statement_timeout fire
    # while it runs.
    nodes = 1_000_000 if args.full else 300_000
    sql = (f"SELECT segments.depth(segments.tree(i::text, NULLIF((i / 2)::text, '0')), '1') "
           f"FROM (SELECT generate_series(1, {nodes}) AS i) AS s")
    whole, result = run_timeout(args.dbname, sql, 600_000)
    if result.returncode != 0:
        failures.append(f"tree of {nodes} nodes failed: {result.stderr.strip()[:200]}")
    elif whole < 2.0:
        print(f"cancel: tree of {nodes} nodes takes only {whole:.2f} s: final-phase cancel not measured", file=sys.stderr)
    else:
        timeout = whole / 2  # reading the rows takes a small part of it
        elapsed, result = run_timeout(args.dbname, sql, int(timeout * 1000))
        print(f"cancel: tree final phase ({nodes} nodes, {whole:.1f} s): statement_timeout {timeout:.1f} s "
              f"stopped after {elapsed:.2f} s", file=sys.stderr)
        if "statement timeout" not in result.stderr or elapsed - timeout > SLACK:
            failures.append(f"tree final phase: statement_timeout {timeout:.1f} s took {elapsed:.2f} s")
    rss0, rss1, ctx0, ctx1 = memory(args.dbname, runs, 50)
    print(f"cancel: {runs} repeated profile queries on one connection: VmRSS {rss0 / 2**20:.1f} -> {rss1 / 2**20:.1f} MB, "
          f"memory contexts {ctx0 / 2**20:.2f} -> {ctx1 / 2**20:.2f} MB", file=sys.stderr)
    if rss1 - rss0 > 4 * 2**20 or ctx1 - ctx0 > 256 * 1024:
        failures.append(f"backend memory grew over {runs} queries: VmRSS {rss0} -> {rss1}, contexts {ctx0} -> {ctx1}")
    if failures:
        for failure in failures:
            print("FAIL " + failure, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
