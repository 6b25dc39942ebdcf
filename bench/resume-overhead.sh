#!/usr/bin/env bash
# resume-overhead.sh: what keeping a resume record costs a receive. The same streams are received
# by two builds of ferry, one without resumable transfers (FERRY_BASE_JAR) and this one (FERRY_JAR,
# default cli/target/ferry.jar), alternating, into fresh directories of one target; then each is
# run once more under `strace -f -c` to count its system calls.
#
# Usage (as root; needs btrfs-progs, losetup, java, strace, /usr/bin/time):
#   FERRY_BASE_JAR=/path/to/ferry-before.jar sudo -E bench/resume-overhead.sh
#
# Two streams (btrfs send, protocol 1, full):
#   data:  bench/Dataset.java at scale FERRY_BENCH_SCALE (default 0.1: ~3,000 files, ~150 MiB)
#   names: 20,000 files of 1-4 KiB in 200 directories: a command in three changes a name,
#          the worst case for the record, which is written before every such command.
# Prints the best and the median wall time of FERRY_BENCH_RUNS runs (default 3, sync of the target included,
# JVM start-up included) and the system calls, for both builds. Everything it makes is removed on
# exit, also on failure.
set -euo pipefail

scale=${FERRY_BENCH_SCALE:-0.1}
runs=${FERRY_BENCH_RUNS:-3}
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/lib.sh"
new_jar=${FERRY_JAR:-$root/cli/target/ferry.jar}
base_jar=${FERRY_BASE_JAR:?set FERRY_BASE_JAR to a ferry.jar built without resumable transfers}
bench_setup resume-overhead btrfs mkfs.btrfs losetup java strace /usr/bin/time
for f in "$new_jar" "$base_jar"; do [ -f "$f" ] || die "no such jar: $f"; done

make_fs src 2048
make_fs dst 8192

btrfs -q subvolume create "$work/src/data"
java "$here/Dataset.java" create "$work/src/data" --scale "$scale" --seed 1 >/dev/null
btrfs -q subvolume snapshot -r "$work/src/data" "$work/src/data-s"
btrfs -q subvolume create "$work/src/names"
python3 - "$work/src/names" <<'PY'
import os, random, sys
r = random.Random(1)
for d in range(200):
    os.mkdir(os.path.join(sys.argv[1], "d%03d" % d))
    for f in range(100):
        with open(os.path.join(sys.argv[1], "d%03d" % d, "f%03d" % f), "wb") as out:
            out.write(r.randbytes(r.randint(1024, 4096)))
PY
btrfs -q subvolume snapshot -r "$work/src/names" "$work/src/names-s"
for s in data names; do
  btrfs send -q --proto 1 -f "$work/$s.stream" "$work/src/$s-s"
  cat "$work/$s.stream" > /dev/null
done

receive() { # JAR STREAM: prints seconds
  local d
  d=$(mktemp -d "$work/dst/rXXXXXX")
  sync
  /usr/bin/time -f %e -o "$work/t" sh -c "FERRY_JAR=$1 $root/bin/ferry receive -q -f $2 $d && sync -f $d"
  cat "$work/t"
  btrfs -q subvolume delete "$d"/* >/dev/null
}
syscalls() { # JAR STREAM: "total pwrite64" system calls of the receiving process tree
  local d
  d=$(mktemp -d "$work/dst/rXXXXXX")
  FERRY_JAR=$1 strace -f -c -o "$work/strace" "$root/bin/ferry" receive -q -f "$2" "$d"
  awk '$NF == "pwrite64" { p = $4 } $NF == "total" { t = $(NF-2) } END { print t, p + 0 }' "$work/strace"
  btrfs -q subvolume delete "$d"/* >/dev/null
}

echo "stream   commands  build   best / median wall s (of $runs)   syscalls  pwrite64"
for s in data names; do
  commands=$(FERRY_JAR=$new_jar "$root/bin/ferry" dump "$work/$s.stream" | wc -l)
  rm -f "$work"/*.times
  for i in $(seq "$runs"); do
    for label in base resume; do
      jar=$base_jar; [ $label = resume ] && jar=$new_jar
      receive "$jar" "$work/$s.stream" >> "$work/$label.times"
    done
  done
  for label in base resume; do
    jar=$base_jar; [ $label = resume ] && jar=$new_jar
    stats=$(sort -n "$work/$label.times" | awk '{ v[NR] = $1 } END { printf "%.2f / %.2f", v[1], v[int((NR + 1) / 2)] }')
    printf "%-8s %8s  %-6s  %-26s %s\n" "$s" "$commands" "$label" "$stats" "$(syscalls "$jar" "$work/$s.stream")"
  done
done
