package dev.ferry.send;

import static dev.ferry.send.SendFixture.assertSameTree;
import static dev.ferry.send.SendFixture.commands;
import static dev.ferry.send.SendFixture.receive;
import static dev.ferry.send.SendFixture.send;
import static dev.ferry.send.SendFixture.sh;
import static dev.ferry.send.SendFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.tree.ComparisonOptions;
import dev.ferry.stream.Command;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ferry send against the real btrfs receive, one concern per test; the scenario corpus
 * ({@link CorpusTest}) covers the namespace and data situations in chains of snapshots.
 */
@ExtendWith(LoopBtrfsExtension.class)
class SendTest {
    private static final ComparisonOptions STRICT = ComparisonOptions.STRICT;

    /** Every file type and data layout at once, on a compressing mount, both protocols. */
    @Test
    void fullSendOfEveryKindOfFileReproducesTheTree(@LoopFs(mountOptions = "compress=zstd") LoopBtrfs source,
                                                    LoopBtrfs destination) throws Exception {
        Path vol = source.path("vol");
        Subvolumes.create(vol);
        sh(vol, """
                head -c 3000 /dev/urandom > inline; echo small > tiny; : > empty
                head -c 5000000 /dev/urandom > large; yes compressible | head -c 3000000 > compressed
                mkdir -p d/e/f; echo deep > d/e/f/file; ln large d/e/hardlink; ln tiny d/tiny2
                ln -s ../tiny d/sym; ln -s /nowhere/at/all dangling; mkfifo fifo; mknod null c 1 3; mknod blk b 7 200
                python3 -c "import socket; socket.socket(socket.AF_UNIX).bind('sock')"
                truncate -s 20M sparse; dd if=/dev/urandom of=sparse bs=64K count=1 seek=40 conv=notrunc status=none
                fallocate -l 1M prealloc; fallocate -n -l 2M -o 1M prealloc; echo x >> prealloc
                cp --reflink=always large reflinked
                xfs_io -f -c 'reflink large 1048576 0 1048576' partial-reflink
                setfattr -n user.color -v blue tiny; setfattr -n user.empty d; setfacl -m u:1000:rw large
                setfacl -d -m u:1001:rx d/e; setcap cap_net_raw+ep inline
                chown 1000:2000 tiny; chmod 6755 tiny; chmod 1777 d; chown -h 3000:3000 d/sym
                touch -h -d '2001-02-03 04:05:06.789' d/sym; touch -d '1999-12-31 23:59:59.123456789' d/e
                """);
        snapshot(vol, source.path("s1"));
        for (int version : new int[] {1, 2}) {
            Path dest = destination.path("v" + version);
            java.nio.file.Files.createDirectory(dest);
            byte[] stream = send(SendRequest.full(source.path("s1"), version));
            receive(stream, dest);
            assertSameTree(source.path("s1"), dest.resolve("s1"), STRICT);
            List<Command> clones = commands(stream).stream().filter(c -> c instanceof Command.Clone).toList();
            assertEquals(2, clones.size(), "reflinked and partial-reflink clone large: " + clones);
        }
    }

    @Test
    void reflinkOfAnUnchangedParentFileIsSentAsCloneFromTheSnapshotItself(LoopBtrfs source, LoopBtrfs destination)
            throws Exception {
        Path vol = source.path("vol");
        Subvolumes.create(vol);
        sh(vol, "head -c 4000000 /dev/urandom > big; head -c 10000 /dev/urandom > small");
        snapshot(vol, source.path("s1"));
        sh(vol, "cp --reflink=always big copy; cp --reflink=always small small-copy");
        snapshot(vol, source.path("s2"));

        receive(send(SendRequest.full(source.path("s1"), 1)), destination.mountPoint());
        byte[] stream = send(SendRequest.incremental(source.path("s2"), source.path("s1"), 1));
        receive(stream, destination.mountPoint());

        assertSameTree(source.path("s2"), destination.path("s2"), STRICT);
        List<Command> commands = commands(stream);
        assertTrue(commands.stream().noneMatch(c -> c instanceof Command.Write), "no data written: " + commands);
        SubvolumeInfo s2 = SubvolumeIndex.info(source.path("s2"));
        List<Command.Clone> clones = commands.stream().filter(c -> c instanceof Command.Clone).map(c -> (Command.Clone) c).toList();
        assertEquals(2, clones.size());
        // small ends unaligned at EOF of both files: cloned whole.
        assertEquals(List.of(4000000L, 10000L), clones.stream().map(Command.Clone::length).toList());
        clones.forEach(c -> assertEquals(s2.uuid(), c.cloneUuid()));
    }

