package dev.ferry.retention;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random policies and irregular snapshot histories for property tests. */
final class Generators {
    static final List<ZoneId> ZONES = List.of(
            ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneId.of("UTC"),
            ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Asia/Kolkata"));

    /** DST changes in Berlin and New York, both directions, to centre histories around. */
    private static final List<Instant> TRANSITIONS = List.of(
            Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-10-25T01:00:00Z"),
            Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-11-01T06:00:00Z"),
            Instant.parse("2025-10-26T01:00:00Z"), Instant.parse("2027-03-14T07:00:00Z"));

    private Generators() {
    }

    static Policy policy(Random random) {
        Minimum minimum = switch (random.nextInt(5)) {
            case 0 -> Minimum.ALL;
            case 1 -> Minimum.NONE;
            case 2 -> Minimum.LATEST;
            default -> new Minimum.Age(1 + random.nextInt(48), pick(random, Cadence.values()));
        };
        int latest = random.nextInt(3) == 0 ? 1 + random.nextInt(5) : 0;
        List<PeriodRule> periods = new ArrayList<>();
        for (Cadence cadence : Cadence.values()) {
            if (random.nextInt(3) > 0) {
                periods.add(random.nextInt(6) == 0 ? PeriodRule.unlimited(cadence)
                        : new PeriodRule(cadence, 1 + random.nextInt(random.nextBoolean() ? 4 : 40)));
            }
        }
        return new Policy(minimum, latest, periods);
    }

    static ZoneId zone(Random random) {
        return pick(random, ZONES.toArray(ZoneId[]::new));
    }

    static DayOfWeek firstDayOfWeek(Random random) {
        return random.nextInt(3) == 0 ? pick(random, DayOfWeek.values()) : DayOfWeek.MONDAY;
    }

    /**
     * Snapshots from shortly before a DST change onwards: a regular schedule with jitter, then
     * bursts (some at the very same instant), short and long gaps, in any mix.
     */
    static List<Snapshot> history(Random random, int maxSize) {
        int size = random.nextInt(maxSize + 1);
        Instant transition = pick(random, TRANSITIONS.toArray(Instant[]::new));
        Instant time = transition.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 10)));
        long step = pick(random, new Long[] {15L * 60, 3600L, 4 * 3600L, 86400L, 7 * 86400L});
        List<Snapshot> history = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            history.add(new Snapshot("s" + i, time));
            time = time.plusSeconds(gap(random, step));
        }
        return history;
    }

    private static long gap(Random random, long step) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return 0; // the same instant
        } else if (kind <= 2) {
            return random.nextInt(120); // a burst
        } else if (kind == 3) {
            return step * (2 + random.nextInt(60)); // a gap
        } else if (kind == 4) {
            return 86400L * (30 + random.nextInt(400)); // months away
        }
        return step + random.nextInt((int) Math.max(1, step / 4)) - step / 8; // on schedule, jittered
    }

    static Instant after(Random random, List<Snapshot> history) {
        Instant newest = history.stream().map(Snapshot::time).max(Instant::compareTo)
                .orElse(Instant.parse("2026-11-21T23:15:00Z"));
        return newest.plusSeconds(random.nextInt(5) == 0 ? random.nextInt(86400 * 60) : random.nextInt(7200));
    }

    @SafeVarargs
    static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
