# Shared helpers of the load benchmarks (sourced, not run).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
# No JVM flags by default: the engine runs as users run it (`java -jar`). Flags once tuned on a machine
# at load average 25 made it ~40% slower on an idle one (bench/RESULTS.md); set LOAD_JAVA_OPTS to
# compare a flag side by side, never as advice.
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:-}
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
