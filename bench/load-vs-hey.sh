#!/usr/bin/env bash
# slatune load vs hey against the simulator with zero delays: streamed 16-token chat completions at
# 256 concurrency. Reports requests/s and client CPU per request for both (hey reads the SSE body
# without parsing it; ours parses every event). Our CPU excludes JVM start-up: a 1-request run is
# subtracted. Usage: bench/load-vs-hey.sh [seconds]   (needs hey: apt-get install hey)
source "$(dirname "$0")/load-common.sh"
SECS=${1:-15}
need hey hey; build
PORT=$(free_port)
java $LOAD_JAVA_OPTS -jar "$JAR" simulate --zero-delay --slots 1024 --port "$PORT" > "$WORK/sim.log" 2>&1 & PIDS+=($!)
wait_port "$PORT"
URL="http://127.0.0.1:$PORT/v1/chat/completions"
PROMPT=$(python3 -c "print(' '.join(['the']*64))")
BODY='{"model":"slatune-sim","messages":[{"role":"user","content":"'$PROMPT'"}],"max_tokens":16,"min_tokens":16,"stream":true,"stream_options":{"include_usage":true}}'
echo "== JAVA_OPTS: $JAVA_OPTS"
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
hey -c 256 -z 3s -m POST -T application/json -d "$BODY" "$URL" > /dev/null   # warm the simulator
echo "== hey -c 256 -z ${SECS}s"
with_cpu hey -c 256 -z "${SECS}s" -m POST -T application/json -d "$BODY" "$URL" > "$WORK/hey.txt"
grep -E "Requests/sec|\[200\]|cpu_seconds" "$WORK/hey.txt"
HEY_RPS=$(awk '/Requests\/sec/ {print $2}' "$WORK/hey.txt")
HEY_N=$(awk '/\[200\]/ {print $2}' "$WORK/hey.txt")
HEY_CPU=$(awk -F= '/cpu_seconds/ {print $2}' "$WORK/hey.txt")
ARGS=(--url "$URL" --model slatune-sim --max-tokens 16 --min-tokens 16 --min-prompt-length 64 --max-prompt-length 64)
BASE=$(with_cpu java $JAVA_OPTS -jar "$JAR" load "${ARGS[@]}" --parallel 1 --number 1 2>/dev/null | awk -F= '/cpu_seconds/ {print $2}')
echo "== slatune load --parallel 256 --duration ${SECS} (after 3 s warm-up)"
with_cpu java $JAVA_OPTS -jar "$JAR" load "${ARGS[@]}" --parallel 256 --duration "$SECS" --warmup-seconds 3 \
    --output "$WORK/ours.json" > "$WORK/ours.txt" 2>&1
grep -E "│|Client" "$WORK/ours.txt" | tail -2
OURS_CPU=$(awk -F= '/cpu_seconds/ {print $2}' "$WORK/ours.txt")
OURS_N=$(python3 -c "import json; r=json.load(open('$WORK/ours.json')); print(r['requests']['total'])")
OURS_RPS=$(python3 -c "import json; r=json.load(open('$WORK/ours.json')); print(round(r['requests']['total']/r['windowSeconds'],1))")
python3 - <<PY
hey_cpu_req = $HEY_CPU / max(1, $HEY_N) * 1e6
# ours: measured + warm-up requests share the CPU; warm-up sent at the same rate for 3 s
ours_total = $OURS_N * (1 + 3.0 / $SECS)
ours_cpu_req = max(0.0, $OURS_CPU - $BASE) / ours_total * 1e6
print("hey: %s req/s, %.0f us CPU/request" % ("$HEY_RPS", hey_cpu_req))
print("slatune load: %s req/s, %.0f us CPU/request (JVM start-up %.2f s CPU subtracted)" % ("$OURS_RPS", ours_cpu_req, $BASE))
PY
