#!/usr/bin/env bash
# Cold-tier benchmark: builds the bench module and runs dev.questlog.bench.LakeBench, which rewrites the
# "## Cold tier (lake)" section of BENCHMARKS.md. Usage: bench/run-lake.sh [events]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx4g -cp "$ROOT/bench/target/questlog-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  dev.questlog.bench.LakeBench "${1:-500000}" "$ROOT/BENCHMARKS.md"
