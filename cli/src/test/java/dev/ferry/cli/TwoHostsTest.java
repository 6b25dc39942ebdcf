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
import dev.ferry.scheduler.target.SshSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ferry between two hosts over real ssh: the second host is a container (its own network
 * namespace, root file system and sshd, see {@link SshHost}) whose ssh key is forced to
 * {@code ferry serve}. Push, fan-out to two hosts, and pull; every backup compared file by file
 * with its snapshot.
 */
@ExtendWith(LoopBtrfsExtension.class)
class TwoHostsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @BeforeEach
    void docker() {
        SshHost.requireDocker();
    }

    private static String serve(String allow, String root) {
        return SshTargetTest.remoteFerry() + " serve --allow " + allow + " --root " + root;
    }

    private static void makeVolume(LoopBtrfs fs) {
        Shell.sh("cd " + fs.mountPoint() + " && set -e\n"
                + "btrfs -q subvolume create vol && mkdir vol/d && echo one > vol/d/f && ln -s d/f vol/link\n"
                + "head -c 2000000 /dev/urandom > vol/data && setfattr -n user.k -v v vol/d/f\n");
    }

    private static void change(LoopBtrfs fs, int run) {
        Shell.sh("cd " + fs.mountPoint() + " && set -e\necho run" + run + " >> vol/d/f\nmv vol/data* vol/data" + run
                + "\nhead -c 100000 /dev/urandom > vol/new" + run + "\n");
    }

    private static JsonNode run(Instant now, List<String> args) throws Exception {
        FerryRun r = FerryRun.of(cli -> ((BackupCommand) cli.getSubcommands().get("backup").getCommand()).clock =
                Clock.fixed(now, ZoneOffset.UTC), args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err() + "\n" + r.out());
        return JSON.readTree(r.out()).path("volumes").get(0);
    }

    private static void assertBackedUp(Path snapshot, Path backup) throws Exception {
        TreeComparison.assertSame(TreeState.capture(snapshot), TreeState.capture(backup), ComparisonOptions.STRICT);
        assertEquals(SubvolumeIndex.info(snapshot).uuid(), SubvolumeIndex.info(backup).receivedUuid().orElseThrow());
    }

    private static String parentOf(JsonNode target) {
        JsonNode parent = target.path("transfer").path("parent");
        return parent.isMissingNode() || parent.isNull() ? "full" : parent.asText();
    }

    @Test
    void pushFullThenIncrementalToAnotherHostWithTransferControls(LoopBtrfs source,
            @LoopFs(sizeMiB = 512) LoopBtrfs remote) throws Exception {
        makeVolume(source);
        Files.createDirectory(remote.path("laptop"));
        try (SshHost nas = SshHost.start(source.scratch(), serve("receive,list,prune", "/backups"),
                remote.mountPoint(), "/backups")) {
            List<String> args = new ArrayList<>(List.of("backup", source.path("vol").toString(),
                    "--snapshot-dir", source.path("snaps").toString(), "--target", nas.address("/backups/laptop"),
                    "--remote-ferry", "ferry", "--json", "--keep", "latest 2", "--target-keep", "latest 2",
                    "--rate", "64M", "--buffer", "1M", "--level", "1", "--ssh-cipher", "aes128-gcm@openssh.com"));
            args.addAll(nas.sshFlags());
            List<String> parents = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                JsonNode volume = run(T0.plusSeconds(3600L * n), args);
                JsonNode target = volume.path("targets").get(0);
                parents.add(parentOf(target));
                String snapshot = target.path("transfer").path("snapshot").asText();
                assertBackedUp(source.path("snaps/" + snapshot), remote.path("laptop/" + snapshot));
                change(source, n);
            }
            assertEquals(List.of("full", "vol.20261121T100000Z", "vol.20261121T110000Z"), parents);
            assertEquals("vol.20261121T110000Z\nvol.20261121T120000Z", Shell.run("ls", remote.path("laptop").toString()).strip());
        }
    }

    @Test
    void oneBackupFansOutToTwoHosts(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs first,
            @LoopFs(sizeMiB = 512) LoopBtrfs second) throws Exception {
        makeVolume(source);
        try (SshHost a = SshHost.start(source.scratch(), serve("receive,list,prune", "/backups"), first.mountPoint(),
                "/backups");
             SshHost b = SshHost.start(source.scratch(), serve("receive,list,prune", "/backups"), second.mountPoint(),
                     "/backups")) {
            Files.createDirectory(first.path("laptop"));
            Files.createDirectory(second.path("laptop"));
            List<String> args = new ArrayList<>(List.of("backup", source.path("vol").toString(),
                    "--snapshot-dir", source.path("snaps").toString(), "--json",
                    "--target", a.address("/backups/laptop"), "--target", b.address("/backups/laptop")));
            // one identity and one known_hosts for both (ssh takes the first of each option)
            Path knownHosts = Files.writeString(source.scratch().resolve("known_hosts"),
                    a.knownHostsLine() + b.knownHostsLine());
            args.addAll(List.of("--ssh-identity", a.identity().toString(),
                    "--ssh-option", "UserKnownHostsFile=" + knownHosts, "--ssh-option", "StrictHostKeyChecking=yes",
                    "--ssh-reuse", "20"));
            Files.writeString(b.keysDir().resolve("authorized_keys"),
                    Files.readString(b.keysDir().resolve("authorized_keys")).replace(
                            Files.readString(b.keysDir().resolve("client_key.pub")).strip(),
                            Files.readString(a.keysDir().resolve("client_key.pub")).strip()));
            JsonNode volume = run(T0, args);
            assertEquals(2, volume.path("targets").size());
            String snapshot = volume.path("snapshot").path("name").asText();
            assertBackedUp(source.path("snaps/" + snapshot), first.path("laptop/" + snapshot));
            assertBackedUp(source.path("snaps/" + snapshot), second.path("laptop/" + snapshot));

            // --ssh-reuse left one master connection per host behind, for ControlPersist's 20 s
            for (SshHost host : List.of(a, b)) {
                String port = host.address("/").replaceAll(".*:(\\d+)/$", "$1");
                List<String> mux = List.of("ssh", "-p", port, "-o", "ControlPath=" + SshSettings.controlDir()
                        + "/ferry-mux-%C", "-O", "check", "root@localhost");
                Shell.Result check = Shell.exec(mux.toArray(String[]::new));
                assertEquals(0, check.exitCode(), "no master for " + host.address("/") + ": " + check.stderr());
                List<String> exit = new ArrayList<>(mux);
                exit.set(exit.indexOf("check"), "exit");
                Shell.exec(exit.toArray(String[]::new));
            }
        }
    }

    /**
     * Pull: the container is the source host, its key forced to serve send, list, snapshot and
     * prune; the test machine is the backup host. Three runs: full, then incrementals, and
     * pruning on both sides by "latest 2".
     */
    @Test
    void aBackupHostPullsFromASourceHostAndPrunesBothSides(LoopBtrfs sourceFs, @LoopFs(sizeMiB = 512) LoopBtrfs backups)
            throws Exception {
        makeVolume(sourceFs);
        Path log = sourceFs.path("serve.log");
        try (SshHost laptop = SshHost.start(backups.scratch(), serve("send,list,snapshot,prune", "/pool")
                + " --log /pool/serve.log", sourceFs.mountPoint(), "/pool")) {
            Path target = Files.createDirectory(backups.path("laptop"));
            List<String> args = new ArrayList<>(List.of("backup", laptop.address("/pool/vol"),
                    "--snapshot-dir", "/pool/snaps", "--target", target.toString(), "--json", "--remote-ferry", "ferry",
                    "--keep", "latest 2", "--target-keep", "latest 2", "--level", "1"));
            args.addAll(laptop.sshFlags());
            List<String> parents = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                JsonNode volume = run(T0.plusSeconds(3600L * n), args);
                JsonNode t = volume.path("targets").get(0);
                parents.add(parentOf(t));
                String snapshot = t.path("transfer").path("snapshot").asText();
                assertBackedUp(sourceFs.path("snaps/" + snapshot), target.resolve(snapshot));
                change(sourceFs, n);
            }
            assertEquals(List.of("full", "vol.20261121T100000Z", "vol.20261121T110000Z"), parents);
            assertEquals("vol.20261121T110000Z\nvol.20261121T120000Z", Shell.run("ls", sourceFs.path("snaps").toString()).strip());
            assertEquals("vol.20261121T110000Z\nvol.20261121T120000Z", Shell.run("ls", target.toString()).strip());
            String logged = Files.readString(log);
            assertTrue(logged.contains("did snapshot: target snapshot /pool/vol /pool/snaps vol.20261121T100000Z"), logged);
            assertTrue(logged.contains("did send: target send /pool/snaps vol.20261121T110000Z --parent vol.20261121T100000Z"),
                    logged);
            assertTrue(logged.contains("did prune: target delete /pool/snaps vol.20261121T100000Z"), logged);

            // ferry list reads the same remote inventory: both snapshots there, the newest in common
            List<String> list = new ArrayList<>(List.of("list", laptop.address("/pool/vol"), "--snapshot-dir",
                    "/pool/snaps", "--target", target.toString(), "--remote-ferry", "ferry", "--json"));
            list.addAll(laptop.sshFlags());
            FerryRun listed = FerryRun.of(list.toArray(String[]::new));
            assertEquals(0, listed.exitCode(), listed.err());
            JsonNode inventory = JSON.readTree(listed.out()).get(0);
            assertEquals(2, inventory.path("snapshots").size(), listed.out());
            assertEquals("vol.20261121T120000Z", inventory.path("targets").get(0).path("commonParent").asText(), listed.out());
        }
    }
}
