#!/usr/bin/env bash
# send.sh: ferry send next to btrfs send (and rsync) on a generated dataset: full sends, an
# incremental of a ~1% change, stream sizes, and optionally how the incremental scales with a
# tree ten times larger.
#
# Usage (as root; needs btrfs-progs, zstd, losetup, java; installs rsync and GNU time with apt-get
# if they are missing; builds cli/target/ferry.jar with mvn if it is missing):
#   sudo bench/send.sh
#   sudo FERRY_BENCH_LARGE=1 bench/send.sh     # also the 10x tree: ~17 GiB of disk, ~15 more minutes
#
# What it does, in one run on one machine:
#   1. makes a loop-mounted btrfs (noatime; a sparse image in a temp dir) and, with bench/Dataset.java,
#      a subvolume of 30,000 files in 2,000 directories (~1.6 GiB, about half compressible);
#      snapshot s1; the dataset's ~1% mutation; snapshot s2. For rsync, two plain directories
#      (reflink copies, so no extra space) hold the trees of s1 and s2;
#   2. with the page cache warm (one untimed run of each command first), FERRY_BENCH_RUNS timed
#      runs of each of
#        full, raw     btrfs send s1                      vs  ferry send --raw s1
#        full, zstd    btrfs send s1 | zstd -3 -T2         vs  ferry send s1 (zstd -3, 2 workers)
#                                                          and ferry send --threads 0 s1 (in the sending thread)
#        incremental   btrfs send -p s1 s2                 vs  ferry send --raw -p s1 s2
#                      rsync -a --delete s2-copy/ s1-copy/ (s1-copy restored before each run)
#                      ferry send -p in a warm JVM: 30 runs in one JVM (bench/WarmRuns.java), the
#                      last FERRY_BENCH_RUNS timed, as `ferry daemon` runs its backups in-process
#      every stream going to /dev/null (so no disk write is timed; sizes are measured apart, with
#      wc -c). Wall time is measured around /usr/bin/time -f '%M', which gives the peak RSS; for a
#      pipeline, that of its largest process. Each ferry run is a fresh JVM, start-up included (also shown
#      on its own: ferry --version);
#   3. with FERRY_BENCH_LARGE=1, the same incremental (and rsync) on a tree made with --scale 10
#      (300,000 files, ~15 GiB) and a change of the same size (~300 files: --fraction 0.001), to
#      see what grows with the tree rather than with the change;
#   4. prints a table with min/median/max and ratios (on medians) against the targets, and writes
#      it to bench/out/send-<time>.txt.
# The machine is shared and has 2 cores: numbers are noisy; compare ranges, not single runs.
# Everything it makes (mount, loop device, temp dir) is removed on exit, also on failure or Ctrl-C.
#
# Environment:
#   FERRY_BENCH_RUNS   timed runs per command (default 3)
#   FERRY_BENCH_LARGE  1 to run the 10x scaling step (default 0)
#   FERRY_BENCH_PROTO  send protocol version for both senders (default 1)
#   FERRY_BENCH_SCALE  dataset scale of the x1 tree (default 1; e.g. 0.1 for a quick smoke run)
#   TMPDIR             where the temp dir (and the sparse image) goes
set -euo pipefail

runs=${FERRY_BENCH_RUNS:-3}
large=${FERRY_BENCH_LARGE:-0}
proto=${FERRY_BENCH_PROTO:-1}
scale=${FERRY_BENCH_SCALE:-1}
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/lib.sh"
bench_name=send
missing=()
command -v rsync >/dev/null || missing+=(rsync)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  apt-get install -y -q "${missing[@]}" >/dev/null
fi
bench_setup send btrfs mkfs.btrfs losetup zstd java rsync

image_gib=$([ "$large" = 1 ] && echo 48 || echo 8)
# noatime: the mutation walks the whole tree to choose its files, and with relatime that walk sets
# the atime of every directory (their first read since creation), which both senders must then
# send: 2,300 changed inodes at x1 and 20,300 at x10 instead of ~300 at both.
make_fs mnt "$(( image_gib * 1024 ))" noatime
mnt="$work/mnt"

