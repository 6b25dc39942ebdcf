package dev.ferry.scheduler.config;

import dev.ferry.scheduler.backup.VolumeJob;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded config: the volumes to back up, with every default filled in, and what {@code ferry
 * daemon} adds: schedules per volume (by name) and the daemon's settings.
 *
 * @param zone      where retention counts days, weeks...; and btrbk names' local time
 * @param weekStart the first day of a retention week
 */
public record Config(Path file, ZoneId zone, DayOfWeek weekStart, List<VolumeJob> volumes,
                     Map<String, VolumeSchedule> schedules, DaemonSettings daemon) {
    public Config {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(weekStart, "weekStart");
        volumes = List.copyOf(volumes);
        schedules = Map.copyOf(schedules);
        Objects.requireNonNull(daemon, "daemon");
    }

    /** A config without schedules, as {@code ferry backup} uses it. */
    public Config(Path file, ZoneId zone, DayOfWeek weekStart, List<VolumeJob> volumes) {
        this(file, zone, weekStart, volumes, Map.of(), DaemonSettings.defaults());
    }

    /** The daemon's schedules of {@code volume}; none when the config gives none. */
    public VolumeSchedule schedule(String volume) {
        return schedules.getOrDefault(volume, VolumeSchedule.NONE);
    }

    /** The named volumes, in the order given; all of them when {@code names} is empty. */
    public List<VolumeJob> select(List<String> names) throws ConfigException {
        if (names.isEmpty()) {
            return volumes;
        }
        List<VolumeJob> selected = new ArrayList<>();
        for (String name : names) {
            selected.add(volumes.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow(
                    () -> new ConfigException(file, 0, 0, "volumes", "no volume named '" + name + "' (the config has "
                            + String.join(", ", volumes.stream().map(VolumeJob::name).toList()) + ")", null)));
        }
        return selected;
    }
}
