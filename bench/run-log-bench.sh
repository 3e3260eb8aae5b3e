#!/usr/bin/env bash
# The stream benchmark: QuestLog's embedded log vs a single Apache Kafka 4.x broker, in the same run.
# Writes the "## Stream (log)" section of BENCHMARKS.md at the repository root. Takes ~12 minutes with defaults.
# Options (all optional): --runs 3 --seconds 5 --warmup 2 --batch 100 --dir /tmp/questlog-logbench
#   --systems questlog-group,kafka-flush,questlog-none,kafka-default,questlog-kafka
#   --paced-rate R: diagnosis only (QuestLog systems): the paced scenario at R records/s with a per-second latency
#   timeline on stderr; BENCHMARKS.md is left alone.
# Environment: QUESTLOG_BENCH_JAVA_OPTS adds JVM options (e.g. a JFR recording, -Xlog:gc) to the benchmark JVM.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CP="$ROOT/bench/target/classes:$(ls "$ROOT"/bench/target/lib/*.jar | tr '\n' ':')"
cd "$ROOT"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx4g ${QUESTLOG_BENCH_JAVA_OPTS:-} -Dlogback.configurationFile=logback-bench.xml \
  -cp "$CP" dev.questlog.bench.LogBench "$@"
