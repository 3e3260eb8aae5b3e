#!/usr/bin/env bash
# Hot and live benchmark: ingest → /v1/live and ingest → /v1/search under steady load, and search latency over 7
# days of history. Writes the "## Hot and live" section of BENCHMARKS.md at the repository root (~3-5 minutes).
# Options (all optional): --rate 5000 --seconds 60 --history-events 1000000
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CP="$ROOT/bench/target/classes:$(ls "$ROOT"/bench/target/lib/*.jar | tr '\n' ':')"
cd "$ROOT"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx2g \
  -cp "$CP" dev.questlog.bench.HotLiveBench --out "$ROOT/BENCHMARKS.md" "$@"
