#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the central server's tests.
#
#   eval "$(bash .ci/postgres.sh)"      # exports PVZ_TEST_PG_URL (and PVZ_TEST_PG_STOP, PVZ_TEST_PG_RESTART)
#   ... run the tests ...
#   eval "$PVZ_TEST_PG_STOP"            # stop the cluster (it lives in a temp dir)
#
# As root it runs the server as the `postgres` user (runuser); as anyone else, as that user.
# Only the export lines go to stdout; everything else goes to stderr.
set -euo pipefail

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$PGBIN/initdb" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "postgres.sh: installing postgresql-15" >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2
    fi
    [ -x "$PGBIN/initdb" ] || { echo "postgres.sh: no PostgreSQL 15 in $PGBIN" >&2; exit 1; }
fi

if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    as_pg() { runuser -u postgres -- "$@"; }
    owner=postgres
else
    as_pg() { "$@"; }
    owner="$(id -un)"
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/pvz-pg.XXXXXX")"
chown "$owner" "$dir"
chmod 700 "$dir"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >&2
# Durability is not the point of a test cluster: skip fsync for speed.
as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >&2
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres pvz_test >&2

echo "export PVZ_TEST_PG_URL='postgresql+psycopg://postgres@127.0.0.1:$port/pvz_test'"
# PVZ_TEST_PG_RESTART: a test restarts the cluster (same port and options) to drill reconnects.
if [ "$(id -u)" = 0 ]; then
    echo "export PVZ_TEST_PG_STOP='runuser -u postgres -- $PGBIN/pg_ctl -D $dir/data -m fast stop >&2; rm -rf $dir'"
    echo "export PVZ_TEST_PG_RESTART='runuser -u postgres -- $PGBIN/pg_ctl -D $dir/data -l $dir/server.log -m fast -w -t 60 restart'"
else
    echo "export PVZ_TEST_PG_STOP='$PGBIN/pg_ctl -D $dir/data -m fast stop >&2; rm -rf $dir'"
    echo "export PVZ_TEST_PG_RESTART='$PGBIN/pg_ctl -D $dir/data -l $dir/server.log -m fast -w -t 60 restart'"
fi
