#!/usr/bin/env bash
# Builds the subvolumes that ReceiveDumpInteropTest sends with the real `btrfs send`, on the
# btrfs mounted at $1 (mounted with compress=zstd, so that --compressed-data has extents to send):
#   vol     every kind of inode and name the send stream can carry
#   other   a second subvolume, the clone source for `-c`
#   s1      read-only snapshot of vol;  other-s  read-only snapshot of other
#   s2      read-only snapshot of vol after renames, swaps, deletes, appends, truncates,
#           chmod/chown, xattr changes, hole punching and a reflink from other
set -euo pipefail
mnt=$1
cd "$mnt"
btrfs -q subvolume create vol
btrfs -q subvolume create other

head -c 2M /dev/urandom > other/shared.bin

cd vol
# Regular files: inline-sized, empty, multi-MiB incompressible, multi-MiB compressible.
printf 'hello, btrfs send\n' > small.txt
printf 'x' > tiny
: > empty
head -c 6M /dev/urandom > big.bin
seq 1 400000 > text.log
# Hard links, several names in several directories.
mkdir -p dir/sub
ln big.bin dir/big-link
ln big.bin dir/sub/another-link
ln small.txt hl
# Symlinks: plain, long target, dangling.
ln -s small.txt sym
ln -s "$(printf 'long/%.0s' {1..400})target" long-sym
ln -s no/such/target dangling
# xattrs: text, binary, with NUL, empty, a non-UTF-8 name.
setfattr -n user.text -v plain small.txt
setfattr -n user.bin -v 0xff7f80010203fe00 big.bin
setfattr -n "$(printf 'user.\xe9 \t')" -v 0x20090a5c big.bin
setfattr -n user.nul -v 0x6162006364 big.bin
setfattr -n user.empty small.txt
# Special files.
mkfifo fifo
python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind("sock")'
mknod null c 1 3
# Sparse file with holes and a hole at the end.
dd if=/dev/urandom of=sparse.bin bs=64K count=1 status=none
dd if=/dev/urandom of=sparse.bin bs=64K count=1 seek=160 conv=notrunc status=none
truncate -s 20M sparse.bin
# Reflink inside the subvolume.
cp --reflink=always big.bin big-reflink.bin
# Names: spaces, tabs, newlines, backslashes, UTF-8, non-UTF-8, 255 bytes.
echo a > 'with space'
echo b > "$(printf 'tab\there')"
echo c > "$(printf 'new\nline')"
echo d > 'back\slash'
echo e > 'ünïcödé-名前'
echo f > "$(printf 'latin1-\xe9\xff\xfe-\001\177')"
mkdir "$(printf 'dir \xe9')"
echo g > "$(printf 'dir \xe9')/inner file"
echo h > "$(printf 'n%.0s' {1..255})"
# A file with old and future times.
touch -d '1901-12-14 00:00:00 UTC' small.txt
cd ..

btrfs -q subvolume snapshot -r vol s1
btrfs -q subvolume snapshot -r other other-s

cd vol
mv 'with space' 'renamed space'
mv dir dir-renamed
mv small.txt swap.tmp; mv tiny small.txt; mv swap.tmp tiny
rm fifo sock dir-renamed/sub/another-link
head -c 100K /dev/urandom >> big.bin
truncate -s 1M text.log
chmod 600 big-reflink.bin
chown 1234:5678 tiny
setfattr -n user.text -v changed tiny
setfattr -x user.bin big.bin
setfattr -n user.new -v 0sAAECAwQ= big.bin
fallocate -p -o 1M -l 1M big.bin
fallocate -p -o 0 -l 64K sparse.bin
chattr +A sparse.bin
rm sym; ln -s tiny sym
mkdir newdir
mv dir-renamed/sub newdir/
echo new > "newdir/$(printf 'fresh\tfile \xff')"
cp --reflink=always ../other/shared.bin from-other.bin
seq 500000 700000 > compressible-new.log
cd ..

btrfs -q subvolume snapshot -r vol s2
sync
