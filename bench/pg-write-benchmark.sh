#!/usr/bin/env bash
# The page write (BarStore.write, pages of 10,000 synthetic bars) into fresh SQLite and PostgreSQL databases: new bars,
# the same again insert-only, the same again in upsert mode. Usage: bench/pg-write-benchmark.sh [SYMBOLS] [FROM] [DAYS] [ROUNDS]
# PostgreSQL: PG_URL (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres); each run uses a schema of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
SYMBOLS=${1:-500}; FROM=${2:-2026-11-16}; DAYS=${3:-5}; ROUNDS=${4:-2}
# the packaged jar carries every dependency: no Maven resolution (nor network) when the benchmark runs
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), $(date -u +%F)"
echo "postgresql: $(psql "${PG_PSQL:-postgresql://postgres@127.0.0.1:5432/test}" -Atc 'SHOW server_version' 2>/dev/null || echo '?')"
java -cp target/test-classes:"$JAR" com.marketbars.ingest.bench.PgWriteBenchmark "$SYMBOLS" "$FROM" "$DAYS" "$ROUNDS" 2>/dev/null
