#!/usr/bin/env bash
# dump-throughput.sh: how fast `ferry dump` reads a data-heavy send stream, next to
# `btrfs receive --dump` (btrfs-progs) on the very same stream.
#
# Usage (as root; needs btrfs-progs, zstd, losetup, java, and mvn if the jar is not built yet):
#   sudo bench/dump-throughput.sh
#
# What it does, all in one run and on one machine:
#   1. builds cli/target/ferry.jar if it is missing;
#   2. makes a loop-mounted btrfs in a temp dir and fills a subvolume with a dataset of
#      FERRY_BENCH_SIZE_MIB MiB: 90% in large files of random (incompressible) data, the rest in
#      small files of 4..256 KiB;
#   3. `btrfs send -f` of a read-only snapshot to a stream file, plus a `zstd -c` copy of it;
#   4. with the page cache warm, times FERRY_BENCH_RUNS runs of each of
#        ferry dump STREAM > /dev/null
#        btrfs receive --dump -f STREAM > /dev/null
#        ferry dump STREAM.zst > /dev/null
#      and prints the best of each as MB/s of uncompressed stream (1 MB = 10^6 bytes), and
#      ferry's throughput divided by progs' (> 1: ferry is faster). Each ferry run is a fresh JVM,
#      as a user would run it, so JVM start-up is included; it is also measured on its own, on
#      an empty stream, and subtracted in a second figure.
# Everything it makes (mount, loop device, temp dir) is removed on exit, also on failure or Ctrl-C.
# The results are also written to bench/out/dump-throughput-<time>.txt.
#
# Environment:
#   FERRY_BENCH_SIZE_MIB  dataset size in MiB (default 2048)
#   FERRY_BENCH_RUNS      runs per measurement (default 3)
#   FERRY_BENCH_PROTO     send protocol version, 1 or 2 (default 1, btrfs send's own default)
#   TMPDIR                where the temp dir goes; needs room for about 3.5 x the dataset
set -euo pipefail

size_mib=${FERRY_BENCH_SIZE_MIB:-2048}
runs=${FERRY_BENCH_RUNS:-3}
proto=${FERRY_BENCH_PROTO:-1}
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/lib.sh"
bench_setup dump-throughput btrfs mkfs.btrfs losetup zstd java

echo "== making a ${size_mib} MiB dataset on a loop-mounted btrfs in $work"
make_fs mnt "$(( size_mib * 13 / 10 + 1024 ))"
mnt="$work/mnt"
btrfs -q subvolume create "$mnt/data"

large_mib=$(( size_mib * 9 / 10 ))
file_mib=64
i=0
while [ "$large_mib" -gt 0 ]; do
  n=$(( large_mib < file_mib ? large_mib : file_mib ))
  head -c "${n}M" /dev/urandom > "$mnt/data/large-$i.bin"
  large_mib=$(( large_mib - n ))
  i=$(( i + 1 ))
done
mkdir "$mnt/data/small"
small_kib=$(( size_mib * 1024 / 10 ))
i=0
while [ "$small_kib" -gt 0 ]; do
  n=$(( 4 + (i * 37) % 253 ))  # 4..256 KiB, a fixed spread so runs are comparable
  n=$(( n < small_kib ? n : small_kib ))
  head -c "${n}K" /dev/urandom > "$mnt/data/small/f$i"
  small_kib=$(( small_kib - n ))
  i=$(( i + 1 ))
done
btrfs -q subvolume snapshot -r "$mnt/data" "$mnt/snap"

echo "== btrfs send --proto $proto"
stream="$work/snap.stream"
btrfs send -q --proto "$proto" -f "$stream" "$mnt/snap"
zstd -q -T0 -c "$stream" > "$stream.zst"
bytes=$(stat -c %s "$stream")
echo "   stream: $bytes bytes ($(( bytes / 1048576 )) MiB), zstd copy: $(stat -c %s "$stream.zst") bytes"
commands=$("$ferry" dump "$stream" | wc -l)
echo "   $commands dump lines"

# Warm the page cache, then keep the best of $runs wall-clock times.
cat "$stream" "$stream.zst" > /dev/null
best_seconds() {
  local best="" t0 t1 s
  for _ in $(seq "$runs"); do
    t0=$(date +%s.%N)
    "$@" > /dev/null
    t1=$(date +%s.%N)
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    if [ -z "$best" ] || awk -v s="$s" -v b="$best" 'BEGIN { exit !(s < b) }'; then best=$s; fi
  done
  echo "$best"
}
mbps() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.0f", b / s / 1e6 }'; }

# The smallest valid stream (this stream's header and an END), to tell ferry's fixed start-up
# cost (JVM, picocli) from its throughput.
empty="$work/empty.stream"
head -c 17 "$stream" > "$empty"
printf '\x00\x00\x00\x00\x15\x00\x50\x6c\xc9\x9d' >> "$empty"

echo "== timing, best of $runs"
startup_s=$(best_seconds "$ferry" dump "$empty")
ferry_s=$(best_seconds "$ferry" dump "$stream")
progs_s=$(best_seconds btrfs receive --dump -f "$stream")
zstd_s=$(best_seconds "$ferry" dump "$stream.zst")

report=$(bench_report dump-throughput)
{
  echo "dump-throughput: ${size_mib} MiB dataset, send --proto $proto, stream $bytes bytes, $commands lines, best of $runs"
  echo "  $(btrfs --version), $(java -version 2>&1 | head -1), $(nproc) cpus, kernel $(uname -r)"
  printf '  %-34s %8s s  %6s MB/s\n' "ferry dump" "$ferry_s" "$(mbps "$ferry_s")"
  printf '  %-34s %8s s  %6s MB/s\n' "btrfs receive --dump" "$progs_s" "$(mbps "$progs_s")"
  printf '  %-34s %8s s  %6s MB/s (uncompressed)\n' "ferry dump (zstd copy)" "$zstd_s" "$(mbps "$zstd_s")"
  printf '  %-34s %8s s\n' "ferry start-up (empty stream)" "$startup_s"
  awk -v b="$bytes" -v f="$ferry_s" -v s="$startup_s" 'BEGIN { if (f > s) printf "  ferry dump without start-up: %.0f MB/s\n", b / (f - s) / 1e6 }'
  awk -v f="$ferry_s" -v p="$progs_s" 'BEGIN { printf "  ratio ferry/progs: %.2f (%s)\n", p / f, (p / f >= 1 ? "ferry at least as fast" : "ferry slower") }'
} | tee "$report"
