package dev.ferry.scheduler.backup;

import dev.ferry.retention.NamingScheme;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.target.Series;
import dev.ferry.scheduler.target.Target;
import dev.ferry.scheduler.target.TargetAddress;
import dev.ferry.scheduler.target.TargetSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One source volume to back up, from the command line or one entry of the config.
 *
 * @param name        the volume's name in snapshot names (default: the source directory's name)
 * @param source      the subvolume to snapshot
 * @param snapshotDir where its read-only snapshots go (same btrfs as the source)
 * @param scheme      how snapshots are named
 * @param keep        retention for the snapshots in {@code snapshotDir}
 * @param ifChanged   take no snapshot when nothing changed since the newest one
 * @param targets     where backups go, each with its own retention
 */
public record VolumeJob(String name, Path source, Path snapshotDir, NamingScheme scheme, Policy keep,
                        boolean ifChanged, List<TargetJob> targets) {
    /** Source snapshots: two days of everything, then hourly for a day and daily for a week. */
    public static final Policy DEFAULT_KEEP = Policy.parse("min 2d, 24h 7d");
    /** Backups: the newest always, daily for two weeks, weekly for two months, monthly for a year, yearly forever. */
    public static final Policy DEFAULT_TARGET_KEEP = Policy.parse("14d 8w 12m *y");

    public VolumeJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(snapshotDir, "snapshotDir");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(keep, "keep");
        targets = List.copyOf(targets);
    }

    public Series series() {
        return new Series(name, scheme);
    }

    /**
     * A target, the retention of the backups there, and how to reach and keep it.
     *
     * @param keep     retention for this volume's backups on the target
     * @param settings ssh settings or max-chain; only those of the address's kind may differ from the defaults
     */
    public record TargetJob(TargetAddress address, Policy keep, TargetSettings settings) {
        public TargetJob {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(keep, "keep");
            Objects.requireNonNull(settings, "settings").requireFits(address);
        }

        /** A target with default settings. */
        public TargetJob(TargetAddress address, Policy keep) {
            this(address, keep, TargetSettings.defaults());
        }

        public Target open() {
            return Target.open(address, settings);
        }
    }
}
