package dev.ferry.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.stream.ResumeToken;
import dev.ferry.stream.testing.ResumeTokens;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Interrupted receives, resumed: many seeded trials in one run, each cutting or breaking the
 * input of {@code btrfs send | ferry receive} at a random command (and byte within it), or killing
 * a receiving process with SIGKILL at a random moment, then resuming from the partial's token
 * (or sending in full when there is none). Every trial must end with a subvolume identical to its
 * source, file by file, and no interrupted receive may leave anything under the final name.
 * {@code -Dferry.resume.seed=N} replays a run; the seed is in every failure message.
 */
@ExtendWith(LoopBtrfsExtension.class)
class ResumeTrialsTest {
    /** As ferry receive and ferry target receive run: an input that ends early keeps the partial. */
    private static final ReceiveOptions KEEP = ReceiveOptions.defaults().withKeepInterrupted(true);
    private static final long SEED = Long.getLong("ferry.resume.seed", System.nanoTime());
    private static final int PROTOCOL = 1;

    /** The three snapshots' streams: s1 full, s2 from s1, s3 from s2. */
    private record Chain(Path sources, List<byte[]> streams) {
        Path snapshot(int step) {
            return sources.resolve(SourceTree.SNAPSHOTS.get(step));
        }

        String name(int step) {
            return SourceTree.SNAPSHOTS.get(step);
        }
    }

    private static Chain chain(LoopBtrfs source) throws Exception {
        Path sources = SourceTree.build(source);
        List<byte[]> streams = new ArrayList<>();
        Optional<Path> parent = Optional.empty();
        for (String name : SourceTree.SNAPSHOTS) {
            streams.add(Send.bytes(sources.resolve(name), parent, PROTOCOL));
            parent = Optional.of(sources.resolve(name));
        }
        return new Chain(sources, streams);
    }

    @Test
    void cutAndBrokenInputsResumeToIdenticalSubvolumes(LoopBtrfs source, @LoopFs(sizeMiB = 1536) LoopBtrfs target) throws Exception {
        Chain chain = chain(source);
        Random random = new Random(SEED);
        int trials = 30;
        int resumed = 0;
        for (int trial = 0; trial < trials; trial++) {
            String where = "seed " + SEED + ", trial " + trial;
            Path dest = Files.createDirectory(target.path("t" + trial));
            int step = random.nextInt(3);
            receivePrefix(chain, dest, step);
            byte[] full = chain.streams().get(step);
            byte[] stream = full;
            int interruptions = random.nextInt(4) == 0 ? 2 : 1; // sometimes a resumed receive is interrupted too
            for (int i = 0; i < interruptions; i++) {
                int cut = randomCut(stream, random);
                Interrupted.Ending ending = random.nextBoolean() ? Interrupted.Ending.EOF : Interrupted.Ending.ERROR;
                byte[] input = stream;
                assertThrows(ReceiveException.class,
                        () -> Receiver.receive(Interrupted.cut(input, cut, ending), dest, KEEP),
                        where + ": cut at byte " + cut);
                assertFalse(Files.exists(dest.resolve(chain.name(step))), where + ": an interrupted receive left " + chain.name(step));
                Optional<ResumeToken> token = token(dest, chain.name(step), where);
                stream = token.isPresent() ? Interrupted.resumed(full, token.get()) : full;
                if (token.isPresent()) {
                    resumed++;
                }
            }
            Receiver.receive(new ByteArrayInputStream(stream), dest, KEEP);
            assertComplete(chain, step, dest, where);
            deleteAll(dest);
        }
        assertTrue(resumed >= trials / 2, "seed " + SEED + ": only " + resumed + " of " + trials + " trials resumed");
    }

    /**
     * SIGKILL of a receiving process at a random moment: it can land anywhere, also between a
     * namespace change and the next record. Kill timing depends on the machine, so a seed replays
     * the choice of stream and delay, not the exact command killed.
     */
    @Test
    void killedReceiversResumeToIdenticalSubvolumes(LoopBtrfs source, @LoopFs(sizeMiB = 1536) LoopBtrfs target) throws Exception {
        Chain chain = chain(source);
        Random random = new Random(SEED + 1);
        int trials = 12;
        int resumed = 0;
        Path streamFile = Files.createTempFile("ferry-resume-", ".stream");
        try {
            for (int trial = 0; trial < trials; trial++) {
                String where = "seed " + SEED + ", kill trial " + trial;
                Path dest = Files.createDirectory(target.path("k" + trial));
                int step = random.nextInt(3);
                receivePrefix(chain, dest, step);
                byte[] full = chain.streams().get(step);
                Files.write(streamFile, full);
                int every = Math.max(16, full.length / 1000); // about a second of reading, whatever the stream's size
                boolean finished = receiveAndKill(dest, streamFile, every, random.nextInt(1200), chain.name(step), where);
                // A kill may land before the first record: then the partial has none and is sent again in full.
                Optional<ResumeToken> token = finished ? Optional.empty()
                        : Receiver.partial(dest, chain.name(step), KEEP).flatMap(PartialReceive::token);
                System.out.println(where + ": step " + step + ", " + full.length + " bytes, "
                        + (finished ? "finished before the kill" : token.map(t -> "resumed at command " + t.index()).orElse("no partial")));
                if (!finished) {
                    byte[] stream = token.isPresent() ? Interrupted.resumed(full, token.get()) : full;
                    resumed += token.isPresent() ? 1 : 0;
                    Receiver.receive(new ByteArrayInputStream(stream), dest, KEEP);
                }
                assertComplete(chain, step, dest, where);
                deleteAll(dest);
            }
        } finally {
            Files.deleteIfExists(streamFile);
        }
        System.out.println("killed receivers: " + resumed + " of " + trials + " trials resumed (seed " + SEED + ")");
    }

