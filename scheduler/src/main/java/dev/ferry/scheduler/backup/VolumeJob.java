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
import java.util.Optional;
import dev.ferry.scheduler.source.RemoteSnapshotStore;
import dev.ferry.scheduler.source.RemoteSource;
import dev.ferry.scheduler.source.SnapshotSource;
import dev.ferry.scheduler.source.SnapshotStore;

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
 * @param remote      in pull mode, the host the source is on ({@code source} and {@code snapshotDir}
 *                    are paths there); empty for a source on this machine
 */
public record VolumeJob(String name, Path source, Path snapshotDir, NamingScheme scheme, Policy keep,
                        boolean ifChanged, List<TargetJob> targets, Optional<RemoteSource> remote) {
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
        Objects.requireNonNull(remote, "remote");
        if (ifChanged && remote.isPresent()) {
            throw new IllegalArgumentException("if-changed needs a source on this machine, not " + remote.get());
        }
    }

    /** A volume on this machine. */
    public VolumeJob(String name, Path source, Path snapshotDir, NamingScheme scheme, Policy keep, boolean ifChanged,
                     List<TargetJob> targets) {
        this(name, source, snapshotDir, scheme, keep, ifChanged, targets, Optional.empty());
    }

    /**
     * Where a run locks the volume: its snapshot directory, or for a remote source (whose
     * directory is on the other host) {@link #REMOTE_LOCK_DIR} on this one.
     */
    public Path lockDir() {
        return remote.isPresent() ? REMOTE_LOCK_DIR : snapshotDir;
    }

    /** Lock files of pulled volumes. */
    public static final Path REMOTE_LOCK_DIR = Path.of("/run/lock/ferry");

    /** The volume's snapshots, here or on the source host. */
    public SnapshotSource store() {
        return remote.<SnapshotSource>map(r -> new RemoteSnapshotStore(r, snapshotDir, series()))
                .orElseGet(() -> new SnapshotStore(source, snapshotDir, series()));
    }

    /** The source as people write it: a path, or {@code ssh://host/path} in pull mode. */
    public String sourceLabel() {
        return remote.map(RemoteSource::toString).orElse(source.toString());
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
