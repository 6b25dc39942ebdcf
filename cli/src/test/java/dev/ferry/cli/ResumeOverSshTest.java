package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.tree.ComparisonOptions;
import dev.ferry.btrfs.testing.tree.TreeComparison;
import dev.ferry.btrfs.testing.tree.TreeState;
import dev.ferry.scheduler.target.Backup;
import dev.ferry.scheduler.target.Incoming;
import dev.ferry.scheduler.target.SshTarget;
import dev.ferry.scheduler.target.StreamDescription;
import dev.ferry.send.SendRequest;
import dev.ferry.send.SendSession;
import dev.ferry.stream.ResumeToken;
import dev.ferry.stream.StreamReader;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resumable transfers over {@code ssh://}, against the test's own sshd: the connection cut at a
 * random command of the stream (the ssh client killed), and the sending {@code ferry backup}
 * process killed with SIGKILL; each trial then resumes (through the token the remote side lists)
 * and must end with a backup identical to its snapshot, with nothing complete-looking left by the
 * interruption. {@code -Dferry.resume.seed=N} replays a run.
 */
@ExtendWith({LoopBtrfsExtension.class, TestSshdExtension.class})
class ResumeOverSshTest {
    private static final long SEED = Long.getLong("ferry.resume.seed", System.nanoTime());
    private static final ComparisonOptions V1 = ComparisonOptions.btrfsReceive(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static void snapshots(LoopBtrfs fs) {
        Shell.sh("cd " + fs.mountPoint() + " && set -e\n"
                + "btrfs -q subvolume create vol && mkdir vol/d && echo one > vol/d/f && head -c 3000000 /dev/urandom > vol/data\n"
                + "for i in $(seq 20); do echo $i > vol/d/n$i; done\n"
                + "btrfs -q subvolume snapshot -r vol " + TargetSends.name(1) + "\n"
                + "mv vol/d vol/e && echo two >> vol/e/f && ln -s e/f vol/link && head -c 1000000 /dev/urandom >> vol/data\n"
                + "for i in $(seq 10); do mv vol/e/n$i vol/m$i; done\n"
                + "btrfs -q subvolume snapshot -r vol " + TargetSends.name(2) + "\n");
    }

    @Test
    void cutConnectionsResumeToIdenticalBackups(LoopBtrfs source, @LoopFs(sizeMiB = 1024) LoopBtrfs remote, TestSshd sshd)
            throws Exception {
        snapshots(source);
        Random random = new Random(SEED);
        int trials = 5;
        int resumed = 0;
        for (int trial = 0; trial < trials; trial++) {
            String where = "seed " + SEED + ", ssh trial " + trial;
            Path dir = Files.createDirectory(remote.path("t" + trial));
            SshTarget target = SshTargetTest.target(sshd, dir);
            int step = 1 + random.nextInt(2);
            Path snapshot = source.path(TargetSends.name(step));
            Optional<Path> parent = step == 1 ? Optional.empty() : Optional.of(source.path(TargetSends.name(1)));
            if (parent.isPresent()) {
                TargetSends.send(target, parent.get(), Optional.empty());
            }
            byte[] stream = stream(snapshot, parent, Optional.empty());
            int cut = randomCut(stream, random);
            try (Incoming incoming = target.receive(TargetSends.SERIES, description(snapshot, parent))) {
                incoming.stream().write(stream, 0, cut);
                incoming.stream().flush();
                incoming.abort(new IOException("connection cut by the test")); // kills ssh
            }
            String name = snapshot.getFileName().toString();
            assertFalse(Files.exists(dir.resolve(name)), where + ": a cut transfer left " + name);
            Optional<ResumeToken> token = target.resumeToken(TargetSends.SERIES, name);
            resumed += token.isPresent() ? 1 : 0;
            try (Incoming incoming = target.receive(TargetSends.SERIES, description(snapshot, parent))) {
                incoming.stream().write(stream(snapshot, parent, token));
                incoming.commit();
            }
            assertComplete(snapshot, dir, where + (token.isPresent() ? ", resumed at " + token.get().index() : ", sent in full"));
        }
        assertTrue(resumed >= 2, "seed " + SEED + ": only " + resumed + " of " + trials + " cut transfers resumed");
    }

    /** The sender killed: ferry backup in a process of its own, SIGKILLed; the next ferry backup resumes and says so. */
    @Test
    void aKilledBackupIsResumedByTheNextRun(LoopBtrfs source, @LoopFs(sizeMiB = 1024) LoopBtrfs remote, TestSshd sshd)
            throws Exception {
        Path home = source.path("home");
        Shell.sh("set -e; btrfs -q subvolume create " + home + "; mkdir " + home + "/d; head -c 24000000 /dev/urandom > "
                + home + "/big; for i in $(seq 50); do echo $i > " + home + "/d/f$i; done");
        Path snapshots = Files.createDirectory(source.path("snapshots"));
        Path backups = Files.createDirectory(remote.path("backups"));
        // if-changed: the rerun sends the same snapshot again instead of taking a new one
        String yaml = "volumes:\n"
                + "  - source: " + home + "\n"
                + "    snapshot-dir: " + snapshots + "\n"
                + "    if-changed: true\n"
                + "    targets:\n"
                + "      - target: " + sshd.address(backups) + "\n"
                + "        ssh:\n"
                + "          identity: " + sshd.identity() + "\n"
                + "          options: [" + String.join(", ", sshd.clientOptions().stream().map(o -> "'" + o + "'").toList()) + "]\n"
                + "          remote-ferry: '" + SshTargetTest.remoteFerry() + "'\n";
        Path config = Files.writeString(source.path("ferry.yaml"), yaml);
        List<String> args = List.of("backup", "--config", config.toString(), "--json");

        Random random = new Random(SEED + 1);
        boolean interrupted = killBackupWhileSending(args, backups, random.nextInt(400));
        Optional<Path> partial = partial(backups);
        String name;
        try (Stream<Path> s = Files.list(snapshots)) {
            name = s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).findFirst().orElseThrow();
        }
        // The kill may land after the receive completed (while the backup prunes or waits for ssh):
        // then what is under the final name must be the complete backup, nothing less.
        boolean landed = Files.exists(backups.resolve(name));
        if (landed) {
            assertComplete(snapshots.resolve(name), backups, "seed " + SEED + ", killed after the receive completed");
        }
        boolean hadToken = partial.isPresent()
                && SshTargetTest.target(sshd, backups).resumeToken(TargetSends.SERIES, name).isPresent();

        FerryRun rerun = FerryRun.of(cli -> ((BackupCommand) cli.getSubcommands().get("backup").getCommand()).clock =
                Clock.fixed(Instant.now(), ZoneOffset.UTC), args.toArray(String[]::new));
        assertEquals(0, rerun.exitCode(), rerun.err() + sshd.log());
        JsonNode transfer = JSON.readTree(rerun.out()).get("volumes").get(0).get("targets").get(0).get("transfer");
        if (!landed) {
            assertEquals("sent", transfer.get("status").asText(), transfer.toString());
            assertEquals(hadToken, transfer.get("resumed").asBoolean(), transfer.toString());
            assertTrue(transfer.get("bytes").asLong() > 0, transfer.toString());
        }
        assertComplete(snapshots.resolve(name), backups, "seed " + SEED + ", killed backup, token " + hadToken);
        System.out.println("killed backup: alive at the kill " + interrupted + ", completed before it " + landed + ", resumed "
                + hadToken + ", " + transfer);
    }

    // ---- helpers

    /** Runs ferry backup as a process and SIGKILLs it {@code extraMillis} after its receive began there; true if it had not finished. */
    private static boolean killBackupWhileSending(List<String> args, Path backups, int extraMillis) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Ferry.class.getName()));
        command.addAll(args);
        Path log = Files.createTempFile("ferry-backup-", ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> descendants = new ArrayList<>();
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (partial(backups).isEmpty() && child.isAlive() && System.currentTimeMillis() < deadline) {
                child.descendants().forEach(descendants::add);
                Thread.sleep(10);
            }
            Thread.sleep(extraMillis);
            child.descendants().forEach(descendants::add);
            boolean alive = child.isAlive();
            if (!alive) {
                System.out.println("ferry backup finished before the kill: exit " + child.exitValue() + "\n" + Files.readString(log));
            }
            return alive;
        } finally {
            Files.deleteIfExists(log);
            child.destroyForcibly(); // SIGKILL: the sender dies; its ssh sees the end of its input
            child.waitFor(60, TimeUnit.SECONDS);
            for (ProcessHandle h : descendants) { // the ssh client it started: gone once the remote side is done
                try {
                    h.onExit().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    h.destroyForcibly();
                }
            }
        }
    }

    private static Optional<Path> partial(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".ferry-partial.")).findFirst();
        }
    }

    private static StreamDescription description(Path snapshot, Optional<Path> parent) throws Exception {
        String name = snapshot.getFileName().toString();
        return new StreamDescription(name, SubvolumeIndex.info(snapshot).uuid(), 0,
                TargetSends.SERIES.parse(name).orElseThrow().time(),
                parent.isEmpty() ? Optional.empty() : Optional.of(SubvolumeIndex.info(parent.get()).uuid()));
    }

    /** What ferry send writes (raw, v1), from the start or resumed from {@code token}. */
    private static byte[] stream(Path snapshot, Optional<Path> parent, Optional<ResumeToken> token) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WriterOptions raw = WriterOptions.raw(1);
        try (StreamWriter writer = token.isPresent() ? StreamWriter.resume(out, raw, token.get()) : StreamWriter.open(out, raw)) {
            SendSession.send(new SendRequest(snapshot, parent, List.of(), 1), writer::write, notice -> { });
        }
        return out.toByteArray();
    }

    private static int randomCut(byte[] stream, Random random) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream))) {
            while (reader.next() != null) {
                offsets.add(reader.commandOffset());
            }
        }
        offsets.add((long) stream.length);
        int command = 2 + random.nextInt(offsets.size() - 3);
        long from = offsets.get(command);
        return (int) (from + (random.nextBoolean() ? 0 : random.nextLong(offsets.get(command + 1) - from)));
    }

    private static void assertComplete(Path snapshot, Path dir, String where) throws Exception {
        Path received = dir.resolve(snapshot.getFileName());
        assertTrue(Files.isDirectory(received), where + ": " + received + " missing");
        TreeComparison.assertSame(TreeState.capture(snapshot), TreeState.capture(received), V1);
        RoundTrips.assertReceivedFrom(snapshot, received);
        assertEquals(Optional.empty(), partial(dir), where + ": a partial was left");
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".ferry-resume.")), where + ": a resume record was left");
        }
    }
}
