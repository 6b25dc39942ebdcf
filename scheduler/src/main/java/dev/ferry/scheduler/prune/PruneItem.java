package dev.ferry.scheduler.prune;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What pruning does with one snapshot or backup, and why.
 *
 * @param reasons why it is kept, as the retention module words them ({@code daily #3 (2026-11-18)},
 *                {@code pinned: newest in common with /mnt/usb}); empty when it is deleted
 */
public record PruneItem(String name, Instant time, List<String> reasons) {
    public PruneItem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        reasons = List.copyOf(reasons);
    }

    public boolean keep() {
        return !reasons.isEmpty();
    }

    /** {@code keep NAME: reasons} or {@code delete NAME}, as the retention module prints decisions. */
    @Override
    public String toString() {
        return keep() ? "keep " + name + ": " + String.join(", ", reasons) : "delete " + name;
    }
}