results="$work/results"   # one line per measurement: KEY<tab>walls<tab>rss (KiB)
sizes="$work/sizes"       # one line per stream: KEY<tab>bytes
: > "$results"
: > "$sizes"

# measure KEY CMD...: one untimed warm-up, then $runs timed runs; records "KEY wall... rss..."
measure() {
  local key=$1; shift
  local walls=() rsss=() t0 t1 w r
  "$@" > /dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; die "$key failed"; }
  for _ in $(seq "$runs"); do
    [ -n "${before_each:-}" ] && eval "$before_each"
    t0=$(date +%s%N)
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" > /dev/null 2>"$work/stderr" \
      || { cat "$work/stderr" >&2; die "$key failed"; }
    t1=$(date +%s%N)
    read -r _ r < "$work/time"
    w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')  # %e has only 10 ms steps
    walls+=("$w"); rsss+=("$r")
  done
  printf '%s\t%s\t%s\n' "$key" "${walls[*]}" "${rsss[*]}" >> "$results"
  printf '   %-28s wall %s s   rss %s KiB\n' "$key" "${walls[*]}" "${rsss[*]}"
}

# warm KEY FERRY_ARGS...: the same ferry command 30 times in one JVM (bench/WarmRuns.java), as
# `ferry daemon` runs its backups; records the last $runs runs' wall times (no RSS: 0)
warm() {
  local key=$1; shift
  local walls
  java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -cp "$root/cli/target/ferry.jar" "$here/WarmRuns.java" 30 "$@" > "$work/warm" 2>"$work/stderr" \
    || { cat "$work/stderr" >&2; die "$key failed"; }
  walls=$(tail -n "$runs" "$work/warm" | tr '\n' ' ' | sed 's/ $//')
  printf '%s\t%s\t0\n' "$key" "$walls" >> "$results"
  printf '   %-28s wall %s s   (the last %s of 30 runs in one JVM)\n' "$key" "$walls" "$runs"
}

# sized KEY CMD...: the stream's size in bytes
sized() {
  local key=$1; shift
  local bytes
  bytes=$("$@" 2>/dev/null | wc -c)
  printf '%s\t%s\n' "$key" "$bytes" >> "$sizes"
  printf '   %-28s %s bytes\n' "$key" "$bytes"
}

# dataset NAME FACTOR: vol, s1, mutation, s2 and the plain copy of s2 under $mnt/NAME, at FACTOR x $scale
dataset() {
  local d="$mnt/$1"
  mkdir "$d"
  btrfs -q subvolume create "$d/vol"
  java "$here/Dataset.java" create "$d/vol" --scale "$(awk -v a="$2" -v b="$scale" 'BEGIN { print a * b }')" --seed 1
  sync
  btrfs -q subvolume snapshot -r "$d/vol" "$d/s1"
  # The same change at every size: ~1% of the x1 tree's files, so 0.1% of the x10 tree's.
  java "$here/Dataset.java" mutate "$d/vol" --seed 2 --fraction "$(awk -v f="$2" 'BEGIN { print 0.01 / f }')"
  sync
  btrfs -q subvolume snapshot -r "$d/vol" "$d/s2"
  cp -a --reflink=always "$d/s2" "$d/plain-new"
  sync
}

# Restores the rsync destination to s1's tree (untimed, before each rsync run).
reset_plain_old() {
  rm -rf "$plain_old"
  cp -a --reflink=always "$plain_src" "$plain_old"
  sync
}

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cpus; $(btrfs --version); $(java -version 2>&1 | head -1)"
measure "ferry start-up" "$ferry" --version

echo "== dataset x1 in $mnt/x1"
dataset x1 1
d="$mnt/x1"
echo "   $(find "$d/s1" -type f | wc -l) files, $(du -s --apparent-size -BM "$d/s1" | cut -f1) apparent"

