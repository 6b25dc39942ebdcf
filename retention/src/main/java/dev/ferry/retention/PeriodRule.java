package dev.ferry.retention;

import java.util.Objects;

/**
 * "Keep the first snapshot of each of the {@code count} most recent {@code cadence} periods
 * that have snapshots": {@code 14d}, or {@code *d} for every such period.
 *
 * @param count how many periods, or {@link #UNLIMITED}
 */
public record PeriodRule(Cadence cadence, int count) {
    /** The count of {@code *}: every period, forever. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public PeriodRule {
        Objects.requireNonNull(cadence, "cadence");
        if (count < 1) {
            throw new IllegalArgumentException("period count must be at least 1: " + count);
        }
    }

    public static PeriodRule unlimited(Cadence cadence) {
        return new PeriodRule(cadence, UNLIMITED);
    }

    public boolean isUnlimited() {
        return count == UNLIMITED;
    }

    @Override
    public String toString() {
        return (isUnlimited() ? "*" : Integer.toString(count)) + cadence.unit();
    }
}
