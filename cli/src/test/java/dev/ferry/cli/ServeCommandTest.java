package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry serve} in-process: which arguments it checks, and what it prints and logs. */
@ExtendWith(LoopBtrfsExtension.class)
class ServeCommandTest {
    @TempDir
    Path tmp;

    private FerryRun serve(String originalCommand, String... serveArgs) {
        return FerryRun.of(cli -> ((ServeCommand) cli.getSubcommands().get("serve").getCommand()).environment =
                Map.of("SSH_ORIGINAL_COMMAND", originalCommand, "SSH_CLIENT", "192.0.2.7 50000 22"),
                java.util.stream.Stream.concat(java.util.stream.Stream.of("serve"), java.util.Arrays.stream(serveArgs))
                        .toArray(String[]::new));
    }

    @Test
    void everyPathArgumentIsCheckedWhereverTheSubcommandHasOne() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("pool"));
        Path log = tmp.resolve("serve.log");
        // SUBVOL, the first positional of target snapshot, points outside; DIR is fine
        FerryRun r = serve("ferry target snapshot /etc " + root + "/snaps x", "--allow", "snapshot", "--root",
                root.toString(), "--log", log.toString());
        assertEquals(ServeCommand.REFUSED, r.exitCode(), r.err());
        assertEquals("ferry serve: refused: /etc is outside " + root + "\n", r.err());
        assertTrue(Files.notExists(root.resolve("snaps")), "nothing ran");
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).matches("\\S+Z \\S+ ferry-serve\\[\\d+\\]: from 192\\.0\\.2\\.7: refused 'ferry target "
                + "snapshot /etc " + root + "/snaps x': /etc is outside " + root), lines.get(0));
    }

    @Test
    void aRequestTheSubcommandCannotParseIsRefusedBeforeAnythingRuns() {
        Path root = tmp;
        FerryRun r = serve("ferry target delete " + root, "--allow", "prune", "--root", root.toString());
        assertEquals(ServeCommand.REFUSED, r.exitCode(), r.err());
        assertTrue(r.err().contains("ferry serve: refused: target delete: Missing required parameter: 'NAME'"), r.err());
    }

    @Test
    void anAllowedRequestRunsAndItsOutputIsTheClients() {
        FerryRun r = serve("/opt/ferry/bin/ferry target snapshots " + tmp.resolve("not-yet"), "--allow", "list",
                "--root", tmp.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("[]\n", r.out());
        // without --log the line goes to stderr, after the command's own output
        assertTrue(r.err().matches("(?s).*ferry-serve\\[\\d+\\]: from 192\\.0\\.2\\.7: did list: target snapshots "
                + tmp.resolve("not-yet") + " in 0:\\d\\d\n"), r.err());
    }

    @Test
    void badServeArgumentsAreUsageErrors() {
        FerryRun r = serve("ferry target list /x", "--allow", "shell", "--root", tmp.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown operation 'shell' (expected receive, list, prune, send or snapshot)"), r.err());
        FerryRun relative = serve("ferry target list /x", "--allow", "list", "--root", "backups");
        assertEquals(2, relative.exitCode());
        assertTrue(relative.err().contains("--root must be an absolute path, not 'backups'"), relative.err());
    }

    @Test
    void aSendNeverFollowsASymlinkOutOfItsDirectory(LoopBtrfs fs) throws Exception {
        Path root = fs.mountPoint();
        Path snaps = Files.createDirectories(root.resolve("snaps"));
        Files.createSymbolicLink(snaps.resolve("home.20261121T100000Z"), Path.of("/"));
        FerryRun r = serve("ferry target send " + snaps + " home.20261121T100000Z", "--allow", "send", "--root",
                root.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains(snaps.resolve("home.20261121T100000Z") + " is a symlink, not a snapshot"), r.err());
        assertEquals("", r.out());
    }
}