    @Test
    void cloneSourcesAreUsedForSharedExtents(LoopBtrfs source, LoopBtrfs destination) throws Exception {
        Subvolumes.create(source.path("other"));
        sh(source.path("other"), "head -c 1000000 /dev/urandom > shared");
        snapshot(source.path("other"), source.path("other-snap"));
        Subvolumes.create(source.path("vol"));
        sh(source.mountPoint(), "cp --reflink=always other-snap/shared vol/from-other");
        snapshot(source.path("vol"), source.path("s1"));

        receive(send(SendRequest.full(source.path("other-snap"), 2)), destination.mountPoint());
        byte[] stream = send(new SendRequest(source.path("s1"), Optional.empty(), List.of(source.path("other-snap")), 2));
        receive(stream, destination.mountPoint());

        assertSameTree(source.path("s1"), destination.path("s1"), STRICT);
        Command.Clone clone = commands(stream).stream().filter(c -> c instanceof Command.Clone).map(c -> (Command.Clone) c)
                .findFirst().orElseThrow();
        assertEquals(SubvolumeIndex.info(source.path("other-snap")).uuid(), clone.cloneUuid());
        assertEquals("shared", clone.clonePath().utf8());
    }

    /**
     * The kernel sends nothing but SNAPSHOT and END when nothing changed (checked here too); so do we.
     */
    @Test
    void noChangeIncrementalIsSnapshotThenEnd(LoopBtrfs source) throws Exception {
        Path vol = source.path("vol");
        Subvolumes.create(vol);
        sh(vol, "mkdir d; for i in $(seq 1 300); do echo $i > d/f$i; done");
        snapshot(vol, source.path("s1"));
        snapshot(vol, source.path("s2"));

        List<Command> commands = commands(send(SendRequest.incremental(source.path("s2"), source.path("s1"), 2)));
        assertEquals(2, commands.size(), commands::toString);
        assertTrue(commands.get(0) instanceof Command.Snapshot);
        assertTrue(commands.get(1) instanceof Command.End);
        String kernel = Shell.sh("btrfs send -q -p " + source.path("s1") + " " + source.path("s2")
                + " | btrfs receive --dump");
        assertEquals(1, kernel.lines().count(), kernel);
    }

    @Test
    void incrementalsStayCorrectAfterAFullBalance(LoopBtrfs source, LoopBtrfs destination) throws Exception {
        Path vol = source.path("vol");
        Subvolumes.create(vol);
        sh(vol, "mkdir bulk; for i in $(seq 1 2000); do echo $i > bulk/f$i; done; head -c 300000 /dev/urandom > big; echo a > a; echo c > c");
        snapshot(vol, source.path("s1"));
        receive(send(SendRequest.full(source.path("s1"), 2)), destination.mountPoint());
        sh(vol, "echo x >> big; mv a b; rm c; rm bulk/f1*; mkdir bulk/new; echo n > bulk/new/n");
        snapshot(vol, source.path("s2"));
        Shell.run("btrfs", "balance", "start", "--full-balance", source.mountPoint().toString());

        List<String> notices = new ArrayList<>();
        byte[] stream = send(SendRequest.incremental(source.path("s2"), source.path("s1"), 2), notices);
        receive(stream, destination.mountPoint());

        assertSameTree(source.path("s2"), destination.path("s2"), STRICT);
        assertEquals(List.of(), notices, "the lineage is still proven after a balance");
    }

