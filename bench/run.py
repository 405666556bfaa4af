"""Benchmark harness: every case's extension query against the plain SQL it
replaces and against the scan limit, serial and parallel, in one run.

Talks to the scratch cluster through psql (PGHOST/PGPORT/PGUSER set by
scripts/bench). Times are the server's own Execution Time from
EXPLAIN ANALYZE, medians over several runs after a warm-up.

usage: run.py [--smoke | --scale] [--results FILE]
"""
import argparse
import datetime
import json
import platform
import re
import statistics
import subprocess
import sys

from cases import CASES

NOTES_MARKER = "<!-- notes below are written by hand and kept by scripts/bench -->"
# Cases whose queries all take less than SHORT_MS run at least SHORT_RUNS
# times (not in the one-run smoke test).
SHORT_MS, SHORT_RUNS = 100, 21
SIZES = {"smoke": (2_000, 20_000, 1), "default": (100_000, 1_000_000, 5), "scale": (1_000_000, 10_000_000, 3)}


def psql(sql, *variables):
    command = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
    for variable in variables:
        command += ["-v", variable]
    done = subprocess.run(command, input=sql, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"psql failed:\n{sql}\n{done.stderr}")
    return done.stdout, done.stderr


def settings(workers):
    # Sessions in a zone with DST, as many ERPs' users are.
    return (f"SET max_parallel_workers_per_gather = {workers}; SET jit = off; SET TimeZone = 'America/New_York'; "
            "SET work_mem = '256MB'; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;\n")


