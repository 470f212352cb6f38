#!/usr/bin/env bash
# End-to-end FUSE mount benchmark on the `default` reference image, every figure measured in the same run
# against a baseline on the same machine:
#   * sequential read (dd bs=1M) of random-5MiB.bin and compressible-2MiB.txt through the mount, cold
#     (page cache dropped, which also drops the image's cached blocks) and warm, vs the same file in a local
#     copy of the tree (make-tree.sh) on the same filesystem as the image;
#   * the same bytes through the library API: `bin/jbcachefs cat IMG PATH >/dev/null`, a fresh JVM each time
#     (JVM start-up INCLUDED), warm page cache;
#   * metadata: `find DIR -type f | xargs stat` of the 1000-file directory through the mount vs locally,
#     cold and warm.
# Each figure is the median of REPEAT runs (default 5). Cold runs need root (echo 3 > /proc/sys/vm/drop_caches);
# without root they are skipped. Mounts as root with mount(2), otherwise through fusermount3.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
fixtures="${JBCACHEFS_FIXTURES:-$here/../shared/fixtures/bcachefs-1.36}"
repeat="${REPEAT:-5}"
jbc="$here/bin/jbcachefs"
work="$(mktemp -d)"
mnt="$work/mnt"
cleanup() {
  if grep -q " $mnt " /proc/self/mountinfo 2>/dev/null; then "$jbc" umount "$mnt" >/dev/null 2>&1 || umount -l "$mnt" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
command -v setfattr >/dev/null || { apt-get update -qq && apt-get install -y -qq attr; } >&2
zstd -q -d "$fixtures/default.img.zst" -o "$work/default.img"
bash "$fixtures/make-tree.sh" "$work/local" >/dev/null
img="$work/default.img"
mkdir "$mnt"
"$jbc" mount "$img" "$mnt" 2>/dev/null
root=0; [ "$(id -u)" = 0 ] && root=1
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }
median() { sort -n | awk '{a[NR]=$1} END{printf "%.1f", a[int((NR+1)/2)]}'; }
# time_ms MODE cmd... : MODE cold drops caches before each run, warm runs once untimed first
time_ms() {
  local mode=$1; shift
  [ "$mode" = warm ] && "$@" >/dev/null 2>&1
  for _ in $(seq "$repeat"); do
    [ "$mode" = cold ] && drop
    local s e
    s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    echo "$(( (e - s) / 1000 ))" | awk '{print $1/1000}'
  done | median
}
dd_read() { dd if="$1" of=/dev/null bs=1M status=none; }
stat_tree() { find "$1" -type f -print0 | xargs -0 stat >/dev/null; }
rows=()
row() { # label, fuse ms, baseline label, baseline ms
  rows+=("$(printf '%-52s %10s ms   %-34s %10s ms   %6s' "$1" "$2" "$3" "$4" "$(awk -v a="$2" -v b="$4" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "-" }')")")
}
jvm=$(time_ms warm "$jbc" --version)
for f in random-5MiB.bin compressible-2MiB.txt; do
  [ "$(cmp "$mnt/$f" "$work/local/$f" && echo same)" = same ] || { echo "mount-bench: $f differs through the mount" >&2; exit 1; }
  if [ $root = 1 ]; then
    row "dd bs=1M $f via mount, cold" "$(time_ms cold dd_read "$mnt/$f")" "local copy, cold" "$(time_ms cold dd_read "$work/local/$f")"
  fi
  row "dd bs=1M $f via mount, warm" "$(time_ms warm dd_read "$mnt/$f")" "local copy, warm" "$(time_ms warm dd_read "$work/local/$f")"
  t_cat=$(time_ms warm "$jbc" cat "$img" "/$f")
  row "jbcachefs cat $f (+JVM start), warm" "$t_cat" "local copy dd, warm" "$(time_ms warm dd_read "$work/local/$f")"
  row "jbcachefs cat $f (+JVM start), warm" "$t_cat" "JVM start-up: jbcachefs --version" "$jvm"
done
if [ $root = 1 ]; then
  row "find dir1000 | xargs stat via mount, cold" "$(time_ms cold stat_tree "$mnt/dir1000")" "local copy, cold" "$(time_ms cold stat_tree "$work/local/dir1000")"
fi
row "find dir1000 | xargs stat via mount, warm" "$(time_ms warm stat_tree "$mnt/dir1000")" "local copy, warm" "$(time_ms warm stat_tree "$work/local/dir1000")"
echo "mount-bench: default image, median of $repeat runs, $(nproc) CPUs, kernel $(uname -r)"
printf '%-52s %13s   %-34s %13s   %6s\n' "operation" "time" "baseline (same run)" "time" "ratio"
printf '%s\n' "${rows[@]}"
echo "cold = page cache dropped before each run (root only); warm = after one untimed run; ratio = left/right"
