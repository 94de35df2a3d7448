# Sourced by the bench scripts (after `cd` to the project and setting JAR): the parts they all share.

# universe N: N three-letter symbols (AAA, AAB, ...), one per line - the benchmarks' universe
universe() {
  python3 - "$1" <<'PY'
import sys, string
n = int(sys.argv[1]); L = string.ascii_uppercase
for i in range(n):
    print(L[i // 676 % 26] + L[i // 26 % 26] + L[i % 26])
PY
}

# start_simulator PORT LOG [JVM FLAGS...]: `simulate` of $JAR in the background on loopback, serving when this
# returns; its pid in SIM_PID (call it directly, not in $(...), so that the pid reaches the caller)
start_simulator() {
  local port=$1 log=$2
  shift 2
  java "$@" -jar "$JAR" simulate --port "$port" > "$log" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/sim/stats" > /dev/null && return 0; sleep 0.1; done
  echo "the simulator did not answer on port $port within 10 s (its log: $log)" >&2
  return 1
}

# median: the middle of the numbers on stdin, one a line (the lower middle one of an even count; n/a for none)
median() { sort -n | awk '{v[NR] = $1} END {print (NR ? v[int((NR + 1) / 2)] : "n/a")}'; }

# ceiling: the bars/s JdbcInsertCeiling's output on stdin reports for BarStore.write
ceiling() { grep '^JDBC ceiling' | grep -o '[0-9,]* bars/s' | tr -d ', bars/s'; }

# ceiling_now ERRFILE [JVM FLAGS]: the JDBC insert ceiling (BarStore.write alone) on the 5-day backfill's 960,408 bars,
# in the launcher's JVM; its stderr appended to ERRFILE, which is shown, with a status of 1, when the harness fails (the
# callers run under set -e: no ratio is ever printed against a missing ceiling). The harness holds all the bars in
# memory before it writes them (a backfill streams its pages): in the launcher's heap (128 MiB then) it measured the
# collector (341-346k bars/s against 430-462k at -Xmx1g), so it gets a heap that holds them
ceiling_now() {
  local bars
  if ! bars=$(INGEST_MAIN=com.marketbars.ingest.bench.JdbcInsertCeiling INGEST_CLASSPATH=target/test-classes \
      JAVA_OPTS="-Xmx1g ${2:-}" bin/market-bars-ingest 500 2026-11-16 5 multi-row 2>>"$1" | ceiling); then
    echo "the ceiling harness failed (its stderr, $1):" >&2
    cat "$1" >&2
    return 1
  fi
  echo "$bars"
}
