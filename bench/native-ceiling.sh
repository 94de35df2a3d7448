#!/usr/bin/env bash
# The JDBC insert ceiling beside what SQLite does natively (bench/sqlite-native.c, C, the system's libsqlite3) on the
# same rows: the 5-day backfill's 960,408 bars, in its order, pages of 10,000, one transaction each, WAL with
# synchronous=NORMAL, the statement BarStore uses. Alternating rounds, as the machine's speed drifts
# (docs/benchmarks.md). Needs gcc and libsqlite3-dev. Usage: bench/native-ceiling.sh [ROUNDS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh
ROUNDS=${1:-3}
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
gcc -O2 -Wall -o "$WORK/sqlite-native" bench/sqlite-native.c -lsqlite3

# the ceiling's own file holds the backfill's rows; read back in the order a backfill writes them: day by day, batches
# of 50 symbols (AAA, AAB, ...), each batch symbol by symbol, then by time
jdbc() {
  rm -rf "$WORK"/ceiling*
  ceiling_now "$WORK/ceiling.err" "-Djava.io.tmpdir=$WORK"
}
jdbc > /dev/null
sqlite3 -separator ' ' "$WORK"/ceiling*/ceiling.db "WITH s AS (SELECT symbol, (row_number() OVER (ORDER BY symbol) - 1) / 50 AS batch \
  FROM (SELECT DISTINCT symbol FROM bars)) SELECT b.symbol, b.ts, b.open, b.high, b.low, b.close, b.volume, b.trade_count, b.vwap \
  FROM bars b JOIN s USING (symbol) ORDER BY substr(b.ts, 1, 10), s.batch, b.symbol, b.ts" > "$WORK/rows.txt"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "| round | JDBC ceiling (BarStore.write, the launcher's JVM) | native, 100 rows a statement | native, 1 row a statement | native, 100 rows, the table with a rowid |"
echo "|---|---|---|---|---|"
for r in $(seq 1 "$ROUNDS"); do
  j=$(jdbc)
  n100=$("$WORK/sqlite-native" "$WORK/rows.txt" "$WORK/n.db" 100 | grep -o '= [0-9]* bars/s' | head -1 | tr -dc 0-9)
  n1=$("$WORK/sqlite-native" "$WORK/rows.txt" "$WORK/n.db" 1 | grep -o '= [0-9]* bars/s' | head -1 | tr -dc 0-9)
  nr=$("$WORK/sqlite-native" "$WORK/rows.txt" "$WORK/n.db" 100 rowid | grep -o '= [0-9]* bars/s' | head -1 | tr -dc 0-9)
  awk -v r="$r" -v j="$j" -v a="$n100" -v b="$n1" -v c="$nr" \
    'BEGIN{printf "| %d | %d (%.0f%% of native) | %d | %d | %d |\n", r, j, 100 * j / a, a, b, c}'
done
echo "native: $("$WORK/sqlite-native" "$WORK/rows.txt" "$WORK/n.db" 100 | grep -o 'SQLite .*'); JDBC: sqlite-jdbc's own build"
