#!/usr/bin/env bash
# Issue 31: the read side at the scale of the whole market, on SQLite and PostgreSQL. Loads SYMBOLS symbols x DAYS days
# of minute bars as a backfill writes them (answers recorded, no checkpoint), deletes an hour of 10 symbols, then times
# coverage's reads in one JVM (MarketReadBenchmark: overview, a day's worst, a symbol's drill-down, a grid page, the
# gaps of the universe) and the commands end to end through the jar (status, gaps --summary, gaps), start-up included.
# Usage: bench/market-read-benchmark.sh [SYMBOLS] [FROM] [DAYS] [ROUNDS] [STORES]   (STORES: "sqlite postgresql")
# PostgreSQL: PG_URL (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres); the run's schema is dropped after.
set -euo pipefail
cd "$(dirname "$0")/.."
SYMBOLS=${1:-11000}; FROM=${2:-2026-11-16}; DAYS=${3:-2}; ROUNDS=${4:-3}; STORES=${5:-sqlite postgresql}
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests
. bench/common.sh
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
PSQL=${PG_PSQL:-postgresql://postgres@127.0.0.1:5432/test}
WORK=$(mktemp -d)
universe "$SYMBOLS" > "$WORK/universe.txt"
TO=$(date -u -d "$FROM + $DAYS days" +%F)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), $(date -u +%FT%TZ)"

# timed NAME ARGS...: one run of the jar's command on the store, its wall time and exit code, its stdout's last line
timed() {
  local name=$1 start end rc=0
  shift
  start=$(date +%s%N)
  java -jar "$JAR" "$@" --set ingest.db.url="$URL" --set ingest.universe=file:"$WORK/universe.txt" > "$WORK/out" 2> "$WORK/err" || rc=$?
  end=$(date +%s%N)
  printf '  %-32s %6d ms, exit %d: %s\n' "$name" $(( (end - start) / 1000000 )) "$rc" "$(grep -v '^20..-..-..T' "$WORK/out" | tail -1 | cut -c1-110)"
}

for store in $STORES; do
  if [ "$store" = postgresql ]; then
    schema=bench_read_$$
    psql "$PSQL" -qc "CREATE SCHEMA $schema"
    URL="$PG_URL&currentSchema=$schema"
    echo "== PostgreSQL $(psql "$PSQL" -Atc 'SHOW server_version'), schema $schema"
  else
    URL="jdbc:sqlite:$WORK/market.db"
    echo "== SQLite $WORK/market.db"
  fi
  java -Xmx2g -cp target/test-classes:"$JAR" com.marketbars.ingest.bench.MarketReadBenchmark "$URL" "$SYMBOLS" "$FROM" "$DAYS" "$ROUNDS" 2>/dev/null
  [ "$store" = sqlite ] && echo "  file: $(du -h "$WORK/market.db" | cut -f1)"
  echo "  through the jar (JVM and Camel start-up included; --version alone: $( { s=$(date +%s%N); java -jar "$JAR" --version > /dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 1000000 )); } ) ms):"
  timed "status" status
  timed "gaps --summary" gaps --summary --from "$FROM" --to "$TO"
  timed "gaps" gaps --from "$FROM" --to "$TO"
  [ "$store" = postgresql ] && PGOPTIONS=--client-min-messages=warning psql "$PSQL" -qc "DROP SCHEMA $schema CASCADE"
  rm -f "$WORK"/market.db*
done
rm -rf "$WORK"
