#!/usr/bin/env bash
# Load clients side by side, in one run, against one nginx: wrk (C, parses nothing), hey (Go, reads
# bodies without parsing), an asyncio + aiohttp client (the EvalScope/vLLM client design; it parses
# every SSE event as those do), and slatune load with the default JVM and no flags. Two targets: a
# fixed chat completion (JSON) and a fixed 16-token SSE stream. Each client keeps C requests in flight
# for S seconds. Prints req/s, the ratios to wrk and hey, and client CPU microseconds per request
# (user+sys from getrusage of the client process tree; slatune's JVM start-up is subtracted with a
# 1-request run).
#
# Usage: bench/clients.sh [seconds=8] [in-flight=64]
#   REF_JAR=/path/to/other/quarkus-run.jar adds a row "slatune-ref" for that build (A/B in one run).
#   ALLOC=1 also runs each slatune build once more under JFR and prints the bytes its event loops
#   allocated per request (jdk.ThreadAllocationStatistics: a count, so it holds on a busy machine).
#   needs nginx, wrk, hey and python3 with aiohttp: apt-get install nginx-light wrk hey python3-aiohttp
source "$(dirname "$0")/load-common.sh"
SECS=${1:-8}
CONNS=${2:-64}
need nginx nginx-light; need wrk wrk; need hey hey; build
PY=python3
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import aiohttp' 2>/dev/null; then PY=$p; break; fi
done
"$PY" -c 'import aiohttp' 2>/dev/null || { echo "missing aiohttp: apt-get install python3-aiohttp" >&2; exit 1; }

PORT=$(free_port)
# A vLLM-shaped stream: role chunk, 16 one-token chunks, finish chunk, usage chunk, [DONE].
SSE_BODY=$("$PY" - <<'PY'
import json
head = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1, "model": "bench"}
def chunk(delta, finish=None, usage=None, choices=True):
    c = dict(head)
    c["choices"] = [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}] if choices else []
    if usage: c["usage"] = usage
    return "data: " + json.dumps(c, separators=(",", ":")) + "\n\n"
words = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen".split()
out = chunk({"role": "assistant", "content": ""})
for i, w in enumerate(words):
    out += chunk({"content": (" " if i else "") + w})
out += chunk({}, finish="length")
out += chunk(None, usage={"prompt_tokens": 64, "completion_tokens": 16, "total_tokens": 80}, choices=False)
out += "data: [DONE]\n\n"
print(out.replace("'", "\\'"), end="")
PY
)
start_nginx "$PORT" 1 /json application/json "$CHAT_JSON_BODY" /sse text/event-stream "$SSE_BODY"
BASEURL="http://127.0.0.1:$PORT"
PROMPT=$("$PY" -c "print(' '.join(['the']*64))")
req_body() { echo '{"model":"bench","messages":[{"role":"user","content":"'"$PROMPT"'"}],"max_tokens":16,"stream":'"$1"'}'; }

cat > "$WORK/client.py" <<'PY'
# The EvalScope/vLLM benchmark client design: asyncio + aiohttp, one coroutine per in-flight slot,
# every SSE line read and its JSON parsed.
import asyncio, json, sys, time, aiohttp
url, conns, secs, stream = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "true"
body = json.loads(sys.argv[5])
done = 0
async def slot(session, deadline):
    global done
    while time.monotonic() < deadline:
        async with session.post(url, json=body) as r:
            if stream:
                async for line in r.content:
                    line = line.strip()
                    if line.startswith(b"data: ") and line != b"data: [DONE]":
                        json.loads(line[6:])
            else:
                json.loads(await r.read())
            if r.status == 200:
                done += 1
async def main():
    conn = aiohttp.TCPConnector(limit=conns)
    async with aiohttp.ClientSession(connector=conn) as s:
        start = time.monotonic()
        await asyncio.gather(*[slot(s, start + secs) for _ in range(conns)])
        print("requests=%d seconds=%.3f" % (done, time.monotonic() - start))
asyncio.run(main())
PY
cat > "$WORK/post-json.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$(req_body false)'
LUA
cat > "$WORK/post-sse.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$(req_body true)'
LUA

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
echo "== each client: $CONNS requests in flight for ${SECS} s; slatune with no JVM flags"
ARGS=(--model bench --max-tokens 16 --min-prompt-length 64 --max-prompt-length 64)
BASE=$(with_cpu java -jar "$JAR" load --url "$BASEURL/json/v1/chat/completions" "${ARGS[@]}" --no-stream \
    --parallel 1 --number 1 2>/dev/null | awk -F= '/cpu_seconds/ {print $2}')
