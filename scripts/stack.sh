#!/usr/bin/env bash
# The services of docker-compose.yml on this machine, without Docker: PostgreSQL and Redis
# from Debian's packages, a real OpenSearch node of the same release as the compose file's
# (scripts/opensearch_node.py: OpenSearch's artifacts from Maven Central), then the same
# pre-start step (migrate, demo data, reindex), the relay
# worker, the batch worker (Celery on Redis, with the nightly schedule) and the API. Ctrl-C (or SIGTERM) stops them all.
#
#   scripts/stack.sh            # API on http://127.0.0.1:8000
#
# Needs: apt-get install postgresql redis-server openjdk-17-jre-headless maven; the virtual
# environment (make .venv/...). The node keeps its data in $STACK_DIR/opensearch.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE=${STACK_DIR:-$PWD/.stack}
API_PORT=${STACK_API_PORT:-8000}
PG_PORT=${STACK_PG_PORT:-55432}
OS_PORT=${STACK_OPENSEARCH_PORT:-59200}
REDIS_PORT=${STACK_REDIS_PORT:-56379}
BIN=${STACK_VENV:-$PWD/.venv}/bin
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

mkdir -p "$STATE"
as_postgres=()
if [ "$(id -u)" = 0 ]; then
  as_postgres=(runuser -u postgres --)
  chown postgres "$STATE"
fi

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$STATE/pg" -m fast stop >/dev/null 2>&1 || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# db
if [ ! -d "$STATE/pg" ]; then
  "${as_postgres[@]}" "$PG_BIN/initdb" -D "$STATE/pg" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >/dev/null
fi
"${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$STATE/pg" -w -l "$STATE/pg.log" \
  -o "-p $PG_PORT -k $STATE -c listen_addresses=127.0.0.1" start >/dev/null
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'matcher'" | grep -q 1 \
  || "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres matcher

# opensearch (a real node; it answers once its cluster is green)
"$BIN/python" -m scripts.opensearch_node --home "$STATE/opensearch" --http-port "$OS_PORT" \
  >"$STATE/opensearch.log" 2>&1 &
pids+=($!)

# redis
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$STATE" --appendonly yes \
  --daemonize yes --logfile "$STATE/redis.log" >/dev/null

export MATCHER_ENVIRONMENT=development
export MATCHER_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/matcher"
export MATCHER_SEARCH_BACKEND=opensearch
export MATCHER_OPENSEARCH_URL="http://127.0.0.1:$OS_PORT"
export MATCHER_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
export MATCHER_DATA_DIR="$STATE"

for _ in $(seq 1 900); do
  curl -fs "$MATCHER_OPENSEARCH_URL/_cluster/health?wait_for_status=green&timeout=1s" \
    >/dev/null 2>&1 && break
  sleep 0.2
done
redis-cli -p "$REDIS_PORT" ping >/dev/null

# prestart
"$BIN/matcher" migrate
"$BIN/matcher" demo load --if-empty
"$BIN/matcher" reindex

# worker, batch and api
"$BIN/matcher" relay --loop --interval 2 >"$STATE/worker.log" 2>&1 &
pids+=($!)
"$BIN/matcher" worker --concurrency 2 --beat --log-level info >"$STATE/batch.log" 2>&1 &
pids+=($!)
"$BIN/matcher" serve --host 127.0.0.1 --port "$API_PORT" &
pids+=($!)
wait -n "${pids[@]}"
