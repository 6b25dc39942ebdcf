#!/usr/bin/env bash
# rate.sh: does `ferry backup --rate` hold the rate? Measured loosely, by hand, never in unit tests
# (there the limiter is tested with an injected clock).
#
# Usage (as root; needs btrfs-progs, losetup, java; mvn if the jar is not built):
#   sudo bench/rate.sh                     # rates 4M 16M and no limit, 64 MiB of random data
#   FERRY_BENCH_RATES="2M 8M" sudo bench/rate.sh
#
# What it does: makes two loop btrfs in a temp dir (source and target), writes FERRY_BENCH_MIB
# (default 64) MiB of random data (incompressible, so the stream on the wire is about that size),
# and for each rate runs a full `ferry backup --json --level 1 --rate RATE` into a fresh target
# directory, then prints bytes, seconds and the achieved rate next to the asked one. The achieved
# rate includes the snapshot, the first burst (a quarter second's worth) and the receive's sync.
# Everything it makes is removed on exit, also on failure.
#
# Environment:
#   FERRY               the ferry command (default: bin/ferry)
#   FERRY_BENCH_RATES   rates to try (default "4M 16M none")
#   FERRY_BENCH_MIB     data size in MiB (default 64)
set -euo pipefail
rates=${FERRY_BENCH_RATES:-4M 16M none}
mib=${FERRY_BENCH_MIB:-64}
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/lib.sh"
ferry=${FERRY:-$ferry}
bench_setup rate btrfs mkfs.btrfs losetup java

for fs in src dst; do
  make_fs "$fs" $((mib * 3 + 300))
done
btrfs -q subvolume create "$work/src/vol"
head -c "${mib}M" /dev/urandom >"$work/src/vol/data"
sync

printf '%-8s %12s %8s %12s\n' rate bytes seconds achieved
n=0
for rate in $rates; do
  n=$((n + 1))
  mkdir "$work/dst/t$n"
  flag=()
  [ "$rate" = none ] || flag=(--rate "$rate")
  out=$($ferry backup "$work/src/vol" --snapshot-dir "$work/src/snaps$n" --target "$work/dst/t$n" \
    --no-prune --json --level 1 "${flag[@]}")
  bytes=$(grep -o '"bytes":[0-9]*' <<<"$out" | head -1 | cut -d: -f2)
  millis=$(grep -o '"millis":[0-9]*' <<<"$out" | head -1 | cut -d: -f2)
  awk -v r="$rate" -v b="$bytes" -v ms="$millis" \
    'BEGIN { printf "%-8s %12d %8.2f %9.2f MiB/s\n", r, b, ms / 1000, b / 1048576 / (ms / 1000) }'
done
