#!/usr/bin/env bash
# Measures a backfill against the vendor simulator with rate limiting off: bars/s, requests beside the floor,
# peak RSS, and the store's own ceiling (BarStore.write alone) on the same data for comparison. Usage: bench/backfill-benchmark.sh [SYMBOLS] [FROM] [TO]   (defaults: 500 2026-11-24 2026-11-25)
# JAVA_OPTS (e.g. -Xmx256m) is passed to the backfill JVM. BENCH_DB_URL (e.g. a PostgreSQL URL with an empty
# currentSchema) replaces the fresh SQLite file; the ceiling line stays SQLite's. Runs the packaged jar as an operator would, with the simulator in a separate process on loopback.
# The simulator shares the machine's cores, so the CPU seconds of both processes during the backfill are reported.
# BENCH_JFR=DIR records both JVMs with JFR (DIR/ingest.jfr, DIR/simulator.jfr) and prints where their CPU went (bench/jfr-top.py).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh
SYMBOLS=${1:-500}
FROM=${2:-2026-11-24}
TO=${3:-2026-11-25}
PORT=${BENCH_PORT:-18089}
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests

WORK=$(mktemp -d)
trap 'kill $SIM_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
universe "$SYMBOLS" > "$WORK/universe.txt"

JFR_INGEST=; JFR_SIM=
if [ -n "${BENCH_JFR:-}" ]; then
  mkdir -p "$BENCH_JFR"
  JFR_INGEST="-XX:StartFlightRecording=filename=$BENCH_JFR/ingest.jfr,settings=profile,dumponexit=true"
  JFR_SIM="-XX:StartFlightRecording=filename=$BENCH_JFR/simulator.jfr,settings=profile,dumponexit=true"
fi
start_simulator "$PORT" "$WORK/simulator.log" $JFR_SIM

# CPU seconds (user + system) the simulator spends while the backfill runs, from /proc/PID/stat (clock ticks)
sim_ticks() { awk '{print $14 + $15}' "/proc/$SIM_PID/stat"; }
SIM_TICKS0=$(sim_ticks)
/usr/bin/time -v java ${JAVA_OPTS:-} $JFR_INGEST -jar "$JAR" backfill --from "$FROM" --to "$TO" --quiet \
  --set "ingest.db.url=${BENCH_DB_URL:-jdbc:sqlite:$WORK/bench.db}" \
  --set "ingest.vendor.url=http://127.0.0.1:$PORT" \
  --set "ingest.universe=file:$WORK/universe.txt" \
  --set ingest.account.quota=1000000/PT1S \
  --set camel.main.jmx-enabled=false > "$WORK/backfill.log" 2> "$WORK/backfill.err" || { cat "$WORK/backfill.err"; exit 1; }
SIM_TICKS1=$(sim_ticks)

echo "machine:    $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "backfill:   $SYMBOLS symbols, [$FROM, $TO)"
grep "Backfill complete" "$WORK/backfill.err"
echo "peak RSS:   $(grep 'Maximum resident set size' "$WORK/backfill.err" | awk '{printf "%.0f MiB", $6/1024}')"
echo "wall time:  $(grep 'Elapsed (wall clock)' "$WORK/backfill.err" | awk '{print $8}') (JVM start and Camel boot included)"
echo "CPU:        backfill JVM $(grep -E 'User time|System time' "$WORK/backfill.err" | awk '{s += $NF} END {printf "%.1f s", s}') (start-up included), simulator $(awk -v t=$((SIM_TICKS1 - SIM_TICKS0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f s", t / hz}') during the backfill"
echo "simulator:  $(curl -s "http://127.0.0.1:$PORT/sim/stats")"
DAYS=$(python3 -c "from datetime import date; print((date.fromisoformat('$TO') - date.fromisoformat('$FROM')).days)")
java -cp target/test-classes:"$JAR" com.marketbars.ingest.bench.JdbcInsertCeiling "$SYMBOLS" "$FROM" "$DAYS" 2>/dev/null | grep "JDBC "
if [ -n "${BENCH_JFR:-}" ]; then
  kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null || true   # the simulator's recording is written as its JVM exits
  python3 bench/jfr-top.py "$BENCH_JFR/ingest.jfr"
  python3 bench/jfr-top.py "$BENCH_JFR/simulator.jfr"
fi