echo "== full sends (streams to /dev/null)"
measure "full raw: btrfs send" btrfs send -q --proto "$proto" "$d/s1"
measure "full raw: ferry send --raw" "$ferry" send --raw --proto "$proto" "$d/s1"
measure "full zstd: btrfs|zstd -T2" sh -c "btrfs send -q --proto $proto '$d/s1' | zstd -q -3 -T2"
measure "full zstd: ferry send" "$ferry" send --proto "$proto" "$d/s1"
measure "full zstd: ferry --threads 0" "$ferry" send --threads 0 --proto "$proto" "$d/s1"

echo "== incremental, ~1% changed"
measure "incr x1: btrfs send -p" btrfs send -q --proto "$proto" -p "$d/s1" "$d/s2"
measure "incr x1: ferry send -p" "$ferry" send --raw --proto "$proto" -p "$d/s1" "$d/s2"
plain_src="$d/s1" plain_old="$d/plain-old"
before_each=reset_plain_old
reset_plain_old
measure "incr x1: rsync -a --delete" rsync -a --delete "$d/plain-new/" "$d/plain-old/"
before_each=""
warm "incr x1: ferry -p, warm JVM" send --raw --proto "$proto" -p "$d/s1" "$d/s2" -f /dev/null

echo "== stream sizes"
sized "full: btrfs send" btrfs send -q --proto "$proto" "$d/s1"
sized "full: ferry send --raw" "$ferry" send --raw --proto "$proto" "$d/s1"
sized "full: btrfs|zstd -T2" sh -c "btrfs send -q --proto $proto '$d/s1' | zstd -q -3 -T2"
sized "full: ferry send" "$ferry" send --proto "$proto" "$d/s1"
sized "incr: btrfs send -p" btrfs send -q --proto "$proto" -p "$d/s1" "$d/s2"
sized "incr: ferry send --raw -p" "$ferry" send --raw --proto "$proto" -p "$d/s1" "$d/s2"

if [ "$large" = 1 ]; then
  echo "== freeing x1, dataset x10 in $mnt/x10"
  btrfs -q subvolume delete "$d/s1" "$d/s2" "$d/vol" >/dev/null
  rm -rf "$d"
  dataset x10 10
  d="$mnt/x10"
  echo "   $(find "$d/s1" -type f | wc -l) files, $(du -s --apparent-size -BM "$d/s1" | cut -f1) apparent"
  measure "incr x10: btrfs send -p" btrfs send -q --proto "$proto" -p "$d/s1" "$d/s2"
  measure "incr x10: ferry send -p" "$ferry" send --raw --proto "$proto" -p "$d/s1" "$d/s2"
  plain_src="$d/s1" plain_old="$d/plain-old"
  before_each=reset_plain_old
  reset_plain_old
  measure "incr x10: rsync -a --delete" rsync -a --delete "$d/plain-new/" "$d/plain-old/"
  before_each=""
fi

# ---- report
field() { awk -F'\t' -v k="$1" -v f="$2" '$1 == k { print $f }' "$3"; }
# stats KEY: "min median max" of its wall times
stats() {
  field "$1" 2 "$results" | tr ' ' '\n' | sort -g \
    | awk '{ v[NR] = $1 } END { printf "%.3f %.3f %.3f", v[1], (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[NR] }'
}
med() { stats "$1" | cut -d' ' -f2; }
row() {
  local rss
  rss=$(field "$1" 3 "$results" | tr ' ' '\n' | sort -g | tail -1)
  read -r lo mid hi <<< "$(stats "$1")"
  printf '  %-30s %7s %7s %7s   %7.0f\n' "$1" "$lo" "$mid" "$hi" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
}
# verdict TEXT A B LIMIT TARGET: the ratio of medians A/B, "met" when at most LIMIT
verdict() {
  awk -v n="$1" -v a="$(med "$2")" -v b="$(med "$3")" -v l="$4" -v t="$5" \
    'BEGIN { r = a / b; printf "  %-50s %6.2fx  target %-20s %s\n", n, r, t, (r <= l ? "met" : "MISSED") }'
}
size_ratio() {
  awk -v n="$1" -v a="$(field "$2" 2 "$sizes")" -v b="$(field "$3" 2 "$sizes")" -v w="$4" \
    'BEGIN { r = a / b; printf "  %-50s %8.4f  %s\n", n, r, (w == "" ? "" : (r >= 0.95 && r <= 1.05 ? "target within 5%: met" : "target within 5%: MISSED")) }'
}

