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
