#!/usr/bin/env bash
# The page write as a bean (BarStore.write) against a camel-jdbc step (one JSON statement per page; one statement per
# bar), on the same pages of 10,000 synthetic bars into fresh SQLite files. Usage: bench/page-write-benchmark.sh [SYMBOLS] [FROM] [DAYS]
set -euo pipefail
cd "$(dirname "$0")/.."
SYMBOLS=${1:-500}; FROM=${2:-2026-11-16}; DAYS=${3:-5}
[ -d target/test-classes ] || mvn -q -B test-compile
CP=$(mvn -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
java -cp target/classes:target/test-classes:"$CP" com.marketbars.ingest.bench.PageWriteBenchmark "$SYMBOLS" "$FROM" "$DAYS" 2>/dev/null
