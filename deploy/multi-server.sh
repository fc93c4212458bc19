#!/usr/bin/env bash
# A workshop on several participant servers behind nginx over one PostgreSQL, all on this machine:
# the multi-machine deployment of docs/deploy.md in miniature (tests/e2e/test_multi_server.py runs
# it). Everything lives in a throwaway folder; Ctrl-C stops it all and deletes the folder.
#
#   deploy/multi-server.sh [--servers N] [--port PORT] [--first-port PORT] [--staff-port PORT]
#                          [--plan FILE] [--public-host HOST] [--expected N] [--max-connections N] [--keep]
#
# --servers N          participant servers (default 2), on ports --first-port (8871) and up
# --port PORT          nginx, the one address phones use (default 8866)
# --staff-port PORT    the facilitator's server, this machine only (default 8867)
# --plan FILE          the session to run (default scenarios/plans/demo.yaml)
# --public-host HOST   the address phones reach this machine at (default: its LAN address)
# --expected N         participants expected in all: each server readies its share of pages (default 20)
# --max-connections N  PostgreSQL's limit: two per open page (default 400, ~190 participants)
# --keep               keep the folder (store, logs) after stopping
#
# Run as root on Debian: Debian's postgresql and nginx are installed when missing.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVERS=2 PORT=8866 FIRST_PORT=8871 STAFF_PORT=8867 PLAN="$ROOT/scenarios/plans/demo.yaml"
PUBLIC_HOST="" EXPECTED=20 MAX_CONNECTIONS=400 KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) SERVERS=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --first-port) FIRST_PORT=$2; shift 2 ;;
    --staff-port) STAFF_PORT=$2; shift 2 ;;
    --plan) PLAN=$(realpath "$2"); shift 2 ;;
    --public-host) PUBLIC_HOST=$2; shift 2 ;;
    --expected) EXPECTED=$2; shift 2 ;;
    --max-connections) MAX_CONNECTIONS=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done
BIN=${WORKSHOP_BIN:-$ROOT/.venv/bin}
[ -x "$BIN/workshop" ] || { echo "No $BIN/workshop: run 'make setup' first." >&2; exit 1; }

# -- the two Debian packages ----------------------------------------------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
missing=""
[ -n "$(pg_bin)" ] || missing="postgresql"
[ -x "$NGINX" ] || missing="$missing nginx"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's$missing…"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; } >/dev/null 2>&1
  fi
  PGBIN_CHECK=$(pg_bin); NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  if [ -z "$PGBIN_CHECK" ] || [ ! -x "$NGINX" ]; then
    echo "Could not install$missing: install it (apt-get install$missing) and run this again." >&2
    exit 1
  fi
fi
PGBIN=$(pg_bin)

# -- state, and stopping everything ---------------------------------------------------------------
DIR=$(mktemp -d /tmp/workshop-multi.XXXXXX)
chmod 711 "$DIR"  # nginx's workers (nobody) reach their temp folder; nothing else is readable
mkdir -p "$DIR/logs" "$DIR/nginx/tmp"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PIDS=()
NGINX_PID=""
stop_all() {
  trap - INT TERM HUP EXIT
  echo "Stopping…" >&2
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done  # each stops its Voilà and kernels
  for _ in $(seq 150); do
    alive=0
    for pid in "${PIDS[@]}" $NGINX_PID; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  for pid in "${PIDS[@]}" $NGINX_PID; do kill -KILL "$pid" 2>/dev/null; done
  [ -d "$DIR/pg" ] && as_pg "$PGBIN/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null 2>&1
  if [ "$KEEP" = 1 ]; then echo "Kept $DIR (store files, logs)." >&2; else rm -rf "$DIR"; fi
}
trap 'stop_all; exit 0' INT TERM HUP
trap stop_all EXIT
fail() { echo "$1" >&2; exit 1; }

# -- PostgreSQL -----------------------------------------------------------------------------------
PG_PORT=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir "$DIR/pg"
[ "$(id -u)" = 0 ] && chown postgres: "$DIR/pg"
as_pg "$PGBIN/initdb" -D "$DIR/pg" -A trust -U workshop >"$DIR/logs/initdb.log" 2>&1 \
  || fail "initdb failed: $(tail -n 5 "$DIR/logs/initdb.log")"
