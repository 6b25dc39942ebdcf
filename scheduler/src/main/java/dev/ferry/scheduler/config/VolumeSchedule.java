package dev.ferry.scheduler.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When {@code ferry daemon} works on one volume; every schedule optional.
 *
 * @param snapshot a snapshot alone, as {@code ferry snapshot}
 * @param backup   snapshot and send to every target that has no schedule of its own, as {@code ferry backup}
 * @param prune    prune the source and every target, as {@code ferry prune}; without it, every backup prunes
 * @param targets  per target (its address as written), a backup to that target alone
 */
public record VolumeSchedule(Optional<CronSchedule> snapshot, Optional<CronSchedule> backup,
                             Optional<CronSchedule> prune, Map<String, CronSchedule> targets) {
    public static final VolumeSchedule NONE = new VolumeSchedule(Optional.empty(), Optional.empty(), Optional.empty(),
            Map.of());

    public VolumeSchedule {
        targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    public boolean isEmpty() {
        return snapshot.isEmpty() && backup.isEmpty() && prune.isEmpty() && targets.isEmpty();
    }
}
