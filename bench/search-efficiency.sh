#!/usr/bin/env bash
# Search-efficiency benchmark: both strategies over synthetic response curves with seeded noise.
# Usage: bench/search-efficiency.sh [seeds=20] [first-seed=1] [noise=0.03]
# Prints a Markdown table; see bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -o -q test-compile
./mvnw -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    dev.slatune.search.SearchEfficiencyBench "$@"
