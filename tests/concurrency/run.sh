#!/usr/bin/env bash
# run.sh DBNAME SECONDS CLIENTS: inserts, concurrent refreshes and reports
# through pgbench, then the totals check. Expects PGHOST/PGPORT set and
# pgbench/psql of the cluster's PostgreSQL on PATH. Any client error fails
# the run (pgbench aborts the client and exits non-zero).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
db=$1 seconds=$2 clients=$3
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$here/setup.sql"
out=$(mktemp)
status=0
pgbench -n -d "$db" -c "$clients" -j "$(( clients < 2 ? clients : 2 ))" -T "$seconds" \
    -f "$here/insert.sql@20" -f "$here/refresh.sql@1" -f "$here/report.sql@3" >"$out" 2>&1 || status=$?
grep -E "^(number of transactions|number of failed|tps)|aborted|error" "$out" || true
if [ "$status" -ne 0 ]; then
    cat "$out" >&2
    rm -f "$out"
    echo "pgbench failed (exit $status): a client got an error" >&2
    exit 1
fi
rm -f "$out"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$here/check.sql"