    /** A full stream for a name with a partial: the partial is discarded and the receive starts over. */
    @Test
    void aFullStreamReplacesAPartial(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs target) throws Exception {
        Chain chain = chain(source);
        Path dest = Files.createDirectory(target.path("d"));
        byte[] full = chain.streams().get(0);
        interruptHalfway(full, dest);
        assertTrue(token(dest, "s1", "half").isPresent());
        Receiver.receive(new ByteArrayInputStream(full), dest, KEEP);
        assertComplete(chain, 0, dest, "full after partial");
    }

    /** A token the partial did not record (stale, or from another stream) is refused; the partial is deleted so the next send is full. */
    @Test
    void aStaleTokenIsRefusedAndThePartialDropped(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs target) throws Exception {
        Chain chain = chain(source);
        Path dest = Files.createDirectory(target.path("d"));
        byte[] full = chain.streams().get(0);
        interruptHalfway(full, dest);
        ResumeToken token = token(dest, "s1", "stale").orElseThrow();
        ResumeToken earlier = Interrupted.commandOffsets(full).size() > 4
                ? ResumeTokens.after(full, token.index() - 2) : token;
        ReceiveException e = assertThrows(ReceiveException.class,
                () -> Receiver.receive(new ByteArrayInputStream(Interrupted.resumed(full, earlier)), dest, KEEP));
        assertTrue(e.getMessage().contains("cannot resume") && e.getMessage().contains("not " + earlier), e.getMessage());
        assertEquals(Optional.empty(), Receiver.partial(dest, "s1", KEEP));
        assertFalse(Files.exists(dest.resolve(".ferry-resume.s1")));
        Receiver.receive(new ByteArrayInputStream(full), dest, KEEP);
        assertComplete(chain, 0, dest, "full after stale token");
    }

    /** A record written in another boot is not trusted: no token is offered, and resuming from it is refused. */
    @Test
    void aRecordFromAnotherBootIsNotTrusted(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs target) throws Exception {
        Chain chain = chain(source);
        Path dest = Files.createDirectory(target.path("d"));
        byte[] full = chain.streams().get(0);
        interruptHalfway(full, dest);
        ResumeToken token = token(dest, "s1", "boot").orElseThrow();
        Path record = dest.resolve(".ferry-resume.s1");
        String text = Files.readString(record);
        Files.writeString(record, text.replace(BootId.current(), "00000000-0000-0000-0000-000000000000"));
        PartialReceive partial = Receiver.partial(dest, "s1", KEEP).orElseThrow();
        assertEquals(Optional.empty(), partial.token());
        assertTrue(partial.status().contains("before a reboot"), partial.status());
        ReceiveException e = assertThrows(ReceiveException.class,
                () -> Receiver.receive(new ByteArrayInputStream(Interrupted.resumed(full, token)), dest, KEEP));
        assertTrue(e.getMessage().contains("before a reboot"), e.getMessage());
        assertFalse(Files.exists(dest.resolve(".ferry-partial.s1")));
    }

