package dev.ferry.scheduler.daemon;

import java.util.Locale;

/** What a scheduled firing does to a volume. */
public enum JobKind {
    /** A snapshot, as {@code ferry snapshot}. */
    SNAPSHOT,
    /** Snapshot and send, as {@code ferry backup}; it prunes too unless the volume has a prune schedule. */
    BACKUP,
    /** Prune the source and every target, as {@code ferry prune}. */
    PRUNE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobKind of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
