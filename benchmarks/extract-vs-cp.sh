#!/usr/bin/env bash
# End-to-end benchmark: `jbcachefs extract` of a reference image against `cp -a` of the same tree from a
# local directory, measured in the same run (ratio = extract time / cp time). Each is run REPEAT times
# (default 5) into a fresh directory; the median is reported. The image is read from the page cache
# (one warm-up extract first), as is the cp source.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
fixtures="${JBCACHEFS_FIXTURES:-$here/../shared/fixtures/bcachefs-1.36}"
image="${IMAGE:-default}"
repeat="${REPEAT:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v setfattr >/dev/null || { apt-get update -qq && apt-get install -y -qq attr; } >&2
zstd -q -d "$fixtures/$image.img.zst" -o "$work/$image.img"
bash "$fixtures/make-tree.sh" "$work/src" >/dev/null
jbc="$here/bin/jbcachefs"
"$jbc" extract "$work/$image.img" "$work/warm" >/dev/null 2>&1
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
run() { # label, command...
  local label=$1; shift
  for i in $(seq "$repeat"); do
    rm -rf "$work/out"
    local s e
    s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
  done | median
}
t_extract=$(run extract "$jbc" extract "$work/$image.img" "$work/out")
t_cp=$(run cp cp -a "$work/src" "$work/out")
printf '%-28s %8s ms\n' "jbcachefs extract ($image)" "$t_extract" "cp -a (same tree)" "$t_cp"
awk -v a="$t_extract" -v b="$t_cp" 'BEGIN{printf "ratio extract/cp: %.2f (JVM start-up included)\n", a/b}'
