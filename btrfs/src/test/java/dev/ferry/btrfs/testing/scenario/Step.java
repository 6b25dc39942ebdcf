package dev.ferry.btrfs.testing.scenario;

/** One mutation of the live subvolume, after which the harness takes a read-only snapshot. */
public record Step(String description, Action action) {

    /** What a step does to the subvolume. */
    @FunctionalInterface
    public interface Action {
        void apply(Volume volume) throws Exception;
    }

    @Override
    public String toString() {
        return description;
    }
}
