package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ferry receive}: progs-like output, one-line failures, exit codes, stdin, zstd input, --dir, --dry-run. */
@ExtendWith(LoopBtrfsExtension.class)
class ReceiveCommandTest {

    static FerryRun ferry(byte[] stdin, String... args) {
        return FerryRun.of(cli -> {
            if (stdin != null) {
                ((ReceiveCommand) cli.getSubcommands().get("receive").getCommand()).stdin = new ByteArrayInputStream(stdin);
            }
        }, args);
    }

    private static void snapshots(LoopBtrfs fs) {
        Shell.sh("cd " + fs.mountPoint() + " && set -e\n"
                + "btrfs -q subvolume create vol && echo one > vol/f && mkdir vol/d\n"
                + "btrfs -q subvolume snapshot -r vol s1 && echo two >> vol/f && mv vol/d vol/e\n"
                + "btrfs -q subvolume snapshot -r vol s2\n"
                + "btrfs -q send -f s1.stream s1 && btrfs -q send -f s2.stream -p s1 s2\n");
    }

    @Test
    void receivesFromAFileOrStdinAndSaysWhereItIsLikeProgs(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs target)
            throws Exception {
        snapshots(source);
        Path dest = Files.createDirectory(target.path("dest"));
        FerryRun full = ferry(null, "receive", "-f", source.path("s1.stream").toString(), dest.toString());
        assertEquals(new FerryRun(0, "", "At subvol s1\n"), full);
        FerryRun incremental = ferry(Files.readAllBytes(source.path("s2.stream")), "receive", dest.toString());
        assertEquals(new FerryRun(0, "", "At snapshot s2\n"), incremental);
        assertEquals("one\ntwo\n", Files.readString(dest.resolve("s2/f")));
        assertTrue(Files.isDirectory(dest.resolve("s2/e")));
        String show = Shell.run("btrfs", "subvolume", "show", dest.resolve("s2").toString());
        assertTrue(show.contains("readonly"), show);

        Path quiet = Files.createDirectory(target.path("quiet"));
        assertEquals(new FerryRun(0, "", ""), ferry(null, "receive", "-q", "-f", source.path("s1.stream").toString(), quiet.toString()));
    }

    @Test
    void failuresAreOneLineWithExitCode1AndUsageErrorsExit2(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs target)
            throws Exception {
        snapshots(source);
        Path dest = Files.createDirectory(target.path("dest"));
        FerryRun missingParent = ferry(null, "receive", "-f", source.path("s2.stream").toString(), dest.toString());
        assertEquals(1, missingParent.exitCode());
        assertEquals(1, missingParent.err().lines().count(), missingParent.err());
        assertTrue(missingParent.err().matches("ferry receive: command 0 \\(SNAPSHOT\\) at byte 17, path s2: "
                + "cannot find parent subvolume [0-9a-f-]{36} on the filesystem of .*\n"), missingParent.err());
        assertEquals("", Shell.run("ls", "-A", dest.toString()));

        FerryRun noFile = ferry(null, "receive", "-f", "/nonexistent/stream", dest.toString());
        assertEquals(1, noFile.exitCode());
        assertTrue(noFile.err().startsWith("ferry receive: cannot read /nonexistent/stream"), noFile.err());

        FerryRun mistyped = ferry(null, "receive", "-f", source.path("s1.stream").toString(), target.path("no-such-dir").toString());
        assertEquals(1, mistyped.exitCode());
        assertEquals("ferry receive: " + target.path("no-such-dir") + ": no such directory (on btrfs, DEST must exist, "
                + "as for btrfs receive; use --dir to make a directory mirror there)\n", mistyped.err());
        assertFalse(Files.exists(target.path("no-such-dir")));

        FerryRun garbage = ferry("not a stream at all".getBytes(), "receive", dest.toString());
        assertEquals(1, garbage.exitCode());
        assertTrue(garbage.err().startsWith("ferry receive: stream header at byte 0: not a btrfs send stream"), garbage.err());

        assertEquals(2, ferry(null, "receive").exitCode());
        assertEquals(2, ferry(null, "receive", "--no-such-option", dest.toString()).exitCode());
    }

    @Test
    void mirrorsIntoAPlainDirectoryAndDryRunsWriteNothing(LoopBtrfs source, @LoopFs(type = "ext4", sizeMiB = 128) LoopBtrfs ext4)
            throws Exception {
        snapshots(source);
        Path mirror = ext4.path("mirror");
        FerryRun dry = ferry(null, "receive", "--dry-run", "-f", source.path("s1.stream").toString(), mirror.toString());
        assertEquals(new FerryRun(0, "", "At subvol s1\n"), dry);
        assertFalse(Files.exists(mirror));
        FerryRun dryIncremental = ferry(null, "receive", "--dry-run", "-f", source.path("s2.stream").toString(), mirror.toString());
        assertEquals(1, dryIncremental.exitCode());
        assertTrue(dryIncremental.err().contains("cannot find parent snapshot"), dryIncremental.err());

        assertEquals(0, ferry(null, "receive", "-f", source.path("s1.stream").toString(), mirror.toString()).exitCode());
        assertEquals(0, ferry(null, "receive", "-f", source.path("s2.stream").toString(), mirror.toString()).exitCode());
        assertEquals("one\ntwo\n", Files.readString(mirror.resolve("f")));
        assertTrue(Files.readString(ext4.path(".mirror.ferry-state")).contains("\"name\" : \"s2\""));

        // --dir on btrfs: a mirror there too.
        Path onBtrfs = source.path("mirror-on-btrfs");
        assertEquals(0, ferry(null, "receive", "--dir", "-q", "-f", source.path("s1.stream").toString(), onBtrfs.toString()).exitCode());
        assertEquals("one\n", Files.readString(onBtrfs.resolve("f")));
    }

    @Test
    void acceptsZstdFramedStreams(@LoopFs(sizeMiB = 512) LoopBtrfs target) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (StreamWriter w = StreamWriter.open(bytes, WriterOptions.zstd(2))) {
            w.write(new Command.Subvol(ByteString.utf8("z"), UUID.randomUUID(), 5));
            w.write(new Command.MkFile(ByteString.utf8("f"), 257));
            w.write(new Command.Write(ByteString.utf8("f"), 0, ByteString.utf8("zstd!")));
            w.write(new Command.End());
        }
        Path dest = Files.createDirectory(target.path("dest"));
        assertEquals(new FerryRun(0, "", "At subvol z\n"), ferry(bytes.toByteArray(), "receive", dest.toString()));
        assertEquals("zstd!", Files.readString(dest.resolve("z/f")));
    }
}
