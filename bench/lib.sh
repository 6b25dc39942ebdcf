# bench/lib.sh: what the benchmark scripts share. Source it from a script in bench/:
#
#   here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
#   . "$here/lib.sh"
#   bench_setup NAME TOOL...   # root and tools checked, the jar built, $work made, cleanup armed
#   make_fs src 2048           # a loop-mounted btrfs at $work/src
#
# It sets: root (the checkout), ferry (bin/ferry), work (a temp dir under TMPDIR). On exit, also
# on failure or Ctrl-C, it unmounts and detaches what make_fs made, and removes $work; nothing
# else is touched.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ferry="$root/bin/ferry"
bench_name=bench
work=""
bench_mounts=()
bench_loops=()

die() { echo "$bench_name: $*" >&2; exit 1; }

# bench_setup NAME TOOL...: checks, builds, and makes $work.
bench_setup() {
  bench_name=$1
  shift
  [ "$(id -u)" -eq 0 ] || die "run as root: it makes loop devices and mounts btrfs"
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "$tool is missing"
  done
  if [ ! -f "$root/cli/target/ferry.jar" ]; then
    echo "== building cli/target/ferry.jar"
    (cd "$root" && mvn -B -q -DskipTests package)
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-bench-$bench_name.XXXXXX")
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

bench_cleanup() {
  local status=$? m l
  trap - EXIT INT TERM
  for m in "${bench_mounts[@]}"; do
    if mountpoint -q "$m" 2>/dev/null; then umount "$m" || umount -l "$m" || true; fi
  done
  for l in "${bench_loops[@]}"; do losetup -d "$l" 2>/dev/null || true; done
  [ -n "$work" ] && rm -rf --one-file-system "$work"
  exit "$status"
}

# make_fs NAME SIZE_MIB [MOUNT_OPTIONS]: a fresh btrfs on a sparse image, loop-mounted at $work/NAME.
make_fs() {
  local l
  truncate -s "$2M" "$work/$1.img"
  mkfs.btrfs -q -f "$work/$1.img" >/dev/null
  l=$(losetup --find --show "$work/$1.img")
  bench_loops+=("$l")
  mkdir "$work/$1"
  mount ${3:+-o "$3"} "$l" "$work/$1"
  bench_mounts+=("$work/$1")
}

# bench_report NAME: a new report file in bench/out, for `tee`.
bench_report() {
  mkdir -p "$root/bench/out"
  echo "$root/bench/out/$1-$(date +%Y%m%dT%H%M%S).txt"
}
