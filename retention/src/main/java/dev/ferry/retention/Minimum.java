package dev.ferry.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * The {@code min} clause of a policy: what is kept regardless of the periodic rules.
 *
 * <p>Every minimum except {@link None} also keeps the newest snapshot, whatever its age: it is
 * the parent of the next incremental send, and a pipeline that stalled for longer than the
 * minimum age must not lose it.
 */
public sealed interface Minimum {
    /** {@code min all}: keep every snapshot. */
    record All() implements Minimum {
        @Override public String toString() { return "all"; }
    }

    /** {@code min latest} (the default): keep the newest snapshot. */
    record Latest() implements Minimum {
        @Override public String toString() { return "latest"; }
    }

    /** {@code min none}: nothing is kept by the minimum, not even the newest snapshot. */
    record None() implements Minimum {
        @Override public String toString() { return "none"; }
    }

    /**
     * {@code min 2d}: keep everything younger than {@code amount} {@code unit}s, and the newest.
     * Age is measured on the local time line (see {@link Cadence}): "younger than 2d" means taken
     * after the same wall-clock time two dates ago.
     */
    record Age(int amount, Cadence unit) implements Minimum {
        public Age {
            Objects.requireNonNull(unit, "unit");
            if (amount < 1) {
                throw new IllegalArgumentException("minimum age must be at least 1: " + amount);
            }
        }

        /** The oldest instant that is still too young to delete: snapshots after it are kept. */
        public Instant cutoff(Context context) {
            return unit.minus(context.now().atZone(context.zone()), amount).toInstant();
        }

        @Override public String toString() { return amount + String.valueOf(unit.unit()); }
    }

    Minimum ALL = new All();
    Minimum LATEST = new Latest();
    Minimum NONE = new None();

    /** Whether this minimum keeps the newest snapshot. */
    default boolean keepsNewest() {
        return !(this instanceof None);
    }
}
