# Shared helpers of the load benchmarks (sourced, not run).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
# On a CPU-starved machine the JIT's C2 compiler threads and the safepoints they and G1 cause stall
# the event loops for whole seconds (measured: 400 vs 10,000 req/s); see bench/RESULTS.md.
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:-"-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0 -Xmn300m"}
JAVA_OPTS=${JAVA_OPTS:-$LOAD_JAVA_OPTS}
WORK=$(mktemp -d /tmp/slatune-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "missing $1: apt-get install $2" >&2; exit 1; }; }
build() { [ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -o -q package -DskipTests); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }

# Runs a command and prints "<its output>" then "cpu_seconds=<user+sys of the command and its children>".
with_cpu() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=False)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("cpu_seconds=%.2f" % (r.ru_utime + r.ru_stime))
PY
}

# Reads fields of a ProbeResult JSON file: json_get FILE python-expression-over-r
json_get() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"; }

slatune_load() { java $JAVA_OPTS -jar "$JAR" load "$@"; }
