#!/usr/bin/env bash
# Can the simulator saturate the collector? (see bench/src/main/java/dev/questlog/bench/SimulatorBench.java)
# Usage: bench/simulator.sh [--events N] [--connections C] [--write BENCHMARKS.md]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/.mvn/find-jdk.sh"
questlog_find_jdk || exit 1
(cd "$ROOT" && ./mvnw -q -B -DskipTests -Dmaven.test.skip=true -pl bench -am package >&2)
read -r -a JVM_FLAGS < "$ROOT/server/target/classes/questlog-jvm.options"
cd "$ROOT"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx3g -cp "$ROOT/bench/target/classes:$ROOT/bench/target/lib/*" \
  dev.questlog.bench.SimulatorBench "$@"
