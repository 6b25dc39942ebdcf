package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.tree.ComparisonOptions;
import dev.ferry.btrfs.testing.tree.TreeComparison;
import dev.ferry.btrfs.testing.tree.TreeState;
import dev.ferry.scheduler.target.Backup;
import dev.ferry.scheduler.target.Deletion;
import dev.ferry.scheduler.target.Incoming;
import dev.ferry.scheduler.target.SshSettings;
import dev.ferry.scheduler.target.SshTarget;
import dev.ferry.scheduler.target.StreamDescription;
import dev.ferry.scheduler.target.TargetAddress;
import dev.ferry.scheduler.target.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ssh:// targets against a real OpenSSH server on 127.0.0.1: the system ssh client, the remote
 * side run as {@code ferry target ...} (this build's classes on the test's java), backups received
 * into a loop btrfs and compared with their sources.
 */
@ExtendWith({LoopBtrfsExtension.class, TestSshdExtension.class})
class SshTargetTest {
    private static final ComparisonOptions V1 = ComparisonOptions.btrfsReceive(1);

    /** ferry as the remote shell runs it: this build's classes, so no jar has to be packaged first. */
    static String remoteFerry() {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " --enable-native-access=ALL-UNNAMED"
                + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path") + " "
                + Ferry.class.getName();
    }

    static SshTarget target(TestSshd sshd, Path dir) throws IOException {
        SshSettings settings = SshSettings.defaults().withIdentity(sshd.identity()).withOptions(sshd.clientOptions())
                .withRemoteFerry(remoteFerry());
        return SshTarget.open((TargetAddress.Ssh) TargetAddress.parse(sshd.address(dir)), settings);
    }

    static void snapshots(LoopBtrfs fs) {
        Shell.sh("cd " + fs.mountPoint() + " && set -e\n"
                + "btrfs -q subvolume create vol && mkdir vol/d && echo one > vol/d/f && head -c 200000 /dev/urandom > vol/data\n"
                + "btrfs -q subvolume snapshot -r vol " + TargetSends.name(1) + "\n"
                + "mv vol/d vol/e && echo two >> vol/e/f && ln -s e/f vol/link\n"
                + "btrfs -q subvolume snapshot -r vol " + TargetSends.name(2) + "\n"
                + "rm vol/data && setfattr -n user.x -v y vol/e/f\n"
                + "btrfs -q subvolume snapshot -r vol " + TargetSends.name(3) + "\n");
    }

    @Test
    void fullAndIncrementalBackupsThroughSshListAndDelete(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs remote,
            TestSshd sshd) throws Exception {
        snapshots(source);
        Path dir = Files.createDirectory(remote.path("backups"));
        SshTarget target = target(sshd, dir);
        assertEquals(List.of(), target.list(TargetSends.SERIES));

        Optional<Path> parent = Optional.empty();
        for (int n = 1; n <= 3; n++) {
            Path snapshot = source.path(TargetSends.name(n));
            Backup backup = TargetSends.send(target, snapshot, parent);
            assertEquals(SubvolumeIndex.info(snapshot).uuid(), backup.sourceUuid());
            TreeComparison.assertSame(TreeState.capture(snapshot), TreeState.capture(dir.resolve(snapshot.getFileName())), V1);
            RoundTrips.assertReceivedFrom(snapshot, dir.resolve(snapshot.getFileName()));
            parent = Optional.of(snapshot);
        }

        List<Backup> listed = target.list(TargetSends.SERIES);
        assertEquals(List.of(TargetSends.name(1), TargetSends.name(2), TargetSends.name(3)),
                listed.stream().map(Backup::name).sorted().toList());
        assertTrue(listed.stream().allMatch(Backup::complete), listed.toString());
        assertEquals(SubvolumeIndex.info(source.path(TargetSends.name(2))).uuid(),
                listed.stream().filter(b -> b.name().equals(TargetSends.name(2))).findFirst().orElseThrow().sourceUuid());

        Backup oldest = listed.stream().filter(b -> b.name().equals(TargetSends.name(1))).findFirst().orElseThrow();
        assertEquals(new Deletion.Deleted(oldest.name()), target.delete(TargetSends.SERIES, oldest));
        assertEquals(List.of(TargetSends.name(2), TargetSends.name(3)),
                target.list(TargetSends.SERIES).stream().map(Backup::name).sorted().toList());
    }

