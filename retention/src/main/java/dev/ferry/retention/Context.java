package dev.ferry.retention;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an evaluation depends on besides the history and the policy.
 *
 * @param now the current instant; minimum ages are measured back from it
 * @param zone where hours, days, weeks, months and years are counted
 * @param firstDayOfWeek the day weekly periods start on
 * @param pins snapshot names that are always kept, each with why (shown as {@code pinned: <why>})
 */
public record Context(Instant now, ZoneId zone, DayOfWeek firstDayOfWeek, Map<String, String> pins) {
    public Context {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(firstDayOfWeek, "firstDayOfWeek");
        pins.forEach((name, why) -> {
            Objects.requireNonNull(name, "pinned name");
            Objects.requireNonNull(why, "reason for pinning " + name);
        });
        pins = Map.copyOf(pins);
    }

    /** The clock's instant and zone, weeks starting on Monday, nothing pinned. */
    public static Context of(Clock clock) {
        return of(clock.instant(), clock.getZone());
    }

    /** Weeks starting on Monday, nothing pinned. */
    public static Context of(Instant now, ZoneId zone) {
        return new Context(now, zone, DayOfWeek.MONDAY, Map.of());
    }

    public Context withZone(ZoneId zone) {
        return new Context(now, zone, firstDayOfWeek, pins);
    }

    public Context withFirstDayOfWeek(DayOfWeek day) {
        return new Context(now, zone, day, pins);
    }

    public Context withNow(Instant now) {
        return new Context(now, zone, firstDayOfWeek, pins);
    }

    /** This context with {@code name} pinned as well; pinning a name again replaces its reason. */
    public Context withPin(String name, String why) {
        Map<String, String> more = new LinkedHashMap<>(pins);
        more.put(name, why);
        return new Context(now, zone, firstDayOfWeek, more);
    }
}
