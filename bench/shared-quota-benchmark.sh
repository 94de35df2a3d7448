#!/usr/bin/env bash
# The account quota: utilisation and violations for 1, 2 and 3 processes sharing one account (strict 10/PT1S vendor,
# latency 0 / 300 ms / 1 s), the cost of a ledger slot on SQLite and PostgreSQL (alone and beside 10,000-bar page
# writes), and Camel's Throttle EIP in TotalRequests mode against the same vendor.
# Usage: bench/shared-quota-benchmark.sh [SECONDS_COUNTED] [CONCURRENCY] [PG_URL]
#   (defaults: 10 s, concurrency 8 per process, jdbc:postgresql://127.0.0.1:5432/test?user=postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/market-bars-ingest.jar
[ -f "$JAR" ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests
CP="target/test-classes:$JAR"
java -cp "$CP" com.marketbars.ingest.bench.SharedQuotaBenchmark "$JAR" "${1:-10}" "${2:-8}" ${3:+"$3"} 2>/dev/null
