"""End to end, against what users would pick instead: from the order lines
in PostgreSQL to an RFM segment per customer (12 months to 2026-10-31,
quintiles, the standard 11-segment map), three ways, on the same data:

  extension   one query over the order lines (profile per customer, RFM
              scale as a window, score, segment);
  pandas      the order lines read out of PostgreSQL (COPY to CSV), then
              vectorized pandas with the same quantile rule;
  incremental the extension's incremental path (see docs/incremental.md):
              12-month profiles kept per customer and moved by the monthly
              refresh (bench/refresh.sql: store the new month's profiles,
              take out the month that left with segments.minus, add the new
              month with segments.plus). Timed three ways: the report's
              query over the refreshed profiles; the refresh written and
              then the query (the tables put back, untimed, before each
              run); the refresh computed in the query without writing.

Every session runs with work_mem = 256MB and jit = off, as scripts/bench does
(the refresh in one query costs enough for PostgreSQL to JIT-compile it,
which takes longer than running it).
All must give every customer the same segment before anything is
timed. Two bounds are timed in the same run, and segment nothing: the
grouped scan a hand-written query needs at least (count, sum, min, max per
customer over the same 12 months of lines, through COPY), which bounds
any recompute from the lines; and the client's share alone (psql started,
one constant segment per customer sent with COPY and parsed by read_csv),
which bounds any way of this shape, however fast its query. A third row
times the report's query over a table of the three plain figures
(last purchase, purchase days, total) made from the kept profiles: what
a refresh keeping plain columns beside the profiles would give. Each time is wall clock, from the query sent to the last result row
received by the client. Run by scripts/race (which makes the data and a
virtual environment with pandas); prints a markdown table.

usage: race.py [--runs N] [--results FILE]
"""
import argparse
import io
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cases import FROM_KEPT_12_MONTHS, FROM_KEPT_MOVED, FROM_ORDER_LINES  # noqa: E402

os.environ["PGOPTIONS"] = (os.environ.get("PGOPTIONS", "") + " -c work_mem=256MB -c jit=off").strip()

AS_OF = "2026-11-01"
SEGMENTS = {  # the standard map on R and FM = round half up of (F + M) / 2
    "Champions": (55, 54, 45), "Loyal Customers": (53, 44, 35, 34), "Potential Loyalists": (52, 42, 33, 43),
    "Recent Customers": (51,), "Promising": (41, 31), "Customers Needing Attention": (32, 23, 22),
    "About to Sleep": (21,), "At Risk": (25, 24, 13), "Can't Lose Them": (15, 14), "Hibernating": (12,),
}


def segment_query(measures):
    return f"""
SELECT customer_id, segments.rfm_segment(segments.rfm_score(segments.rfm_scale(recency, frequency, monetary) OVER (),
                                                            recency, frequency, monetary)) AS segment
FROM (SELECT customer_id, (date '{AS_OF}' - last_day)::float8 AS recency, days::float8 AS frequency,
             total::float8 AS monetary
      FROM ({measures}) AS per_customer OFFSET 0) AS measures"""


def psql_out(*arguments, script=None):
    done = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", *arguments], capture_output=True,
                          input=script.encode() if script else None)
    if done.returncode != 0:
        sys.exit(done.stderr.decode())
    return done.stdout


def copy_out(query):
    """Rows of query as CSV bytes, through psql's COPY to stdout."""
    return psql_out("-c", f"COPY ({query}) TO STDOUT (FORMAT csv)")


def segments_of(rows):
    return pd.read_csv(io.BytesIO(rows), names=["customer_id", "segment"], keep_default_na=False)


def extension(measures):
    return segments_of(copy_out(segment_query(measures)))


# The tables as they were before 2026-10 arrived (bench/data.sql keeps the
# kept profiles of then), so that the refresh can be run again.
BEFORE_REFRESH = """
DELETE FROM bench.monthly_profiles WHERE month = date '2026-10-01';
TRUNCATE bench.profiles_12_months;
INSERT INTO bench.profiles_12_months SELECT * FROM bench.profiles_12_months_before;
VACUUM ANALYZE bench.monthly_profiles, bench.profiles_12_months;
"""
REFRESH = os.path.join(HERE, "refresh.sql")


def before_refresh():
    psql_out(script=BEFORE_REFRESH)


def after_refresh():
    refreshed = psql_out("-A", "-t", "-c", "SELECT count(*) > 0 FROM bench.monthly_profiles "
                         "WHERE month = date '2026-10-01'").strip()
    if refreshed == b"t":  # only bench/refresh.sql writes that month
        return
    before_refresh()
    psql_out("-f", REFRESH)
    psql_out("-c", "VACUUM ANALYZE bench.monthly_profiles, bench.profiles_12_months")


def refresh_and_query():
    """The monthly refresh, then the query, in one session."""
    return segments_of(psql_out("-f", REFRESH, "-c",
                                f"COPY ({segment_query(FROM_KEPT_12_MONTHS)}) TO STDOUT (FORMAT csv)"))


TWELVE_MONTHS = f"order_date >= date '{AS_OF}' - interval '12 months' AND order_date < date '{AS_OF}'"

# Bounds, timed beside the ways: what PostgreSQL's own grouped scan of the
# 12 months' lines costs the client (no segments), and what the client alone
# costs for one row per customer (read_csv of a constant segment).
PLAIN_12_MONTHS = "SELECT customer_id, last_day, days, total FROM bench.plain_12_months"


