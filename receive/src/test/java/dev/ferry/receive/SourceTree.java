package dev.ferry.receive;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Path;
import java.util.List;

/**
 * A subvolume with a bit of everything a receiver must reproduce, and three read-only snapshots
 * s1, s2, s3 with changes between them: the material of the round-trip tests.
 */
final class SourceTree {
    static final List<String> SNAPSHOTS = List.of("s1", "s2", "s3");

    /** Every file type, hard links, xattrs of every namespace, ACLs, capabilities, sparse, inline, large, reflinked, odd names. */
    private static final String STEP1 = """
            set -e
            cd "$1"
            mkdir -p dir/sub/deep/er empty 'sp ace' $'nl\\nname' $'bad\\xffbyte' setgid sticky
            chmod 2775 setgid; chmod 1777 sticky
            printf 'hello\\n' > inline
            head -c 8388608 /dev/urandom > large
            cp --reflink=always large reflinked
            truncate -s 20M sparse; printf 'data-at-1M' | dd of=sparse bs=1 seek=1048576 conv=notrunc status=none
            printf 'tail' | dd of=sparse bs=1 seek=10485760 conv=notrunc status=none
            truncate -s 5M allhole
            printf 'x' > 'sp ace/file with spaces'; printf 'y' > $'nl\\nname/f'; printf 'z' > $'bad\\xffbyte/\\xfe'
            printf 'l' > "$(printf 'n%.0s' $(seq 255))"
            printf 'shared' > dir/hard; ln dir/hard dir/sub/hard2; ln dir/hard top-hard
            ln -s ../inline dir/rel-link; ln -s /nonexistent/abs dir/abs-link; ln -s dir dirlink
            mkfifo dir/fifo; mknod dir/chr c 1 3; mknod dir/blk b 7 200
            python3 -c "import socket; socket.socket(socket.AF_UNIX).bind('dir/sock')"
            printf 'setuid' > suid; chmod 4755 suid; printf 'setgid' > sgid; chmod 2755 sgid
            printf 'cap' > capped; setcap cap_net_raw+ep capped
            printf 'owned' > owned; chown 1234:5678 owned; chown -h 42:43 dir/rel-link
            setfattr -n user.color -v blue inline; setfattr -n trusted.t -v secret inline
            setfattr -n security.s -v label dir; setfattr -n user.empty dir/hard
            setfacl -m u:99:rw,g:98:r inline; setfacl -d -m u:97:rwx dir/sub
            printf 'deep' > dir/sub/deep/er/file
            touch -h -d '2001-02-03 04:05:06.123456789' inline dir/rel-link
            touch -a -d '1999-12-31 23:59:59.987654321' large
            """;

    /** Renames, a swap, deletes, appends, truncates, chmod/chown/utimes, hole punches, xattr changes, clones from the parent. */
    private static final String STEP2 = """
            set -e
            cd "$1"
            mv dir/sub dir/moved; mv inline inline-renamed
            mv suid tmp-swap; mv sgid suid; mv tmp-swap sgid
            rm -r 'sp ace'; rm top-hard
            printf 'appended' >> dir/hard
            truncate -s 3M large
            fallocate -p -o 4096 -l 65536 reflinked
            chmod 640 owned; chown 77:88 capped; setcap cap_net_admin+ep capped
            touch -m -d '2010-01-01 00:00:00.5' owned
            setfattr -n user.color -v red inline-renamed; setfattr -x trusted.t inline-renamed
            cp --reflink=always reflinked clone-of-parent
            ln dir/hard dir/new-hard
            rmdir empty; printf 'now a file' > empty
            printf 'new' > $'bad\\xffbyte/new'
            """;

    /** Moves into other directories, an overwrite in the middle, chown without chmod (set-id kept), file to symlink. */
    private static final String STEP3 = """
            set -e
            cd "$1"
            mv dir/moved/deep setgid/
            printf 'overwritten' | dd of=reflinked bs=1 seek=2097152 conv=notrunc status=none
            chmod 6755 sgid; chown 5:6 sgid; chmod 6755 sgid
            rm dir/new-hard; rm owned; ln -s inline-renamed owned
            setfattr -x user.empty dir/hard
            fallocate -p -o 0 -l 1048576 sparse
            touch -d '2020-02-02 02:02:02.000000002' dir/hard
            """;

    private SourceTree() {
    }

    /** Makes {@code vol} on {@code fs} and snapshots s1..s3 beside it; returns the directory holding them. */
    static Path build(LoopBtrfs fs) {
        Path vol = fs.path("vol");
        Shell.run("btrfs", "-q", "subvolume", "create", vol.toString());
        List<String> steps = List.of(STEP1, STEP2, STEP3);
        for (int i = 0; i < steps.size(); i++) {
            Shell.run("bash", "-c", steps.get(i), "step", vol.toString());
            Shell.run("btrfs", "-q", "subvolume", "snapshot", "-r", vol.toString(), fs.path(SNAPSHOTS.get(i)).toString());
        }
        return fs.mountPoint();
    }
}
