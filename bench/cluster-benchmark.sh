#!/usr/bin/env bash
# One backfill, rate limiting off, timed five ways in one run: on SQLite by one process, then on PostgreSQL by 1, 2
# and 3 processes sharing its shards (N `backfill` commands for the same range join one job). Reports wall time from
# the first start to the last exit (JVM starts included), bars/s over it, and requests beside the floor.
# Usage: bench/cluster-benchmark.sh [SYMBOLS] [FROM] [TO]   (defaults: 500 2026-11-16 2026-11-21)
# Shards: BENCH_SHARD_SYMBOLS (100) x BENCH_SHARD_PERIOD (P1D), so a small job still has shards for three processes.
# PostgreSQL: PG_URL (jdbc, default 127.0.0.1:5432/test as postgres) and PG_PSQL; each run in a fresh schema.
# The simulator, the PostgreSQL server and every ingest process share this machine's cores: on 2 cores more
# processes cannot add CPU, and the figures say so.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh
SYMBOLS=${1:-500}
FROM=${2:-2026-11-16}
TO=${3:-2026-11-21}
PORT=${BENCH_PORT:-18091}
SHARD_SYMBOLS=${BENCH_SHARD_SYMBOLS:-100}
SHARD_PERIOD=${BENCH_SHARD_PERIOD:-P1D}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
PG_PSQL=${PG_PSQL:-postgresql://postgres@127.0.0.1:5432/test}
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests

WORK=$(mktemp -d)
SCHEMAS=()
cleanup() {
  kill "$SIM_PID" 2>/dev/null || true
  for s in "${SCHEMAS[@]}"; do psql "$PG_PSQL" -qc "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
universe "$SYMBOLS" > "$WORK/universe.txt"

start_simulator "$PORT" "$WORK/simulator.log"
requests() { curl -s "http://127.0.0.1:$PORT/sim/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])'; }

# run NAME DB_URL PROCESSES: N backfills of the range at once; prints one line
run() {
  local name=$1 url=$2 n=$3 before after start end pids=() rc=0
  before=$(requests)
  start=$(date +%s.%N)
  for i in $(seq 1 "$n"); do
    java -jar "$JAR" backfill --from "$FROM" --to "$TO" --quiet \
      --set "ingest.db.url=$url" \
      --set "ingest.vendor.url=http://127.0.0.1:$PORT" \
      --set "ingest.universe=file:$WORK/universe.txt" \
      --set ingest.account.quota=1000000/PT1S \
      --set "ingest.backfill.shard-symbols=$SHARD_SYMBOLS" \
      --set "ingest.backfill.shard-period=$SHARD_PERIOD" \
      --set camel.main.jmx-enabled=false > "$WORK/$name-$i.log" 2> "$WORK/$name-$i.err" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || rc=$?; done
  end=$(date +%s.%N)
  if [ "$rc" != 0 ]; then cat "$WORK/$name"-*.err >&2; exit 1; fi
  after=$(requests)
  python3 - "$name" "$n" "$start" "$end" "$((after - before))" "$url" <<'PY'
import os, sys, sqlite3, subprocess
name, n, start, end, reqs, url = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
if url.startswith("jdbc:sqlite:"):
    bars = sqlite3.connect(url[len("jdbc:sqlite:"):]).execute("SELECT count(*) FROM bars").fetchone()[0]
else:
    schema = url.split("currentSchema=")[1].split("&")[0]
    bars = int(subprocess.check_output(["psql", os.environ["PG_PSQL"], "-Atc", f"SELECT count(*) FROM {schema}.bars"]).strip())
wall = end - start
print(f"{name:<22} {n} process(es)  {bars:>9,} bars  {wall:6.1f} s  {bars / wall:>9,.0f} bars/s  {reqs} requests")
PY
}

export PG_PSQL
echo "machine:    $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "postgresql: $(psql "$PG_PSQL" -Atc 'SHOW server_version' 2>/dev/null || echo '?'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "backfill:   $SYMBOLS symbols, [$FROM, $TO), shards of $SHARD_SYMBOLS symbols x $SHARD_PERIOD (the floor of 500 x 5 days is 100 requests)"
run sqlite "jdbc:sqlite:$WORK/bench.db" 1
for n in 1 2 3; do
  schema="bench_cluster_$$_$n"
  SCHEMAS+=("$schema")
  psql "$PG_PSQL" -qc "CREATE SCHEMA $schema" >/dev/null
  run "postgresql" "$PG_URL&currentSchema=$schema" "$n"
done