def make_plain_12_months():
    """The kept profiles' three figures as plain columns (after the refresh)."""
    after_refresh()
    psql_out("-c", "DROP TABLE IF EXISTS bench.plain_12_months",
             "-c", f"CREATE TABLE bench.plain_12_months AS {FROM_KEPT_12_MONTHS}",
             "-c", "VACUUM ANALYZE bench.plain_12_months")


def bounds(customers):
    return {
        "the report's query over plain columns of the same three figures (made from the kept profiles)":
            lambda: extension(PLAIN_12_MONTHS),
        "bound: PostgreSQL's grouped scan of the same lines (count, sum, min, max per customer; no segments)":
            lambda: copy_out("SELECT customer_id, count(*), sum(amount), min(order_date), max(order_date) "
                             f"FROM bench.erp_lines WHERE {TWELVE_MONTHS} GROUP BY customer_id"),
        "bound: the client alone (psql, COPY and read_csv of one constant segment per customer)":
            lambda: segments_of(copy_out(f"SELECT customer_id, 'Hibernating' FROM generate_series(1, {customers}) "
                                         "AS customer_id")),
    }


def cut_index(fraction, n):
    """ceil(fraction * n) without float noise pushing exact products up (as the extension)."""
    product = fraction * n
    nearest = round(product)
    return int(nearest) if abs(product - nearest) <= 1e-9 * max(n, 1) else int(np.ceil(product))


def quintile_scores(values, more_is_better):
    """1..5, the better end 5; a value at a cut gets the better score."""
    v = values if more_is_better else -values
    ordered = np.sort(v)
    n = len(ordered)
    cuts = ordered[[min(cut_index(k / 5, n), n - 1) for k in range(1, 5)]]
    return 1 + np.searchsorted(cuts, v, side="right")


def pandas_segments():
    csv = copy_out("SELECT customer_id, order_date, (amount * 100)::bigint AS cents FROM bench.erp_lines "
                   f"WHERE {TWELVE_MONTHS}")
    lines = pd.read_csv(io.BytesIO(csv), names=["customer_id", "order_date", "cents"], parse_dates=["order_date"])
    per = lines.groupby("customer_id").agg(last=("order_date", "max"), frequency=("order_date", "nunique"),
                                           cents=("cents", "sum"))
    recency = (pd.Timestamp(AS_OF) - per["last"]).dt.days.to_numpy(dtype=float)
    r = quintile_scores(recency, more_is_better=False)
    f = quintile_scores(per["frequency"].to_numpy(dtype=float), True)
    m = quintile_scores(per["cents"].to_numpy(dtype=float) / 100, True)
    code = r * 10 + (f + m + 1) // 2
    segment = np.full(len(code), "Lost", dtype=object)
    for name, codes in SEGMENTS.items():
        segment[np.isin(code, codes)] = name
    return pd.DataFrame({"customer_id": per.index.to_numpy(), "segment": segment})


def timed(function, runs, before=None):
    times = []
    for run in range(runs + 1):  # the first is a warm-up
        if before:
            before()
        start = time.perf_counter()
        function()
        if run:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--results", help="append the table to this markdown file")
    args = parser.parse_args()
    # name: (way, what to run before each run, untimed)
    ways = {"extension, one query over the order lines": (lambda: extension(FROM_ORDER_LINES), None),
            "pandas, rows read out with COPY": (pandas_segments, None),
            "extension, incremental: the report's query over the kept 12-month profiles":
                (lambda: extension(FROM_KEPT_12_MONTHS), after_refresh),
            "extension, incremental: the month's refresh written, then the report's query":
                (refresh_and_query, before_refresh),
            "extension, incremental: the month's refresh computed in the query, nothing written":
                (lambda: extension(FROM_KEPT_MOVED), None)}
    results = {}
    for name, (way, before) in ways.items():
        if before:
            before()
        results[name] = way().sort_values("customer_id").reset_index(drop=True)
    first = next(iter(results.values()))
    for name, result in results.items():
        if not first.equals(result):
            diff = first.merge(result, on="customer_id", how="outer", suffixes=("", "_other"))
            diff = diff[diff["segment"] != diff["segment_other"]]
            sys.exit(f"{name}: segments differ for {len(diff)} customers, e.g.\n{diff.head()}")
    lines = subprocess.run(["psql", "-X", "-A", "-t", "-c", "SELECT count(*) FROM bench.erp_lines"],
                           capture_output=True, text=True).stdout.strip()
    times = {name: timed(way, args.runs, before) for name, (way, before) in ways.items()}
    make_plain_12_months()
    if not first.equals(extension(PLAIN_12_MONTHS).sort_values("customer_id").reset_index(drop=True)):
        sys.exit("the report over plain columns gives other segments than the kept profiles")
    times.update({name: timed(bound, args.runs) for name, bound in bounds(len(first)).items()})
    pandas_time = times["pandas, rows read out with COPY"]
    table = [f"End to end, {int(lines):,} order lines (24 months), {len(first):,} customers segmented "
             f"(12 months), same segment for every customer checked; median of {args.runs} runs, wall clock.", "",
             "| way | seconds | speed-up vs pandas |", "|---|---|---|"]
    table += [f"| {name} | {t:.3f} | {pandas_time / t:.2f}x |" for name, t in times.items()]
    text = "\n".join(table) + "\n"
    print(text)
    if args.results:
        with open(args.results, "a") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()