    /** Into a directory mirror: full streams resume; an incremental one (changed in place) cannot and says so. */
    @Test
    void mirrorsResumeFullStreams(LoopBtrfs source, @LoopFs(type = "ext4", sizeMiB = 512, mountOptions = "noatime") LoopBtrfs ext4)
            throws Exception {
        Chain chain = chain(source);
        Random random = new Random(SEED + 2);
        byte[] full = chain.streams().get(0);
        List<Long> offsets = Interrupted.commandOffsets(full);
        for (int trial = 0; trial < 4; trial++) {
            String where = "seed " + SEED + ", mirror trial " + trial;
            Path mirror = ext4.path("m" + trial);
            // The first trial cuts just inside the command after SUBVOL, before the mirror is begun.
            int cut = trial == 0 ? (int) (long) offsets.get(1) + 1 : randomCut(full, random);
            assertThrows(ReceiveException.class,
                    () -> Receiver.receive(Interrupted.cut(full, cut, Interrupted.Ending.EOF), mirror, KEEP));
            Path stateFile = ext4.path(".m" + trial + ".ferry-state");
            if (cut > offsets.get(1) && cut < offsets.get(2)) {
                // The mirror is begun once the command after SUBVOL is read whole: nothing was written.
                assertFalse(Files.exists(stateFile) || Files.exists(mirror), where + ": cut at byte " + cut + " left something");
            } else {
                String state = Files.readString(stateFile);
                assertTrue(state.contains("\"complete\" : false"), where + ", cut at byte " + cut + ": " + state);
            }
            Optional<ResumeToken> token = Receiver.partial(mirror, "s1", KEEP).flatMap(PartialReceive::token);
            Receiver.receive(new ByteArrayInputStream(token.isPresent() ? Interrupted.resumed(full, token.get()) : full), mirror,
                    KEEP);
            TreeDigest.assertSame(chain.snapshot(0), mirror, true);
            assertFalse(Files.exists(ext4.path(".m" + trial + ".ferry-resume")), where);
        }
        Path mirror = ext4.path("m0");
        interruptHalfway(chain.streams().get(1), mirror);
        PartialReceive partial = Receiver.partial(mirror, "s2", KEEP).orElseThrow();
        assertEquals(Optional.empty(), partial.token());
    }

    // ---- helpers

    /** Receives {@code stream} into {@code dest} with its input ending at the command in its middle. */
    private static void interruptHalfway(byte[] stream, Path dest) throws Exception {
        List<Long> offsets = Interrupted.commandOffsets(stream);
        int cut = (int) (long) offsets.get(offsets.size() / 2);
        assertThrows(ReceiveException.class,
                () -> Receiver.receive(Interrupted.cut(stream, cut, Interrupted.Ending.EOF), dest, KEEP));
    }

    /** A byte offset inside a random command after the first: at its start or anywhere in it. */
    private static int randomCut(byte[] stream, Random random) throws Exception {
        List<Long> offsets = Interrupted.commandOffsets(stream);
        int commands = offsets.size() - 1;
        int command = 1 + random.nextInt(commands - 1);
        long from = offsets.get(command);
        long to = offsets.get(command + 1);
        return (int) (from + (random.nextBoolean() ? 0 : random.nextLong(to - from)));
    }

    private static void receivePrefix(Chain chain, Path dest, int step) throws Exception {
        for (int s = 0; s < step; s++) {
            Receiver.receive(new ByteArrayInputStream(chain.streams().get(s)), dest, KEEP);
        }
    }

    private static Optional<ResumeToken> token(Path dest, String name, String where) throws Exception {
        Optional<PartialReceive> partial = Receiver.partial(dest, name, KEEP);
        partial.ifPresent(p -> assertTrue(p.token().isPresent(), where + ": partial not resumable: " + p.status()));
        return partial.flatMap(PartialReceive::token);
    }

    private static void assertComplete(Chain chain, int step, Path dest, String where) {
        Path received = dest.resolve(chain.name(step));
        assertTrue(Files.isDirectory(received), where + ": " + received + " missing");
        TreeDigest.assertSame(chain.snapshot(step), received, PROTOCOL == 2 || step == 0);
        RoundTripTest.assertReceivedLikeProgs(chain.snapshot(step), received);
        String left = Shell.run("ls", "-A", dest.toString());
        assertFalse(left.contains(".ferry-partial") || left.contains(".ferry-resume"), where + ": left behind: " + left);
    }

    /**
     * Runs {@link ReceiveChild} and SIGKILLs it {@code killAfterMillis} after it started receiving;
     * true if it had finished by then (then the subvolume is under its final name, and
     * {@link #assertComplete} checks that it really is complete).
     */
    private static boolean receiveAndKill(Path dest, Path stream, int pauseEvery, int killAfterMillis, String name, String where)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "--enable-native-access=ALL-UNNAMED",
                ReceiveChild.class.getName(), dest.toString(), stream.toString(), Integer.toString(pauseEvery))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertEquals("receiving", line, where + ": the receiving process did not start");
            Thread.sleep(killAfterMillis);
        } finally {
            child.destroyForcibly(); // SIGKILL: no clean-up runs
            child.waitFor(60, TimeUnit.SECONDS);
        }
        return Files.exists(dest.resolve(name));
    }

    private static void deleteAll(Path dest) {
        Shell.run("bash", "-c", "cd \"$1\" && for s in * .ferry-partial.*; do [ -e \"$s\" ] && btrfs -q subvolume delete \"$s\"; done;"
                + " rm -f .ferry-resume.*; cd / && rmdir \"$1\"", "rm", dest.toString());
    }
}
