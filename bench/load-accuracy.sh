#!/usr/bin/env bash
# Accuracy of slatune load against the simulator with known delays and no jitter:
#   engine steps of exactly 10 ms (-> TPOT 10 ms) and every request stalled 30 ms before it joins the
#   batch; in a closed loop each request arrives just after a step boundary, so its first token
#   comes 30 ms (stall) + 10 ms (rest of the step) + 10 ms (its first step) = 50 ms after it was sent.
# Checks: --parallel 256: TTFT p50 within 2 ms of 50 ms, TPOT p50 within 0.5 ms of 10 ms;
#         --rate 1000 and 2000 (RATES=...): achieved rate within 1% of target, schedule lag p99 <= 2 ms.
# Usage: bench/load-accuracy.sh [seconds]
source "$(dirname "$0")/load-common.sh"
SECS=${1:-20}
build
PORT=$(free_port)
SIM_OPTS=${SIM_OPTS:-$LOAD_JAVA_OPTS}
java $SIM_OPTS -jar "$JAR" simulate --port "$PORT" --slots 1024 --step-base 10ms --step-per-seq 0ms \
    --prefill-per-token 0ms --jitter 0 --stall 30ms --stall-fraction 1 > "$WORK/sim.log" 2>&1 & PIDS+=($!)
wait_port "$PORT"
URL="http://127.0.0.1:$PORT/v1/chat/completions"
echo "== JAVA_OPTS: $JAVA_OPTS"
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
COMMON=(--url "$URL" --model slatune-sim --max-tokens 16 --min-tokens 16 --min-prompt-length 64
        --max-prompt-length 64 --duration "$SECS" --warmup-seconds 5)

echo "== slatune load --parallel 256 ${COMMON[*]}"
slatune_load "${COMMON[@]}" --parallel 256 --output "$WORK/p256.json" > "$WORK/p256.txt" 2>&1 || true
grep -vE "^\[|^slatune load:" "$WORK/p256.txt"
json_get "$WORK/p256.json" "'parallel 256: ttft p50 %.2f ms (|err| %.2f ms, limit 2), tpot p50 %.3f ms (|err| %.3f ms, limit 0.5), saturated %s' % (r['ttft']['p50']*1e3, abs(r['ttft']['p50']*1e3-50), r['tpot']['p50']*1e3, abs(r['tpot']['p50']*1e3-10), r['client']['saturated'])"

for RATE in ${RATES:-1000 2000}; do
  echo "== slatune load --rate $RATE ${COMMON[*]}"
  slatune_load "${COMMON[@]}" --rate "$RATE" --output "$WORK/r$RATE.json" > "$WORK/r$RATE.txt" 2>&1 || true
  grep -vE "^\[|^slatune load:" "$WORK/r$RATE.txt"
  json_get "$WORK/r$RATE.json" "'rate $RATE: achieved %.2f/s (%.4f of target, limit 0.99), schedule lag p99 %.2f ms (limit 2), saturated %s %s' % (r['client']['achievedRate'], r['client']['achievedRate']/$RATE, r['client']['scheduleLagP99']*1e3, r['client']['saturated'], r['client'].get('reason') or '')"
done