def execution_ms(query, workers):
    out, _ = psql(settings(workers) + f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {query};")
    return json.loads(out)[0]["Execution Time"]


def plan_text(query, workers):
    out, _ = psql(settings(workers) + f"EXPLAIN (COSTS OFF) {query};")
    return out


def check_equal(case, workers):
    """The extension and the baseline must return the same rows."""
    ext, base = case["extension"], case["baseline"]
    if base is None:
        return
    out, _ = psql(settings(workers) + f"SELECT (SELECT count(*) FROM (({ext}) EXCEPT ALL ({base})) AS a) + "
                  f"(SELECT count(*) FROM (({base}) EXCEPT ALL ({ext})) AS b);")
    if out.strip() != "0":
        sys.exit(f"{case['name']}: extension and baseline results differ ({out.strip()} rows)")


def peak_memory_kb(query, workers):
    """Peak resident memory of a fresh backend after running query."""
    _, err = psql(settings(workers) + "SET client_min_messages = log; SET log_executor_stats = on;\n"
                  f"{query};")
    sizes = [int(kb) for kb in re.findall(r"(\d+) kB max resident size", err)]
    return max(sizes) if sizes else None


def measure(case, workers, runs):
    check_equal(case, workers)
    if case.get("parallel_plan") and workers > 0:
        plan = plan_text(case["extension"], workers)
        if "Partial Aggregate" not in plan or "Gather" not in plan:
            sys.exit(f"{case['name']}: expected a parallel plan, got:\n{plan}")
    times = {kind: [] for kind in ("extension", "baseline", "limit", "floor") if case.get(kind)}
    warm = [execution_ms(case[kind], workers) for kind in times]  # warm-up
    if runs > 1 and max(warm) < SHORT_MS:
        # A short query's median of a few runs swings with whatever else the
        # machine does for a moment: more runs, still interleaved.
        runs = max(runs, SHORT_RUNS)
    for _ in range(runs):
        for kind in times:
            times[kind].append(execution_ms(case[kind], workers))
    return {kind: statistics.median(values) for kind, values in times.items()}


def target_text(case, t):
    """The case's target and whether this run met it."""
    if "target" not in case:
        return "", ""
    against, factor = case["target"]
    if against == "baseline":
        met = t["baseline"] / t["extension"] >= factor
        if factor < 1 and abs(round(1 / factor, 2) - 1 / factor) < 1e-9:
            # A slowdown allowed, given as a time ratio (1 / 1.1): said so.
            return f"<= {1 / factor:g}x the baseline's time", "yes" if met else "no"
        return f">= {factor}x faster than baseline", "yes" if met else "no"
    met = t["extension"] / t["limit"] <= factor
    return f"<= {factor}x scan limit", "yes" if met else "no"


def fmt(value, pattern):
    return "-" if value is None else pattern.format(value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="a few thousand rows, one run: checks the harness")
    parser.add_argument("--scale", action="store_true", help="1,000,000 customers, 10,000,000 order lines")
    parser.add_argument("--results", help="write the results table to this markdown file")
    parser.add_argument("--case", help="run only the cases whose name contains this text (writes no results)")
    args = parser.parse_args()
    cases = [case for case in CASES if not args.case or args.case.lower() in case["name"].lower()]
    if args.case:
        args.results = None
    size = "smoke" if args.smoke else "scale" if args.scale else "default"
    customers, lines, runs = SIZES[size]

    print(f"generating {lines:,} order lines for {customers:,} customers ...", flush=True)
    psql(open(sys.path[0] + "/data.sql").read(), f"customers={customers}", f"lines={lines}")

    rows = []
    header = ("| case | workers | extension ms | baseline ms | speed-up vs baseline | extension / scan limit "
              "| floor / scan limit | target | met |")
    rule = "|---|---|---|---|---|---|---|---|---|"
    print(header + "\n" + rule)
    for case in cases:
        for workers in (0, 2):
            t = measure(case, workers, runs)
            baseline = t.get("baseline")
            speedup = baseline / t["extension"] if baseline else None
            target, met = target_text(case, t)
            floor = t["floor"] / t["limit"] if "floor" in t else None
            row = (f"| {case['name']} | {workers} | {t['extension']:.1f} | {fmt(baseline, '{:.1f}')} | "
                   f"{fmt(speedup, '{:.2f}x')} | {t['extension'] / t['limit']:.2f}x | {fmt(floor, '{:.2f}x')} | "
                   f"{target} | {met} |")
            print(row, flush=True)
            rows.append(row)

    largest = next((case for case in cases if case.get("memory")), None)
    memory_line = ""
    if largest:
        memory = peak_memory_kb(largest["extension"], 0)
        memory_line = f"Peak backend memory (max resident size) for '{largest['name']}', serial: {memory:,} kB"
        print(memory_line)

    if args.results:
        version, _ = psql("SELECT version();")
        # Hand-written notes (profiles of where the time goes, runs at other
        # sizes) below the marker survive a new run.
        try:
            previous = open(args.results).read()
        except FileNotFoundError:
            previous = ""
        notes = previous[previous.index(NOTES_MARKER):] if NOTES_MARKER in previous else ""
        with open(args.results, "w") as out:
            out.write("# Benchmark results\n\n")
            out.write("Generated by `scripts/bench`; do not edit above the notes marker.\n\n")
            out.write(f"- date: {datetime.date.today().isoformat()}\n")
            out.write(f"- machine: {platform.machine()}, {platform.system()} {platform.release()}\n")
            out.write(f"- PostgreSQL: {version.strip()}\n")
            out.write(f"- data: {lines:,} order lines, {customers:,} customers; medians of {runs} runs after a warm-up "
                      f"({SHORT_RUNS} runs for cases whose queries all take under {SHORT_MS} ms)\n")
            out.write("- times: server Execution Time from EXPLAIN ANALYZE (TIMING OFF)\n")
            out.write("- speed-up: baseline / extension (higher is better); scan limit: the cheapest query reading the same rows\n")
            out.write("- floor: the same kind of work done by PostgreSQL's own functions over the plain columns (a new value of the "
                      "result's type per row; every value kept), where a case has one\n\n")
            out.write(header + "\n" + rule + "\n" + "\n".join(rows) + "\n\n" + memory_line + "\n")
            if notes:
                out.write("\n" + notes)


if __name__ == "__main__":
    main()
