# Shared by the project's commands: set-up of what is missing, building and
# installing the extension, and scratch PostgreSQL clusters that run as the
# `postgres` user on a port of their own (never a system cluster).
# Sourced, not run.

set -euo pipefail

PROJECT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SUPPORTED_PG_MAJORS=(15 16 17 18)

# use_postgres NN: point PG_MAJOR, PG_CONFIG and PG_BIN at PostgreSQL NN
# (Debian's 15; 16, 17 and 18 fetched by scripts/postgres when missing).
# A PG_CONFIG set beforehand for the same PG_MAJOR names another
# installation of it.
use_postgres() {
    local major=$1
    case " ${SUPPORTED_PG_MAJORS[*]} " in
        *" $major "*) ;;
        *) echo "PostgreSQL $major is not supported (${SUPPORTED_PG_MAJORS[*]})" >&2; exit 2 ;;
    esac
    if [ "${PG_MAJOR:-}" != "$major" ] || [ -z "${PG_CONFIG:-}" ]; then
        if [ "$major" = 15 ]; then
            PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
        else
            PG_CONFIG=$("$PROJECT_ROOT/scripts/postgres" "$major" | tail -1)
        fi
    fi
    PG_MAJOR=$major
    PG_BIN=$(dirname "$PG_CONFIG")
    export PG_MAJOR PG_CONFIG
}
# Debian's PostgreSQL 15 unless PG_MAJOR says otherwise; nothing is fetched
# until a command asks for another version.
PG_MAJOR=${PG_MAJOR:-15}
if [ "$PG_MAJOR" = 15 ]; then
    PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
    PG_BIN=$(dirname "$PG_CONFIG")
else
    PG_CONFIG=${PG_CONFIG:-}
    use_postgres "$PG_MAJOR"
fi
PGRX_VERSION=0.18.1
# chromium renders the demo report's HTML page in the tests; fonts-wqy-zenhei
# gives it CJK glyphs for the Chinese class names. Debian's PostgreSQL 15 is
# always there (Citus and the default run use it); 16, 17 and 18 come from
# scripts/postgres.
APT_PACKAGES=(postgresql-15 postgresql-server-dev-15 libclang-dev clang sudo chromium fonts-wqy-zenhei)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Runs a command as the postgres user (PostgreSQL refuses to run as root).
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

ensure_packages() {
    local missing=()
    for package in "${APT_PACKAGES[@]}"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

ensure_cargo_pgrx() {
    if ! cargo pgrx --version 2>/dev/null | grep -q " $PGRX_VERSION\$"; then
        log "installing cargo-pgrx $PGRX_VERSION (takes a few minutes, once)"
        cargo install cargo-pgrx --version "$PGRX_VERSION" --locked
    fi
    register_with_pgrx "$PG_MAJOR" "$PG_CONFIG"
}

# register_with_pgrx NN PG_CONFIG: the pgNN line of pgrx's config.toml names
# PG_CONFIG. Written here rather than by `cargo pgrx init`, which rewrites the
# file with only the versions it is given (the others would be forgotten).
# Lines naming a pg_config that no longer exists (a removed checkout's
# download) go: cargo pgrx refuses to run while one is there.
register_with_pgrx() {
    local major=$1 pg_config=$2
    local home="${PGRX_HOME:-$HOME/.pgrx}"
    mkdir -p "$home"
    python3 - "$home/config.toml" "$major" "$pg_config" <<'EOF'
import os, re, sys
path, major, pg_config = sys.argv[1:]
lines = open(path).read().splitlines() if os.path.exists(path) else []
def stale(line):
    named = re.match(r'^pg\d+ = "(.*)"$', line)
    return bool(named) and not os.path.exists(named.group(1))
wanted = f'pg{major} = "{pg_config}"'
kept = [l for l in lines if not l.startswith(f"pg{major} = ") and not stale(l)]
if "[configs]" not in kept:
    kept.insert(0, "[configs]")
kept.insert(kept.index("[configs]") + 1, wanted)
if wanted not in lines or any(stale(l) for l in lines):
    open(path, "w").write("\n".join(kept) + "\n")
    print(f"\033[1m==> registering PostgreSQL {major} with pgrx\033[0m", file=sys.stderr)
EOF
}

# Everything the commands need, installed when missing; a no-op otherwise.
ensure_toolchain() {
    ensure_packages
    ensure_cargo_pgrx
}

# Builds the extension and installs it into the local PostgreSQL.
# Pass --release for an optimised build.
install_extension() {
    log "building and installing customer_segments $*"
    local sudo_flag=()
    [ "$(id -u)" -eq 0 ] || sudo_flag=(--sudo)
    (cd "$PROJECT_ROOT" && cargo pgrx install --pg-config "$PG_CONFIG" "${sudo_flag[@]}" "$@" >/dev/null)
    # cargo pgrx installs the current version's script and the upgrade
    # scripts; the frozen install scripts of released versions go beside
    # them, so CREATE EXTENSION ... VERSION '0.1.0' works (the upgrade test).
    as_root cp "$PROJECT_ROOT"/sql/customer_segments--[0-9]*.[0-9]*.[0-9]*.sql "$("$PG_CONFIG" --sharedir)/extension/"
}

# A directory the postgres user may write to; removed by cluster_stop.
scratch_dir() {
    local dir
    dir=$(mktemp -d "${TMPDIR:-/tmp}/customer_segments.XXXXXX")
    chmod 755 "$dir"
    as_root chown postgres "$dir"
    echo "$dir"
}

# cluster_start PORT: a fresh scratch cluster listening on PORT through a
# unix socket in its own directory. Sets PGHOST, PGPORT, PGUSER and
# CLUSTER_DIR; stop it with cluster_stop (callers trap it on EXIT).
cluster_start() {
    local port=$1
    CLUSTER_DIR=$(scratch_dir)
    log "starting a scratch cluster on port $port"
    as_postgres "$PG_BIN/initdb" -D "$CLUSTER_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -l "$CLUSTER_DIR/server.log" -w \
        -o "-p $port -k $CLUSTER_DIR -c listen_addresses='' -c max_worker_processes=8" start >/dev/null
    export PGHOST=$CLUSTER_DIR PGPORT=$port PGUSER=postgres
}

cluster_stop() {
    if [ -n "${CLUSTER_DIR:-}" ] && [ -d "$CLUSTER_DIR/data" ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    [ -n "${CLUSTER_DIR:-}" ] && as_root rm -rf "$CLUSTER_DIR"
    CLUSTER_DIR=
}
