package dev.ferry.cli;

import dev.ferry.retention.Policy;
import dev.ferry.retention.PolicySyntaxException;
import dev.ferry.scheduler.backup.RunOptions;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.config.Config;
import dev.ferry.scheduler.config.ConfigException;
import dev.ferry.scheduler.config.ConfigLoader;
import dev.ferry.scheduler.config.SchemeName;
import dev.ferry.scheduler.target.TargetAddress;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What backup, prune and list act on: one volume from flags ({@code SUBVOL --snapshot-dir DIR
 * --target T...}) or volumes from a config file ({@code --config FILE [VOLUME...]}).
 */
final class VolumeOptions {
    @Parameters(paramLabel = "SUBVOL|VOLUME", arity = "0..*",
            description = "Without --config: the subvolume to back up. With --config: the volumes to run (default: all).")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "Read volumes and targets from a YAML config.")
    Path config;

    @Option(names = "--snapshot-dir", paramLabel = "DIR", description = "Where SUBVOL's snapshots are (same btrfs).")
    Path snapshotDir;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "Where backups go (repeatable): /path on btrfs, file:///path, ssh://[user@]host[:port]/path.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", description = "The volume's name in snapshot names (default: SUBVOL's directory name).")
    String name;

    @Option(names = "--scheme", paramLabel = "ferry|btrbk|samba", defaultValue = "ferry",
            description = "Snapshot names (default ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--keep", paramLabel = "POLICY",
            description = "Retention of source snapshots (default: \"min 2d, 24h 7d\").")
    String keep;

    @Option(names = "--target-keep", paramLabel = "POLICY",
            description = "Retention of backups on every target (default: \"14d 8w 12m *y\").")
    String targetKeep;

    @Option(names = "--timezone", paramLabel = "ZONE", description = "Where retention counts days and weeks (default: the system's).")
    ZoneId zone;

    @Option(names = "--week-start", paramLabel = "DAY", description = "First day of a retention week (default: monday).")
    String weekStart;

    /** The volumes, and the calendar retention counts in (the config's unless overridden by flags). */
    record Selection(List<VolumeJob> volumes, ZoneId zone, DayOfWeek weekStart) {
    }

    Selection select(CommandLine cmd, boolean targetsRequired) throws ConfigException {
        if (config != null) {
            if (snapshotDir != null || !targets.isEmpty() || name != null || keep != null || targetKeep != null) {
                throw new CommandLine.ParameterException(cmd,
                        "--config names volumes and targets itself; --snapshot-dir, --target, --name, --keep and --target-keep go without it");
            }
            Config loaded = ConfigLoader.load(config);
            return new Selection(loaded.select(arguments), zone == null ? loaded.zone() : zone,
                    weekStart == null ? loaded.weekStart() : day(cmd));
        }
        if (arguments.size() != 1) {
            throw new CommandLine.ParameterException(cmd, "give one SUBVOL, or --config FILE");
        }
        if (snapshotDir == null) {
            throw new CommandLine.ParameterException(cmd, "--snapshot-dir is required without --config");
        }
        if (targetsRequired && targets.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, "at least one --target is required without --config");
        }
        Path source = Path.of(arguments.get(0)).toAbsolutePath().normalize();
        ZoneId z = zone == null ? ZoneId.systemDefault() : zone;
        try {
            Policy targetPolicy = targetKeep == null ? VolumeJob.DEFAULT_TARGET_KEEP : Policy.parse(targetKeep);
            List<VolumeJob.TargetJob> targetJobs = new ArrayList<>();
            for (String t : targets) {
                targetJobs.add(new VolumeJob.TargetJob(TargetAddress.parse(t), targetPolicy));
            }
            String volume = name != null ? name : String.valueOf(source.getFileName());
            VolumeJob job = new VolumeJob(volume, source, snapshotDir.toAbsolutePath().normalize(),
                    SchemeName.parse(scheme).scheme(z), keep == null ? VolumeJob.DEFAULT_KEEP : Policy.parse(keep),
                    false, targetJobs);
            return new Selection(List.of(job), z, weekStart == null ? DayOfWeek.MONDAY : day(cmd));
        } catch (PolicySyntaxException e) {
            throw new CommandLine.ParameterException(cmd, "bad retention policy: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
    }

    private DayOfWeek day(CommandLine cmd) {
        try {
            return DayOfWeek.valueOf(weekStart.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--week-start: not a day of the week: " + weekStart);
        }
    }

    RunOptions runOptions(Selection selection, boolean dryRun, Duration lockWait) {
        return RunOptions.defaults().withCalendar(selection.zone(), selection.weekStart()).withDryRun(dryRun)
                .withLockWait(lockWait);
    }
}
