#!/usr/bin/env bash
# Search-efficiency benchmark: both strategies over synthetic response curves with seeded noise.
# Usage: bench/search-efficiency.sh [seeds=20] [first-seed=1] [noise=0.03] [sample-budget=1000]
# Noise: run-to-run (Gaussian) plus every request's latency drawn from a lognormal (sigma 0.5), a heavy tail.
# Prints a Markdown table; see bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -o -q test-compile
./mvnw -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    dev.slatune.search.SearchEfficiencyBench "$@"
