#!/usr/bin/env bash
# Every published figure in one run, on this machine (docs/benchmarks.md):
#   1. end-to-end bars/s of a 5-day backfill (rate limiting off) beside the JDBC insert ceiling on the same data
#      (BarStore.write alone, in a JVM with the launcher's settings, and with the JVM's defaults), measured in the same
#      run - the ratio is the figure that matters: three rounds of (backfill, ceiling) in the same minutes, the median
#      ratio, with the simulator rendering its answers and with them pre-rendered - and the CPU both processes used
#      (is the machine the bound?); the share of it spent writing, and the same backfill with one batch at a time
#      (what bounds it?);
#   2. start-up: time from process start to the first row written and wall time (start and exit included) of a
#      one-day backfill, the first row of the daemon (run) on a new database, and the wall time of run --once with
#      nothing due - three runs each, the median; requests beside the floor;
#   3. peak RSS and the live heap (after a full GC) of a ~5 million bar backfill beside a one-day one (memory must stay flat), with
#      the launcher's default settings;
#   4. quota utilisation at vendor latency 0, 300 ms and 1 s, and a quota halved half-way (RateLimitBenchmark),
#      at Alpaca's free-plan rate (200/min) scaled to 50 per 15 s so it takes minutes, not a quarter hour.
# Usage: bench/benchmark.sh            (about 10 minutes; BENCH_QUOTA / BENCH_QUOTA_SECONDS set part 4,
#                                       default 50 requests per 15 s; Alpaca's own 200 per 60 s: bench/rate-limit-benchmark.sh;
#                                       BENCH_JAVA_OPTS is added to the launcher's defaults, e.g. -XX:TieredStopAtLevel=4)
# Parts 1-3 run bin/market-bars-ingest as an operator runs it (its JVM defaults and the class-data-sharing archive);
# the simulator runs in a separate process on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh
PORT=${BENCH_PORT:-18089}
JAR=target/market-bars-ingest.jar
LAUNCHER=bin/market-bars-ingest
[ -f "$JAR" ] && [ -f target/market-bars-ingest.jsa ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests

WORK=$(mktemp -d)
trap 'kill $SIM_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
universe 500 > "$WORK/universe.txt"

start_simulator "$PORT" "$WORK/simulator.log"

# ingest NAME DB COMMAND...: one command of the launcher, on the SQLite file DB, against the simulator, under
# /usr/bin/time (NAME.err: its stderr and its max RSS; NAME.gc: its GC log)
ingest() {
  local name=$1 db=$2; shift 2
  JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Xlog:gc:file=$WORK/$name.gc" /usr/bin/time -v "$LAUNCHER" "$@" \
    --set "ingest.db.url=jdbc:sqlite:$db" \
    --set "ingest.vendor.url=http://127.0.0.1:$PORT" \
    --set "ingest.universe=file:$WORK/universe.txt" \
    --set ingest.account.quota=none \
    --set camel.main.jmx-enabled=false > "$WORK/$name.log" 2> "$WORK/$name.err" || { cat "$WORK/$name.err"; exit 1; }
}

# first_row DB > FILE &: seconds from now until DB holds a row
first_row() {
  python3 - "$1" <<'PY'
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
}

# backfill NAME FROM TO [ARGS...]: one backfill into its own SQLite file; leaves NAME.err, NAME.gc, NAME.first (time to
# first row)
backfill() {
  local name=$1 from=$2 to=$3
  shift 3
  local db="$WORK/$name.db"
  curl -sf -X POST "http://127.0.0.1:$PORT/sim/reset" > /dev/null
  first_row "$db" > "$WORK/$name.first" &
  local poll=$!
  ingest "$name" "$db" backfill --from "$from" --to "$to" --quiet "$@"
  wait $poll || true
}

# daemon NAME: the scheduled daemon (run) on a new database, catching up from 2026-11-24; stopped by SIGTERM once
# its first row is written. Leaves NAME.first
daemon() {
  local name=$1
  local db="$WORK/$name.db"
  curl -sf -X POST "http://127.0.0.1:$PORT/sim/reset" > /dev/null
  first_row "$db" > "$WORK/$name.first" &
  local poll=$!
  # (stopped by a signal, the JVM exits 143: not a failure here)
  ( ingest "$name" "$db" run --set ingest.start=2026-11-24T00:00:00Z ) > /dev/null &
  local run=$!
  wait $poll || true
  pkill -TERM -f "(^|/)java .*jdbc:sqlite:$db" || true   # java, or $JAVA_HOME/bin/java
  wait $run || true
}

# once_nothing_due N: N runs of run --once on a database already caught up; a run that found a window due (the minute
# turned meanwhile) is not counted, and another is made. Leaves once-1.err ... once-N.err
once_nothing_due() {
  local db="$WORK/once.db" done=0 tries=0
  ingest once-catch-up "$db" run --once
  while [ $done -lt "$1" ] && [ $tries -lt $(( $1 * 3 )) ]; do
    tries=$((tries + 1))
    ingest once-try "$db" run --once
    if ! grep -q "ingest.window" "$WORK/once-try.err"; then
      done=$((done + 1))
      mv "$WORK/once-try.err" "$WORK/once-$done.err"
    fi
  done
}

summary() { grep "Backfill complete" "$WORK/$1.err" | sed 's/^Backfill complete: //'; }
bars_per_s() { grep -o '([0-9,]* bars/s)' "$WORK/$1.err" | tr -d '(),' | awk '{print $1}'; }
rss() { grep 'Maximum resident set size' "$WORK/$1.err" | awk '{printf "%.0f MiB", $6/1024}'; }
wall() { grep 'Elapsed (wall clock)' "$WORK/$1.err" | awk '{n = split($8, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f\n", s}'; }
# the live set: the largest heap left after a full collection (after a young one, the old generation still holds garbage)
heap() { { grep 'Pause Full' "$WORK/$1.gc" || grep 'Pause' "$WORK/$1.gc"; } | grep -o '[0-9]*M->[0-9]*M' | cut -d'>' -f2 | tr -d M | sort -n | tail -1 | awk '{print $1 " MiB"}'; }
# CPU seconds (user + system) a live process has used so far
cpu_seconds() { awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }
cpu() { grep -E '(User|System) time' "$WORK/$1.err" | awk '{s += $4} END {printf "%.1f", s}'; }
load() { cut -d' ' -f1 /proc/loadavg; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo

LOAD_BEFORE=$(load)
for i in 1 2 3; do backfill "day-$i" 2026-11-24 2026-11-25; done
once_nothing_due 3
LOAD_AFTER=$(load)
for i in 1 2 3; do daemon "run-$i"; done
# week_beside_ceiling NAME [ARGS...]: three rounds of the 5-day backfill (NAME-1..3), each followed at once by the
# ceiling (NAME-1.ceiling ...): this machine's speed drifts by 15% within minutes, so a ratio compares only a backfill
# and a ceiling measured in the same minute, and the median of three rounds is the figure
week_beside_ceiling() {
  local name=$1 r
  shift
  for r in 1 2 3; do
    backfill "$name-$r" 2026-11-16 2026-11-21 "$@"
    ceiling_now "$WORK/ceiling.err" "${BENCH_JAVA_OPTS:-}" > "$WORK/$name-$r.ceiling"
  done
}
ratios() { local r; for r in 1 2 3; do awk -v a="$(bars_per_s "$1-$r")" -v b="$(cat "$WORK/$1-$r.ceiling")" 'BEGIN{printf "%.0f\n", 100*a/b}'; done; }
rounds() { local r; for r in 1 2 3; do printf '%s / %s bars/s; ' "$(bars_per_s "$1-$r")" "$(cat "$WORK/$1-$r.ceiling")"; done | sed 's/; $//'; }
SIM_CPU_BEFORE=$(cpu_seconds "$SIM_PID")
backfill week 2026-11-16 2026-11-21
SIM_CPU=$(awk -v a="$SIM_CPU_BEFORE" -v b="$(cpu_seconds "$SIM_PID")" 'BEGIN{printf "%.1f", b - a}')
CEILING=$(ceiling_now "$WORK/ceiling.err" "${BENCH_JAVA_OPTS:-}")
week_beside_ceiling week-live
backfill large 2026-10-01 2026-11-07
# What bounds the 5-day backfill: (a) the same with the simulator's answers pre-rendered (its pageCache: a warm-up pass
# renders them, the measured passes cost the simulator almost no CPU, as a remote vendor costs this machine none);
# (b) one batch at a time, so that nothing runs beside the writer: its time in writes undisturbed
curl -sf -X POST "http://127.0.0.1:$PORT/sim/config?pageCache=200" > /dev/null
backfill week-warm-up 2026-11-16 2026-11-21
SIM_CPU_BEFORE=$(cpu_seconds "$SIM_PID")
backfill week-pre-rendered 2026-11-16 2026-11-21
SIM_CPU_PRE=$(awk -v a="$SIM_CPU_BEFORE" -v b="$(cpu_seconds "$SIM_PID")" 'BEGIN{printf "%.1f", b - a}')
week_beside_ceiling week-pre
backfill week-serial 2026-11-16 2026-11-21 --set ingest.concurrency=1 --set ingest.fetch-ahead=1
curl -sf -X POST "http://127.0.0.1:$PORT/sim/config?pageCache=0" > /dev/null
# and the ceiling in the JVM's own defaults (C2 compiler)
CEILING_C2=$(java -cp target/test-classes:"$JAR" com.marketbars.ingest.bench.JdbcInsertCeiling 500 2026-11-16 5 multi-row 2>/dev/null | ceiling)
WEEK=$(bars_per_s week)
ONCE_RUNS=$(find "$WORK" -name 'once-[0-9]*.err' | wc -l)

echo "| figure | value |"
echo "|---|---|"
echo "| backfill 500 symbols x 5 days, rate limiting off | $(summary week) |"
echo "| JDBC insert ceiling (BarStore.write alone), same bars, the launcher's JVM settings but a heap that holds the bars | $CEILING bars/s |"
echo "| end-to-end / ceiling | $(awk -v a="$WEEK" -v b="$CEILING" 'BEGIN{printf "%.0f%%", 100*a/b}') |"
echo "| **end-to-end / ceiling, three rounds of (backfill, ceiling), median** | **$(ratios week-live | median)%** ($(ratios week-live | paste -sd/)%: $(rounds week-live)) |"
echo "| the same, the simulator's answers pre-rendered, median | $(ratios week-pre | median)% ($(ratios week-pre | paste -sd/)%: $(rounds week-pre)) |"
echo "| the same ceiling in the JVM's defaults (optimising compiler) | $CEILING_C2 bars/s |"
echo "| 5-day backfill, wall time from start to exit | $(wall week) s |"
echo "| CPU during the 5-day backfill: ingest (start to exit) + simulator, of $(nproc) cores x wall | $(cpu week) s + $SIM_CPU s of $(awk -v w="$(wall week)" -v n="$(nproc)" 'BEGIN{printf "%.1f", w * n}') s |"
echo "| the same, the simulator's answers pre-rendered (its CPU $SIM_CPU_PRE s instead of $SIM_CPU s) | $(summary week-pre-rendered) |"
echo "| the same, pre-rendered, one batch at a time (ingest.concurrency=1): the writer with nothing beside it | $(summary week-serial) |"
echo "| one-day catch-up, 500 symbols | $(summary day-1) |"
echo "| time from start to the first row written, one-day backfill (median of 3; load $LOAD_BEFORE, then $LOAD_AFTER) | $(cat "$WORK"/day-[123].first | median) s |"
echo "| one-day backfill, wall time from start to exit (median of 3) | $(for i in 1 2 3; do wall "day-$i"; done | median) s |"
echo "| time from start to the first row written, run (the daemon) on a new database (median of 3) | $(cat "$WORK"/run-[123].first | median) s |"
echo "| run --once with nothing due, wall time (median of $ONCE_RUNS) | $(for i in $(seq 1 "$ONCE_RUNS"); do wall "once-$i"; done | median) s |"
echo "| peak RSS / live heap after a full GC, 1 day (192k bars) | $(rss day-1) / $(heap day-1) |"
echo "| peak RSS / live heap after a full GC, 5 days (960k bars) | $(rss week) / $(heap week) |"
echo "| peak RSS / live heap after a full GC, $(summary large | grep -o '[0-9,]* bars new' | cut -d' ' -f1) bars ($(bars_per_s large) bars/s) | $(rss large) / $(heap large) |"
echo
java -cp target/test-classes:"$JAR" com.marketbars.ingest.bench.RateLimitBenchmark "$JAR" "${BENCH_QUOTA:-50}" "${BENCH_QUOTA_SECONDS:-15}" 3 4 2>/dev/null
