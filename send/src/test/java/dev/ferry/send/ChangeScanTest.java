package dev.ferry.send;

import static dev.ferry.send.SendFixture.assertSameTree;
import static dev.ferry.send.SendFixture.receive;
import static dev.ferry.send.SendFixture.send;
import static dev.ferry.send.SendFixture.sh;
import static dev.ferry.send.SendFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.tree.ComparisonOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The change scan keeps only inodes whose own INODE_ITEM was rewritten since the parent
 * ({@link SnapshotView#inodesWrittenSince}). Each step below changes one kind of item of an inode
 * and nothing else, in a tree of many leaves, so the inode's neighbours are not read: the step
 * checks that the kernel rewrote the inode's item (the inode is found changed), that the scan stays
 * small, and that btrfs receive rebuilds the snapshot exactly. The steps form one chain of
 * incrementals, s0 → s1 → s2 ...
 */
@ExtendWith(LoopBtrfsExtension.class)
class ChangeScanTest {
    /** Far fewer than the tree's 1,200 inodes: the changed ones, their directories, a little slack. */
    private static final int MAX_CANDIDATES = 10;

    /**
     * @param script  run in the source subvolume
     * @param changed paths (in the new snapshot, or in the old one for what is gone) that must be
     *                found changed
     */
    private record Step(String name, String script, List<String> changed) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("rename only", "mv d1/f1 d1/renamed", List.of("d1/renamed", "d1")),
            new Step("rename to another directory", "mv d1/f2 d2/moved", List.of("d2/moved", "d1", "d2")),
            new Step("hard link in another directory", "ln d1/f3 d3/link", List.of("d1/f3", "d3")),
            new Step("hard link removed in another directory", "rm d3/link", List.of("d1/f3", "d3")),
            new Step("xattr only", "setfattr -n user.k -v v d1/f4", List.of("d1/f4")),
            new Step("xattr removed", "setfattr -x user.k d1/f4", List.of("d1/f4")),
            new Step("xattr on a directory", "setfattr -n user.k -v v d4", List.of("d4")),
            new Step("chmod only", "chmod 600 d1/f5", List.of("d1/f5")),
            new Step("chown only", "chown 1000:1000 d1/f6", List.of("d1/f6")),
            new Step("truncate only", "truncate -s 5000 big", List.of("big")),
            new Step("punch hole", "fallocate -p -o 65536 -l 65536 big2", List.of("big2")),
            new Step("fallocate beyond the end, size kept", "fallocate -n -o 1048576 -l 1048576 d2/f7", List.of("d2/f7")),
            new Step("reflink into an existing file", "xfs_io -c 'reflink big2 0 0 131072' d2/f8", List.of("d2/f8")),
            new Step("whole-file reflink over an existing file", "cp --reflink=always big2 d2/f9", List.of("d2/f9")),
            new Step("dedupe (no time change)", "xfs_io -c 'dedupe src 0 0 65536' dup", List.of()),
            new Step("overwrite in place, nodatacow", "dd if=/dev/urandom of=nocow bs=4096 count=1 seek=3 conv=notrunc status=none",
                    List.of("nocow")),
            new Step("overwrite in place, nodatacow, again", "dd if=/dev/urandom of=nocow bs=4096 count=1 seek=3 conv=notrunc status=none",
                    List.of("nocow")),
            new Step("chattr only", "chattr +d d1/f10", List.of("d1/f10")),
            new Step("ACL only", "setfacl -m u:1000:rw d1/f16", List.of("d1/f16")),
            new Step("compression property only", "btrfs property set d1/f17 compression zstd", List.of("d1/f17")),
            new Step("rename exchange", "python3 -c \"import ctypes, os; libc = ctypes.CDLL(None, use_errno=True); "
                    + "AT = -100; assert libc.renameat2(AT, b'd2/f20', AT, b'd3/f21', 2) == 0, os.strerror(ctypes.get_errno())\"",
                    List.of("d2/f20", "d3/f21", "d2", "d3")),
            new Step("times only", "touch -m -d '2001-01-01 00:00:00' d1/f11; touch -a -d '2002-02-02' d1/f12",
                    List.of("d1/f11", "d1/f12")),
            new Step("mkdir in an unchanged directory", "mkdir d5/new", List.of("d5/new", "d5")),
            new Step("rmdir", "rmdir d5/new", List.of("d5/new", "d5")),
            new Step("rm", "rm d4/f13", List.of("d4/f13", "d4")),
            new Step("rename over an existing file", "mv -f d4/f14 d4/f15", List.of("d4/f14", "d4/f15", "d4")));

    @Test
    void everyKindOfChangeIsFoundWithoutReadingTheNeighbours(LoopBtrfs source, LoopBtrfs destination) throws Exception {
        Path vol = source.path("vol");
        Subvolumes.create(vol);
        sh(vol, """
                for d in d1 d2 d3 d4 d5; do mkdir $d; for i in $(seq 1 240); do echo $d$i > $d/f$i; done; done
                head -c 300000 /dev/urandom > big; head -c 300000 /dev/urandom > big2
                head -c 131072 /dev/urandom > src; cp src dup
                touch nocow; chattr +C nocow; head -c 65536 /dev/urandom >> nocow
                """);
        // Read the tree once now, so that atime updates do not show up as changes of the steps.
        sh(vol, "sync; find . > /dev/null; cat d?/* big big2 src dup nocow > /dev/null");
        snapshot(vol, source.path("s0"));
        receive(send(SendRequest.full(source.path("s0"), 1)), destination.mountPoint());

        for (int i = 1; i <= STEPS.size(); i++) {
            Step step = STEPS.get(i - 1);
            Path old = source.path("s" + (i - 1));
            Path now = source.path("s" + i);
            sh(vol, step.script());
            snapshot(vol, now);

            try (SnapshotView s = SnapshotView.open(now); SnapshotView p = SnapshotView.open(old)) {
                Lineage lineage = Lineage.between(s.info(), p.info());
                assertTrue(lineage.isProven(), step.name());
                ChangeSet changes = ChangeSet.compute(s, Optional.of(p), lineage);
                for (String path : step.changed()) {
                    long ino = inode(now.resolve(path)).or(() -> inode(old.resolve(path))).orElseThrow();
                    assertTrue(changes.diffs().containsKey(ino), step.name() + ": " + path + " (" + ino
                            + ") not found changed; changed: " + changes.diffs().keySet());
                }
                assertTrue(changes.candidates() <= MAX_CANDIDATES, step.name() + ": " + changes.candidates() + " candidates");
            }
            receive(send(SendRequest.incremental(now, old, 1)), destination.mountPoint());
            assertSameTree(now, destination.path("s" + i), ComparisonOptions.STRICT
                    .withDataLayout(ComparisonOptions.DataLayout.HOLES_MAY_HOLD_ZEROES));
        }
    }

    private static Optional<Long> inode(Path path) {
        try {
            return Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? Optional.of(((Number) Files.getAttribute(path, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS)).longValue())
                    : Optional.empty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
