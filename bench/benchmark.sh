#!/usr/bin/env bash
# Every published figure in one run, on this machine (README "Benchmarks"):
#   1. end-to-end bars/s of a large backfill (rate limiting off) beside the raw JDBC batch-insert ceiling on the
#      same data, measured in the same run - the ratio is the figure that matters;
#   2. requests used beside the floor (ceil(bars / page size) per batch) for a one-day catch-up, and the time
#      from process start to the first row written;
#   3. peak RSS and peak post-GC heap of a ~5 million bar backfill beside a one-day one (memory must stay flat);
#   4. quota utilisation at vendor latency 0, 300 ms and 1 s, and a quota halved half-way (RateLimitBenchmark),
#      at Alpaca's free-plan rate (200/min) scaled to 50 per 15 s so it takes minutes, not a quarter hour.
# Usage: bench/benchmark.sh            (about 10 minutes; BENCH_QUOTA / BENCH_QUOTA_SECONDS set part 4,
#                                       default 50 requests per 15 s; Alpaca's own 200 per 60 s: bench/rate-limit-benchmark.sh)
# The packaged jar runs as an operator runs it; the simulator runs in a separate process on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-18089}
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests

WORK=$(mktemp -d)
trap 'kill $SIM_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 - 500 > "$WORK/universe.txt" <<'PY'
import sys, string
n = int(sys.argv[1]); L = string.ascii_uppercase
for i in range(n):
    print(L[i // 676 % 26] + L[i // 26 % 26] + L[i % 26])
PY

java -jar "$JAR" simulate --port "$PORT" > "$WORK/simulator.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/sim/stats" > /dev/null && break; sleep 0.1; done

# backfill NAME FROM TO [JAVA_OPTS]: one backfill into its own SQLite file; leaves NAME.err, NAME.gc, NAME.first
backfill() {
  local name=$1 from=$2 to=$3 opts=${4:-}
  local db="$WORK/$name.db"
  curl -sf -X POST "http://127.0.0.1:$PORT/sim/reset" > /dev/null
  # time to first row: poll the database from the moment the process starts
  python3 - "$db" > "$WORK/$name.first" <<'PY' &
import sqlite3, sys, time, os
start = time.time(); db = sys.argv[1]
while time.time() - start < 600:
    try:
        if os.path.exists(db) and sqlite3.connect(db, timeout=0.1).execute("select count(*) from bars").fetchone()[0] > 0:
            print("%.2f" % (time.time() - start)); break
    except Exception:
        pass
    time.sleep(0.02)
PY
  local poll=$!
  /usr/bin/time -v java $opts -Xlog:gc:file="$WORK/$name.gc" -jar "$JAR" backfill --from "$from" --to "$to" --quiet \
    --set "ingest.db.url=jdbc:sqlite:$db" \
    --set "ingest.vendor.url=http://127.0.0.1:$PORT" \
    --set "ingest.universe=file:$WORK/universe.txt" \
    --set ingest.account.quota=none \
    --set camel.main.jmx-enabled=false > "$WORK/$name.log" 2> "$WORK/$name.err" || { cat "$WORK/$name.err"; exit 1; }
  wait $poll || true
}
summary() { grep "Backfill complete" "$WORK/$1.err" | sed 's/^Backfill complete: //'; }
bars_per_s() { grep -o '([0-9,]* bars/s)' "$WORK/$1.err" | tr -d '(),' | awk '{print $1}'; }
rss() { grep 'Maximum resident set size' "$WORK/$1.err" | awk '{printf "%.0f MiB", $6/1024}'; }
heap() { grep -o '[0-9]*M->[0-9]*M' "$WORK/$1.gc" | cut -d'>' -f2 | tr -d M | sort -n | tail -1 | awk '{print $1 " MiB"}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo

backfill day 2026-11-24 2026-11-25
backfill week 2026-11-16 2026-11-21
backfill large 2026-10-01 2026-11-07 -Xmx256m
CEILING=$(java -cp target/test-classes:"$JAR" com.marketbars.ingest.bench.JdbcInsertCeiling 500 2026-11-16 5 2>/dev/null | grep -o '[0-9,]* bars/s' | tr -d ', bars/s')
WEEK=$(bars_per_s week)

echo "| figure | value |"
echo "|---|---|"
echo "| backfill 500 symbols x 5 days, rate limiting off | $(summary week) |"
echo "| JDBC batch-insert ceiling, same bars, same machine | $CEILING bars/s |"
echo "| end-to-end / ceiling | $(awk -v a="$WEEK" -v b="$CEILING" 'BEGIN{printf "%.0f%%", 100*a/b}') |"
echo "| one-day catch-up, 500 symbols | $(summary day) |"
echo "| time from start to the first row written (JVM start included) | $(cat "$WORK/day.first") s |"
echo "| peak RSS / peak post-GC heap, 1 day (192k bars), default heap | $(rss day) / $(heap day) |"
echo "| peak RSS / peak post-GC heap, $(summary large | grep -o '[0-9,]* bars new' | cut -d' ' -f1) bars, -Xmx256m | $(rss large) / $(heap large) |"
echo
java -cp target/test-classes:"$JAR" com.marketbars.ingest.bench.RateLimitBenchmark "$JAR" "${BENCH_QUOTA:-50}" "${BENCH_QUOTA_SECONDS:-15}" 3 4 2>/dev/null
