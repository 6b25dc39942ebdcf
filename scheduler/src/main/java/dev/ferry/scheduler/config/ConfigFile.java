package dev.ferry.scheduler.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.target.TargetAddress;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.List;

/**
 * The config file as written, before defaults are filled in. Keys are kebab-case; every value
 * is checked while it is read (see {@link ConfigLoader}), so errors carry their line.
 */
record ConfigFile(
        @JsonProperty("timezone") ZoneId timezone,
        @JsonProperty("week-start") DayOfWeek weekStart,
        @JsonProperty("keep") Policy keep,
        @JsonProperty("target-keep") Policy targetKeep,
        @JsonProperty("volumes") List<VolumeEntry> volumes) {

    ConfigFile {
        if (volumes == null || volumes.isEmpty()) {
            throw new IllegalArgumentException("'volumes' is required: a list of volumes, each with a source and targets");
        }
        volumes = List.copyOf(volumes);
    }

    record VolumeEntry(
            @JsonProperty("name") String name,
            @JsonProperty("source") AbsolutePath source,
            @JsonProperty("snapshot-dir") AbsolutePath snapshotDir,
            @JsonProperty("scheme") SchemeName scheme,
            @JsonProperty("if-changed") Boolean ifChanged,
            @JsonProperty("keep") Policy keep,
            @JsonProperty("target-keep") Policy targetKeep,
            @JsonProperty("targets") List<TargetEntry> targets) {

        VolumeEntry {
            if (source == null) {
                throw new IllegalArgumentException("'source' is required: the subvolume to back up");
            }
            if (snapshotDir == null) {
                throw new IllegalArgumentException("'snapshot-dir' is required: where the source's snapshots go");
            }
            targets = targets == null ? List.of() : List.copyOf(targets);
        }
    }

    record TargetEntry(
            @JsonProperty("target") TargetAddress target,
            @JsonProperty("keep") Policy keep) {

        TargetEntry {
            if (target == null) {
                throw new IllegalArgumentException("'target' is required: /path, file:///path or ssh://[user@]host[:port]/path");
            }
        }
    }

    /** An absolute path: a cron job's working directory is no place to resolve a relative one. */
    record AbsolutePath(Path path) {
        static AbsolutePath parse(String text) {
            Path path = Path.of(text);
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("needs an absolute path, not '" + text + "'");
            }
            return new AbsolutePath(path.normalize());
        }
    }
}
