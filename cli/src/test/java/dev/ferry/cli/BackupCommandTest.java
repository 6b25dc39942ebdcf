package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ferry backup} as a user runs it: the command line in, exit status, standard output and
 * standard error out. Targets are loop btrfs filesystems, stream-file directories and a private
 * sshd on 127.0.0.1.
 */
@ExtendWith({LoopBtrfsExtension.class, TestSshdExtension.class})
class BackupCommandTest {
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Runs {@code ferry ARGS} in-process with the backup and list clocks at {@code now}. */
    static FerryRun ferry(Instant now, String... args) {
        return FerryRun.of(cli -> {
            // A run builds only the subcommand it names: set the clock of whichever is there.
            for (CommandLine sub : cli.getSubcommands().values()) {
                if (sub.getCommand() instanceof BackupCommand backup) {
                    backup.clock = Clock.fixed(now, ZoneOffset.UTC);
                } else if (sub.getCommand() instanceof ListCommand list) {
                    list.clock = Clock.fixed(now, ZoneOffset.UTC);
                }
            }
        }, args);
    }

    private static Path source(LoopBtrfs fs) throws IOException {
        Path home = fs.path("home");
        Subvolumes.create(home);
        Files.writeString(home.resolve("a.txt"), "first\n");
        Files.write(home.resolve("big.bin"), new byte[200_000]);
        return home;
    }

    @Test
    void oneOfTwoTargetsFailingIsExitStatusTwoAndTheJsonSaysWhatHappenedWhere(LoopBtrfs src, LoopBtrfs dst)
            throws Exception {
        Path home = source(src);
        String good = dst.path("backups").toString();
        // file: targets create their directory but not its parent: an unmounted disk must not fill the root fs.
        String bad = "file://" + tmp.resolve("not-mounted/backups");
        List<String> args = List.of("backup", home.toString(), "--snapshot-dir", src.path("snapshots").toString(),
                "--target", good, "--target", bad, "--json");

        FerryRun first = ferry(START, args.toArray(String[]::new));
        assertEquals(2, first.exitCode(), first.err());
        assertTrue(first.err().contains("ferry backup: home -> " + bad + ": sending home.20261121T100000Z: "), first.err());

        Files.writeString(home.resolve("a.txt"), "second\n");
        FerryRun second = ferry(START.plusSeconds(3600), args.toArray(String[]::new));
        assertEquals(2, second.exitCode(), second.err());

        JsonNode report = JSON.readTree(second.out());
        assertEquals(2, report.get("exitStatus").asInt());
        assertFalse(report.get("dryRun").asBoolean());
        JsonNode volume = only(report.get("volumes"));
        assertEquals("home", volume.get("volume").asText());
        assertEquals("partly-done", volume.get("outcome").asText());
        assertEquals("home.20261121T110000Z", volume.get("snapshot").get("name").asText());
        assertEquals("taken", volume.get("snapshot").get("status").asText());
        assertEquals(List.of(), texts(volume.get("errors")));
        assertEquals(List.of("home.20261121T100000Z", "home.20261121T110000Z"),
                volume.get("prune").findValuesAsText("name"), "the source's snapshots, each with a decision");

        JsonNode targets = volume.get("targets");
        assertEquals(2, targets.size());
        JsonNode sent = targets.get(0);
        assertEquals(good, sent.get("target").asText());
        JsonNode transfer = sent.get("transfer");
        assertEquals("sent", transfer.get("status").asText());
        assertEquals("home.20261121T110000Z", transfer.get("snapshot").asText());
        assertFalse(transfer.get("full").asBoolean());
        assertEquals("home.20261121T100000Z", transfer.get("parent").asText());
        assertTrue(transfer.get("bytes").asLong() > 0, transfer.toString());
        assertTrue(transfer.get("millis").asLong() >= 0, transfer.toString());
        assertEquals(List.of(), texts(sent.get("errors")));
        assertEquals(List.of(), texts(sent.get("deleted")));
        assertEquals(2, sent.get("prune").size(), "both backups decided on: " + sent);
        assertTrue(Files.isDirectory(dst.path("backups/home.20261121T110000Z")));

        JsonNode failed = targets.get(1);
        assertEquals(bad, failed.get("target").asText());
        assertEquals("failed", failed.get("transfer").get("status").asText());
        assertTrue(failed.get("transfer").get("error").asText().startsWith("sending home.20261121T110000Z: "),
                failed.toString());
        assertEquals(1, failed.get("errors").size(), failed.toString());
    }

    @Test
    void aSuccessfulRunInCronIsSilentAndExitsZero(LoopBtrfs src, LoopBtrfs dst) throws Exception {
        Path home = source(src);
        String[] args = {"backup", home.toString(), "--snapshot-dir", src.path("snapshots").toString(),
                "--target", dst.path("backups").toString()};
        FerryRun seed = ferry(START, args);
        assertEquals(0, seed.exitCode(), seed.err());
        assertEquals("", seed.out());
        assertTrue(seed.err().contains("sending home.20261121T100000Z in full (seeding the target)"), seed.err());
        Files.writeString(home.resolve("a.txt"), "second\n");
        FerryRun incremental = ferry(START.plusSeconds(3600), args);
        assertEquals(new FerryRun(0, "", ""), incremental, "no progress bar when stderr is not a terminal");
    }

