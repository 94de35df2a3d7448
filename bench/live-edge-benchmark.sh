#!/usr/bin/env bash
# The live edge of the whole US market on the free plan: a daemon keeps SYMBOLS symbols of 1-minute bars live against
# the simulator's strict quota of 200 requests a minute; prints the requests and the live edge's lag minute by minute.
# Usage: bench/live-edge-benchmark.sh [SYMBOLS] [MINUTES] [PAGE_LIMIT]   (defaults: 11000 symbols, 5 minutes, 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests
uptime
java -cp target/test-classes:"$JAR" com.marketbars.ingest.bench.LiveEdgeBenchmark "$JAR" "${1:-11000}" "${2:-5}" "${3:-10000}" 2>/dev/null
