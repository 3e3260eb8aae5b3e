#!/usr/bin/env bash
# Stream-to-warm turnaround at the defaults (see WarmTurnaroundBench). Usage:
#   bench/warm-turnaround.sh [--duration-s N] [--every-s N] [--events N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/.mvn/find-jdk.sh"
questlog_find_jdk || exit 1
(cd "$ROOT" && ./mvnw -q -B -DskipTests -Dmaven.test.skip=true -pl bench -am package >&2)
read -r -a JVM_FLAGS < "$ROOT/server/target/classes/questlog-jvm.options"
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx4g -cp "$ROOT/bench/target/questlog-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  dev.questlog.bench.WarmTurnaroundBench "$@"
