package dev.ferry.archive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A directory of backups kept as send-stream files, for targets that are not btrfs (a NAS share,
 * a USB disk with ext4 or exFAT). Each backup is {@code NAME.zst}, the stream as sent, and
 * {@code NAME.json}, its {@link ArchiveEntry sidecar}. Incremental streams chain to their parents
 * by uuid; a chain always begins with a full stream.
 *
 * <p>Temporary files start with a dot and are never listed. Nothing here needs more of the file
 * system than rename within a directory and fsync.
 */
public final class StreamArchive {
    static final String STREAM_SUFFIX = ".zst";
    static final String SIDECAR_SUFFIX = ".json";
    private static final String PARTIAL_SUFFIX = ".partial";

    private final Path directory;
    private final Clock clock;

    private StreamArchive(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * Opens an existing directory. It is never created here: a NAS share that is not mounted must
     * fail the backup, not fill the mount point on the local disk.
     */
    public static StreamArchive open(Path directory) throws ArchiveException {
        return open(directory, Clock.systemUTC());
    }

    static StreamArchive open(Path directory, Clock clock) throws ArchiveException {
        if (!Files.isDirectory(directory)) {
            throw new ArchiveException(directory + ": no such directory (is the backup disk mounted?)");
        }
        return new StreamArchive(directory, clock);
    }

    public Path directory() {
        return directory;
    }

    /** Every backup with a sidecar, complete or not, oldest snapshot first. */
    public List<ArchiveEntry> entries() throws IOException {
        List<ArchiveEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> sidecars = Files.newDirectoryStream(directory, "[!.]*" + SIDECAR_SUFFIX)) {
            for (Path sidecar : sidecars) {
                entries.add(Sidecars.read(sidecar));
            }
        }
        entries.sort(Comparator.comparing(ArchiveEntry::snapshotTime).thenComparing(ArchiveEntry::snapshot));
        return entries;
    }

    /** Complete backups only: what can be restored and chained to. */
    public List<ArchiveEntry> completeEntries() throws IOException {
        return entries().stream().filter(ArchiveEntry::complete).toList();
    }

    /** The newest complete backup, if any. */
    public Optional<ArchiveEntry> latest() throws IOException {
        List<ArchiveEntry> complete = completeEntries();
        return complete.isEmpty() ? Optional.empty() : Optional.of(complete.get(complete.size() - 1));
    }

    /** A complete backup by snapshot name, by uuid, or {@code latest}. */
    public ArchiveEntry find(String nameUuidOrLatest) throws IOException {
        if (nameUuidOrLatest.equals("latest")) {
            return latest().orElseThrow(() -> new ArchiveException(directory + ": no complete backup"));
        }
        String wanted = nameUuidOrLatest.toLowerCase(Locale.ROOT);
        for (ArchiveEntry entry : completeEntries()) {
            if (entry.snapshot().equals(nameUuidOrLatest) || entry.uuid().toString().equals(wanted)) {
                return entry;
            }
        }
        throw new ArchiveException(directory + ": no complete backup named or with uuid " + nameUuidOrLatest);
    }

    /** The complete backup of the snapshot with this uuid, if any. */
    public Optional<ArchiveEntry> byUuid(UUID uuid) throws IOException {
        return completeEntries().stream().filter(e -> e.uuid().equals(uuid)).findFirst();
    }

    /** The chain that restores {@code tip}: its full stream first, {@code tip} last. */
    public Chain chainTo(ArchiveEntry tip) throws IOException {
        return Chain.resolve(tip, completeEntries(), directory);
    }

    /**
     * Whether the next backup, incremental to {@code parent}, would make its chain longer than
     * {@code maxChain} streams; then a new full backup should be sent instead. Restoring replays
     * the whole chain, and one damaged file breaks every backup after it: the limit bounds both.
     */
    public boolean chainFull(UUID parent, int maxChain) throws IOException {
        if (maxChain < 1) {
            throw new IllegalArgumentException("max chain must be at least 1, not " + maxChain);
        }
        Optional<ArchiveEntry> entry = byUuid(parent);
        return entry.isEmpty() || chainTo(entry.get()).length() + 1 > maxChain;
    }

