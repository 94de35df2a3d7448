#!/usr/bin/env bash
# A day feed of the whole US market for a year: a backfill of SYMBOLS symbols' 1Day bars over [FROM, TO) against the
# vendor simulator, once per provider, one after the other (each with a fresh simulator and a fresh SQLite file), quota
# off. Prints per provider the requests the vendor served beside the backfill's own floor, the bars, wall time, bars/s,
# the peak RSS of the backfill JVM and the CPU of both processes; the machine's load average before each run.
# Usage: bench/day-feed-year-benchmark.sh [SYMBOLS] [FROM] [TO] [PROVIDERS]
#   (defaults: 11000 2025-12-01 2026-12-01 "alpaca-stocks massive-stocks")
# The universe is the simulator's grouped-daily market (GroupedDaily.DEFAULT_MARKET, as its groupedMarket knob is set
# to it): the same SYMBOLS tickers at both vendors, every one of them in Massive's grouped daily.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh
SYMBOLS=${1:-11000}
FROM=${2:-2025-12-01}
TO=${3:-2026-12-01}
PROVIDERS=${4:-alpaca-stocks massive-stocks}
PORT=${BENCH_PORT:-18091}
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests

WORK=$(mktemp -d)
SIM_PID=
trap '[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
# the grouped daily's default market is 20 well-known tickers then three-letter ones; ours is its first SYMBOLS
python3 - "$SYMBOLS" > "$WORK/universe.txt" <<'PY'
import sys, string
n = int(sys.argv[1]); L = string.ascii_uppercase
out = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "GOOG", "META", "TSLA", "AVGO", "JPM", "V", "SPY", "QQQ", "IWM", "BRK.B",
       "UNH", "XOM", "LLY", "MA", "HD"][:n]
seen = set(out); i = 0
while len(out) < n:
    t = L[i // 676 % 26] + L[i // 26 % 26] + L[i % 26]; i += 1
    if t not in seen:
        out.append(t); seen.add(t)
print("\n".join(out))
PY

echo "machine:    $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "day feed:   $SYMBOLS symbols, 1Day, [$FROM, $TO), SQLite, quota off, the simulator's default realism"
sim_ticks() { awk '{print $14 + $15}' "/proc/$SIM_PID/stat"; }
for PROVIDER in $PROVIDERS; do
  start_simulator "$PORT" "$WORK/simulator-$PROVIDER.log"
  curl -sf -X POST "http://127.0.0.1:$PORT/sim/config?groupedMarket=$(paste -sd, "$WORK/universe.txt")" > /dev/null
  echo
  echo "== $PROVIDER, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  SIM_TICKS0=$(sim_ticks)
  /usr/bin/time -v java ${JAVA_OPTS:-} -jar "$JAR" backfill --from "$FROM" --to "$TO" --quiet \
    --set "ingest.db.url=jdbc:sqlite:$WORK/$PROVIDER.db" \
    --set "ingest.vendor.url=http://127.0.0.1:$PORT" \
    --set "ingest.provider=$PROVIDER" \
    --set ingest.timeframe=1Day \
    --set "ingest.universe=file:$WORK/universe.txt" \
    --set ingest.account.quota=1000000/PT1S \
    --set camel.main.jmx-enabled=false > "$WORK/$PROVIDER.log" 2> "$WORK/$PROVIDER.err" || { tail -50 "$WORK/$PROVIDER.err"; exit 1; }
  SIM_TICKS1=$(sim_ticks)
  grep "Backfill complete\|Backfill done" "$WORK/$PROVIDER.err"
  echo "vendor:     $(curl -s "http://127.0.0.1:$PORT/sim/stats" | python3 -c '
import json, sys
s = json.load(sys.stdin)
parts = ["%s %s requests, %s bars served, %s quota violations" % (name, format(e["requests"], ","), format(e["barsServed"], ","),
         e["quotaViolations"]) for name, e in sorted(s["endpoints"].items()) if e["requests"]]
print("; ".join(parts) + "; statuses " + json.dumps(s["statuses"]))
')"
  echo "stored:     $(sqlite3 "$WORK/$PROVIDER.db" "SELECT printf('%,d bars of %,d symbols, %,d dates', COUNT(*), COUNT(DISTINCT symbol), COUNT(DISTINCT ts)) FROM bars" 2>/dev/null || echo n/a)"
  echo "peak RSS:   $(grep 'Maximum resident set size' "$WORK/$PROVIDER.err" | awk '{printf "%.0f MiB", $6/1024}')"
  echo "wall time:  $(grep 'Elapsed (wall clock)' "$WORK/$PROVIDER.err" | awk '{print $8}') (JVM start and Camel boot included)"
  echo "CPU:        backfill JVM $(grep -E 'User time|System time' "$WORK/$PROVIDER.err" | awk '{s += $NF} END {printf "%.1f s", s}'), simulator $(awk -v t=$((SIM_TICKS1 - SIM_TICKS0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f s", t / hz}') during the backfill"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null || true
  SIM_PID=
done
