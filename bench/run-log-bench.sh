#!/usr/bin/env bash
# The stream benchmark: QuestLog's embedded log vs a single Apache Kafka 4.x broker, in the same run.
# Writes the "## Stream (log)" section of BENCHMARKS.md at the repository root. Takes ~12 minutes with defaults.
# Options (all optional): --runs 3 --seconds 5 --warmup 2 --batch 100 --dir /tmp/questlog-logbench
#   --systems questlog-group,kafka-flush,questlog-none,kafka-default,questlog-kafka
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CP="$ROOT/bench/target/classes:$(ls "$ROOT"/bench/target/lib/*.jar | tr '\n' ':')"
cd "$ROOT"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx4g -Dlogback.configurationFile=logback-bench.xml \
  -cp "$CP" dev.questlog.bench.LogBench "$@"
