package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.tree.ComparisonOptions;
import dev.ferry.btrfs.testing.tree.TreeComparison;
import dev.ferry.btrfs.testing.tree.TreeState;
import dev.ferry.scheduler.target.Backup;
import dev.ferry.scheduler.target.Deletion;
import dev.ferry.scheduler.target.SshTarget;
import dev.ferry.scheduler.target.TargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ferry serve} as the forced command of the key ferry logs in with, behind a real sshd:
 * what it allows works end to end, and what it refuses is refused with one line and logged.
 */
@ExtendWith({LoopBtrfsExtension.class, TestSshdExtension.class})
class ServeTest {
    private static void forceServe(TestSshd sshd, String allow, Path root, Path log) throws Exception {
        sshd.authorizeWith("command=\"" + SshTargetTest.remoteFerry() + " serve --allow " + allow + " --root " + root
                + " --log " + log + "\",restrict");
    }

    @Test
    void allowedOperationsRunBeneathTheRootAndEachIsLogged(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs remote,
            TestSshd sshd) throws Exception {
        SshTargetTest.snapshots(source);
        Path root = Files.createDirectory(remote.path("backups"));
        Path dir = Files.createDirectory(root.resolve("laptop"));
        Path log = remote.path("serve.log");
        forceServe(sshd, "receive,list,prune", root, log);

        SshTarget target = SshTargetTest.target(sshd, dir);
        assertEquals(List.of(), target.list(TargetSends.SERIES));
        TargetSends.send(target, source.path(TargetSends.name(1)), Optional.empty());
        TargetSends.send(target, source.path(TargetSends.name(2)), Optional.of(source.path(TargetSends.name(1))));
        for (int n = 1; n <= 2; n++) {
            TreeComparison.assertSame(TreeState.capture(source.path(TargetSends.name(n))),
                    TreeState.capture(dir.resolve(TargetSends.name(n))), ComparisonOptions.btrfsReceive(1));
        }
        Backup first = target.list(TargetSends.SERIES).stream().filter(b -> b.name().equals(TargetSends.name(1)))
                .findFirst().orElseThrow();
        assertEquals(new Deletion.Deleted(first.name()), target.delete(TargetSends.SERIES, first));

        List<String> lines = Files.readAllLines(log);
        assertEquals(5, lines.size(), String.join("\n", lines)); // list, receive, receive, list, delete
        assertTrue(lines.get(1).matches("\\S+Z \\S+ ferry-serve\\[\\d+\\]: from 127\\.0\\.0\\.1: did receive: "
                + "target receive " + dir + " in 0:\\d\\d"), lines.get(1));
        assertTrue(lines.get(4).matches(".* did prune: target delete " + dir + " " + first.name() + " in 0:\\d\\d"),
                lines.get(4));
    }

    @Test
    void whatIsNotAllowedIsRefusedWithOneLineAndLogged(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs remote,
            TestSshd sshd) throws Exception {
        SshTargetTest.snapshots(source);
        Path root = Files.createDirectory(remote.path("backups"));
        Path dir = Files.createDirectory(root.resolve("laptop"));
        Path outside = Files.createDirectory(remote.path("elsewhere"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        Path log = remote.path("serve.log");
        forceServe(sshd, "receive,list", root, log);

        SshTarget target = SshTargetTest.target(sshd, dir);
        TargetSends.send(target, source.path(TargetSends.name(1)), Optional.empty());
        Backup held = target.list(TargetSends.SERIES).get(0);
        TargetException prune = assertThrows(TargetException.class, () -> target.delete(TargetSends.SERIES, held));
        assertEquals(target.address() + ": ferry on 127.0.0.1: ferry serve: refused: prune is not allowed "
                + "(allowed: receive,list)", prune.getMessage());
        assertTrue(Files.isDirectory(dir.resolve(held.name())), "not deleted");

        SshTarget out = SshTargetTest.target(sshd, outside);
        assertEquals(out.address() + ": ferry on 127.0.0.1: ferry serve: refused: " + outside + " is outside " + root,
                assertThrows(TargetException.class, () -> out.list(TargetSends.SERIES)).getMessage());
        SshTarget viaLink = SshTargetTest.target(sshd, root.resolve("link"));
        Exception e = assertThrows(Exception.class,
                () -> TargetSends.send(viaLink, source.path(TargetSends.name(1)), Optional.empty()));
        assertTrue(e.getMessage().endsWith("refused: " + root.resolve("link") + " leads outside " + root
                + " through a symlink"), e.getMessage());
        assertEquals("", dev.ferry.btrfs.testing.Shell.run("ls", "-A", outside.toString()));

        List<String> lines = Files.readAllLines(log);
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(2).contains(": refused '") && lines.get(2).endsWith("': prune is not allowed (allowed: receive,list)"),
                lines.get(2));
    }

    @Test
    void withoutALogFileTheLogLineGoesToStderrAndErrorsStayReadable(LoopBtrfs source, TestSshd sshd) throws Exception {
        Path root = source.mountPoint();
        sshd.authorizeWith("command=\"" + SshTargetTest.remoteFerry() + " serve --allow list --root " + root
                + "\",restrict");
        Path file = Files.writeString(source.path("a-file"), "x");
        SshTarget target = SshTargetTest.target(sshd, file);
        TargetException e = assertThrows(TargetException.class, () -> target.list(TargetSends.SERIES));
        // serve's log line came after ferry's error on stderr; the error is still what is reported
        assertEquals(target.address() + ": ferry on 127.0.0.1: " + file + ": no such directory", e.getMessage());
    }

    /** examples/ssh/authorized_keys, with this machine's ferry, directories and key, works as written. */
    @Test
    void theExampleAuthorizedKeysLineWorks(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs remote, TestSshd sshd)
            throws Exception {
        SshTargetTest.snapshots(source);
        Path dir = Files.createDirectory(remote.path("laptop"));
        Path log = remote.path("serve.log");
        String line = Files.readAllLines(Path.of("..", "examples", "ssh", "authorized_keys")).stream()
                .filter(l -> l.startsWith("command=")).findFirst().orElseThrow();
        String options = line.substring(0, line.indexOf(" ssh-ed25519 "))
                .replace("/opt/ferry/bin/ferry", SshTargetTest.remoteFerry())
                .replace("/pool/ferry/laptop", dir.toString())
                .replace("/var/log/ferry/serve.log", log.toString());
        sshd.authorizeWith(options);
        SshTarget target = SshTargetTest.target(sshd, dir);
        TargetSends.send(target, source.path(TargetSends.name(1)), Optional.empty());
        assertEquals(List.of(TargetSends.name(1)), target.list(TargetSends.SERIES).stream().map(Backup::name).toList());
        assertEquals(2, Files.readAllLines(log).size());
        TargetException e = assertThrows(TargetException.class,
                () -> SshTargetTest.target(sshd, remote.mountPoint()).list(TargetSends.SERIES));
        assertTrue(e.getMessage().endsWith("refused: " + remote.mountPoint() + " is outside " + dir), e.getMessage());
    }
}
