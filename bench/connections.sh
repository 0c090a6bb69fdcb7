#!/usr/bin/env bash
# The cost of connection handling, side by side in one run: slatune load and hey against two
# simulators on the same machine, one keeping connections alive (vLLM's manners) and one closing the
# connection silently after every reply behind "Keep-Alive: timeout=5, max=100" (llama.cpp's server).
# Streamed 16-token chat completions, zero server delay, so the client's own costs show. Then the
# acceptance check: slatune load against the closing server at parallel 1, 4 and 64 loses nothing.
# Reports req/s, client CPU per request (JVM start-up subtracted), connections opened and resends.
# "connections" and "resent" count measured requests only (warm-up opens the kept connections).
# OLD_JAR=path/to/quarkus-run.jar adds rows for another build of slatune (e.g. before this change).
# Usage: [OLD_JAR=...] bench/connections.sh [requests] [parallel]   (needs hey: apt-get install hey)
source "$(dirname "$0")/load-common.sh"
N=${1:-20000}
C=${2:-16}
need hey hey; build
KEEP=$(free_port)
java $LOAD_JAVA_OPTS -jar "$JAR" simulate --zero-delay --slots 1024 --port "$KEEP" > "$WORK/keep.log" 2>&1 & PIDS+=($!)
CLOSE=$(free_port)
java $LOAD_JAVA_OPTS -jar "$JAR" simulate --zero-delay --slots 1024 --port "$CLOSE" --like-llamacpp \
    > "$WORK/close.log" 2>&1 & PIDS+=($!)
wait_port "$KEEP"; wait_port "$CLOSE"
PROMPT=$(python3 -c "print(' '.join(['the']*64))")
BODY='{"model":"slatune-sim","messages":[{"role":"user","content":"'$PROMPT'"}],"max_tokens":16,"min_tokens":16,"stream":true,"stream_options":{"include_usage":true}}'
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared with other builds: compare ratios, not absolutes)"
echo "== closing server: $(grep -o 'Habits:.*' "$WORK/close.log")"
for p in "$KEEP" "$CLOSE"; do   # warm both simulators' JITs
  hey -c "$C" -n 3000 -m POST -T application/json -d "$BODY" "http://127.0.0.1:$p/v1/chat/completions" > /dev/null
done
ARGS=(--model slatune-sim --max-tokens 16 --min-tokens 16 --min-prompt-length 64 --max-prompt-length 64)
BASE=$(with_cpu java $JAVA_OPTS -jar "$JAR" load --url "http://127.0.0.1:$KEEP/v1/chat/completions" "${ARGS[@]}" \
    --parallel 1 --number 1 2>/dev/null | awk -F= '/cpu_seconds/ {print $2}')
printf '%-8s %-7s %10s %8s %12s %12s %8s\n' client server "req/s" failed "CPU us/req" connections resent > "$WORK/table"
for name in keep close; do
  port=$KEEP; [ "$name" = close ] && port=$CLOSE
  url="http://127.0.0.1:$port/v1/chat/completions"
  with_cpu hey -c "$C" -n "$N" -m POST -T application/json -d "$BODY" "$url" > "$WORK/hey-$name.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/hey-$name.txt")
  ok=$(awk '/\[200\]/ {print $2}' "$WORK/hey-$name.txt"); ok=${ok:-0}
  cpu=$(awk -F= '/cpu_seconds/ {print $2}' "$WORK/hey-$name.txt")
  python3 -c "print('%-8s %-7s %10.0f %8d %12.0f %12s %8s' % ('hey', '$name', $rps, $N - $ok, $cpu / max(1, $ok) * 1e6, '-', '-'))" >> "$WORK/table"
  for client in slatune ${OLD_JAR:+old}; do
    jar=$JAR; [ "$client" = old ] && jar=$OLD_JAR
    with_cpu java $JAVA_OPTS -jar "$jar" load --url "$url" "${ARGS[@]}" --parallel "$C" --number "$N" \
        --warmup-num 2000 --output "$WORK/$client-$name.json" > "$WORK/$client-$name.txt" 2>&1
    cpu=$(awk -F= '/cpu_seconds/ {print $2}' "$WORK/$client-$name.txt")
    python3 - "$WORK/$client-$name.json" <<PY >> "$WORK/table"
import json, sys
r = json.load(open(sys.argv[1])); c = r["client"]; q = r["requests"]
cpu = max(0.0, $cpu - $BASE) / (q["total"] + 2000) * 1e6
print('%-8s %-7s %10.0f %8d %12.0f %12s %8s' % ('$client', '$name', q["total"] / r["windowSeconds"], q["failed"], cpu,
      c.get("connectionsOpened", "-"), c.get("reconnects", "-")))
PY
  done
done
cat "$WORK/table"
echo "== slatune load against the closing server: nothing may be lost"
for p in 1 4 64; do
  java $JAVA_OPTS -jar "$JAR" load --url "http://127.0.0.1:$CLOSE/v1/chat/completions" "${ARGS[@]}" --parallel "$p" \
      --number $((p * 50)) --output "$WORK/accept-$p.json" > /dev/null 2>&1
  python3 - "$WORK/accept-$p.json" <<PY
import json, sys
r = json.load(open(sys.argv[1])); c = r["client"]; q = r["requests"]
print('parallel %-3d requests %5d succeeded %5d failed %d connections %d resent %d' % ($p, q["total"], q["succeeded"],
      q["failed"], c.get("connectionsOpened", 0), c.get("reconnects", 0)))
PY
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
