#!/usr/bin/env bash
# receive.sh: `ferry receive` next to `btrfs receive` on the very same streams, in one run.
#
# Usage (as root; needs btrfs-progs, losetup, java, /usr/bin/time, and mvn if the jar is not built):
#   sudo bench/receive.sh
#
# What it does:
#   1. builds cli/target/ferry.jar if it is missing;
#   2. makes three loop-mounted btrfs in a temp dir: a source and one target per receiver;
#   3. generates the benchmark dataset with bench/Dataset.java (deterministic: 30,000 files in
#      2,000 directories, ~1.5 GiB at FERRY_BENCH_SCALE 1), snapshots it, changes ~1% of the
#      files (`Dataset.java mutate`), snapshots again;
#   4. produces the full stream and the incremental one once, with `btrfs send` (protocol
#      FERRY_BENCH_PROTO), into files;
#   5. FERRY_BENCH_RUNS times, alternating the two: receives the full stream, then the incremental,
#      with `ferry receive -q -f` and with `btrfs receive -q -f`, each into a fresh directory of its
#      own target, a sync after each; measures wall time and peak RSS with /usr/bin/time -v;
#   6. on a fourth file system holding one received parent: receives the incremental 5 times
#      with btrfs receive, 10 times in one warm JVM (bench/WarmRuns.java) as `ferry daemon` does,
#      and 5 more times with btrfs receive, each into a directory of its own;
#   7. prints the best wall time and the largest peak RSS of each, and the ratios ferry/progs
#      (time < 1 and RSS < 1: ferry is better). Times include a sync of the target (data on disk),
#      and ferry's include JVM start-up.
# Everything it makes is removed on exit, also on failure or Ctrl-C. The report also goes to
# bench/out/receive-<time>.txt.
#
# Environment:
#   FERRY_BENCH_SCALE     dataset scale (default 1: 30,000 files, ~1.5 GiB; 0.1 for a quick run)
#   FERRY_BENCH_RUNS      runs per receiver (default 3)
#   FERRY_BENCH_PROTO     send protocol, 1 or 2 (default 1, btrfs send's default)
#   TMPDIR                where the temp dir goes; needs room for about 5 x the dataset
set -euo pipefail

scale=${FERRY_BENCH_SCALE:-1}
# Room for the filesystems: the dataset is about 1.6 GiB per unit of scale.
size_mib=$(awk -v s="$scale" 'BEGIN { printf "%d", s * 1640 + 1 }')
runs=${FERRY_BENCH_RUNS:-3}
proto=${FERRY_BENCH_PROTO:-1}
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/lib.sh"
bench_setup receive btrfs mkfs.btrfs losetup java /usr/bin/time

fs_mib=$(( size_mib * 2 + 1024 ))
target_mib=$(( size_mib * (runs + 1) + 2048 ))
make_fs src "$fs_mib"
make_fs ferry "$target_mib"
make_fs progs "$target_mib"

echo "== dataset: scale $scale (bench/Dataset.java)"
btrfs -q subvolume create "$work/src/data"
java "$here/Dataset.java" create "$work/src/data" --scale "$scale" --seed 1
btrfs -q subvolume snapshot -r "$work/src/data" "$work/src/s1"
java "$here/Dataset.java" mutate "$work/src/data" --seed 2
btrfs -q subvolume snapshot -r "$work/src/data" "$work/src/s2"
btrfs send -q --proto "$proto" -f "$work/full.stream" "$work/src/s1"
btrfs send -q --proto "$proto" -p "$work/src/s1" -f "$work/incr.stream" "$work/src/s2"
full_bytes=$(stat -c %s "$work/full.stream")
incr_bytes=$(stat -c %s "$work/incr.stream")
echo "   full stream $full_bytes bytes, incremental $incr_bytes bytes (send --proto $proto)"
cat "$work/full.stream" "$work/incr.stream" > /dev/null # warm the page cache for both receivers

# measure NAME STREAM DEST: appends "seconds kib" of one receive to $work/NAME.times. The time
# includes a `sync -f` of the target, so both receivers are timed until their data is on disk
# (ferry syncs before sealing a subvolume; btrfs receive leaves the writeback to the kernel).
measure() {
  local name=$1 stream=$2 dest=$3 tool
  if [ "$name" = ferry ]; then tool="$ferry receive -q -f $stream $dest"; else tool="btrfs receive -q -f $stream $dest"; fi
  sync
  /usr/bin/time -v -o "$work/time.out" sh -c "$tool && sync -f $dest"
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; t = s }
              /Maximum resident set size/ { r = $2 } END { printf "%.2f %d\n", t, r }' "$work/time.out" >> "$work/$name.times"
}

