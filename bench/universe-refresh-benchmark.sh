#!/usr/bin/env bash
# What a refresh of a vendor universe costs (docs/benchmarks.md#universe-refresh): `run --once` of a feed on
# `vendor:us_equity` (Alpaca: one request) and on `vendor:stocks` (Massive: pages of 1000) against the simulator listing
# N US equities, with nothing to catch up (ingest.start is now), so the run is the JVM's start, the refresh and the
# stop. A run on a configured universe of one symbol is the baseline the refresh's own time is read against. Each run
# twice: the first applies the whole list to an empty universe, the second finds nothing changed.
# Usage: bench/universe-refresh-benchmark.sh [N]      (default 11000)
# Prints, per run: wall seconds, process CPU seconds, list requests, the universe's size, and the refresh's log line.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh
N=${1:-11000}
PORT=${BENCH_PORT:-18091}
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] || { echo "no jar at $JAR (build it: mvn -B -q package -DskipTests)" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'kill $SIM_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
start_simulator "$PORT" "$WORK/simulator.log"
curl -sf -X POST "http://127.0.0.1:$PORT/sim/config?equityAssets=$N" > /dev/null

# once DB PROVIDER UNIVERSE: one `run --once`; prints "wall cpu listRequests universeSize | the refresh's line"
once() {
  local db=$1 provider=$2 universe=$3 start
  start=$(date -u +%Y-%m-%dT%H:%M:00Z)
  curl -sf -X POST "http://127.0.0.1:$PORT/sim/reset" > /dev/null
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "cpu %U %S" -o "$WORK/time" bin/market-bars-ingest run --once \
    --set ingest.db.url="jdbc:sqlite:$WORK/$db.db" --set ingest.vendor.url="http://127.0.0.1:$PORT" \
    --set ingest.provider="$provider" --set ingest.universe="$universe" --set ingest.account.quota=none \
    --set ingest.start="$start" > "$WORK/run.log" 2>&1
  t1=$(date +%s.%N)
  local cpu requests size line
  cpu=$(awk '/^cpu/ {print $2 + $3}' "$WORK/time")
  requests=$(curl -sf "http://127.0.0.1:$PORT/sim/stats" | python3 -c 'import json,sys; a=json.load(sys.stdin)["assetListRequests"]; print(a["alpaca"]+a["massive"])')
  size=$(sqlite3 "$WORK/$db.db" "SELECT COUNT(*) FROM universe" 2>/dev/null || echo n/a)
  line=$(grep -o 'Universe of feed.*' "$WORK/run.log" | grep -o '[0-9]* added\|[0-9]* removed\|[0-9]* pages\|took [0-9]* ms' | paste -sd' ' || true)
  printf '%-40s wall %5.2f s  cpu %5.2f s  list requests %3s  symbols %6s  | %s\n' "$provider $universe ($db)" \
    "$(echo "$t1 - $t0" | bc)" "$cpu" "$requests" "$size" "$line"
}

echo "simulator lists $N US equities; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
once base alpaca-stocks AAPL
once base alpaca-stocks AAPL
once alpaca alpaca-stocks vendor:us_equity
once alpaca alpaca-stocks vendor:us_equity
once massive massive-stocks vendor:stocks
once massive massive-stocks vendor:stocks
