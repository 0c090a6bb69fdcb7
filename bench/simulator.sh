#!/usr/bin/env bash
# Throughput of `slatune simulate` with zero delays: streamed chat completions of 16 tokens
# (stream_options.include_usage, so 19 SSE events per response), driven by h2load over HTTP/1.1.
#
#   bench/simulator.sh                 # 100000 requests over 64 connections after a warm-up
#   N=200000 C=128 bench/simulator.sh  # other sizes
#
# Prints the h2load summary and one line "simulator: <req/s> streamed 16-token requests/s".
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/quarkus-app/quarkus-run.jar
PORT=${PORT:-18899}
N=${N:-100000}
C=${C:-64}
WARMUP=${WARMUP:-30000}

command -v h2load >/dev/null || { echo "needs h2load: apt-get install nghttp2-client" >&2; exit 2; }
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests

java -jar "$JAR" simulate --zero-delay --slots 1024 --port "$PORT" >/dev/null &
SIM=$!
trap 'kill $SIM 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.2
done

BODY=$(mktemp)
trap 'kill $SIM 2>/dev/null || true; rm -f "$BODY"' EXIT
printf '%s' '{"model":"slatune-sim","messages":[{"role":"user","content":"Say sixteen words."}],"max_tokens":16,"stream":true,"stream_options":{"include_usage":true}}' >"$BODY"
URL="http://127.0.0.1:$PORT/v1/chat/completions"

# Sanity: one response has 16 content chunks and ends with [DONE].
curl -sN "$URL" -H 'content-type: application/json' --data-binary @"$BODY" | tail -c 200 | grep -q 'data: \[DONE\]'

h2load --h1 -n "$WARMUP" -c "$C" -t 1 -d "$BODY" -H 'content-type: application/json' "$URL" >/dev/null
OUT=$(h2load --h1 -n "$N" -c "$C" -t 1 -d "$BODY" -H 'content-type: application/json' "$URL")
echo "$OUT" | grep -E 'finished in|requests:|status codes:'
echo "$OUT" | grep -q "status codes: $N 2xx" || { echo "not every request succeeded" >&2; exit 1; }
RPS=$(echo "$OUT" | sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p')
echo "simulator: $RPS streamed 16-token requests/s ($(nproc) cores, $C connections, load average $(cut -d' ' -f1 /proc/loadavg))"
