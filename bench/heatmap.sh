#!/usr/bin/env bash
# Heatmap latency over 10M / 100M warm-tier events, DuckDB and PostgreSQL (see HeatmapBench); writes the
# "## Heatmaps" section of BENCHMARKS.md. Usage:
#   bench/heatmap.sh [--rows 10000000,100000000] [--runs 20] [--warmups 3] [--pg-rows 10000000]
#                    [--layouts plain,clustered]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx4g -cp "$ROOT/bench/target/questlog-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  dev.questlog.bench.HeatmapBench --out "$ROOT/BENCHMARKS.md" "$@"
