#!/usr/bin/env bash
# Is B faster than A? The 5-day backfill of bench/benchmark.sh run by two builds or two JVM settings in turn, against
# one simulator, with the JDBC ceiling measured before each pair: on a machine whose speed drifts 15-40% within minutes
# one run of each says nothing, alternating rounds and their medians do (docs/benchmarks.md, 2026-11-29).
# Usage: bench/ab-benchmark.sh [ROUNDS]          (default 9, after one warm-up round that is not counted; ~30 s a round)
#   A_JAR / B_JAR    the jars to compare (default: target/market-bars-ingest.jar for both; each with its .jsa and native/
#                    beside it, as mvn package leaves them - the launcher uses both when they are newer than the jar)
#   A_OPTS / B_OPTS  JVM flags added to the launcher's (default none), e.g. B_OPTS=-XX:TieredStopAtLevel=4
#   A_SET / B_SET    settings of the backfill, space-separated key=value (default none), e.g. B_SET=ingest.concurrency=3
#   PRE_RENDERED=1   the simulator keeps its answers rendered (its pageCache), as if the vendor were elsewhere
# Prints each round (bars/s, ratio to that round's ceiling, process CPU) and the medians, and how often B beat A.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh
ROUNDS=${1:-9}
PORT=${BENCH_PORT:-18090}
JAR=target/market-bars-ingest.jar
A_JAR=${A_JAR:-$JAR}
B_JAR=${B_JAR:-$JAR}
for jar in "$JAR" "$A_JAR" "$B_JAR"; do
  [ -f "$jar" ] || { echo "no jar at $jar (build it: mvn -B -q package -DskipTests)" >&2; exit 2; }
done
[ -d target/test-classes ] || mvn -B -q test-compile

WORK=$(mktemp -d)
trap 'kill $SIM_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
universe 500 > "$WORK/universe.txt"
start_simulator "$PORT" "$WORK/simulator.log"
if [ -n "${PRE_RENDERED:-}" ]; then
  curl -sf -X POST "http://127.0.0.1:$PORT/sim/config?pageCache=200" > /dev/null
fi

# backfill JAR OPTS [SETTINGS]: one 5-day backfill on a new database; prints "BARS_PER_S CPU_SECONDS"
backfill() {
  local settings=()
  for kv in ${3:-}; do settings+=(--set "$kv"); done
  rm -f "$WORK"/b.db*
  curl -sf -X POST "http://127.0.0.1:$PORT/sim/reset" > /dev/null
  INGEST_JAR=$1 JAVA_OPTS=$2 /usr/bin/time -f "cpu %U %S" bin/market-bars-ingest backfill --from 2026-11-16 --to 2026-11-21 \
    --quiet --set "ingest.db.url=jdbc:sqlite:$WORK/b.db" --set "ingest.vendor.url=http://127.0.0.1:$PORT" \
    --set "ingest.universe=file:$WORK/universe.txt" --set ingest.account.quota=none \
    --set camel.main.jmx-enabled=false "${settings[@]}" > "$WORK/b.log" 2> "$WORK/b.err" || { cat "$WORK/b.err" >&2; exit 1; }
  echo "$(grep -o '([0-9,]* bars/s)' "$WORK/b.err" | tr -d '(),' | awk '{print $1}') $(grep '^cpu ' "$WORK/b.err" | awk '{print $2 + $3}')"
}

echo "A: $A_JAR ${A_OPTS:-} ${A_SET:-}"
echo "B: $B_JAR ${B_OPTS:-} ${B_SET:-}"
backfill "$A_JAR" "${A_OPTS:-}" "${A_SET:-}" > /dev/null   # warm-up: the simulator's JIT (and its page cache)
echo "| round | ceiling | A bars/s (ratio, CPU) | B bars/s (ratio, CPU) |"
echo "|---|---|---|---|"
for r in $(seq 1 "$ROUNDS"); do
  c=$(ceiling_now "$WORK/ceiling.err")
  run_a=$(backfill "$A_JAR" "${A_OPTS:-}" "${A_SET:-}")
  run_b=$(backfill "$B_JAR" "${B_OPTS:-}" "${B_SET:-}")
  read -r a a_cpu <<< "$run_a"
  read -r b b_cpu <<< "$run_b"
  echo "$r $c $a $a_cpu $b $b_cpu" >> "$WORK/rounds"
  awk -v r="$r" -v c="$c" -v a="$a" -v ac="$a_cpu" -v b="$b" -v bc="$b_cpu" \
    'BEGIN{printf "| %d | %d | %d (%.0f%%, %.1f s) | %d (%.0f%%, %.1f s) |\n", r, c, a, 100*a/c, ac, b, 100*b/c, bc}'
done
col() { awk -v k="$1" '{print $k}' "$WORK/rounds" | median; }
ratio() { awk -v k="$1" '{printf "%.1f\n", 100 * $k / $2}' "$WORK/rounds" | median; }
echo
echo "medians: A $(col 3) bars/s, $(ratio 3)% of the ceiling, $(col 4) s CPU; B $(col 5) bars/s, $(ratio 5)% of the ceiling, $(col 6) s CPU"
echo "B faster than A in $(awk '$5 > $3' "$WORK/rounds" | wc -l) of $ROUNDS rounds (B/A: $(awk '{printf "%.2f\n", $5 / $3}' "$WORK/rounds" | sort -n | paste -sd' '))"