# Every open page holds two connections (its queries, its LISTEN): max_connections bounds the room.
as_pg "$PGBIN/pg_ctl" -D "$DIR/pg" -w -l "$DIR/pg/server.log" \
  -o "-p $PG_PORT -k $DIR/pg -c listen_addresses=127.0.0.1 -c max_connections=$MAX_CONNECTIONS" start >/dev/null \
  || fail "PostgreSQL did not start: $(tail -n 5 "$DIR/pg/server.log")"
DB="postgresql+psycopg://workshop@127.0.0.1:$PG_PORT/postgres"
export WORKSHOP_DB=$DB

# -- the session, the servers, nginx --------------------------------------------------------------
[ -n "$PUBLIC_HOST" ] || PUBLIC_HOST=$("$BIN/python" -c 'from widgets.serve.servers import lan_address; print(lan_address())')
PUBLIC="http://$PUBLIC_HOST:$PORT"
WORKSHOP_PARTICIPANT_URL=$PUBLIC "$BIN/workshop" session new --plan "$PLAN" >"$DIR/logs/session.out" 2>&1 \
  || fail "Could not create the session: $(cat "$DIR/logs/session.out")"

start() {  # name, then `workshop serve` arguments; own session, so only we signal it
  setsid "$BIN/workshop" serve --public-host "$PUBLIC" --log-dir "$DIR/logs/$1" "${@:2}" >"$DIR/logs/$1.out" 2>&1 &
  PIDS+=($!)
}
UPSTREAMS=""
export WORKSHOP_EXPECTED=$(((EXPECTED + SERVERS - 1) / SERVERS))  # ready pages: each server its share
export WORKSHOP_TRUSTED_PROXIES=127.0.0.1  # nginx: its X-Forwarded-For names each phone (the page-load rate)
for i in $(seq "$SERVERS"); do
  p=$((FIRST_PORT + i - 1))
  start "participant-$i" --only participant --participant-port "$p"
  UPSTREAMS="$UPSTREAMS        server 127.0.0.1:$p max_fails=0;\n"
done
start staff --only staff --staff-port "$STAFF_PORT"

# Each server prints its join line once it accepts connections.
for _ in $(seq 600); do
  ready=0
  for f in "$DIR"/logs/*.out; do grep -q "Participants join at:" "$f" && ready=$((ready + 1)); done
  [ "$ready" -ge $((SERVERS + 1)) ] && break
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || fail "A server did not start: $(tail -n 20 "$DIR"/logs/*.out)"
  done
  sleep 0.2
done
[ "$ready" -ge $((SERVERS + 1)) ] || fail "The servers did not start within 120 s: $(tail -n 20 "$DIR"/logs/*.out)"

sed -e "s|@PREFIX@|$DIR/nginx|g" -e "s|@PORT@|$PORT|g" -e "s|@UPSTREAMS@|$UPSTREAMS|" \
  "$ROOT/deploy/nginx.conf.template" >"$DIR/nginx/nginx.conf"
"$NGINX" -t -q -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" || fail "nginx refused its configuration"
setsid "$NGINX" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -g "daemon off;" &
NGINX_PID=$!
for _ in $(seq 100); do
  "$BIN/python" -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null && break
  kill -0 "$NGINX_PID" 2>/dev/null || fail "nginx stopped: $(cat "$DIR/nginx/error.log")"
  sleep 0.1
done

JOIN=$(grep -ho "Participants join at: .*" "$DIR/logs/participant-1.out" | head -n 1)
cat <<DONE

$JOIN
$(grep -h "Facilitator console" "$DIR/logs/staff.out")
Participant servers: $(for i in $(seq "$SERVERS"); do printf 'http://127.0.0.1:%s ' $((FIRST_PORT + i - 1)); done)
nginx: $PUBLIC (access log $DIR/nginx/access.log)
Store: $DB (max_connections $MAX_CONNECTIONS)
Logs: $DIR/logs
Press Ctrl-C to stop.
DONE

# Serve until Ctrl-C, or until any server or nginx stops.
wait -n "${PIDS[@]}" "$NGINX_PID"
echo "A server stopped unexpectedly; stopping the others." >&2
exit 1
