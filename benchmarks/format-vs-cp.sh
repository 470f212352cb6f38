#!/usr/bin/env bash
# End-to-end benchmark (issue 6): `jbcachefs format --source` of a >= 1 GiB tree with >= 20,000 files against
# `cp -a` of the same tree into a fresh ext4 loop filesystem, all in ONE run, median of REPEAT runs each:
#   format zstd : bin/jbcachefs format --compression=zstd --source=TREE IMG (fresh sparse image, ~2x the tree)
#   format none : the same without compression
#   cp -a       : mkfs.ext4 -q -F + mount -o loop (untimed), then timed `cp -a TREE/. MNT/ && sync`; the
#                 mkfs+mount+cp+sync+umount total is reported too
# The format times include JVM start-up (a new JVM per run, as a user would run it) and the final flushes.
# The page cache is dropped before every timed run when the kernel lets us (needs root outside a container).
# Run as root (loop mount). Environment: BENCH_DIR (scratch, default target/bench), REPEAT (default 3),
# SEED (tree seed, default 42), JBCACHEFS_JAVA_OPTS (JVM options for the format runs, e.g. -Xmx256m),
# SERIAL=1 (also time format zstd with one encoder thread, -Djbcachefs.encodeThreads=1, to show the pipeline's gain).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
scratch="${BENCH_DIR:-$here/target/bench}"
repeat="${REPEAT:-3}"
seed="${SEED:-42}"
jbc="$here/bin/jbcachefs"
[ "$(id -u)" = 0 ] || { echo "format-vs-cp: run as root (the cp baseline loop-mounts an ext4 image)" >&2; exit 1; }
need() { # command, package
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "format-vs-cp: installing $2..." >&2
  { apt-get install -y -qq "$2" || { apt-get update -qq && apt-get install -y -qq "$2"; }; } >&2
}
need mkfs.ext4 e2fsprogs
need python3 python3-minimal
mkdir -p "$scratch"
tree="$scratch/tree"
stamp="$scratch/tree.stamp"
want="seed=$seed $(sha256sum "$here/benchmarks/make-bench-tree.py" | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "format-vs-cp: generating the source tree (seed $seed)..." >&2
  rm -rf "$tree" "$stamp"
  python3 "$here/benchmarks/make-bench-tree.py" "$tree" "$seed" >/dev/null
  echo "$want" >"$stamp"
fi
nfiles=$(find "$tree" -type f | wc -l)
tbytes=$(du -sb "$tree" | cut -f1)
img_mib=$(( (tbytes * 2) / 1048576 + 64 ))
img="$scratch/bench.img"
ext="$scratch/ext4.img"
mnt="$scratch/mnt"
mkdir -p "$mnt"
cleanup() { mountpoint -q "$mnt" && umount "$mnt"; rm -f "$img" "$ext"; }
trap cleanup EXIT
"$jbc" --version >/dev/null # builds the launcher's jar outside the timed runs

dropped=no
drop_caches() {
  sync
  if echo 3 2>/dev/null >/proc/sys/vm/drop_caches; then dropped=yes; fi
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

fmt_run() { # compression [extra JVM option] -> "ms cpu-ms" (cpu = user + sys of the format process)
  rm -f "$img"
  truncate -s "${img_mib}M" "$img"
  drop_caches
  local s e cpu TIMEFORMAT='%U %S'
  s=$(now_ms)
  { time JBCACHEFS_JAVA_OPTS="${JBCACHEFS_JAVA_OPTS:-} ${2:-}" "$jbc" format -q --compression="$1" --source="$tree" "$img" >"$scratch/format-$1.log" 2>&1; } 2>"$scratch/format-$1.time" \
    || { cat "$scratch/format-$1.log" >&2; exit 1; }
  e=$(now_ms)
  cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' "$scratch/format-$1.time")
  echo "$(( e - s )) $cpu"
}
cp_run() { # -> "cp+sync ms" "total ms"
  rm -f "$ext"
  truncate -s "${img_mib}M" "$ext"
  drop_caches
  local s a b e
  s=$(now_ms)
  mkfs.ext4 -q -F "$ext"
  mount -o loop "$ext" "$mnt"
  a=$(now_ms)
  cp -a "$tree/." "$mnt/"
  sync
  b=$(now_ms)
  umount "$mnt"
  e=$(now_ms)
  echo "$(( b - a )) $(( e - s ))"
}

: >"$scratch/times"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$repeat"); do
  echo "format-vs-cp: round $i/$repeat" >&2
  read -r t c < <(fmt_run zstd)
  echo "zstd $t" >>"$scratch/times"
  echo "zstdcpu $c" >>"$scratch/times"
  if [ "${SERIAL:-0}" = 1 ]; then
    read -r t c < <(fmt_run zstd -Djbcachefs.encodeThreads=1)
    echo "serial $t" >>"$scratch/times"
    echo "serialcpu $c" >>"$scratch/times"
  fi
  read -r t c < <(fmt_run none)
  echo "none $t" >>"$scratch/times"
  echo "nonecpu $c" >>"$scratch/times"
  read -r c t < <(cp_run)
  echo "cp $c" >>"$scratch/times"
  echo "cptotal $t" >>"$scratch/times"
done
med() { awk -v k="$1" '$1==k{print $2}' "$scratch/times" | median; }
all() { awk -v k="$1" '$1==k{printf "%s%s", s, $2; s=","}' "$scratch/times"; }
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
t_zstd=$(med zstd); t_none=$(med none); t_cp=$(med cp); t_cpt=$(med cptotal)
printf 'tree: %d files, %s bytes (%.2f GiB); image %d MiB; %d CPUs; median of %d; page cache dropped: %s; load average before: %s, after: %s\n' \
  "$nfiles" "$tbytes" "$(awk -v b="$tbytes" 'BEGIN{print b/1073741824}')" "$img_mib" "$(nproc)" "$repeat" "$dropped" "$load_before" "$load_after"
printf '%-44s %9s  %-22s %s\n' "run" "median ms" "all runs (ms)" "ratio to cp -a + sync"
row() { printf '%-44s %9s  %-22s %s\n' "$1" "$2" "$3" "$(awk -v a="$2" -v b="$t_cp" 'BEGIN{printf "%.2f", a/b}')"; }
row "jbcachefs format --compression=zstd" "$t_zstd" "$(all zstd)"
[ "${SERIAL:-0}" = 1 ] && row "jbcachefs format --compression=zstd, 1 thread" "$(med serial)" "$(all serial)"
row "jbcachefs format (no compression)" "$t_none" "$(all none)"
row "cp -a + sync (ext4 loop, timed part)" "$t_cp" "$(all cp)"
row "mkfs.ext4 + mount + cp -a + sync + umount" "$t_cpt" "$(all cptotal)"
printf 'format CPU time (user+sys, median ms): zstd %s (%s), none %s (%s)\n' "$(med zstdcpu)" "$(all zstdcpu)" "$(med nonecpu)" "$(all nonecpu)"
echo "format times include JVM start-up and the final flushes; goal: format zstd <= 1.5x cp -a + sync"
