package dev.ferry.btrfs.testing.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * A named situation for incremental send/receive: a chain of steps, each followed by a read-only
 * snapshot. The first snapshot travels as a full send, each later one incrementally from the
 * snapshot before it.
 */
public record Scenario(String name, List<Step> steps) {
    public Scenario {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("scenario names are [a-z0-9-] (they name directories): " + name);
        }
        steps = List.copyOf(steps);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Collects steps in order. */
    public static final class Builder {
        private final String name;
        private final List<Step> steps = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder step(String description, Step.Action action) {
            steps.add(new Step(description, action));
            return this;
        }

        public Scenario build() {
            return new Scenario(name, steps);
        }
    }
}
