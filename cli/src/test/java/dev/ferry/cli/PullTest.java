package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pull mode against a real sshd on 127.0.0.1: the backup host runs {@code ferry backup
 * ssh://host/path/vol}, the source side is ferry over ssh, restricted by {@code ferry serve}
 * to send, list, snapshot and prune beneath the source's file system.
 */
@ExtendWith({LoopBtrfsExtension.class, TestSshdExtension.class})
class PullTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static FerryRun backup(Instant now, String... args) {
        return FerryRun.of(cli -> ((BackupCommand) cli.getSubcommands().get("backup").getCommand()).clock =
                Clock.fixed(now, ZoneOffset.UTC), args);
    }

    static List<String> pullArgs(TestSshd sshd, LoopBtrfs source, Path target, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("backup", sshd.address(source.path("vol")),
                "--snapshot-dir", source.path("snaps").toString(), "--target", target.toString(),
                "--ssh-identity", sshd.identity().toString(), "--remote-ferry", SshTargetTest.remoteFerry(),
                "--keep", "latest 2", "--target-keep", "latest 2", "--json"));
        sshd.clientOptions().forEach(o -> args.addAll(List.of("--ssh-option", o)));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void aBackupHostPullsFullThenIncrementalThroughServeAndPrunesBothSides(LoopBtrfs source,
            @LoopFs(sizeMiB = 512) LoopBtrfs backups, TestSshd sshd) throws Exception {
        Shell.sh("cd " + source.mountPoint() + " && set -e\n"
                + "btrfs -q subvolume create vol && mkdir vol/d && echo one > vol/d/f && head -c 300000 /dev/urandom > vol/data\n");
        Path log = backups.path("serve.log");
        sshd.authorizeWith("command=\"" + SshTargetTest.remoteFerry() + " serve --allow send,list,snapshot,prune --root "
                + source.mountPoint() + " --log " + log + "\",restrict");
        Path target = Files.createDirectory(backups.path("pulled"));
        List<String> args = pullArgs(sshd, source, target);

        Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
        List<String> parents = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            FerryRun r = backup(t0.plusSeconds(3600L * run), args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.err() + "\n" + r.out());
            JsonNode transfer = JSON.readTree(r.out()).path("volumes").get(0).path("targets").get(0).path("transfer");
            parents.add(transfer.path("parent").isNull() || transfer.path("parent").isMissingNode() ? "full"
                    : transfer.path("parent").asText());
            String snapshot = transfer.path("snapshot").asText();
            Path sent = source.path("snaps/" + snapshot);
            TreeComparison.assertSame(TreeState.capture(sent), TreeState.capture(target.resolve(snapshot)),
                    ComparisonOptions.STRICT);
            assertEquals(SubvolumeIndex.info(sent).uuid(), SubvolumeIndex.info(target.resolve(snapshot)).receivedUuid()
                    .orElseThrow());
            Shell.sh("cd " + source.mountPoint() + " && echo run" + run + " >> vol/d/f && mv vol/data* vol/data" + run + "x");
        }
        assertEquals("full", parents.get(0), parents.toString());
        assertTrue(parents.get(1).startsWith("vol.20261121T100000Z"), parents.toString());
        assertTrue(parents.get(2).startsWith("vol.20261121T110000Z"), parents.toString());
        // latest 2 on both sides: the first snapshot and its backup were pruned
        assertEquals("vol.20261121T110000Z\nvol.20261121T120000Z", Shell.run("ls", source.path("snaps").toString()).strip());
        assertEquals("vol.20261121T110000Z\nvol.20261121T120000Z", Shell.run("ls", target.toString()).strip());
        String logged = Files.readString(log);
        assertTrue(logged.contains("did send: target send " + source.path("snaps")), logged);
        assertTrue(logged.contains("did snapshot: target snapshot " + source.path("vol")), logged);
    }
}
