package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.archive.ExpectedStream;
import dev.ferry.archive.PendingStreamFile;
import dev.ferry.archive.StreamArchive;
import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.tree.ComparisonOptions;
import dev.ferry.btrfs.testing.tree.TreeComparison;
import dev.ferry.btrfs.testing.tree.TreeState;
import dev.ferry.send.SendRequest;
import dev.ferry.send.SendSession;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A full backup and three incrementals into a {@code file://} target on ext4, then
 * {@code ferry restore} onto btrfs and into a plain directory, and {@code ferry verify}, each
 * restored tree compared with its source snapshot.
 */
@ExtendWith(LoopBtrfsExtension.class)
class StreamFileRestoreTest {
    private static final List<String> SNAPSHOTS = List.of("vol.1", "vol.2", "vol.3", "vol.4");
    /** ferry send v1 cannot punch holes (as btrfs send v1); the rest must be exact. */
    private static final ComparisonOptions V1 = ComparisonOptions.btrfsReceive(1);

    static FerryRun ferry(String... args) {
        return FerryRun.of(args);
    }

    /** Four snapshots of one subvolume with renames, deletions, new data, a hard link, a symlink and an xattr. */
    static void snapshots(LoopBtrfs fs) {
        Shell.sh("cd " + fs.mountPoint() + " && set -e\n"
                + "btrfs -q subvolume create vol\n"
                + "mkdir -p vol/docs vol/src && echo hello > vol/docs/a && head -c 300000 /dev/urandom > vol/src/big\n"
                + "ln -s docs/a vol/link && setfattr -n user.note -v v1 vol/docs/a\n"
                + "btrfs -q subvolume snapshot -r vol vol.1\n"
                + "mv vol/docs vol/papers && echo more >> vol/papers/a && ln vol/papers/a vol/hard\n"
                + "btrfs -q subvolume snapshot -r vol vol.2\n"
                + "rm vol/src/big && head -c 100000 /dev/urandom > vol/src/new && setfattr -n user.note -v v2 vol/papers/a\n"
                + "btrfs -q subvolume snapshot -r vol vol.3\n"
                + "dd if=/dev/urandom of=vol/src/new bs=4096 seek=5 count=2 conv=notrunc status=none && chmod 600 vol/hard\n"
                + "mkdir vol/empty && btrfs -q subvolume snapshot -r vol vol.4\n");
    }

    /** What a file:// target does with each backup: the send stream, as sent, into the archive. */
    static void backUp(LoopBtrfs source, StreamArchive archive) throws IOException {
        Optional<Path> parent = Optional.empty();
        for (String name : SNAPSHOTS) {
            Path snapshot = source.path(name);
            UUID uuid = SubvolumeIndex.info(snapshot).uuid();
            Optional<UUID> parentUuid = parent.isEmpty() ? Optional.empty() : Optional.of(SubvolumeIndex.info(parent.get()).uuid());
            try (PendingStreamFile pending = archive.begin(new ExpectedStream(name, Instant.now(), uuid, parentUuid))) {
                try (StreamWriter writer = StreamWriter.open(pending.output(), WriterOptions.zstd(1))) {
                    SendSession.send(new SendRequest(snapshot, parent, List.of(), 1), writer::write, notice -> { });
                }
                pending.commit();
            } catch (dev.ferry.send.SendException e) {
                throw new IOException(e);
            }
            parent = Optional.of(snapshot);
        }
    }

    @Test
    void restoresAnySnapshotOfTheChainOntoBtrfsAndIntoADirectory(LoopBtrfs source,
            @LoopFs(type = "ext4", sizeMiB = 256, mountOptions = "noatime") LoopBtrfs usbDisk,
            @LoopFs(sizeMiB = 512) LoopBtrfs restoreFs) throws IOException {
        snapshots(source);
        Path backups = Files.createDirectory(usbDisk.path("backups"));
        backUp(source, StreamArchive.open(backups));
        String target = "file://" + backups;

        FerryRun verify = ferry("verify", target);
        assertEquals(new FerryRun(0, target + ": 4 backup(s), " + bytes(backups) + " bytes checked, all good\n", ""), verify);

        Path latest = Files.createDirectory(restoreFs.path("latest"));
        FerryRun restore = ferry("restore", target, "latest", latest.toString());
        assertEquals(0, restore.exitCode(), restore.err());
        assertEquals("At subvol vol.1\nAt snapshot vol.2\nAt snapshot vol.3\nAt snapshot vol.4\n", restore.err());
        TreeComparison.assertSame(TreeState.capture(source.path("vol.4")), TreeState.capture(latest.resolve("vol.4")), V1);
        assertEquals(List.of("vol.4"), list(latest), "the intermediate subvolumes are deleted");
        RoundTrips.assertReceivedFrom(source.path("vol.4"), latest.resolve("vol.4"));

        Path second = Files.createDirectory(restoreFs.path("second"));
        UUID vol2 = SubvolumeIndex.info(source.path("vol.2")).uuid();
        assertEquals(0, ferry("restore", "-q", target, vol2.toString(), second.toString(), "--keep-intermediate").exitCode());
        assertEquals(List.of("vol.1", "vol.2"), list(second));
        TreeComparison.assertSame(TreeState.capture(source.path("vol.2")), TreeState.capture(second.resolve("vol.2")), V1);

        Path mirror = usbDisk.path("restored-vol.3");
        FerryRun intoDirectory = ferry("restore", "-q", "--dir", target, "vol.3", mirror.toString());
        assertEquals(new FerryRun(0, "", ""), intoDirectory);
        TreeComparison.assertSame(TreeState.capture(source.path("vol.3")), TreeState.capture(mirror), V1);
    }

    @Test
    void verifyNamesTheDamagedFileAndRestoreRefusesBeforeWritingAnything(LoopBtrfs source,
            @LoopFs(type = "ext4", sizeMiB = 256) LoopBtrfs usbDisk, @LoopFs(sizeMiB = 512) LoopBtrfs restoreFs)
            throws IOException {
        snapshots(source);
        Path backups = Files.createDirectory(usbDisk.path("backups"));
        backUp(source, StreamArchive.open(backups));
        String target = "file://" + backups;
        Path damaged = backups.resolve("vol.2.zst");
        try (RandomAccessFile file = new RandomAccessFile(damaged.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 1);
        }

        FerryRun verify = ferry("verify", target);
        assertEquals(1, verify.exitCode());
        assertTrue(verify.err().startsWith("ferry verify: " + damaged + ": sha256 is "), verify.err());
        assertEquals(1, verify.err().lines().count(), verify.err());
        assertTrue(verify.out().endsWith("1 problem(s)\n"), verify.out());
        assertEquals(0, ferry("verify", target, "vol.1").exitCode(), "vol.1's chain does not include the damage");

        Path dest = Files.createDirectory(restoreFs.path("dest"));
        FerryRun restore = ferry("restore", target, "vol.3", dest.toString());
        assertEquals(1, restore.exitCode());
        assertTrue(restore.err().startsWith("ferry restore: not restoring vol.3: " + damaged + ": sha256 is "), restore.err());
        assertEquals(List.of(), list(dest));

        Files.delete(backups.resolve("vol.4.zst"));
        FerryRun missing = ferry("verify", target, "latest");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("ferry verify: " + backups.resolve("vol.4.zst")
                + ": missing (its sidecar vol.4.json is there)"), missing.err());
    }

    @Test
    void restoringOntoBtrfsIntoADirectoryElsewhereIsRefused(LoopBtrfs source, @LoopFs(type = "ext4", sizeMiB = 256) LoopBtrfs ext4)
            throws IOException {
        snapshots(source);
        Path backups = Files.createDirectory(ext4.path("backups"));
        backUp(source, StreamArchive.open(backups));
        Path notBtrfs = Files.createDirectory(ext4.path("restore"));
        FerryRun run = ferry("restore", "file://" + backups, "latest", notBtrfs.toString());
        assertEquals(new FerryRun(1, "", "ferry restore: " + notBtrfs + " is not on btrfs (restore into a plain directory with --dir)\n"), run);
        assertEquals(List.of(), list(notBtrfs));
    }

    private static List<String> list(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long bytes(Path backups) throws IOException {
        long total = 0;
        for (String name : SNAPSHOTS) {
            total += Files.size(backups.resolve(name + ".zst"));
        }
        return total;
    }
}
