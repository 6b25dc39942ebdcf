package dev.ferry.scheduler.backup;

import dev.ferry.scheduler.source.SourceSnapshot;
import dev.ferry.scheduler.target.Backup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a snapshot is sent incrementally from: the newest source snapshot the target holds a
 * complete backup of, matched by uuid (a backup's received_uuid), never by name or date; and
 * a few more common snapshots as clone sources. No common snapshot means a full send.
 *
 * @param parent       the {@code -p} snapshot, empty for a full send
 * @param cloneSources further {@code -c} snapshots, newest first, at most {@link #MAX_CLONE_SOURCES}
 */
public record ParentChoice(Optional<SourceSnapshot> parent, List<SourceSnapshot> cloneSources) {
    /**
     * Clone sources beyond the parent. Data shared with older snapshots is usually shared with the
     * parent as well; a few more catch files restored from, or copied out of, older snapshots
     * without opening every snapshot a long retention keeps.
     */
    public static final int MAX_CLONE_SOURCES = 3;

    public ParentChoice {
        Objects.requireNonNull(parent, "parent");
        cloneSources = List.copyOf(cloneSources);
    }

    public boolean full() {
        return parent.isEmpty();
    }

    /**
     * The choice for sending {@code snapshot}, given the volume's snapshots (oldest first) and the
     * target's backups.
     */
    public static ParentChoice choose(SourceSnapshot snapshot, List<SourceSnapshot> snapshots, List<Backup> backups) {
        List<SourceSnapshot> common = new ArrayList<>(common(snapshots, backups));
        common.removeIf(s -> s.uuid().equals(snapshot.uuid()));
        if (common.isEmpty()) {
            return new ParentChoice(Optional.empty(), List.of());
        }
        List<SourceSnapshot> newestFirst = new ArrayList<>(common);
        java.util.Collections.reverse(newestFirst);
        SourceSnapshot parent = newestFirst.get(0);
        List<SourceSnapshot> clones = newestFirst.subList(1, Math.min(newestFirst.size(), 1 + MAX_CLONE_SOURCES));
        return new ParentChoice(Optional.of(parent), clones);
    }

    /** The snapshots (oldest first) the target holds complete backups of. */
    public static List<SourceSnapshot> common(List<SourceSnapshot> snapshots, List<Backup> backups) {
        Set<UUID> held = backups.stream().filter(Backup::complete).map(Backup::sourceUuid).collect(Collectors.toSet());
        return snapshots.stream().filter(s -> held.contains(s.uuid())).toList();
    }

    /** The newest snapshot the target holds a complete backup of. */
    public static Optional<SourceSnapshot> newestCommon(List<SourceSnapshot> snapshots, List<Backup> backups) {
        List<SourceSnapshot> common = common(snapshots, backups);
        return common.isEmpty() ? Optional.empty() : Optional.of(common.get(common.size() - 1));
    }
}
