package dev.ferry.scheduler.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.retention.NamingScheme;
import dev.ferry.scheduler.source.SnapshotStore;
import dev.ferry.scheduler.source.SourceSnapshot;
import dev.ferry.scheduler.target.Backup;
import dev.ferry.scheduler.target.Deletion;
import dev.ferry.scheduler.target.Series;
import dev.ferry.scheduler.target.StreamFileTarget;
import dev.ferry.scheduler.target.TargetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Backups into a {@code file://} target on ext4 as the backup job sends them: chains of at most
 * max-chain streams, no clone sources, and deletions that would break a chain refused.
 */
@ExtendWith(LoopBtrfsExtension.class)
class StreamFileChainTest {
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
    private static final Series SERIES = new Series("home", NamingScheme.ferry());

    @Test
    void aNewFullChainStartsAfterMaxChainAndNoStreamClonesFromOutsideItsChain(LoopBtrfs src,
            @LoopFs(type = "ext4", sizeMiB = 256) LoopBtrfs usbDisk) throws Exception {
        Subvolumes.create(src.path("home"));
        Files.createDirectory(src.path("snapshots"));
        SnapshotStore store = new SnapshotStore(src.path("home"), src.path("snapshots"), SERIES);
        StreamFileTarget target = StreamFileTarget.open(new TargetAddress.StreamFiles(usbDisk.path("backups")), 3);
        Sender sender = new Sender(RunOptions.defaults(), "home", SERIES, target, store);

        List<Optional<String>> parents = new ArrayList<>();
        List<List<String>> clones = new ArrayList<>();
        for (int run = 0; run < 7; run++) {
            Files.writeString(src.path("home/file" + run), "run " + run + "\n");
            SourceSnapshot snapshot = store.take(START.plusSeconds(3600L * run));
            Transfer t = sender.transfer(snapshot, store.list(), target.list(SERIES));
            Transfer.Sent sent = assertInstanceOf(Transfer.Sent.class, t, t.toString());
            parents.add(sent.parent());
            clones.add(sent.cloneSources());
        }
        List<String> names = store.list().stream().map(SourceSnapshot::name).toList();
        assertEquals(List.of(Optional.empty(), Optional.of(names.get(0)), Optional.of(names.get(1)),
                Optional.empty(), Optional.of(names.get(3)), Optional.of(names.get(4)),
                Optional.empty()), parents, "full, 2 incrementals, and again");
        assertTrue(clones.stream().allMatch(List::isEmpty), clones.toString());

        List<Backup> backups = target.list(SERIES);
        assertEquals(7, backups.size());
        assertTrue(backups.stream().allMatch(Backup::complete));
        Backup second = byName(backups, names.get(1));
        assertEquals(Optional.of(byName(backups, names.get(0)).sourceUuid()), second.dependsOn());

        assertEquals(new Deletion.Refused(names.get(1), names.get(2) + " is incremental to it"), target.delete(SERIES, second));
        assertEquals(new Deletion.Deleted(names.get(2)), target.delete(SERIES, byName(backups, names.get(2))));
        assertEquals(new Deletion.Deleted(names.get(1)), target.delete(SERIES, second));
        assertEquals(5, target.list(SERIES).size());
    }

    @Test
    void aTargetDirectoryIsCreatedButNotAMissingMountPoint(LoopBtrfs src, @LoopFs(type = "ext4", sizeMiB = 64) LoopBtrfs disk)
            throws Exception {
        Subvolumes.create(src.path("home"));
        Files.createDirectory(src.path("snapshots"));
        SnapshotStore store = new SnapshotStore(src.path("home"), src.path("snapshots"), SERIES);
        SourceSnapshot snapshot = store.take(START);

        StreamFileTarget created = StreamFileTarget.open(new TargetAddress.StreamFiles(disk.path("backups")), 30);
        Transfer ok = new Sender(RunOptions.defaults(), "home", SERIES, created, store).transfer(snapshot, store.list(), List.of());
        assertInstanceOf(Transfer.Sent.class, ok, ok.toString());

        Path unmounted = disk.path("not-mounted/backups");
        StreamFileTarget missing = StreamFileTarget.open(new TargetAddress.StreamFiles(unmounted), 30);
        assertEquals(List.of(), missing.list(SERIES));
        Transfer failed = new Sender(RunOptions.defaults(), "home", SERIES, missing, store).transfer(snapshot, store.list(), List.of());
        Transfer.Failed f = assertInstanceOf(Transfer.Failed.class, failed);
        assertTrue(f.error().contains("file://" + unmounted + ": cannot start the backup of " + snapshot.name()), f.error());
        assertTrue(Files.notExists(unmounted.getParent()));
    }

    private static Backup byName(List<Backup> backups, String name) {
        return backups.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }
}
