#!/usr/bin/env bash
# slatune load vs wrk, same run, same target: nginx serving a fixed OpenAI-shaped chat completion
# (non-streaming) over keep-alive connections, 64 connections each. Requirement: ours >= 1/2 of wrk.
# Usage: bench/load-vs-wrk.sh [seconds]   (needs nginx, wrk: apt-get install nginx-light wrk)
source "$(dirname "$0")/load-common.sh"
SECS=${1:-15}
need nginx nginx-light; need wrk wrk; build
PORT=$(free_port)
start_nginx "$PORT" 1 "" application/json "$CHAT_JSON_BODY"
URL="http://127.0.0.1:$PORT/v1/chat/completions"
# wrk sends the same kind of request as ours: a POST with a ~400-byte JSON chat body.
PROMPT=$(python3 -c "print(' '.join(['the']*64))")
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench","messages":[{"role":"user","content":"$PROMPT"}],"max_tokens":16,"stream":false}'
LUA
echo "== JAVA_OPTS: $JAVA_OPTS"
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in 1 2; do
  echo "== round $round: wrk -t2 -c64 -d${SECS}s (POST)"
  with_cpu wrk -t2 -c64 -d"${SECS}s" -s "$WORK/post.lua" "$URL" | tee "$WORK/wrk.txt"
  WRK=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
  echo "== round $round: slatune load --parallel 64 --no-stream --duration ${SECS} (after 3 s warm-up)"
  java $JAVA_OPTS -jar "$JAR" load --url "$URL" --model bench --parallel 64 --no-stream \
      --duration "$SECS" --warmup-seconds 3 --max-tokens 16 --min-prompt-length 64 --max-prompt-length 64 \
      --output "$WORK/ours.json" > "$WORK/ours.txt" 2>&1
  grep -E "│" "$WORK/ours.txt" | tail -1
  OURS=$(json_get "$WORK/ours.json" "round(r['requests']['total']/r['windowSeconds'],1)")
  OK=$(json_get "$WORK/ours.json" "r['requests']['succeeded']")
  echo "wrk: $WRK req/s; slatune load: $OURS req/s ($OK succeeded); ratio $(python3 -c "print(round($OURS/$WRK,3))")"
done
