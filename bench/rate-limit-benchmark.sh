#!/usr/bin/env bash
# Quota utilisation at vendor latency 0, 300 ms and 1 s against the simulator's strict sliding-window quota,
# and a run in which the vendor halves its quota half-way.
# Usage: bench/rate-limit-benchmark.sh [QUOTA] [PERIOD_SECONDS] [RUN_SECONDS] [CONCURRENCY]
#   (defaults: Alpaca's free plan, 200 per 60 s, 180 s per latency point, concurrency 4)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests
java -cp target/test-classes:"$JAR" com.marketbars.ingest.bench.RateLimitBenchmark "$JAR" "${1:-200}" "${2:-60}" "${3:-180}" "${4:-4}" 2>/dev/null