    @Test
    void aMissingTargetDirectoryIsOneLineNamingTheHost(LoopBtrfs source, TestSshd sshd) throws Exception {
        snapshots(source);
        Path missing = source.path("no-such-dir");
        SshTarget target = target(sshd, missing);
        Exception e = assertThrows(Exception.class,
                () -> TargetSends.send(target, source.path(TargetSends.name(1)), Optional.empty()));
        assertEquals(target.address() + ": ferry on 127.0.0.1: " + missing + ": no such directory", e.getMessage());
        assertTrue(Files.notExists(missing), "nothing was created");
    }

    @Test
    void aRemoteFailureMidStreamLeavesNothingThatLooksComplete(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs remote,
            TestSshd sshd) throws Exception {
        snapshots(source);
        Path dir = Files.createDirectory(remote.path("backups"));
        SshTarget target = target(sshd, dir);
        // An incremental stream whose parent the target does not hold.
        Exception e = assertThrows(Exception.class, () -> TargetSends.send(target, source.path(TargetSends.name(2)),
                Optional.of(source.path(TargetSends.name(1)))));
        assertTrue(e.getMessage().startsWith(target.address() + ": ferry on 127.0.0.1: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertEquals(List.of(), target.list(TargetSends.SERIES));
        assertEquals("", Shell.run("ls", "-A", dir.toString()));
    }

    @Test
    void anAbortedBackupLeavesNothingThatLooksComplete(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs remote,
            TestSshd sshd) throws Exception {
        snapshots(source);
        Path dir = Files.createDirectory(remote.path("backups"));
        SshTarget target = target(sshd, dir);
        Path snapshot = source.path(TargetSends.name(1));
        byte[] stream = Shell.exec("btrfs", "send", "-q", snapshot.toString()).check().stdout();
        StreamDescription description = new StreamDescription(snapshot.getFileName().toString(),
                SubvolumeIndex.info(snapshot).uuid(), 0, TargetSends.SERIES.parse(TargetSends.name(1)).orElseThrow().time(),
                Optional.<UUID>empty());
        try (Incoming incoming = target.receive(TargetSends.SERIES, description)) {
            incoming.stream().write(stream, 0, stream.length / 2);
            incoming.stream().flush();
            incoming.abort(new IOException("the sender failed"));
        }
        assertTrue(target.list(TargetSends.SERIES).stream().noneMatch(Backup::complete), target.list(TargetSends.SERIES).toString());
    }

    @Test
    void sshItselfFailingSaysSo(LoopBtrfs source, TestSshd sshd) throws Exception {
        SshTarget noKey = SshTarget.open((TargetAddress.Ssh) TargetAddress.parse(sshd.address(source.mountPoint())),
                SshSettings.defaults().withOptions(java.util.stream.Stream.concat(sshd.clientOptions().stream(),
                        java.util.stream.Stream.of("IdentitiesOnly=yes", "IdentityFile=/dev/null")).toList()));
        TargetException e = assertThrows(TargetException.class, () -> noKey.list(TargetSends.SERIES));
        assertTrue(e.getMessage().startsWith(noKey.address() + ": ssh to 127.0.0.1 failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("Permission denied"), e.getMessage());
    }

    /** The forced command of examples/ssh: what an ssh key for backups should be limited to. */
    @Test
    void theExampleForcedCommandAllowsTargetCommandsBeneathItsDirectoryOnly(LoopBtrfs source,
            @LoopFs(sizeMiB = 512) LoopBtrfs remote, TestSshd sshd) throws Exception {
        snapshots(source);
        Path allowed = Files.createDirectory(remote.path("backups"));
        Path wrapper = Path.of("..", "examples", "ssh", "ferry-target-only").toAbsolutePath().normalize();
        sshd.authorizeWith("command=\"" + wrapper + " " + allowed + " " + remoteFerry() + "\",restrict");

        SshTarget target = target(sshd, allowed);
        assertEquals(List.of(), target.list(TargetSends.SERIES));
        TargetSends.send(target, source.path(TargetSends.name(1)), Optional.empty());
        TargetSends.send(target, source.path(TargetSends.name(2)), Optional.of(source.path(TargetSends.name(1))));
        assertEquals(2, target.list(TargetSends.SERIES).size());
        Backup first = target.list(TargetSends.SERIES).stream().filter(b -> b.name().equals(TargetSends.name(1)))
                .findFirst().orElseThrow();
        assertEquals(new Deletion.Deleted(first.name()), target.delete(TargetSends.SERIES, first));

        Path outside = Files.createDirectory(remote.path("elsewhere"));
        TargetException e = assertThrows(TargetException.class, () -> target(sshd, outside).list(TargetSends.SERIES));
        assertEquals("ssh://root@127.0.0.1:" + sshd.port() + outside + ": ferry on 127.0.0.1: ferry-target-only: refused: "
                + outside + " is outside " + allowed, e.getMessage());
    }
}
