package dev.ferry.retention;

import java.util.List;
import java.util.Objects;

/**
 * What to do with one snapshot: keep it for every listed reason, or delete it when there is none.
 *
 * @param reasons in rule order: minimum, newest, latest, hourly to yearly, pinned
 */
public record Decision(Snapshot snapshot, List<Reason> reasons) {
    public Decision {
        Objects.requireNonNull(snapshot, "snapshot");
        reasons = List.copyOf(reasons);
    }

    public boolean keep() {
        return !reasons.isEmpty();
    }

    public boolean delete() {
        return reasons.isEmpty();
    }

    /** {@code keep home.20261121T231500Z: daily #3 (2026-11-18), latest #2} or {@code delete ...}. */
    @Override
    public String toString() {
        if (delete()) {
            return "delete " + snapshot.name();
        }
        return "keep " + snapshot.name() + ": "
                + String.join(", ", reasons.stream().map(Reason::toString).toList());
    }
}
