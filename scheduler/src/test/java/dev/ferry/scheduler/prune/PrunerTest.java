package dev.ferry.scheduler.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.retention.Context;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.source.SourceSnapshot;
import dev.ferry.scheduler.target.Backup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Retention on both sides under a fixed clock, with the pins that keep incrementals possible. */
class PrunerTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final Context CONTEXT = Context.of(Clock.fixed(NOW, ZoneOffset.UTC));

    /** One snapshot a day at 06:00 for {@code days} days, the newest today. */
    private static List<SourceSnapshot> daily(int days) {
        List<SourceSnapshot> snapshots = new ArrayList<>();
        for (int back = days - 1; back >= 0; back--) {
            Instant t = Instant.parse("2026-11-21T06:00:00Z").minusSeconds(86400L * back);
            String name = "home." + t.toString().substring(0, 10);
            snapshots.add(new SourceSnapshot(name, Path.of("/s", name), UUID.nameUUIDFromBytes(name.getBytes()),
                    Optional.empty(), 0, t));
        }
        return snapshots;
    }

    private static List<String> kept(List<PruneItem> items) {
        return items.stream().filter(PruneItem::keep).map(PruneItem::name).toList();
    }

    @Test
    void theSourceKeepsWhatThePolicySaysPlusEachTargetsNewestCommonSnapshot() {
        List<SourceSnapshot> ten = daily(10);
        List<PruneItem> items = Pruner.source(ten, Policy.parse("3d"), CONTEXT,
                Map.of("/mnt/usb", "home.2026-11-13", "ssh://nas/b", "home.2026-11-13"));
        assertEquals(List.of("home.2026-11-13", "home.2026-11-19", "home.2026-11-20", "home.2026-11-21"), kept(items));
        PruneItem pinned = items.stream().filter(i -> i.name().equals("home.2026-11-13")).findFirst().orElseThrow();
        assertEquals(1, pinned.reasons().size());
        assertEquals("pinned: newest in common with /mnt/usb, ssh://nas/b", pinned.reasons().get(0).replace(
                "ssh://nas/b, /mnt/usb", "/mnt/usb, ssh://nas/b"));
    }

    @Test
    void minimumAgeIsMeasuredFromTheInjectedClock() {
        List<PruneItem> items = Pruner.source(daily(5), Policy.parse("min 2d"), CONTEXT, Map.of());
        assertEquals(List.of("home.2026-11-20", "home.2026-11-21"), kept(items));
        assertEquals("delete home.2026-11-19", items.get(2).toString());
    }

    @Test
    void aTargetKeepsTheBackupOfTheNewestCommonSnapshotEvenWhenThePolicyWouldNot() {
        List<SourceSnapshot> src = daily(4);
        List<Backup> backups = src.stream().map(s -> Backup.standalone(s.name(), s.uuid(), s.time())).toList();
        List<PruneItem> items = Pruner.target(backups, Policy.parse("min none"), CONTEXT, Optional.of(src.get(1).uuid()));
        assertEquals(List.of("home.2026-11-19"), kept(items));
        assertEquals("keep home.2026-11-19: pinned: newest in common with the source", items.get(1).toString());
    }

    @Test
    void streamFilesAKeptOneDependsOnAreKeptTransitively() {
        List<SourceSnapshot> src = daily(4);
        List<Backup> chain = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            Optional<UUID> base = i == 0 ? Optional.empty() : Optional.of(src.get(i - 1).uuid());
            chain.add(new Backup(src.get(i).name(), src.get(i).uuid(), src.get(i).time(), true, base, OptionalLong.of(10)));
        }
        List<PruneItem> items = Pruner.target(chain, Policy.parse("latest 1"), CONTEXT, Optional.empty());
        assertEquals(4, kept(items).size(), items.toString());
        assertEquals("keep home.2026-11-20: pinned: needed by home.2026-11-21", items.get(2).toString());
    }

    @Test
    void incompleteBackupsAreLeftAlone() {
        Backup partial = new Backup("home.x", UUID.randomUUID(), NOW, false, Optional.empty(), OptionalLong.empty());
        List<PruneItem> items = Pruner.target(List.of(partial), Policy.parse("min none"), CONTEXT, Optional.empty());
        assertEquals(List.of("home.x"), kept(items));
    }
}