    /** The test sshd accepts only its own client key, which is nowhere ssh looks by default. */
    @Test
    void anSshTargetIsReachedWithTheConfiguredIdentityAndNotWithout(LoopBtrfs src,
            @LoopFs(sizeMiB = 512) LoopBtrfs remote, TestSshd sshd) throws Exception {
        Path home = source(src);
        Path backups = Files.createDirectory(remote.path("backups"));
        String target = sshd.address(backups);
        Path withoutKey = config(home, src, target, sshd, false);
        Path withKey = config(home, src, target, sshd, true);

        FerryRun refused = ferry(START, "backup", "--config", withoutKey.toString());
        assertEquals(1, refused.exitCode(), "the only target failed: " + refused.err());
        assertTrue(refused.err().contains(target + ": ssh to 127.0.0.1 failed: "), refused.err());
        assertTrue(refused.err().contains("Permission denied"), refused.err());

        FerryRun done = ferry(START.plusSeconds(60), "backup", "--config", withKey.toString());
        assertEquals(0, done.exitCode(), done.err() + sshd.log());
        assertTrue(Files.isDirectory(backups.resolve("home.20261121T100100Z")));

        FerryRun listed = ferry(START.plusSeconds(120), "list", "--config", withKey.toString(), "--json");
        assertEquals(0, listed.exitCode(), listed.err());
        JsonNode targetList = only(only(JSON.readTree(listed.out())).get("targets"));
        assertEquals("home.20261121T100100Z", targetList.get("commonParent").asText(), targetList.toString());

        // The same identity as flags, for an incremental.
        Files.writeString(home.resolve("a.txt"), "second\n");
        List<String> flags = new ArrayList<>(List.of("backup", home.toString(), "--snapshot-dir",
                src.path("snapshots").toString(), "--target", target, "--json",
                "--ssh-identity", sshd.identity().toString(), "--remote-ferry", SshTargetTest.remoteFerry()));
        sshd.clientOptions().forEach(o -> flags.addAll(List.of("--ssh-option", o)));
        FerryRun incremental = ferry(START.plusSeconds(3600), flags.toArray(String[]::new));
        assertEquals(0, incremental.exitCode(), incremental.err());
        JsonNode transfer = only(only(JSON.readTree(incremental.out()).get("volumes")).get("targets")).get("transfer");
        assertEquals("home.20261121T100100Z", transfer.get("parent").asText(), transfer.toString());
        assertTrue(Files.isDirectory(backups.resolve("home.20261121T110000Z")));
    }

    private Path config(Path home, LoopBtrfs src, String target, TestSshd sshd, boolean withIdentity)
            throws IOException {
        StringBuilder ssh = new StringBuilder("        ssh:\n");
        if (withIdentity) {
            ssh.append("          identity: ").append(sshd.identity()).append('\n');
        }
        ssh.append("          options: [").append(String.join(", ", sshd.clientOptions().stream()
                .map(BackupCommandTest::quoted).toList())).append("]\n");
        ssh.append("          remote-ferry: ").append(quoted(SshTargetTest.remoteFerry())).append('\n');
        String yaml = "volumes:\n"
                + "  - source: " + home + "\n"
                + "    snapshot-dir: " + src.path("snapshots") + "\n"
                + "    targets:\n"
                + "      - target: " + target + "\n"
                + ssh;
        return Files.writeString(tmp.resolve(withIdentity ? "with-key.yaml" : "without-key.yaml"), yaml);
    }

    @Test
    void targetFlagsForAKindOfTargetNotGivenAreRefused(LoopBtrfs src) throws Exception {
        Path home = source(src);
        List<String> base = List.of("backup", home.toString(), "--snapshot-dir", src.path("snapshots").toString(),
                "--target", src.path("backups").toString());
        FerryRun chain = ferry(START, concat(base, "--max-chain", "5"));
        assertEquals(1, chain.exitCode());
        assertTrue(chain.err().contains("--max-chain is for file:// targets, and no --target is one"), chain.err());
        FerryRun ssh = ferry(START, concat(base, "--ssh-option", "ConnectTimeout=5"));
        assertEquals(1, ssh.exitCode());
        assertTrue(ssh.err().contains("are for ssh:// targets, and no --target is one"), ssh.err());

        List<String> sshTarget = List.of("backup", home.toString(), "--snapshot-dir", src.path("snapshots").toString(),
                "--target", "ssh://nas/pool");
        FerryRun missingKey = ferry(START, concat(sshTarget, "--ssh-identity", tmp.resolve("nope").toString()));
        assertEquals(1, missingKey.exitCode());
        assertTrue(missingKey.err().contains("--ssh-identity: no such file: " + tmp.resolve("nope")), missingKey.err());
        FerryRun badOption = ferry(START, concat(sshTarget, "--ssh-option", "-C"));
        assertEquals(1, badOption.exitCode());
        assertTrue(badOption.err().contains("an ssh option is written Name=value"), badOption.err());
        FerryRun zero = ferry(START, "backup", home.toString(), "--snapshot-dir", src.path("snapshots").toString(),
                "--target", "file://" + tmp, "--max-chain", "0");
        assertEquals(1, zero.exitCode());
        assertTrue(zero.err().contains("max-chain must be at least 1, not 0"), zero.err());
        assertFalse(Files.exists(src.path("snapshots")), "nothing was run");
    }

    private static String[] concat(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static JsonNode only(JsonNode array) {
        assertEquals(1, array.size(), array.toString());
        return array.get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