report=$(bench_report send)
{
  echo "send.sh: dataset scale $scale, proto $proto, $runs timed runs each after a warm-up, streams to /dev/null, page cache warm"
  echo "  $(btrfs --version), $(java -version 2>&1 | head -1), $(nproc) cpus, kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf '  %-30s %7s %7s %7s   %7s\n' "" "min s" "med s" "max s" "max RSS MiB"
  cut -f1 "$results" | while read -r key; do row "$key"; done
  echo
  echo "  ratios of medians (ferry / reference; below 1 ferry is faster):"
  verdict "full raw: ferry --raw / btrfs send" "full raw: ferry send --raw" "full raw: btrfs send" 1.10 "<= 1.10x"
  verdict "full zstd: ferry / btrfs send | zstd -T2" "full zstd: ferry send" "full zstd: btrfs|zstd -T2" 1.00 "< 1 (faster)"
  verdict "full zstd: ferry --threads 0 / btrfs | zstd -T2" "full zstd: ferry --threads 0" "full zstd: btrfs|zstd -T2" 1.00 "< 1 (faster)"
  verdict "incr x1: ferry -p / btrfs send -p" "incr x1: ferry send -p" "incr x1: btrfs send -p" 1.00 "<= 1 (no slower)"
  verdict "incr x1, warm JVM (daemon): ferry -p / btrfs send -p" "incr x1: ferry -p, warm JVM" "incr x1: btrfs send -p" 1.00 "<= 1 (no slower)"
  verdict "incr x1: ferry -p / rsync" "incr x1: ferry send -p" "incr x1: rsync -a --delete" 0.34 "<= 0.33 (3x ahead)"
  verdict "incr x1: btrfs send -p / rsync (reference)" "incr x1: btrfs send -p" "incr x1: rsync -a --delete" 0.34 "<= 0.33 (3x ahead)"
  if [ "$large" = 1 ]; then
    echo "  growth from x1 to x10 (a change of the same size in a tree 10x larger):"
    verdict "ferry send -p: x10 / x1" "incr x10: ferry send -p" "incr x1: ferry send -p" 1.50 "< 1.5x"
    verdict "btrfs send -p: x10 / x1 (reference)" "incr x10: btrfs send -p" "incr x1: btrfs send -p" 1.50 "< 1.5x"
    verdict "rsync: x10 / x1 (reference)" "incr x10: rsync -a --delete" "incr x1: rsync -a --delete" 1000 "~10x expected"
    verdict "incr x10: ferry -p / rsync" "incr x10: ferry send -p" "incr x10: rsync -a --delete" 0.34 "<= 0.33"
  fi
  echo
  echo "  stream sizes (bytes):"
  while IFS=$'\t' read -r key bytes; do printf '    %-30s %14s\n' "$key" "$bytes"; done < "$sizes"
  size_ratio "full raw stream: ferry / btrfs" "full: ferry send --raw" "full: btrfs send" check
  size_ratio "incremental stream: ferry / btrfs" "incr: ferry send --raw -p" "incr: btrfs send -p" check
  size_ratio "full zstd stream: ferry / btrfs | zstd -3" "full: ferry send" "full: btrfs|zstd -T2" ""
} | tee "$report"
echo "(written to $report)"
