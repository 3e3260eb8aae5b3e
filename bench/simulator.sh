#!/usr/bin/env bash
# Can the simulator saturate the collector? (see bench/src/main/java/dev/questlog/bench/SimulatorBench.java)
# Usage: bench/simulator.sh [--events N] [--connections C] [--write BENCHMARKS.md]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx3g -cp "$ROOT/bench/target/classes:$ROOT/bench/target/lib/*" \
  dev.questlog.bench.SimulatorBench "$@"
