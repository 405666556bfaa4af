#!/usr/bin/env bash
# run.sh RESULTS_DIR: the upgrade test, from every frozen release in sql/
# (customer_segments--X.Y.Z.sql) to the crate's version, through every
# release in between (0.1.0 -> 0.2.0 -> 0.3.0, then 0.2.0 -> 0.3.0, ...).
# For each starting release: install it with the current library (every C
# symbol its script names still exists), fill it with every type
# (tests/dump/setup.sql) and with the values each release up to it stored
# (stored-V.bin, written by the V build, into the table of stored-V.sql);
# then after every ALTER EXTENSION ... UPDATE TO the next release, the
# stored values and the queries over them (tests/dump/check.sql) read back
# the same; at the end the views refresh to the same results, every
# fixture's text form is unchanged, its profiles give every accessor the
# result the same values read from text give (accessors.sql), and the
# catalog equals a fresh install
# object by object. Expects PGHOST/PGPORT of a cluster with the current
# build installed, and psql of the same version on PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
results=$1
mkdir -p "$results"

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { echo "upgrade test: $*" >&2; exit 1; }
fresh_database() {
    psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
}
version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" = "$1" ]; }

current=$(sed -n 's/^version *= *"\(.*\)"/\1/p' Cargo.toml | head -1)
mapfile -t releases < <(ls sql | sed -n 's/^customer_segments--\([0-9]*\.[0-9]*\.[0-9]*\)\.sql$/\1/p' | sort -V)
mapfile -t fixtures < <(ls tests/upgrade | sed -n 's/^stored-\([0-9.]*\)\.bin$/\1/p' | sort -V)
[ ${#releases[@]} -gt 0 ] || fail "no frozen release in sql/"

fresh_database upgrade_fresh
psql_q -d upgrade_fresh -c "CREATE EXTENSION customer_segments"
psql_q -d upgrade_fresh -f tests/upgrade/catalog.sql > "$results/catalog_fresh.txt"

for start in "${releases[@]}"; do
    [ "$start" = "$current" ] && continue
    # The releases after the start, then the crate's version.
    path=()
    for release in "${releases[@]}" "$current"; do
        if ! version_le "$release" "$start" && [[ " ${path[*]} " != *" $release "* ]]; then
            path+=("$release")
        fi
    done
    log "upgrade from $start: ${path[*]}"
    db=upgrade_from_${start//./_}
    fresh_database "$db"
    psql_q -d "$db" -c "CREATE EXTENSION customer_segments VERSION '$start'" -f tests/dump/setup.sql
    loaded=()
    for fixture in "${fixtures[@]}"; do
        version_le "$fixture" "$start" || continue
        table=stored_${fixture//./_}
        psql_q -d "$db" -f "tests/upgrade/stored-$fixture.sql" \
            -c "\\copy $table FROM 'tests/upgrade/stored-$fixture.bin' (FORMAT binary)"
        loaded+=("$fixture")
    done
    psql -X -q -A -v ON_ERROR_STOP=1 -d "$db" -f tests/dump/check.sql > "$results/before_update.txt"
    for target in "${path[@]}"; do
        psql_q -d "$db" -c "ALTER EXTENSION customer_segments UPDATE TO '$target'"
        reached=$(psql -X -q -A -t -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'customer_segments'")
        [ "$reached" = "$target" ] || fail "ALTER EXTENSION UPDATE TO '$target' reached $reached"
        psql -X -q -A -v ON_ERROR_STOP=1 -d "$db" -f tests/dump/check.sql > "$results/after_update.txt"
        diff -u "$results/before_update.txt" "$results/after_update.txt" \
            || fail "stored values read differently after the update from $start to $target"
    done
    psql_q -d "$db" -c "REFRESH MATERIALIZED VIEW monthly_profiles" \
        -c "REFRESH MATERIALIZED VIEW rfm_scores" -c "REFRESH MATERIALIZED VIEW class_totals"
    psql -X -q -A -v ON_ERROR_STOP=1 -d "$db" -f tests/dump/check.sql > "$results/after_refresh.txt"
    diff -u "$results/before_update.txt" "$results/after_refresh.txt" \
        || fail "queries give other results after the update from $start"
    for fixture in "${loaded[@]}"; do
        psql_q -d "$db" -c "COPY (SELECT * FROM stored_${fixture//./_} ORDER BY id) TO STDOUT" > "$results/stored.txt"
        diff -u "tests/upgrade/stored-$fixture.txt" "$results/stored.txt" \
            || fail "values stored by $fixture read back differently after the update from $start"
        psql_q -d "$db" -v table="stored_${fixture//./_}" -f tests/upgrade/accessors.sql \
            || fail "profiles stored by $fixture read differently from the current layout after the update from $start"
    done
    psql_q -d "$db" -f tests/upgrade/catalog.sql > "$results/catalog_updated.txt"
    if ! diff -u "$results/catalog_fresh.txt" "$results/catalog_updated.txt"; then
        fail "the catalog after updating from $start differs from a fresh install of $current (- fresh, + updated)"
    fi
done
log "upgrades from ${releases[*]} to $current passed"
