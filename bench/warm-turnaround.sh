#!/usr/bin/env bash
# Stream-to-warm turnaround at the defaults (see WarmTurnaroundBench). Usage:
#   bench/warm-turnaround.sh [--duration-s N] [--every-s N] [--events N]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx4g -cp "$ROOT/bench/target/questlog-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  dev.questlog.bench.WarmTurnaroundBench "$@"
