#!/usr/bin/env bash
# Warm-tier load throughput with dedupe into a table already holding --base events (see WarehouseLoadBench). Usage:
#   bench/warehouse-load.sh [--engine duckdb|postgres|both] [--base N (100000000)] [--batch N (500000)]
#                           [--batches N (3)] [--days N (175)] [--dir DIR (java.io.tmpdir)]
# At 100M rows the work directory needs about 5 GB for DuckDB and 35 GB for PostgreSQL (data, indexes, CSV chunks).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx4g -cp "$ROOT/bench/target/questlog-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  dev.questlog.bench.WarehouseLoadBench "$@"
