package dev.ferry.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.tree.TreeComparison;
import dev.ferry.btrfs.testing.tree.TreeState;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults of the target, the input and the processes around a receive onto btrfs: a full disk, a
 * read-only or vanishing target, a stream that stops, a sender or a receiver killed with SIGKILL.
 * After each: a clear error (asserted on its text), nothing under the final name unless it is
 * complete, the source untouched, and the next run, once the fault is gone, succeeds without any
 * manual step and gives a subvolume that matches the source file by file (strict comparison).
 */
@ExtendWith(LoopBtrfsExtension.class)
class FaultTest {
    private static final String WRITE_FAILED = "command \\d+ \\(WRITE\\) at byte \\d+, path big: ";

    /** A read-only snapshot "snap" of a subvolume with a 32 MiB file of random bytes and a few small ones. */
    private static Path snapshot(LoopBtrfs source) {
        Shell.sh("cd " + source.mountPoint() + " && btrfs -q subvolume create vol && mkdir vol/d && echo one > vol/d/one"
                + " && head -c 32M /dev/urandom > vol/big && ln -s d/one vol/link && echo two > vol/two"
                + " && btrfs -q subvolume snapshot -r vol snap");
        return source.path("snap");
    }

    @Test
    void outOfSpaceMidReceiveThenARerunAfterFreeingSpace(LoopBtrfs source, @LoopFs(sizeMiB = 256) LoopBtrfs small)
            throws Exception {
        Path snap = snapshot(source);
        TreeState sourceBefore = TreeState.capture(snap);
        Path dest = Files.createDirectory(small.path("dest"));
        // Fill the disk, then give back 16 MiB: enough to start, not enough for the 32 MiB file.
        Shell.sh("dd if=/dev/zero of=" + small.path("filler") + " bs=1M status=none 2>/dev/null; sync -f " + small.mountPoint()
                + "; truncate -s -16M " + small.path("filler") + " && btrfs filesystem sync " + small.mountPoint());

        ReceiveException e = receiveExpectingFailure(snap, dest);

        assertEquals(Errno.ENOSPC, e.errno(), e.getMessage());
        assertTrue(e.getMessage().matches(WRITE_FAILED + "ENOSPC \\(no space left on device\\)"), e.getMessage());
        assertNothingUnderTheFinalName(small, dest);
        TreeComparison.assertSame(sourceBefore, TreeState.capture(snap));

        Shell.run("rm", small.path("filler").toString());
        // Commit, then wait for the cleaner to free the deleted partial subvolume's space.
        Shell.run("btrfs", "filesystem", "sync", small.mountPoint().toString());
        Shell.run("btrfs", "subvolume", "sync", small.mountPoint().toString());
        assertReceivesAndMatches(snap, dest);
    }

    @Test
    void aReadOnlyTargetFailsClearlyAndARerunAfterRemountingSucceeds(LoopBtrfs source, @LoopFs(sizeMiB = 256) LoopBtrfs small)
            throws Exception {
        Path snap = snapshot(source);
        Path dest = Files.createDirectory(small.path("dest"));
        Shell.run("mount", "-o", "remount,ro", small.mountPoint().toString());

        ReceiveException e = receiveExpectingFailure(snap, dest);

        assertEquals(Errno.EROFS, e.errno(), e.getMessage());
        assertTrue(e.getMessage().startsWith("command 0 (SUBVOL) at byte 17, path snap: EROFS (read-only file system)"),
                e.getMessage());
        assertNothingUnderTheFinalName(small, dest);

        Shell.run("mount", "-o", "remount,rw", small.mountPoint().toString());
        assertReceivesAndMatches(snap, dest);
    }

    /**
     * The target's file system is detached (umount -l) after the first MiB. The receive holds its
     * directories open, so it goes on into the detached file system: it may finish there, but it
     * must never leave an incomplete subvolume under the final name. Mounted again, the target
     * holds either nothing or the complete, read-only, received snapshot.
     */
    @Test
    void aTargetUnmountedMidStreamLeavesNothingIncomplete(LoopBtrfs source, @LoopFs(sizeMiB = 256) LoopBtrfs small)
            throws Exception {
        Path snap = snapshot(source);
        Path dest = Files.createDirectory(small.path("dest"));
        try (Send send = Send.start(snap, Optional.empty(), 1)) {
            InputStream in = afterBytes(send.stream(), 1 << 20, () -> Shell.run("umount", "-l", small.mountPoint().toString()));
            try {
                Receiver.receive(in, dest, ReceiveOptions.defaults());
            } catch (ReceiveException e) {
                assertTrue(e.getMessage().matches("(?s)^command \\d+ .*"), e.getMessage());
            }
        }
        Shell.run("mount", small.loopDevice(), small.mountPoint().toString());
        if (Files.exists(dest.resolve("snap"))) {
            assertEquals("true", Shell.run("btrfs", "property", "get", "-ts", dest.resolve("snap").toString(), "ro")
                    .strip().replace("ro=", ""));
            TreeComparison.assertSame(TreeState.capture(snap), TreeState.capture(dest.resolve("snap")));
        } else {
            assertNothingUnderTheFinalName(small, dest);
            assertReceivesAndMatches(snap, dest);
        }
    }

