#!/usr/bin/env bash
# Durable HTTP ingest benchmark (see bench/src/main/java/dev/questlog/bench/IngestBench.java).
# Usage: bench/ingest.sh [--seconds N] [--concurrency C] [--write BENCHMARKS.md]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx2g -cp "$ROOT/bench/target/classes:$ROOT/bench/target/lib/*" \
  dev.questlog.bench.IngestBench "$@"
