package dev.ferry.scheduler.daemon;

import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.config.Config;
import dev.ferry.scheduler.config.ConfigException;
import dev.ferry.scheduler.config.CronSchedule;
import dev.ferry.scheduler.config.DaemonSettings;
import dev.ferry.scheduler.config.VolumeSchedule;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the daemon runs: the volumes, their schedules as jobs, the calendar (cron
 * expressions and retention are read in {@code zone}) and the daemon's settings. Made from a
 * config file, or from the quick form's flags.
 *
 * @param lockWait how long a job waits for a volume lock held by another ferry (a cron run)
 */
public record DaemonPlan(List<VolumeJob> volumes, Map<String, VolumeSchedule> schedules, ZoneId zone,
                         DayOfWeek weekStart, DaemonSettings settings, Duration lockWait) {
    public DaemonPlan {
        volumes = List.copyOf(volumes);
        schedules = Map.copyOf(schedules);
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(weekStart, "weekStart");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(lockWait, "lockWait");
    }

    /** The config's plan; a config without a single schedule is an error, since the daemon would do nothing. */
    public static DaemonPlan of(Config config) throws ConfigException {
        DaemonPlan plan = new DaemonPlan(config.volumes(), config.schedules(), config.zone(), config.weekStart(),
                config.daemon(), Duration.ofMinutes(1));
        if (plan.jobs().isEmpty()) {
            throw new ConfigException(config.file(), 0, 0, "volumes", "no volume has a schedule, so ferry daemon "
                    + "would do nothing (give a volume 'schedule:' with snapshot, backup or prune, or a target 'schedule:')",
                    null);
        }
        return plan;
    }

    public DaemonPlan withSettings(DaemonSettings s) {
        return new DaemonPlan(volumes, schedules, zone, weekStart, s, lockWait);
    }

    /** Every scheduled job with its cron schedule, sorted by name. */
    public Map<JobId, CronSchedule> jobs() {
        Map<JobId, CronSchedule> jobs = new TreeMap<>();
        for (VolumeJob v : volumes) {
            VolumeSchedule s = schedule(v.name());
            s.snapshot().ifPresent(c -> jobs.put(JobId.of(v.name(), JobKind.SNAPSHOT), c));
            s.backup().ifPresent(c -> jobs.put(JobId.of(v.name(), JobKind.BACKUP), c));
            s.prune().ifPresent(c -> jobs.put(JobId.of(v.name(), JobKind.PRUNE), c));
            s.targets().forEach((t, c) -> jobs.put(new JobId(v.name(), JobKind.BACKUP, Optional.of(t)), c));
        }
        return jobs;
    }

    public VolumeSchedule schedule(String volume) {
        return schedules.getOrDefault(volume, VolumeSchedule.NONE);
    }

    public Optional<VolumeJob> volume(String name) {
        return volumes.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
