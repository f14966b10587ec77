#!/usr/bin/env bash
# make serve: N Streamlit replicas behind nginx (sticky sessions, a seat limit, a busy page),
# sharing one training pool: a Dask scheduler and RNN_EXPLORER_MAX_RUNS worker processes.
# Usage: scripts/serve.sh [PYTHON]
# Environment:
#   RNN_EXPLORER_MAX_RUNS  worker processes started here = runs training at once (2); 0 = none
#                  (workers join from other hosts)    SCHEDULER_PORT (8786)
#   SCHEDULER_HOST the scheduler's address (127.0.0.1; 0.0.0.0 lets workers on other hosts join)
#   RNN_EXPLORER_SCHEDULER  an existing scheduler (tcp://host:8786): start none here
#   UPSTREAMS      host:port,... of replicas running elsewhere: start only nginx (compose's proxy)
#   PORT           the proxy's port (8501)            BIND       the proxy's address (0.0.0.0)
#   REPLICAS       Streamlit processes (nproc)        REPLICA_PORTS  comma list (PORT+1, PORT+2, ...)
#   MAX_SESSIONS   open sessions before new students get the busy page (SEATS_PER_REPLICA x N;
#                  0 = no limit)                      SEATS_PER_REPLICA (80)
#   LOG_DIR        logs, nginx config and pid files (a new temp dir)
# Ctrl-C / SIGTERM stops nginx and every replica; if one of them dies, the rest are stopped too.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-python3}
PORT=${PORT:-8501}
BIND=${BIND:-0.0.0.0}
if [ -n "${UPSTREAMS:-}" ]; then REPLICAS=0; else REPLICAS=${REPLICAS:-$(nproc)}; fi
WORKERS=${RNN_EXPLORER_MAX_RUNS:-2}
SCHEDULER_HOST=${SCHEDULER_HOST:-127.0.0.1}
SCHEDULER_PORT=${SCHEDULER_PORT:-8786}
SEATS_PER_REPLICA=${SEATS_PER_REPLICA:-80}  # measured a replica: 170 lecture, 80 free students (README)
MAX_SESSIONS=${MAX_SESSIONS:-$((SEATS_PER_REPLICA * (REPLICAS > 0 ? REPLICAS : 2)))}
LOG_DIR=${LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/rnnx-serve.XXXXXX")}
if [ -n "${REPLICA_PORTS:-}" ]; then
  IFS=, read -r -a ports <<< "$REPLICA_PORTS"
else
  ports=(); for i in $(seq 1 "$REPLICAS"); do ports+=($((PORT + i))); done
fi
[ "$REPLICAS" = 0 ] && ports=()
[ "${#ports[@]}" = "$REPLICAS" ] || { echo "REPLICA_PORTS names ${#ports[@]} ports for $REPLICAS replicas" >&2; exit 2; }

NGINX_BIN=$(bash scripts/ensure_nginx.sh)
mkdir -p "$LOG_DIR/nginx-tmp"

children=()  # nginx and the replicas
pool=()      # the Dask workers' nanny and the scheduler, stopped after the replicas
stop_group() {  # TERM (twice: Streamlit waits for open websockets on the first), wait, KILL
  local pid
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "$@"; do
    pkill -KILL -P "$pid" 2>/dev/null || true  # a nanny's worker processes
    kill -KILL "$pid" 2>/dev/null || true
  done
}
stop_all() {
  trap - INT TERM EXIT
  [ "${#children[@]}" -gt 0 ] && stop_group "${children[@]}"
  [ "${#pool[@]}" -gt 0 ] && stop_group "${pool[@]}"
  echo "stopped; logs in $LOG_DIR"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

# One cookie secret for every replica, so a signed cookie stays valid whichever replica reads it.
export STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$("$PY" -c 'import secrets; print(secrets.token_hex(32))')}
# The training pool: one scheduler, WORKERS single-thread worker processes (cwd = the repo, so
# --preload finds explorer), Dask settings from deploy/dask.yaml; every replica joins it.
export DASK_CONFIG="$PWD/deploy"
if [ "$REPLICAS" -gt 0 ] && [ -z "${RNN_EXPLORER_SCHEDULER:-}" ]; then
  "$PY" -m distributed.cli.dask_scheduler --host "$SCHEDULER_HOST" --port "$SCHEDULER_PORT" \
    --dashboard-address 127.0.0.1:0 --preload explorer.training.slots > "$LOG_DIR/scheduler.log" 2>&1 &
  pool+=($!)
  connect_host=$SCHEDULER_HOST; [ "$connect_host" = 0.0.0.0 ] && connect_host=127.0.0.1
  export RNN_EXPLORER_SCHEDULER="tcp://$connect_host:$SCHEDULER_PORT"
  if [ "$WORKERS" -gt 0 ]; then
    "$PY" -m distributed.cli.dask_worker "$RNN_EXPLORER_SCHEDULER" --nworkers "$WORKERS" \
      --nthreads 1 --preload explorer.training.workers --no-dashboard --host 127.0.0.1 \
      > "$LOG_DIR/workers.log" 2>&1 &
    pool+=($!)
  fi
fi
[ -n "${RNN_EXPLORER_SCHEDULER:-}" ] && echo "$RNN_EXPLORER_SCHEDULER" > "$LOG_DIR/scheduler-address"

upstreams=""
UPSTREAMS=${UPSTREAMS:-}
for host in ${UPSTREAMS//,/ }; do upstreams+="        server $host max_fails=0;"$'\n'; done
for i in "${!ports[@]}"; do
  port=${ports[$i]}
  "$PY" -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 \
    --server.headless true > "$LOG_DIR/replica-$i.log" 2>&1 &
  children+=($!)
  upstreams+="        server 127.0.0.1:$port max_fails=0;"$'\n'
done

healthy() {
  "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
    "http://127.0.0.1:$1/_stcore/health" >/dev/null 2>&1
}
for i in "${!ports[@]}"; do
  for _ in $(seq 1 240); do
    healthy "${ports[$i]}" && break
    kill -0 "${children[$i]}" 2>/dev/null || { echo "replica $i exited; see $LOG_DIR/replica-$i.log" >&2; exit 1; }
    sleep 0.5
  done
  healthy "${ports[$i]}" || { echo "replica $i did not start within 2 minutes" >&2; exit 1; }
done
if [ "${#pool[@]}" -gt 1 ]; then  # our own workers: wait until the scheduler has them all
  "$PY" -c 'import sys
from distributed import Client
with Client(sys.argv[1], timeout="60s") as c:
    c.wait_for_workers(int(sys.argv[2]), timeout=120)' "$RNN_EXPLORER_SCHEDULER" "$WORKERS" \
    || { echo "the training workers did not join; see $LOG_DIR/workers.log" >&2; exit 1; }
fi

seat_limit=""
[ "$MAX_SESSIONS" -gt 0 ] && seat_limit="limit_conn seats $MAX_SESSIONS;"
UPSTREAMS="$upstreams" "$PY" - "$LOG_DIR" "$BIND" "$PORT" "$seat_limit" <<'PYEOF'
import os, sys
log_dir, bind, port, seat_limit = sys.argv[1:]
text = open("deploy/nginx.conf.template").read()
pages = {name: open(f"deploy/busy.{name.lower()}").read() for name in ("HTML", "TXT")}
assert not any(c in page for page in pages.values() for c in "'$\\"), "busy page: no ' $ or \\"
for name, value in {"LOG_DIR": log_dir, "BIND": bind, "PORT": port, "SEAT_LIMIT": seat_limit,
                    "BUSY_HTML": pages["HTML"], "BUSY_TXT": pages["TXT"],
                    "UPSTREAM_SERVERS": os.environ["UPSTREAMS"].rstrip("\n")}.items():
    text = text.replace(f"@{name}@", value)
open(f"{log_dir}/nginx.conf", "w").write(text)
PYEOF
nginx_args=(-c "$LOG_DIR/nginx.conf" -p "$LOG_DIR" -e "$LOG_DIR/nginx-error.log")
"$NGINX_BIN" -t -q "${nginx_args[@]}" || { echo "bad nginx config: $LOG_DIR/nginx.conf" >&2; exit 1; }
"$NGINX_BIN" "${nginx_args[@]}" &
children+=($!)
echo "${ports[*]}" > "$LOG_DIR/replica-ports"
if [ "$REPLICAS" -gt 0 ]; then
  what="$REPLICAS replicas on ports ${ports[*]}, training pool $RNN_EXPLORER_SCHEDULER"
  [ "${#pool[@]}" -gt 1 ] && what+=" with $WORKERS workers here"
else
  what="proxy for $UPSTREAMS"
fi
echo "RNN Explorer: http://$BIND:$PORT ($what, seats ${MAX_SESSIONS/#0/unlimited}); logs in $LOG_DIR"
wait -n "${children[@]}" "${pool[@]}"
echo "a child exited; stopping the rest" >&2
exit 1
