package dev.ferry.scheduler.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.scheduler.source.SnapshotSource;
import dev.ferry.scheduler.source.SourceSnapshot;
import dev.ferry.scheduler.target.Backup;
import dev.ferry.scheduler.target.Target;
import dev.ferry.scheduler.target.TargetException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What {@code ferry list} shows of a volume: its snapshots and, per target, the backups, which
 * of them are in sync (a backup's source uuid is a snapshot's uuid), and the newest common
 * snapshot, the next incremental's parent. Read-only.
 */
public record Inventory(String volume, List<SourceSnapshot> snapshots, List<TargetInventory> targets,
                        Optional<String> error) {
    public Inventory {
        Objects.requireNonNull(volume, "volume");
        snapshots = List.copyOf(snapshots);
        targets = List.copyOf(targets);
        Objects.requireNonNull(error, "error");
    }

    /** One target's backups of the volume, or why they could not be listed. */
    public record TargetInventory(String target, List<Backup> backups, Optional<String> newestCommon,
                                  Optional<String> error) {
        public TargetInventory {
            Objects.requireNonNull(target, "target");
            backups = List.copyOf(backups);
            Objects.requireNonNull(newestCommon, "newestCommon");
            Objects.requireNonNull(error, "error");
        }

        boolean holds(UUID uuid) {
            return backups.stream().anyMatch(b -> b.complete() && b.sourceUuid().equals(uuid));
        }
    }

    public static Inventory of(VolumeJob job) {
        SnapshotSource store = job.store();
        List<SourceSnapshot> snapshots;
        try {
            snapshots = store.list();
        } catch (IOException e) {
            return new Inventory(job.name(), List.of(), List.of(), Optional.of("cannot list snapshots in "
                    + job.snapshotDir() + ": " + e.getMessage()));
        }
        List<TargetInventory> targets = new ArrayList<>();
        for (VolumeJob.TargetJob t : job.targets()) {
            String label = t.address().toString();
            try (Target target = t.open()) {
                List<Backup> backups = target.list(job.series());
                Optional<String> common = ParentChoice.newestCommon(snapshots, backups).map(SourceSnapshot::name);
                targets.add(new TargetInventory(label, backups, common, Optional.empty()));
            } catch (TargetException e) {
                targets.add(new TargetInventory(label, List.of(), Optional.empty(), Optional.of(e.getMessage())));
            }
        }
        return new Inventory(job.name(), snapshots, targets, Optional.empty());
    }

    /**
     * One line per snapshot, then per target the backups with no snapshot left on the source:
     * <pre>
     * home.20261121T231500Z  3h    /mnt/usb: in sync, common parent  ssh://nas/b: missing
     * </pre>
     */
    public List<String> text(Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(volume + ":");
        error.ifPresent(e -> lines.add("  error: " + e));
        for (SourceSnapshot s : snapshots) {
            StringBuilder line = new StringBuilder("  ").append(s.name()).append("  ").append(age(s.time(), now));
            for (TargetInventory t : targets) {
                line.append("  ").append(t.target()).append(": ");
                if (t.error().isPresent()) {
                    line.append('?');
                } else {
                    line.append(t.holds(s.uuid()) ? "in sync" : "missing");
                    if (t.newestCommon().equals(Optional.of(s.name()))) {
                        line.append(", common parent");
                    }
                }
            }
            lines.add(line.toString());
        }
        Set<UUID> onSource = snapshots.stream().map(SourceSnapshot::uuid).collect(Collectors.toSet());
        for (TargetInventory t : targets) {
            t.error().ifPresent(e -> lines.add("  " + t.target() + ": error: " + e));
            for (Backup b : t.backups()) {
                if (!onSource.contains(b.sourceUuid()) || !b.complete()) {
                    lines.add("  " + t.target() + ": " + b.name() + "  " + age(b.time(), now)
                            + (b.complete() ? "  (no longer on the source)" : "  (incomplete)")
                            + (b.size().isPresent() ? "  " + b.size().getAsLong() + " bytes" : ""));
                }
            }
        }
        return lines;
    }

    public ObjectNode json(Instant now) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode v = json.createObjectNode();
        v.put("volume", volume);
        error.ifPresent(e -> v.put("error", e));
        ArrayNode snaps = v.putArray("snapshots");
        for (SourceSnapshot s : snapshots) {
            ObjectNode n = snaps.addObject();
            n.put("name", s.name());
            n.put("uuid", s.uuid().toString());
            n.put("time", s.time().toString());
            n.put("ageSeconds", Duration.between(s.time(), now).toSeconds());
            ArrayNode inSync = n.putArray("inSyncWith");
            targets.stream().filter(t -> t.holds(s.uuid())).forEach(t -> inSync.add(t.target()));
        }
        ArrayNode ts = v.putArray("targets");
        for (TargetInventory t : targets) {
            ObjectNode n = ts.addObject();
            n.put("target", t.target());
            t.error().ifPresent(e -> n.put("error", e));
            t.newestCommon().ifPresent(c -> n.put("commonParent", c));
            ArrayNode backups = n.putArray("backups");
            for (Backup b : t.backups()) {
                ObjectNode bn = backups.addObject();
                bn.put("name", b.name());
                bn.put("sourceUuid", b.sourceUuid().toString());
                bn.put("time", b.time().toString());
                bn.put("ageSeconds", Duration.between(b.time(), now).toSeconds());
                bn.put("complete", b.complete());
                b.size().ifPresent(size -> bn.put("bytes", size));
                b.dependsOn().ifPresent(d -> bn.put("dependsOn", d.toString()));
            }
        }
        return v;
    }

    /** {@code 45s}, {@code 12m}, {@code 5h}, {@code 3d}: coarse, for people. */
    static String age(Instant time, Instant now) {
        long s = Math.max(0, Duration.between(time, now).toSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 2 * 3600) {
            return s / 60 + "m";
        }
        if (s < 2 * 86400) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }
}
