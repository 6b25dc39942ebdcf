package dev.ferry.scheduler.prune;

import dev.ferry.retention.Context;
import dev.ferry.retention.Decision;
import dev.ferry.retention.Policy;
import dev.ferry.retention.Reason;
import dev.ferry.retention.Retention;
import dev.ferry.retention.Snapshot;
import dev.ferry.scheduler.source.SourceSnapshot;
import dev.ferry.scheduler.target.Backup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides what pruning deletes, on the source and on a target. Pure: the retention module does
 * the deciding; this adds the pins that keep incremental backups possible and restorable.
 */
public final class Pruner {
    private Pruner() {
    }

    /**
     * The source's snapshots under {@code policy}, with the newest snapshot in common with each
     * target pinned: deleting it would force the next backup to that target to be a full one.
     *
     * @param newestCommon per target (as its address text), the name of its newest common snapshot
     */
    public static List<PruneItem> source(List<SourceSnapshot> snapshots, Policy policy, Context context,
                                         Map<String, String> newestCommon) {
        Map<String, List<String>> pinnedBy = new LinkedHashMap<>();
        newestCommon.forEach((target, name) -> pinnedBy.computeIfAbsent(name, n -> new ArrayList<>()).add(target));
        Context pinned = context;
        for (Map.Entry<String, List<String>> pin : pinnedBy.entrySet()) {
            pinned = pinned.withPin(pin.getKey(), "newest in common with " + String.join(", ", pin.getValue()));
        }
        List<Snapshot> history = snapshots.stream().map(SourceSnapshot::toRetention).toList();
        return Retention.evaluate(history, policy, pinned).stream().map(Pruner::toItem).toList();
    }

    /**
     * A target's backups under {@code policy}. Pinned: the backup of the newest snapshot in common
     * with the source (the next incremental's parent) and, transitively, every backup a kept one
     * {@linkplain Backup#dependsOn() depends on}. Incomplete backups are never deleted by policy:
     * they are listed as kept so that a person can look at them.
     */
    public static List<PruneItem> target(List<Backup> backups, Policy policy, Context context,
                                         Optional<UUID> newestCommon) {
        List<Backup> complete = backups.stream().filter(Backup::complete).toList();
        Context pinned = context;
        for (Backup b : complete) {
            if (newestCommon.equals(Optional.of(b.sourceUuid()))) {
                pinned = pinned.withPin(b.name(), "newest in common with the source");
            }
        }
        List<Snapshot> history = complete.stream().map(b -> new Snapshot(b.name(), b.time())).toList();
        List<Decision> decisions = Retention.evaluate(history, policy, pinned);
        // Pins only add keeps, so repeating until no new dependency turns up ends.
        while (true) {
            Context withDependencies = pinDependencies(decisions, complete, pinned);
            if (withDependencies.pins().size() == pinned.pins().size()) {
                break;
            }
            pinned = withDependencies;
            decisions = Retention.evaluate(history, policy, pinned);
        }
        List<PruneItem> items = new ArrayList<>(decisions.stream().map(Pruner::toItem).toList());
        backups.stream().filter(b -> !b.complete())
                .forEach(b -> items.add(new PruneItem(b.name(), b.time(), List.of("incomplete (left for inspection)"))));
        return List.copyOf(items);
    }

    private static Context pinDependencies(List<Decision> decisions, List<Backup> complete, Context context) {
        Map<UUID, Backup> bySource = new HashMap<>();
        complete.forEach(b -> bySource.putIfAbsent(b.sourceUuid(), b));
        Map<String, Backup> byName = new HashMap<>();
        complete.forEach(b -> byName.put(b.name(), b));
        Context pinned = context;
        for (Decision d : decisions) {
            if (!d.keep()) {
                continue;
            }
            Optional<UUID> needs = byName.get(d.snapshot().name()).dependsOn();
            if (needs.isPresent() && bySource.containsKey(needs.get())) {
                String base = bySource.get(needs.get()).name();
                if (!pinned.pins().containsKey(base)) {
                    pinned = pinned.withPin(base, "needed by " + d.snapshot().name());
                }
            }
        }
        return pinned;
    }

    private static PruneItem toItem(Decision d) {
        return new PruneItem(d.snapshot().name(), d.snapshot().time(), d.reasons().stream().map(Reason::toString).toList());
    }
}
