#!/usr/bin/env bash
# Which JVM options should the load pods get? Runs `slatune load` against nginx (a fixed non-streamed
# chat completion, so the client is the bottleneck) with each option set, pinned to 1, 2 and 4 CPUs
# with taskset (the way a CPU limit bounds a pod), nginx pinned to the remaining CPUs. Prints req/s
# and CPU seconds per 1000 requests for each (option set, CPUs) pair, round-robin over ROUNDS rounds so
# a slow minute hits every option set alike.
#
# Run it on a QUIET machine with at least 6 cores (the numbers are meaningless while others build):
#   bench/jvm-options.sh [seconds per run, default 20] [rounds, default 3]
# Needs nginx and taskset: apt-get install nginx-light util-linux
#
# Option sets:
#   defaults   nothing (what `java -jar` does in a container: ergonomics from the cgroup)
#   operator   what LoadJobBuilder sets (WorkerJvm.options): -XX:ActiveProcessorCount=N
#              -XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError
#   starved    the flags README once suggested for shared machines: C1 only, serial GC, no
#              guaranteed safepoints (measured slower on an idle machine: 27.6k vs 43.7k req/s)
source "$(dirname "$0")/load-common.sh"
SECS=${1:-20}
ROUNDS=${2:-3}
need nginx nginx-light; need taskset util-linux; build
CORES=$(nproc)
[ "$CORES" -ge 6 ] || echo "warning: $CORES cores; nginx shares CPUs with the 4-CPU runs" >&2
LOAD1=$(cut -d' ' -f1 /proc/loadavg)
awk -v l="$LOAD1" -v c="$CORES" 'BEGIN { if (l > c / 4) { print "warning: load average " l " on " c " cores: not a quiet machine" > "/dev/stderr" } }'
PORT=$(free_port)
# nginx on the last CPUs, the load on the first ones.
NGINX_CPUS="$((CORES - 2))-$((CORES - 1))"
start_nginx "$PORT" 2 "" application/json "$CHAT_JSON_BODY"
URL="http://127.0.0.1:$PORT/v1/chat/completions"

options() { # set cpus
  case "$1" in
    defaults) echo "" ;;
    operator) echo "-XX:ActiveProcessorCount=$2 -XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError" ;;
    starved) echo "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0" ;;
  esac
}

echo "== machine: $CORES cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $SECS s per run, $ROUNDS rounds"
echo "round,options,cpus,req_per_s,cpu_s_per_1000_req"
for round in $(seq 1 "$ROUNDS"); do
  for cpus in 1 2 4; do
    [ "$cpus" -le "$CORES" ] || continue
    for set in defaults operator starved; do
      OPTS=$(options "$set" "$cpus")
      OUT="$WORK/$set-$cpus-$round"
      # JAVA_TOOL_OPTIONS, as the Job sets them; -Xmx as a 1Gi memory limit would give at 75%.
      CPU=$(JAVA_TOOL_OPTIONS="$OPTS" with_cpu taskset -c "0-$((cpus - 1))" java -Xmx768m -jar "$JAR" load \
          --url "$URL" --model bench --parallel $((64 * cpus)) --no-stream --duration "$SECS" \
          --warmup-seconds 5 --max-tokens 16 --min-prompt-length 64 --max-prompt-length 64 \
          --output "$OUT.json" 2>/dev/null | awk -F= '/^cpu_seconds=/ {print $2}')
      RPS=$(json_get "$OUT.json" "round(r['requests']['total']/r['windowSeconds'],1)")
      TOTAL=$(json_get "$OUT.json" "r['requests']['total']")
      echo "$round,$set,$cpus,$RPS,$(python3 -c "print(round(1000*$CPU/max(1,$TOTAL),3))")"
    done
  done
done
echo "== add the medians per (options, cpus) to bench/RESULTS.md, section 'JVM options of the load pods'"
