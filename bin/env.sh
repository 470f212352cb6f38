# Sourced by the project's scripts: finds a JDK 25 and exports JAVA_HOME and JAVA; checks Maven.
jbc_find_jdk() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/jdk-25*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    # the JDK's release file names its version without starting a JVM (about 0.3 s saved on every command)
    if [ -f "$c/release" ]; then
      grep -qE '^JAVA_VERSION="25' "$c/release" && { echo "$c"; return 0; }
    elif "$c/bin/java" -version 2>&1 | grep -qE 'version "25'; then echo "$c"; return 0; fi
  done
  return 1
}
if ! JAVA_HOME="$(jbc_find_jdk)"; then
  echo "jbcachefs: needs JDK 25 (looked in \$JAVA_HOME and /usr/lib/jvm/temurin-25-jdk-amd64); install Temurin 25 there" >&2
  exit 1
fi
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
export JAVA
# Maven itself (its bundled Guava) trips JDK 25's sun.misc.Unsafe warnings; silence them for the build only.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
if ! command -v mvn >/dev/null 2>&1; then
  echo "jbcachefs: installing maven..." >&2
  (apt-get update -qq && apt-get install -y -qq maven) >&2 || { echo "jbcachefs: needs Apache Maven (apt-get install maven)" >&2; exit 1; }
fi
