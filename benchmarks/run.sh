#!/usr/bin/env bash
# Builds the benchmarks module and runs the JMH benchmarks, printing each result as a ratio against the
# baseline measured in the same run. Results go to benchmarks/results/ (gitignored).
#
# Environment (defaults give a run of a few minutes):
#   JMH_WI / JMH_W   warmup iterations / time per warmup iteration   (3 / 1s)
#   JMH_I  / JMH_R   measurement iterations / time per iteration     (5 / 1s)
#   JMH_F            forks                                           (1)
#   JMH_IMAGES       comma-separated reference images                (default)
#   JMH_ARGS         further JMH options, e.g. "-prof gc" or a benchmark regex such as "UnpackBench"
#   JBCACHEFS_FIXTURES  reference image directory (default: ../shared/fixtures/bcachefs-1.36 beside the repo)
#   SKIP_BUILD=1     reuse the last build
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=../bin/env.sh
. "$ROOT/bin/env.sh"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "building (core + benchmarks)..." >&2
  mvn -q -B -pl benchmarks -am package -DskipTests
fi
JAR="$ROOT/benchmarks/target/jbcachefs-benchmarks.jar"
[ -f "$JAR" ] || { echo "run.sh: $JAR missing; build first" >&2; exit 1; }

export JBCACHEFS_FIXTURES="${JBCACHEFS_FIXTURES:-$ROOT/../shared/fixtures/bcachefs-1.36}"
export JBCACHEFS_SCRATCH="${JBCACHEFS_SCRATCH:-$ROOT/target/fixtures}"
[ -d "$JBCACHEFS_FIXTURES" ] || { echo "run.sh: no reference images in $JBCACHEFS_FIXTURES (set JBCACHEFS_FIXTURES)" >&2; exit 1; }

RESULTS="$ROOT/benchmarks/results"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
# shellcheck disable=SC2086
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR" dev.jbcachefs.bench.RunAll "$RESULTS" "$STAMP" \
  -wi "${JMH_WI:-3}" -w "${JMH_W:-1s}" -i "${JMH_I:-5}" -r "${JMH_R:-1s}" -f "${JMH_F:-1}" \
  -p image="${JMH_IMAGES:-default}" ${JMH_ARGS:-} 2>&1 | grep -v -e '^WARNING: ' | tee "$RESULTS/log-$STAMP.txt"
echo "results: $RESULTS/summary-$STAMP.txt, $RESULTS/jmh-$STAMP.json, $RESULTS/log-$STAMP.txt" >&2
