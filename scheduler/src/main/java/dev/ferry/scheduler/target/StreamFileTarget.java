package dev.ferry.scheduler.target;

import dev.ferry.archive.ArchiveEntry;
import dev.ferry.archive.ExpectedStream;
import dev.ferry.archive.StreamArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Backups as send-stream files in a local directory on any file system (a NAS share, a USB disk
 * with ext4 or exFAT): a {@link StreamArchive}, where each backup is a zstd stream file and a JSON
 * sidecar, and incremental streams chain to their parents.
 *
 * <p>Restoring replays a whole chain, and one damaged file breaks every backup after it, so a
 * chain is kept to {@link #maxChain()} streams: {@link #extendsChainOf} tells the backup job when
 * the next backup should be a full one, and streams never clone from outside their chain. Deleting a backup that a remaining one is incremental to is
 * refused with the reason; the pruner keeps such parents anyway ({@link Backup#dependsOn()}).
 */
public final class StreamFileTarget implements Target {
    /** Streams per chain, the full one included, unless configured otherwise: about a month of dailies. */
    public static final int DEFAULT_MAX_CHAIN = 30;

    private final TargetAddress.StreamFiles address;
    private final int maxChain;

    private StreamFileTarget(TargetAddress.StreamFiles address, int maxChain) {
        this.address = Objects.requireNonNull(address, "address");
        if (maxChain < 1) {
            throw new IllegalArgumentException("max-chain must be at least 1, not " + maxChain);
        }
        this.maxChain = maxChain;
    }

    /** A stream-file target that starts a new full chain after {@code maxChain} streams. */
    public static StreamFileTarget open(TargetAddress.StreamFiles address, int maxChain) {
        return new StreamFileTarget(address, maxChain);
    }

    @Override
    public TargetAddress.StreamFiles address() {
        return address;
    }

    public int maxChain() {
        return maxChain;
    }

    @Override
    public List<Backup> list(Series series) throws TargetException {
        if (!Files.isDirectory(address.dir())) {
            return List.of();
        }
        try {
            return archive().entries().stream().map(e -> toBackup(series, e)).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw failure("cannot list backups", e);
        }
    }

    private static Optional<Backup> toBackup(Series series, ArchiveEntry entry) {
        return series.parse(entry.snapshot()).map(name -> new Backup(entry.snapshot(), entry.uuid(),
                entry.snapshotTime(), entry.complete(), Optional.ofNullable(entry.parentUuid()),
                entry.complete() ? OptionalLong.of(entry.fileBytes()) : OptionalLong.empty()));
    }

    /**
     * No once a backup incremental to {@code parent} would make its chain longer than
     * {@link #maxChain()}: the next backup then starts a new chain in full.
     */
    @Override
    public boolean extendsChainOf(Series series, Backup parent) throws TargetException {
        try {
            return !archive().chainFull(parent.sourceUuid(), maxChain);
        } catch (IOException e) {
            throw failure("cannot follow the chain of " + parent.name(), e);
        }
    }

    /** A restore replays one chain, and retention keeps only parents: a clone source may be gone. */
    @Override
    public boolean acceptsCloneSources() {
        return false;
    }

    /**
     * Creates the target directory itself when missing, but not its parent: a USB disk or NAS share
     * that is not mounted leaves its mount point without the target directory, and the backup
     * must fail rather than fill the local disk.
     */
    @Override
    public Incoming receive(Series series, StreamDescription stream) throws TargetException {
        try {
            if (!Files.isDirectory(address.dir())) {
                Files.createDirectory(address.dir());
            }
            StreamArchive archive = archive();
            return new StreamFileIncoming(archive.begin(new ExpectedStream(stream.name(), stream.time(), stream.uuid(),
                    stream.parentUuid())), address);
        } catch (IOException e) {
            throw failure("cannot start the backup of " + stream.name(), e);
        }
    }

    @Override
    public Deletion delete(Series series, Backup backup) throws TargetException {
        try {
            StreamArchive archive = archive();
            Optional<ArchiveEntry> entry = archive.entries().stream()
                    .filter(e -> e.snapshot().equals(backup.name())).findFirst();
            if (entry.isEmpty()) {
                return new Deletion.Deleted(backup.name()); // already gone
            }
            List<String> dependents = archive.dependents(entry.get()).stream().map(ArchiveEntry::snapshot).toList();
            if (!dependents.isEmpty()) {
                return new Deletion.Refused(backup.name(), String.join(", ", dependents)
                        + (dependents.size() == 1 ? " is" : " are") + " incremental to it");
            }
            archive.delete(entry.get());
            return new Deletion.Deleted(backup.name());
        } catch (IOException e) {
            throw failure("cannot delete " + backup.name(), e);
        }
    }

    private StreamArchive archive() throws IOException {
        return StreamArchive.open(address.dir());
    }

    private TargetException failure(String what, IOException e) {
        return new TargetException(address + ": " + what + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
