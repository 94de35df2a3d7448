#!/usr/bin/env bash
# The page write as a bean (BarStore.write) against a camel-jdbc step (one JSON statement per page; one statement per
# bar), on the same pages of 10,000 synthetic bars into fresh SQLite files. Usage: bench/page-write-benchmark.sh [SYMBOLS] [FROM] [DAYS]
set -euo pipefail
cd "$(dirname "$0")/.."
SYMBOLS=${1:-500}; FROM=${2:-2026-11-16}; DAYS=${3:-5}
# the packaged jar carries every dependency: no Maven resolution (nor network) when the benchmark runs
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
java -cp target/test-classes:"$JAR" com.marketbars.ingest.bench.PageWriteBenchmark "$SYMBOLS" "$FROM" "$DAYS" 2>/dev/null