RESULTS="$WORK/results.txt"; : > "$RESULTS"
for kind in json sse; do
  URL="$BASEURL/$kind/v1/chat/completions"
  STREAM=false; [ "$kind" = sse ] && STREAM=true
  with_cpu wrk -t2 -c"$CONNS" -d"${SECS}s" -s "$WORK/post-$kind.lua" "$URL" > "$WORK/wrk.txt" 2>&1
  echo "$kind wrk $(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk.txt") $(awk '/requests in/ {print $1}' "$WORK/wrk.txt") $(awk -F= '/cpu_seconds/ {print $2}' "$WORK/wrk.txt")" >> "$RESULTS"
  with_cpu hey -c "$CONNS" -z "${SECS}s" -m POST -T application/json -d "$(req_body $STREAM)" "$URL" > "$WORK/hey.txt" 2>&1
  echo "$kind hey $(awk '/Requests\/sec/ {print $2}' "$WORK/hey.txt") $(awk '/\[200\]/ {print $2}' "$WORK/hey.txt") $(awk -F= '/cpu_seconds/ {print $2}' "$WORK/hey.txt")" >> "$RESULTS"
  with_cpu "$PY" "$WORK/client.py" "$URL" "$CONNS" "$SECS" "$STREAM" "$(req_body $STREAM)" > "$WORK/py.txt" 2>&1
  PYN=$(sed -n 's/^requests=\([0-9]*\) .*/\1/p' "$WORK/py.txt"); PYS=$(sed -n 's/^requests=[0-9]* seconds=\([0-9.]*\).*/\1/p' "$WORK/py.txt")
  echo "$kind aiohttp $("$PY" -c "print(round($PYN/$PYS,1))") $PYN $(awk -F= '/cpu_seconds/ {print $2}' "$WORK/py.txt")" >> "$RESULTS"
  SFLAG=--no-stream; [ "$kind" = sse ] && SFLAG=--stream
  for variant in slatune ${REF_JAR:+slatune-ref}; do
  VJAR=$JAR; [ "$variant" = slatune-ref ] && VJAR=$REF_JAR
  with_cpu java -jar "$VJAR" load --url "$URL" "${ARGS[@]}" $SFLAG --parallel "$CONNS" --duration "$SECS" \
      --warmup-seconds 2 --output "$WORK/ours-$kind.json" > "$WORK/ours.txt" 2>&1
  OURS_RPS=$(json_get "$WORK/ours-$kind.json" "round(r['requests']['total']/r['windowSeconds'],1)")
  OURS_N=$(json_get "$WORK/ours-$kind.json" "r['requests']['total']")
  OURS_OK=$(json_get "$WORK/ours-$kind.json" "r['requests']['succeeded']")
  OURS_CPU=$(awk -F= '/cpu_seconds/ {print $2}' "$WORK/ours.txt")
  # warm-up requests (2 s at the same rate) spent CPU too; count them, and subtract JVM start-up
  echo "$kind $variant $OURS_RPS $("$PY" -c "print(int($OURS_N*(1+2.0/$SECS)))") $("$PY" -c "print(max(0.0,$OURS_CPU-$BASE))") ok=$OURS_OK" >> "$RESULTS"
  done
done
if [ -n "${ALLOC:-}" ]; then
  JFR=$(dirname "$(readlink -f "$(command -v java)")")/jfr
  for kind in json sse; do
    SFLAG=--no-stream; [ "$kind" = sse ] && SFLAG=--stream
    for variant in slatune ${REF_JAR:+slatune-ref}; do
      VJAR=$JAR; [ "$variant" = slatune-ref ] && VJAR=$REF_JAR
      java "-XX:StartFlightRecording=filename=$WORK/a.jfr,settings=default,jdk.ThreadAllocationStatistics#period=1s" \
          -jar "$VJAR" load --url "$BASEURL/$kind/v1/chat/completions" "${ARGS[@]}" $SFLAG --parallel "$CONNS" \
          --duration "$SECS" --warmup-seconds 2 --output "$WORK/a.json" > "$WORK/a.txt" 2>&1
      "$JFR" print --json --events jdk.ThreadAllocationStatistics "$WORK/a.jfr" > "$WORK/a-tas.json"
      "$PY" - "$WORK/a-tas.json" "$WORK/a.json" "$SECS" "$kind" "$variant" >> "$WORK/alloc.txt" <<'PY'
import json, sys
last = {}
for e in json.load(open(sys.argv[1]))["recording"]["events"]:
    t = e["values"]["thread"]
    name = t["javaName"] if t else "?"
    last[name] = max(last.get(name, 0), e["values"]["allocated"])
r = json.load(open(sys.argv[2]))
n = r["requests"]["total"] * (1 + 2.0 / float(sys.argv[3]))  # with the 2 s of warm-up
loops = sum(v for k, v in last.items() if "eventloop" in k)
print("%-6s %-11s %10.0f bytes per request on the event loops" % (sys.argv[4], sys.argv[5], loops / n))
PY
    done
  done
fi
"$PY" - "$RESULTS" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
by = {(r[0], r[1]): r for r in rows}
print("%-6s %-9s %12s %10s %10s %14s" % ("target", "client", "req/s", "vs wrk", "vs hey", "CPU us/req"))
for kind in ("json", "sse"):
    wrk = float(by[(kind, "wrk")][2]); hey = float(by[(kind, "hey")][2])
    for name in ("wrk", "hey", "aiohttp", "slatune", "slatune-ref"):
        r = by.get((kind, name))
        if r is None:
            continue
        rps, n, cpu = float(r[2]), float(r[3]), float(r[4])
        print("%-6s %-9s %12.0f %10.3f %10.3f %14.1f" % (kind, name, rps, rps / wrk, rps / hey, cpu / max(1, n) * 1e6))
PY
[ -f "$WORK/alloc.txt" ] && cat "$WORK/alloc.txt"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