    @Test
    void sameParentAndSnapshotGiveByteIdenticalStreams(LoopBtrfs source) throws Exception {
        Path vol = source.path("vol");
        Subvolumes.create(vol);
        sh(vol, "mkdir a b; for i in $(seq 1 200); do echo $i > a/f$i; ln a/f$i b/l$i; done; head -c 700000 /dev/urandom > big");
        snapshot(vol, source.path("s1"));
        sh(vol, "mv a c; mv b a; mv c b; for i in $(seq 1 50); do mv a/l$i b/m$i; done; cp --reflink big big2; rm b/f7");
        snapshot(vol, source.path("s2"));

        SendRequest request = SendRequest.incremental(source.path("s2"), source.path("s1"), 2);
        assertArrayEquals(send(request), send(request));
        SendRequest full = SendRequest.full(source.path("s2"), 1);
        assertArrayEquals(send(full), send(full));
    }

    @Test
    void refusesWritableSubvolumesAndSaysHowToMakeASnapshot(LoopBtrfs source) throws Exception {
        Path vol = source.path("vol");
        Subvolumes.create(vol);
        snapshot(vol, source.path("s1"));

        SendException e = assertThrows(SendException.class, () -> send(SendRequest.full(vol, 1)));
        assertTrue(e.getMessage().contains("not read-only"), e.getMessage());
        assertTrue(e.getMessage().contains("btrfs property set -ts"), e.getMessage());
        assertTrue(e.getMessage().contains("btrfs subvolume snapshot -r"), e.getMessage());
        SendException parent = assertThrows(SendException.class,
                () -> send(SendRequest.incremental(source.path("s1"), vol, 1)));
        assertTrue(parent.getMessage().startsWith(vol.toString()), parent.getMessage());
    }

    @Test
    void unrelatedParentIsComparedInFullAndSaysSo(LoopBtrfs source, LoopBtrfs destination) throws Exception {
        Subvolumes.create(source.path("one"));
        sh(source.path("one"), "mkdir d; echo one > d/f; echo same > same");
        snapshot(source.path("one"), source.path("p"));
        Subvolumes.create(source.path("two"));
        sh(source.path("two"), "mkdir e; echo two > e/g; echo same > same; ln -s same link");
        snapshot(source.path("two"), source.path("s"));

        receive(send(SendRequest.full(source.path("p"), 1)), destination.mountPoint());
        List<String> notices = new ArrayList<>();
        receive(send(SendRequest.incremental(source.path("s"), source.path("p"), 1), notices), destination.mountPoint());

        assertSameTree(source.path("s"), destination.path("s"), STRICT);
        assertEquals(1, notices.size(), notices::toString);
        assertTrue(notices.get(0).contains("in full"), notices.get(0));
    }

    @Test
    void subvolumeAndSnapshotHeadersIdentifyLikeTheKernel(LoopBtrfs source) throws Exception {
        Path vol = source.path("vol");
        Subvolumes.create(vol);
        snapshot(vol, source.path("s1"));
        sh(vol, "echo x > x");
        snapshot(vol, source.path("s2"));
        SubvolumeInfo s1 = SubvolumeIndex.info(source.path("s1"));
        SubvolumeInfo s2 = SubvolumeIndex.info(source.path("s2"));

        Command full = commands(send(SendRequest.full(source.path("s1"), 1))).get(0);
        assertEquals(new Command.Subvol(dev.ferry.stream.ByteString.utf8("s1"), s1.uuid(), s1.ctransid()), full);
        Command incremental = commands(send(SendRequest.incremental(source.path("s2"), source.path("s1"), 1))).get(0);
        assertEquals(new Command.Snapshot(dev.ferry.stream.ByteString.utf8("s2"), s2.uuid(), s2.ctransid(), s1.uuid(),
                s1.ctransid()), incremental);
        assertFalse(commands(send(SendRequest.full(source.path("s1"), 1))).stream().anyMatch(c -> c instanceof Command.FileAttr));
    }
}
