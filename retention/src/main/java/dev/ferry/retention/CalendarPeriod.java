package dev.ferry.retention;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One hour, day, week, month or year in a time zone, identified by its start.
 *
 * @param start the first instant of the period, in the zone it was counted in
 */
public record CalendarPeriod(Cadence cadence, ZonedDateTime start) {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
    private static final DateTimeFormatter HOUR_WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm xxx");

    public CalendarPeriod {
        Objects.requireNonNull(cadence, "cadence");
        Objects.requireNonNull(start, "start");
    }

    public Instant startInstant() {
        return start.toInstant();
    }

    /**
     * How a person names this period: {@code 2026-11-18 14:00}, {@code 2026-11-18},
     * {@code week of 2026-11-16}, {@code 2026-11}, {@code 2026}. An hour that occurs twice
     * (clocks going back) carries its offset: {@code 2026-11-01 01:00 -04:00}.
     */
    public String label() {
        return switch (cadence) {
            case HOURLY -> start.format(isRepeatedHour() ? HOUR_WITH_OFFSET : HOUR);
            case DAILY -> start.toLocalDate().toString();
            case WEEKLY -> "week of " + start.toLocalDate();
            case MONTHLY -> String.format("%04d-%02d", start.getYear(), start.getMonthValue());
            case YEARLY -> String.format("%04d", start.getYear());
        };
    }

    private boolean isRepeatedHour() {
        return start.getZone().getRules().getValidOffsets(start.toLocalDateTime()).size() > 1;
    }

    @Override
    public String toString() {
        return cadence.adjective() + " " + label();
    }
}
