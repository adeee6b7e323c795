#!/usr/bin/env bash
# Starts the servers the fleet tests use, on loopback only, and prints the environment that points the tests at
# them, as `export NAME=VALUE` lines for `eval` (everything else goes to standard error):
#   EDGEBENCH_TEST_PUSHGATEWAY    http://127.0.0.1:9091         (Debian's prometheus-pushgateway)
#   EDGEBENCH_TEST_PROMTOOL       /usr/bin/promtool             (Debian's prometheus)
#   EDGEBENCH_TEST_POSTGRES_URL   postgresql://postgres@127.0.0.1:55432/edgebench_test  (Debian's postgresql,
#                                 a throwaway cluster in $EDGEBENCH_SERVICES_DIR, trust authentication on loopback)
# It never fails: a package that cannot be installed or a server that does not start is reported, its variable is
# left out, and the tests that need it skip saying so. Idempotent: servers already answering are reused.
# Usage (.ci/run): eval "$(scripts/ci-services.sh)"
set -uo pipefail

STATE_DIR="${EDGEBENCH_SERVICES_DIR:-/tmp/edgebench-ci-services}"
PUSHGATEWAY_ADDRESS="${EDGEBENCH_PUSHGATEWAY_ADDRESS:-127.0.0.1:9091}"
POSTGRES_PORT="${EDGEBENCH_POSTGRES_PORT:-55432}"
POSTGRES_DB=edgebench_test

say() { echo "ci-services: $*" >&2; }
mkdir -p "$STATE_DIR" || { say "cannot create $STATE_DIR; no services"; exit 0; }

# Installs the Debian packages that provide the missing commands; `apt-get update` only when a first try fails.
missing=()
command -v promtool >/dev/null || missing+=(prometheus)
command -v prometheus-pushgateway >/dev/null || missing+=(prometheus-pushgateway)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
        say "cannot install ${missing[*]} (needs root and apt-get); the tests that need them will skip"
    else
        say "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        if ! apt-get install -y --no-install-recommends "${missing[@]}" >"$STATE_DIR/apt.log" 2>&1; then
            apt-get update >>"$STATE_DIR/apt.log" 2>&1
            apt-get install -y --no-install-recommends "${missing[@]}" >>"$STATE_DIR/apt.log" 2>&1 \
                || say "apt-get install ${missing[*]} failed (see $STATE_DIR/apt.log); the tests that need them will skip"
        fi
    fi
fi

# promtool: nothing to start.
if command -v promtool >/dev/null; then
    echo "export EDGEBENCH_TEST_PROMTOOL=$(command -v promtool)"
fi

# Pushgateway: reuse one that answers, else start it in the background without persistence.
pushgateway_ready() { curl -sf "http://$PUSHGATEWAY_ADDRESS/-/ready" >/dev/null 2>&1; }
if ! pushgateway_ready && command -v prometheus-pushgateway >/dev/null; then
    say "starting prometheus-pushgateway on $PUSHGATEWAY_ADDRESS"
    nohup prometheus-pushgateway --web.listen-address="$PUSHGATEWAY_ADDRESS" >"$STATE_DIR/pushgateway.log" 2>&1 &
    echo $! >"$STATE_DIR/pushgateway.pid"
    for _ in $(seq 50); do pushgateway_ready && break; sleep 0.2; done
fi
if pushgateway_ready; then
    echo "export EDGEBENCH_TEST_PUSHGATEWAY=http://$PUSHGATEWAY_ADDRESS"
else
    say "no Pushgateway on $PUSHGATEWAY_ADDRESS (see $STATE_DIR/pushgateway.log); the push tests will skip"
fi

# PostgreSQL: a cluster of its own in the state folder, owned by the postgres user when run as root.
pg_bin=$(compgen -G "/usr/lib/postgresql/*/bin" | sort -V | tail -1)
pg_data="$STATE_DIR/postgres"
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
postgres_ready() { [[ -n $pg_bin ]] && "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT" 2>/dev/null; }
if ! postgres_ready && [[ -n $pg_bin ]]; then
    if [[ ! -f $pg_data/PG_VERSION ]]; then
        mkdir -p "$pg_data"
        [[ $(id -u) -eq 0 ]] && chown postgres: "$pg_data"
        as_postgres "$pg_bin/initdb" -D "$pg_data" --auth=trust --username=postgres >"$STATE_DIR/initdb.log" 2>&1 \
            || say "initdb failed (see $STATE_DIR/initdb.log)"
    fi
    say "starting PostgreSQL on 127.0.0.1:$POSTGRES_PORT"
    as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -w -t 30 -l "$pg_data/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $POSTGRES_PORT -k $pg_data" start >/dev/null 2>&1 \
        || say "PostgreSQL did not start (see $pg_data/server.log)"
fi
if postgres_ready; then
    "$pg_bin/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$POSTGRES_DB'" postgres 2>/dev/null | grep -q 1 \
        || "$pg_bin/createdb" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres "$POSTGRES_DB" 2>>"$STATE_DIR/createdb.log" \
        || say "cannot create the database $POSTGRES_DB (see $STATE_DIR/createdb.log)"
    echo "export EDGEBENCH_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$POSTGRES_PORT/$POSTGRES_DB"
else
    say "no PostgreSQL on 127.0.0.1:$POSTGRES_PORT; the PostgreSQL tests will skip"
fi
exit 0
