#!/usr/bin/env bash
# Durable HTTP ingest benchmark (see bench/src/main/java/dev/questlog/bench/IngestBench.java): the server runs as
# `./questlog serve --roles ingest` in its own JVM; wrk (peak) and OpenLoopLoad (latency at 25/50/90% of peak) load it.
# Usage: bench/ingest.sh [--seconds N] [--connections C] [--threads T] [--port P] [--write BENCHMARKS.md]
#        [--keep-profile FILE.jfr]  (keeps the profiled run's JFR recording)
set -euo pipefail
if ! command -v wrk >/dev/null 2>&1; then
  echo "bench/ingest.sh needs wrk (the HTTP load generator); install it with: apt-get install -y wrk" >&2
  exit 2
fi
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
# This JVM only orchestrates (and measures the parser and the log alone at the end, with the server stopped).
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx1g -cp "$ROOT/bench/target/classes:$ROOT/bench/target/lib/*" \
  dev.questlog.bench.IngestBench "$@"
