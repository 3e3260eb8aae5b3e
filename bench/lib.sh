# Sourced (not run) by the bench/*.sh scripts: finds JDK 25 (sets JAVA_HOME), builds the bench module and what it
# depends on (Maven's output to stderr, so that a script's stdout stays its own), and reads the server's JVM flags.
# Sets ROOT (the repository root) and JVM_FLAGS (an array). Leaves the working directory alone.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/.mvn/find-jdk.sh"
questlog_find_jdk || exit 1
(cd "$ROOT" && ./mvnw -q -B -DskipTests -Dmaven.test.skip=true -pl bench -am package >&2)
read -r -a JVM_FLAGS < "$ROOT/server/target/classes/questlog-jvm.options"