    /** The stream stops half-way (stdin closed early): a truncated stream, and nothing complete. */
    @Test
    void aStreamThatStopsHalfWayThenARerun(LoopBtrfs source, LoopBtrfs target) throws Exception {
        Path snap = snapshot(source);
        Path dest = Files.createDirectory(target.path("dest"));
        Send send = Send.start(snap, Optional.empty(), 1);
        InputStream half = new FilterInputStream(send.stream()) {
            long left = 16 << 20;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                left -= Math.max(n, 0);
                return n;
            }
        };
        ReceiveException e = assertThrows(ReceiveException.class, () -> Receiver.receive(half, dest, ReceiveOptions.defaults()));
        send.abandon();
        assertTrue(e.getMessage().matches("command \\d+ at byte \\d+: truncated: command WRITE declares \\d+ payload bytes, \\d+ present"
                + "|command \\d+ at byte \\d+: (stream ends without END|truncated: .*)"), e.getMessage());
        assertNothingUnderTheFinalName(target, dest);
        assertReceivesAndMatches(snap, dest);
    }

    /** btrfs send is killed (SIGKILL) after 8 MiB: the pipe ends mid-command. */
    @Test
    void aSenderKilledWithSigkillThenARerun(LoopBtrfs source, LoopBtrfs target) throws Exception {
        Path snap = snapshot(source);
        Path dest = Files.createDirectory(target.path("dest"));
        Send send = Send.start(snap, Optional.empty(), 1);
        InputStream in = afterBytes(send.stream(), 8 << 20, send::kill);
        ReceiveException e = assertThrows(ReceiveException.class, () -> Receiver.receive(in, dest, ReceiveOptions.defaults()));
        send.abandon();
        assertTrue(e.getMessage().matches("command \\d+ at byte \\d+: (truncated|stream ends without END).*"), e.getMessage());
        assertNothingUnderTheFinalName(target, dest);
        assertReceivesAndMatches(snap, dest);
    }

    /**
     * The receiver (a JVM of its own) is killed with SIGKILL after 8 MiB: it cannot clean up, so
     * its partial subvolume stays, under the partial name only; the next receive deletes it.
     */
    @Test
    void aReceiverKilledWithSigkillLeavesOnlyAPartialNameAndTheNextRunRecovers(LoopBtrfs source, LoopBtrfs target)
            throws Exception {
        Path snap = snapshot(source);
        Path dest = Files.createDirectory(target.path("dest"));
        byte[] stream = Send.bytes(snap, Optional.empty(), 1);
        Process receiver = ReceiveProcess.start(dest);
        try (OutputStream in = receiver.getOutputStream()) {
            in.write(stream, 0, 8 << 20);
            in.flush();
            waitForPartial(dest, receiver);
            receiver.destroyForcibly().waitFor();
        } catch (IOException pipeClosed) {
            // the receiver died while we wrote: fine, it is dead either way
        }
        receiver.waitFor();
        assertFalse(Files.exists(dest.resolve("snap")), "the final name exists after the receiver was killed");

        Receiver.receive(new java.io.ByteArrayInputStream(stream), dest, ReceiveOptions.defaults());
        assertEquals(List.of("snap"), Shell.run("ls", "-A", dest.toString()).lines().toList());
        TreeComparison.assertSame(TreeState.capture(snap), TreeState.capture(dest.resolve("snap")));
    }

    /** The receiver has read most of what was written, so it made its partial subvolume long ago; this only confirms it. */
    private static void waitForPartial(Path dest, Process receiver) throws InterruptedException {
        while (!Files.exists(dest.resolve(".ferry-partial.snap")) && receiver.isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(dest.resolve(".ferry-partial.snap")), "the receiver made no partial subvolume");
    }

    private static ReceiveException receiveExpectingFailure(Path snap, Path dest) throws Exception {
        Send send = Send.start(snap, Optional.empty(), 1);
        ReceiveException e = assertThrows(ReceiveException.class,
                () -> Receiver.receive(send.stream(), dest, ReceiveOptions.defaults()));
        send.abandon();
        return e;
    }

    private static void assertReceivesAndMatches(Path snap, Path dest) throws Exception {
        try (Send send = Send.start(snap, Optional.empty(), 1)) {
            Receiver.receive(send.stream(), dest, ReceiveOptions.defaults());
        }
        assertEquals(List.of("snap"), Shell.run("ls", "-A", dest.toString()).lines().toList());
        TreeComparison.assertSame(TreeState.capture(snap), TreeState.capture(dest.resolve("snap")));
    }

    /** Nothing in DEST at all (the partial subvolume was deleted), and no read-only subvolume anywhere. */
    private static void assertNothingUnderTheFinalName(LoopBtrfs fs, Path dest) {
        assertEquals("", Shell.run("ls", "-A", dest.toString()), "DEST is not empty");
        assertEquals("", Shell.run("btrfs", "subvolume", "list", "-r", fs.mountPoint().toString()));
    }

    /** {@code in}, running {@code action} once as soon as {@code limit} bytes have been read. */
    private static InputStream afterBytes(InputStream in, long limit, Runnable action) {
        return new FilterInputStream(in) {
            long read;
            boolean done;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                if (!done && read >= limit) {
                    done = true;
                    action.run();
                }
                return n;
            }
        };
    }
}
