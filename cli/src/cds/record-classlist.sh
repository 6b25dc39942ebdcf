#!/usr/bin/env bash
# record-classlist.sh: records which classes ferry's everyday commands load, into
# cli/src/cds/ferry.classlist, from which the build makes a class-data-sharing archive
# (cli/target/ferry.jsa; see the exec plugin in cli/pom.xml and bin/ferry).
#
# Usage (as root, from any directory; the jar must be built):   sudo cli/src/cds/record-classlist.sh
#
# It runs bin/demo (backup full and incremental, list, diff, send, dump) and then, on a loop btrfs
# of its own, `ferry send | ferry receive` onto btrfs and into a plain directory, `ferry dump
# --json`, every JVM with -XX:DumpLoadedClassList, and merges what they loaded.
# Re-run it when the commands' code changes much: a stale list only makes start-up slower (a class
# it misses is loaded from the jar as usual; a class it names that no longer exists is skipped).
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/../../../bench/lib.sh"
bench_setup classlist btrfs mkfs.btrfs losetup java

lists="$work/lists"
mkdir "$lists"
export FERRY_JAVA_OPTS="-XX:DumpLoadedClassList=$lists/%p.classlist"

echo "== bin/demo"
FERRY_DEMO_LINES=0 "$root/bin/demo" > /dev/null

echo "== send, receive, dump"
make_fs mnt 1024
mnt="$work/mnt"
btrfs -q subvolume create "$mnt/vol"
mkdir -p "$mnt/vol/dir" "$mnt/received" "$mnt/mirror"
head -c 1M /dev/urandom > "$mnt/vol/dir/data"
ln -s data "$mnt/vol/dir/link"
btrfs -q subvolume snapshot -r "$mnt/vol" "$mnt/s1"
echo more >> "$mnt/vol/dir/data"
btrfs -q subvolume snapshot -r "$mnt/vol" "$mnt/s2"
"$ferry" send "$mnt/s1" | "$ferry" receive -q "$mnt/received"
"$ferry" send -p "$mnt/s1" "$mnt/s2" | "$ferry" receive -q "$mnt/received"
"$ferry" send "$mnt/s2" | "$ferry" receive -q --dir "$mnt/mirror"
"$ferry" send --raw "$mnt/s2" | "$ferry" dump --json > /dev/null

out="$here/ferry.classlist"
{
  echo "# The classes ferry's everyday commands load, recorded by record-classlist.sh with"
  echo "# -XX:DumpLoadedClassList and merged; the build archives them (-Xshare:dump) into"
  echo "# cli/target/ferry.jsa. Regenerate rather than edit."
  # One line per class or lambda form, first occurrence kept (the JVM takes them in any order),
  # without the proxies that reflection generates at run time, which no archive can hold.
  cat "$lists"/*.classlist | grep -v '^#' | grep -Ev '/[$]Proxy[0-9]+$' | awk '!seen[$0]++'
} > "$out"
echo "== $(grep -vc '^#' "$out") entries in $out"
