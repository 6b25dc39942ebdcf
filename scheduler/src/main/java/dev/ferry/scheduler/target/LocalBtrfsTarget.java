package dev.ferry.scheduler.target;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.Filesystem;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.receive.PartialReceive;
import dev.ferry.receive.ReceiveException;
import dev.ferry.receive.ReceiveOptions;
import dev.ferry.receive.Receiver;
import dev.ferry.retention.SnapshotName;
import dev.ferry.stream.ResumeToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Backups as read-only received subvolumes in a directory on a local btrfs, as {@code btrfs
 * receive} (and btrbk) leave them: each is named like its source snapshot and carries the source
 * snapshot's uuid as its received_uuid.
 *
 * <p>A backup is complete when it is read-only and has a received_uuid: the receiver fills a
 * subvolume under a temporary name and gives it its final name only after both are set, so a
 * failed receive never leaves a complete-looking backup.
 */
public final class LocalBtrfsTarget implements Target {
    private final TargetAddress.LocalBtrfs address;

    LocalBtrfsTarget(TargetAddress.LocalBtrfs address) {
        this.address = Objects.requireNonNull(address, "address");
    }

    @Override
    public TargetAddress.LocalBtrfs address() {
        return address;
    }

    private Path dir() {
        return address.dir();
    }

    @Override
    public List<Backup> list(Series series) throws TargetException {
        if (!Files.isDirectory(dir())) {
            requireBtrfsWhereItWillBe();
            return List.of(); // the first backup makes it
        }
        List<Backup> backups = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir())) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Optional<SnapshotName> name = series.parse(entry.getFileName().toString());
                if (name.isPresent() && Subvolumes.isSubvolume(entry)) {
                    backups.add(toBackup(name.get(), SubvolumeIndex.info(entry)));
                }
            }
        } catch (IOException e) {
            throw failure("cannot list backups", e);
        }
        return List.copyOf(backups);
    }

    /** A subvolume without received_uuid was not (fully) received; its own uuid stands in. */
    private static Backup toBackup(SnapshotName name, SubvolumeInfo info) {
        boolean complete = info.readOnly() && info.receivedUuid().isPresent();
        return new Backup(name.name(), info.receivedUuid().orElse(info.uuid()), name.time(), complete,
                Optional.empty(), OptionalLong.empty());
    }

    @Override
    public Optional<ResumeToken> resumeToken(Series series, String snapshot) throws TargetException {
        if (!Files.isDirectory(dir())) {
            return Optional.empty();
        }
        try {
            return Receiver.partial(dir(), snapshot, ReceiveOptions.defaults()).flatMap(PartialReceive::token);
        } catch (ReceiveException e) {
            throw failure("cannot look for a partial receive of " + snapshot, e);
        }
    }

    @Override
    public Incoming receive(Series series, StreamDescription stream) throws TargetException {
        Path backup = dir().resolve(stream.name());
        try {
            requireBtrfsWhereItWillBe();
            Files.createDirectories(dir());
            requireBtrfs();
            if (Files.exists(backup, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new TargetException(address + ": " + stream.name() + " already exists (left by an earlier "
                        + "run? it is not a complete backup of this snapshot)");
            }
            return new InProcessReceive(this, series, stream, backup);
        } catch (IOException e) {
            throw failure("cannot receive " + stream.name(), e);
        }
    }

    /**
     * ferry's receiver would mirror into a directory on another file system; a local target is
     * meant to hold received subvolumes, so anything else is refused up front.
     */
    private void requireBtrfs() throws NativeException, TargetException {
        try (Fd fd = Fd.openDirectory(dir())) {
            if (!Filesystem.isBtrfs(fd)) {
                throw new TargetException(address + ": not on btrfs; a local target holds received subvolumes "
                        + "(for stream files on any file system, use file://" + dir() + ")");
            }
        }
    }

    /**
     * A target directory that does not exist yet must be about to be made on btrfs. Otherwise the
     * likeliest cause is a disk that is not mounted: its mount point is a directory of the file system
     * beneath. Listing it as "no backups" would unpin the source's common snapshot (pruning would
     * then delete it and force a full send), and receiving would fill that other file system.
     */
    private void requireBtrfsWhereItWillBe() throws TargetException {
        Path existing = dir().toAbsolutePath();
        while (existing.getParent() != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        try (Fd fd = Fd.openDirectory(existing)) {
            if (!Filesystem.isBtrfs(fd)) {
                throw new TargetException(address + ": no such directory, and " + existing + " is not on btrfs "
                        + "(is the target's file system mounted?)");
            }
        } catch (NativeException e) {
            throw failure("cannot look at " + existing, e);
        }
    }

    /** The complete backup of {@code stream} now held, or why there is none. */
    Backup received(Series series, StreamDescription stream) throws TargetException {
        return list(series).stream()
                .filter(b -> b.complete() && b.name().equals(stream.name()) && b.sourceUuid().equals(stream.uuid()))
                .findFirst()
                .orElseThrow(() -> new TargetException(address + ": the receive ended without a complete " + stream.name()));
    }

    /** Deletes a subvolume an aborted receive completed; a failure leaves it listed, to be pruned. */
    void discard(Path subvolume) {
        try {
            Subvolumes.delete(subvolume);
        } catch (NativeException | RuntimeException e) {
            // nothing more to do here; the backup report carries the transfer's failure
        }
    }

    /** Removes what a failed receive left under the backup's name; a complete backup is never touched. */
    void discardPartial(Series series, StreamDescription stream, Path backup) {
        try {
            if (Subvolumes.isSubvolume(backup)) {
                SubvolumeInfo info = SubvolumeIndex.info(backup);
                boolean complete = info.readOnly() && info.receivedUuid().equals(Optional.of(stream.uuid()));
                if (!complete || !series.parse(stream.name()).isPresent()) {
                    Subvolumes.delete(backup);
                }
            }
        } catch (NativeException | RuntimeException e) {
            // Left behind, it lists as incomplete: no read-only flag or no received_uuid yet.
        }
    }

    @Override
    public Deletion delete(Series series, Backup backup) throws TargetException {
        try {
            Subvolumes.delete(dir().resolve(backup.name()));
            return new Deletion.Deleted(backup.name());
        } catch (NativeException e) {
            throw failure("cannot delete " + backup.name(), e);
        }
    }

    private TargetException failure(String what, Exception e) {
        return new TargetException(address + ": " + what + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
