#!/usr/bin/env bash
# Warm-tier load throughput with dedupe (see WarehouseLoadBench). Usage:
#   bench/warehouse-load.sh [--engine duckdb|postgres|both] [--base N] [--batch N] [--batches N]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx4g -cp "$ROOT/bench/target/questlog-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  dev.questlog.bench.WarehouseLoadBench "$@"