echo "== $runs runs each, alternating"
for i in $(seq "$runs"); do
  for name in ferry progs; do
    mkdir -p "$work/$name/run$i"
    measure "$name" "$work/full.stream" "$work/$name/run$i"
    tail -1 "$work/$name.times" >> "$work/$name-full.all"
    measure "$name" "$work/incr.stream" "$work/$name/run$i"
    tail -1 "$work/$name.times" >> "$work/$name-incr.all"
    echo "   run $i $name: full $(tail -1 "$work/$name-full.all"), incremental $(tail -1 "$work/$name-incr.all") (s, KiB)"
  done
done

# The incremental again in a warm JVM, as `ferry daemon` receives its backups: 10 runs in one JVM
# (bench/WarmRuns.java), each into a directory of its own beside a received parent (found by its
# received uuid, as btrfs receive finds it); each includes ferry's sync before sealing. btrfs
# receive runs on the same file system, 5 times before and 5 times after (each with a `sync -f`,
# as above), since every run leaves a snapshot and commits grow slower with every snapshot a file
# system holds; for the same reason this file system holds only the one parent. The row compares
# the medians of ferry's last 5 runs and of btrfs receive's 10.
echo "== the incremental 5 times with btrfs receive, 10 times in one warm JVM (bench/WarmRuns.java) as ferry daemon receives, 5 times with btrfs receive"
make_fs warm "$(( size_mib + 1024 ))"
mkdir "$work/warm/base"
"$ferry" receive -q -f "$work/full.stream" "$work/warm/base"
for i in $(seq 0 9); do
  mkdir "$work/warm/p$i" "$work/warm/w$i"
done
sync
# progs_warm FROM TO: btrfs receive into warm/pFROM..TO, appending each wall time to warm-progs.times
progs_warm() {
  local i t0 t1
  for i in $(seq "$1" "$2"); do
    t0=$(date +%s%N)
    btrfs receive -q -f "$work/incr.stream" "$work/warm/p$i"
    sync -f "$work/warm/p$i"
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }' >> "$work/warm-progs.times"
  done
}
progs_warm 0 4
java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$root/cli/target/ferry.jar" \
  "$here/WarmRuns.java" 10 receive -q -f "$work/incr.stream" "$work/warm/w{i}" > "$work/warm.times" 2>"$work/stderr" \
  || { cat "$work/stderr" >&2; die "warm receives failed"; }
progs_warm 5 9
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.3f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
warm_incr=$(tail -n 5 "$work/warm.times" | median)
warm_progs=$(median < "$work/warm-progs.times")
echo "   btrfs receive: $(tr '\n' ' ' < "$work/warm-progs.times")s"
echo "   ferry, warm JVM: $(tr '\n' ' ' < "$work/warm.times")s"

# Check the received trees against the source once (content, modes, owners, times).
for name in ferry progs; do
  diff -r --no-dereference "$work/src/s2" "$work/$name/run1/s2" > /dev/null || die "$name: run1/s2 differs from the source"
done
diff -r --no-dereference "$work/src/s2" "$work/warm/w9/s2" > /dev/null || die "ferry: the last warm run's s2 differs from the source"

best() { sort -n -k1,1 "$1" | head -1 | cut -d' ' -f1; }
peak() { sort -n -k2,2 "$1" | tail -1 | cut -d' ' -f2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

report=$(bench_report receive)
{
  echo "receive.sh: dataset scale $scale (bench/Dataset.java), send --proto $proto; full stream $full_bytes B, incremental $incr_bytes B; best of $runs"
  echo "  $(btrfs --version), $(java -version 2>&1 | head -1), $(nproc) cpus, kernel $(uname -r)"
  for kind in full incr; do
    f_t=$(best "$work/ferry-$kind.all"); p_t=$(best "$work/progs-$kind.all")
    f_r=$(peak "$work/ferry-$kind.all"); p_r=$(peak "$work/progs-$kind.all")
    printf '  %-12s ferry %7s s %8s KiB   btrfs receive %7s s %8s KiB   time ferry/progs %s   RSS ferry/progs %s\n' \
      "$kind" "$f_t" "$f_r" "$p_t" "$p_r" "$(ratio "$f_t" "$p_t")" "$(ratio "$f_r" "$p_r")"
  done
  printf '  %-12s ferry %7s s (warm JVM, as ferry daemon)   btrfs receive %7s s (same file system; medians)   time ferry/progs %s\n' \
    "incr warm" "$warm_incr" "$warm_progs" "$(ratio "$warm_incr" "$warm_progs")"
} | tee "$report"
