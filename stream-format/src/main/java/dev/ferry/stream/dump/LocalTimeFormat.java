package dev.ferry.stream.dump;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Whole seconds since the epoch in a time zone, printed as btrfs-progs prints utimes: glibc's
 * {@code strftime("%FT%T%z")} of {@code localtime_r}. That differs from ISO-8601 at the edges,
 * which is why no {@link java.time.format.DateTimeFormatter} pattern is used: the year has no
 * padding and no plus sign ({@code 999-03-04}, {@code 14645-06-30}, {@code -1-01-01}), and the
 * offset is {@code +hhmm} with any seconds of a historical offset dropped ({@code +0553} for
 * Kolkata's LMT of +05:53:28).
 */
final class LocalTimeFormat {
    private final ZoneRules rules;

    LocalTimeFormat(ZoneId zone) {
        this.rules = zone.getRules();
    }

    /**
     * Appends the time at {@code epochSecond}.
     *
     * @throws DateTimeException when the time lies beyond java.time's range (about a billion
     *         years); glibc gives up a little later, at the limit of an int year
     */
    void appendTo(LineBuffer line, long epochSecond) {
        ZoneOffset offset = rules.getOffset(Instant.ofEpochSecond(epochSecond));
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, offset);
        line.ascii(Integer.toString(t.getYear())).ascii('-');
        twoDigits(line, t.getMonthValue()).ascii('-');
        twoDigits(line, t.getDayOfMonth()).ascii('T');
        twoDigits(line, t.getHour()).ascii(':');
        twoDigits(line, t.getMinute()).ascii(':');
        twoDigits(line, t.getSecond());
        int seconds = offset.getTotalSeconds();
        int minutes = Math.abs(seconds) / 60;
        line.ascii(seconds < 0 ? '-' : '+');
        twoDigits(line, minutes / 60);
        twoDigits(line, minutes % 60);
    }

    private static LineBuffer twoDigits(LineBuffer line, int value) {
        return line.ascii((char) ('0' + value / 10)).ascii((char) ('0' + value % 10));
    }
}
