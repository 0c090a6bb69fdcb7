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

# A fixed OpenAI-shaped chat completion (non-streamed, 16 tokens) for nginx to serve.
CHAT_JSON_BODY='{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"},"finish_reason":"length"}],"usage":{"prompt_tokens":64,"completion_tokens":16,"total_tokens":80}}'

# Starts nginx in the background on 127.0.0.1:PORT answering fixed bodies, waits until it listens:
#   start_nginx PORT WORKERS [PREFIX CONTENT_TYPE BODY]...
# /v1/models (model "bench") is always served; each route adds PREFIX/v1/models ("" is the root)
# and PREFIX/v1/chat/completions answering BODY as CONTENT_TYPE. With NGINX_CPUS set (a taskset
# CPU list), nginx is pinned to those CPUs. Its config and logs are in $WORK/nginx.
start_nginx() {
  local port=$1 workers=$2 dir=$WORK/nginx
  shift 2
  local models='{"object":"list","data":[{"id":"bench","object":"model"}]}'
  local model_locations="    location = /v1/models { default_type application/json; return 200 '$models'; }"
  local chat_locations=""
  while [ $# -ge 3 ]; do
    [ -n "$1" ] && model_locations+=$'\n'"    location = $1/v1/models { default_type application/json; return 200 '$models'; }"
    chat_locations+=$'\n'"    location = $1/v1/chat/completions { default_type $2; return 200 '$3'; }"
    shift 3
  done
  [ $# -eq 0 ] || { echo "start_nginx: routes come in threes (prefix, content type, body)" >&2; exit 2; }
  mkdir -p "$dir/logs"
  cat > "$dir/nginx.conf" <<CONF
worker_processes $workers;
error_log $dir/logs/error.log warn;
pid $dir/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  client_body_buffer_size 64k;
  client_body_temp_path $dir/body;
  server {
    listen 127.0.0.1:$port;
$model_locations$chat_locations
  }
}
CONF
  local pin=()
  [ -z "${NGINX_CPUS:-}" ] || pin=(taskset -c "$NGINX_CPUS")
  "${pin[@]}" nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' & PIDS+=($!)
  wait_port "$port"
}
