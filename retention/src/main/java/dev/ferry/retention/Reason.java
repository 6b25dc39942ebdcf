package dev.ferry.retention;

import java.util.Objects;

/** Why a snapshot is kept. {@link #toString()} is the text shown to people. */
public sealed interface Reason {
    /** {@code min all}. */
    record KeepAll() implements Reason {
        @Override public String toString() { return "min all"; }
    }

    /** Younger than the {@code min} age. */
    record YoungerThanMinimum(Minimum.Age minimum) implements Reason {
        public YoungerThanMinimum {
            Objects.requireNonNull(minimum, "minimum");
        }

        @Override public String toString() { return "min age (younger than " + minimum + ")"; }
    }

    /** The newest snapshot, kept by every minimum but {@code min none}. */
    record Newest() implements Reason {
        @Override public String toString() { return "newest"; }
    }

    /** One of the {@code latest N}; rank 1 is the newest. */
    record Latest(int rank) implements Reason {
        @Override public String toString() { return "latest #" + rank; }
    }

    /**
     * The first snapshot of a period kept by a {@link PeriodRule}; rank 1 is the most recent
     * period that has snapshots.
     */
    record FirstOfPeriod(CalendarPeriod period, int rank) implements Reason {
        public FirstOfPeriod {
            Objects.requireNonNull(period, "period");
        }

        public Cadence cadence() {
            return period.cadence();
        }

        @Override public String toString() {
            return period.cadence().adjective() + " #" + rank + " (" + period.label() + ")";
        }
    }

    /** Pinned by the caller, e.g. the newest snapshot a target has in common with the source. */
    record Pinned(String why) implements Reason {
        public Pinned {
            Objects.requireNonNull(why, "why");
        }

        @Override public String toString() { return "pinned: " + why; }
    }
}
