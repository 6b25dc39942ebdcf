package dev.ferry.retention;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * The calendar periods a policy counts in, each with its one-letter unit in the policy grammar.
 *
 * <p>Periods are calendar periods in a time zone, not fixed durations: a day is a local date,
 * however many hours it has (23 or 25 on DST changes); a week starts at the start of its first
 * day; months and years are calendar months and years. An hour is a wall-clock hour <em>together
 * with its UTC offset</em>, so the hour repeated when clocks go back is two hourly periods (they
 * are two real hours, each with its own snapshots) and the hour skipped when clocks go forward is
 * no period at all (no instant has that local time). Where clocks go back by half an hour
 * (Lord Howe Island), the repeated half hour joins the hour that began before the change.
 */
public enum Cadence {
    HOURLY('h', "hourly"),
    DAILY('d', "daily"),
    WEEKLY('w', "weekly"),
    MONTHLY('m', "monthly"),
    YEARLY('y', "yearly");

    private final char unit;
    private final String adjective;

    Cadence(char unit, String adjective) {
        this.unit = unit;
        this.adjective = adjective;
    }

    /** The letter of this cadence in the policy grammar: h, d, w, m or y. */
    public char unit() {
        return unit;
    }

    /** "hourly", "daily", ...: how reasons name it. */
    public String adjective() {
        return adjective;
    }

    public static Optional<Cadence> ofUnit(char unit) {
        for (Cadence cadence : values()) {
            if (cadence.unit == unit) {
                return Optional.of(cadence);
            }
        }
        return Optional.empty();
    }

    /** The period of this cadence that contains {@code time}, counted in {@code zone}. */
    public CalendarPeriod periodOf(Instant time, ZoneId zone, DayOfWeek firstDayOfWeek) {
        ZonedDateTime local = time.atZone(zone);
        LocalDate date = local.toLocalDate();
        ZonedDateTime start = switch (this) {
            // Truncation keeps the offset in an overlap, so the repeated hour stays two periods.
            case HOURLY -> local.truncatedTo(ChronoUnit.HOURS);
            case DAILY -> date.atStartOfDay(zone);
            case WEEKLY -> date.with(TemporalAdjusters.previousOrSame(firstDayOfWeek)).atStartOfDay(zone);
            case MONTHLY -> date.withDayOfMonth(1).atStartOfDay(zone);
            case YEARLY -> date.withDayOfYear(1).atStartOfDay(zone);
        };
        return new CalendarPeriod(this, start);
    }

    /**
     * {@code moment} minus {@code amount} of this cadence on the local time line: "2d" before
     * 18:00 is 18:00 two dates earlier (47, 48 or 49 hours across a DST change), "1m" before
     * 31 March is the last day of February. Hours are exact hours.
     */
    ZonedDateTime minus(ZonedDateTime moment, long amount) {
        return switch (this) {
            case HOURLY -> moment.minusHours(amount);
            case DAILY -> moment.minusDays(amount);
            case WEEKLY -> moment.minusWeeks(amount);
            case MONTHLY -> moment.minusMonths(amount);
            case YEARLY -> moment.minusYears(amount);
        };
    }
}
