package dev.ferry.archive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The backups that restore one snapshot, in the order they must be applied: a full stream, then
 * each incremental stream whose parent is the one before it.
 */
public record Chain(List<ArchiveEntry> entries) {
    public Chain {
        entries = List.copyOf(entries);
        if (entries.isEmpty() || !entries.get(0).full()) {
            throw new IllegalArgumentException("a chain starts with a full backup");
        }
    }

    public ArchiveEntry tip() {
        return entries.get(entries.size() - 1);
    }

    public int length() {
        return entries.size();
    }

    /** Follows parent uuids from {@code tip} back to its full backup among {@code complete}. */
    static Chain resolve(ArchiveEntry tip, List<ArchiveEntry> complete, Path directory) throws ArchiveException {
        Map<UUID, ArchiveEntry> byUuid = new HashMap<>();
        complete.forEach(e -> byUuid.put(e.uuid(), e));
        List<ArchiveEntry> links = new ArrayList<>();
        for (ArchiveEntry at = tip; ; ) {
            links.add(at);
            if (at.full()) {
                break;
            }
            ArchiveEntry parent = byUuid.get(at.parentUuid());
            if (parent == null) {
                throw new ArchiveException(directory + ": " + at.snapshot() + " is incremental to " + at.parentUuid()
                        + ", which is not (or not completely) in the archive");
            }
            if (links.size() > complete.size()) {
                throw new ArchiveException(directory + ": the parents of " + tip.snapshot() + " form a loop");
            }
            at = parent;
        }
        Collections.reverse(links);
        return new Chain(links);
    }
}
