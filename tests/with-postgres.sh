#!/usr/bin/env bash
# Run a command with WORKSHOP_TEST_PG_URL pointing at a throwaway PostgreSQL server, so the store
# tests also run on PostgreSQL. Installs Debian's server when apt can; otherwise those tests skip
# and say why.
set -u
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(pg_bin)" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's postgresql for the store tests…"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >/dev/null 2>&1 \
    || echo "Could not install postgresql."
fi
PGBIN=$(pg_bin)
if [ -z "$PGBIN" ]; then
  echo "PostgreSQL is not installed: the PostgreSQL store tests will be skipped."
  exec "$@"
fi

DIR=$(mktemp -d /tmp/workshop-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres: "$DIR"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$DIR"; }
trap cleanup EXIT
if as_pg "$PGBIN/initdb" -D "$DIR/data" -A trust -U workshop >"$DIR/initdb.log" 2>&1 \
  && as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -w -l "$DIR/server.log" \
       -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; then
  export WORKSHOP_TEST_PG_URL="postgresql+psycopg://workshop@127.0.0.1:$PORT/postgres"
  echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on port $PORT for the store tests."
else
  echo "PostgreSQL did not start: the PostgreSQL store tests will be skipped."
  cat "$DIR"/*.log 2>/dev/null | tail -n 5
fi
"$@"
