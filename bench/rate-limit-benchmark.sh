#!/usr/bin/env bash
# Quota utilisation at vendor latency 0, 300 ms and 1 s against the simulator's strict sliding-window quota,
# and a run in which the vendor halves its quota half-way.
# Usage: bench/rate-limit-benchmark.sh [QUOTA] [PERIOD_SECONDS] [PERIODS] [CONCURRENCY]
#   (defaults: Alpaca's free plan, 200 per 60 s, counted over 2 periods after 1 of warm-up, concurrency 4)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests
java -cp target/test-classes:"$JAR" com.marketbars.ingest.bench.RateLimitBenchmark "$JAR" "${1:-200}" "${2:-60}" "${3:-2}" "${4:-4}" 2>/dev/null
