# Sourced by ./mvnw and ./questlog: finds a JDK >= 21 and exports JAVA_HOME to it.
# Order: $JAVA_HOME, then `java` on PATH, then the newest under /usr/lib/jvm/*.
# Returns non-zero, after saying how to fix it, when there is none.

questlog_java_major() {  # $1 = path to a java binary; prints its feature version (17, 21, 25 …)
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

questlog_find_jdk() {
  questlog_min=21
  for questlog_cand in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null)"; do
    [ -n "$questlog_cand" ] && [ -x "$questlog_cand" ] || continue
    # Resolve symlinks so JAVA_HOME points at the JDK, not at /usr/bin.
    questlog_real=$(readlink -f "$questlog_cand")
    questlog_v=$(questlog_java_major "$questlog_real")
    if [ -n "$questlog_v" ] && [ "$questlog_v" -ge "$questlog_min" ] && [ -x "$(dirname "$questlog_real")/javac" ]; then
      JAVA_HOME=$(dirname "$(dirname "$questlog_real")"); QUESTLOG_JAVA_MAJOR=$questlog_v
      export JAVA_HOME QUESTLOG_JAVA_MAJOR; return 0
    fi
  done
  questlog_best=""; questlog_best_v=0
  for questlog_dir in /usr/lib/jvm/*/; do
    questlog_cand="${questlog_dir%/}/bin/java"
    [ -x "$questlog_cand" ] && [ -x "${questlog_dir%/}/bin/javac" ] || continue
    questlog_v=$(questlog_java_major "$questlog_cand")
    if [ -n "$questlog_v" ] && [ "$questlog_v" -ge "$questlog_min" ] && [ "$questlog_v" -gt "$questlog_best_v" ]; then
      questlog_best="${questlog_dir%/}"; questlog_best_v=$questlog_v
    fi
  done
  if [ -n "$questlog_best" ]; then
    JAVA_HOME=$questlog_best; QUESTLOG_JAVA_MAJOR=$questlog_best_v
    export JAVA_HOME QUESTLOG_JAVA_MAJOR; return 0
  fi
  echo "questlog: no JDK ${questlog_min} or newer found (looked at JAVA_HOME, \`java\` on PATH and /usr/lib/jvm/*)." >&2
  echo "questlog: install one (e.g. \`apt-get install openjdk-21-jdk\`) or point JAVA_HOME at it." >&2
  return 1
}