    /**
     * The backups that must stay so every backup in {@code kept} can still be restored: {@code kept}
     * and all their ancestors. Retention deletes only what is outside this set.
     */
    public Set<UUID> pinnedBy(Collection<UUID> kept) throws IOException {
        Map<UUID, ArchiveEntry> byUuid = new HashMap<>();
        completeEntries().forEach(e -> byUuid.put(e.uuid(), e));
        Set<UUID> pinned = new HashSet<>();
        for (UUID uuid : kept) {
            // Walks up as far as the chain goes: a gap further up is verify's to report, and must
            // not stop retention from protecting what is there.
            for (ArchiveEntry at = byUuid.get(uuid); at != null && pinned.add(at.uuid()); ) {
                at = at.full() ? null : byUuid.get(at.parentUuid());
            }
        }
        return pinned;
    }

    /** Starts a backup of {@code stream}; see {@link PendingStreamFile}. */
    public PendingStreamFile begin(ExpectedStream stream) throws IOException {
        String streamFile = stream.name() + STREAM_SUFFIX;
        Optional<ArchiveEntry> existing = entryNamed(stream.name());
        if (existing.isPresent() && existing.get().complete()) {
            throw new ArchiveException(directory + ": " + stream.name() + " is already backed up here");
        }
        ArchiveEntry started = ArchiveEntry.started(stream, streamFile, clock.instant());
        writeSidecar(started);
        return new PendingStreamFile(this, stream, started, directory.resolve("." + streamFile + PARTIAL_SUFFIX), clock);
    }

    /** The complete backups that are incremental to {@code entry}: while there are any, it cannot be deleted. */
    public List<ArchiveEntry> dependents(ArchiveEntry entry) throws IOException {
        if (!entry.complete()) {
            return List.of();
        }
        return completeEntries().stream().filter(e -> entry.uuid().equals(e.parentUuid())).toList();
    }

    /**
     * Deletes a backup: its sidecar first (from then on it is no longer a backup), then its stream.
     * Refuses, naming them, while complete backups are incremental to it.
     */
    public void delete(ArchiveEntry entry) throws IOException {
        List<String> dependents = dependents(entry).stream().map(ArchiveEntry::snapshot).toList();
        if (!dependents.isEmpty()) {
            throw new ArchiveException("cannot delete " + entry.snapshot() + ": " + String.join(", ", dependents)
                    + (dependents.size() == 1 ? " is" : " are") + " incremental to it");
        }
        Files.deleteIfExists(directory.resolve(entry.sidecarFile()));
        DurableFiles.syncDirectory(directory);
        Files.deleteIfExists(directory.resolve(entry.streamFile()));
        Files.deleteIfExists(directory.resolve("." + entry.streamFile() + PARTIAL_SUFFIX));
    }

    static String sidecarName(String snapshot) {
        return snapshot + SIDECAR_SUFFIX;
    }

    void writeSidecar(ArchiveEntry entry) throws IOException {
        Path sidecar = directory.resolve(entry.sidecarFile());
        Path temporary = directory.resolve("." + entry.sidecarFile() + PARTIAL_SUFFIX);
        DurableFiles.writeAtomically(temporary, sidecar, Sidecars.encode(entry));
    }

    /** Refuses a stream whose snapshot is already here under another name: restores would be ambiguous. */
    void requireNew(StreamIdentity identity, ArchiveEntry started) throws IOException {
        Optional<ArchiveEntry> same = byUuid(identity.uuid());
        if (same.isPresent()) {
            throw new ArchiveException(directory + ": the stream for " + started.snapshot() + " is snapshot "
                    + identity.uuid() + ", already backed up here as " + same.get().snapshot());
        }
    }

    /** Removes an abandoned backup: its partial stream and its incomplete sidecar. */
    void discard(ArchiveEntry started, Path partial) {
        try {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(directory.resolve(started.sidecarFile()));
        } catch (IOException ignored) {
            // Best effort: what is left is a dot file and an incomplete sidecar, both ignored.
        }
    }

    private Optional<ArchiveEntry> entryNamed(String snapshot) throws IOException {
        Path sidecar = directory.resolve(sidecarName(snapshot));
        return Files.exists(sidecar) ? Optional.of(Sidecars.read(sidecar)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "file://" + directory.toAbsolutePath();
    }
}
