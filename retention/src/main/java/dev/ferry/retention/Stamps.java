package dev.ferry.retention;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The fixed-width timestamp layouts of the naming schemes, written and read by hand so that
 * reading is exactly as strict as writing: every field has its width, every separator its place.
 *
 * <p>A layout is a pattern where {@code #} is one ASCII digit and every other character is itself.
 * Fields are taken in order: year (4), month, day, hour, minute and, if present, second (2 each).
 */
enum Stamps {
    FERRY("########T######Z"),
    BTRBK("########T####"),
    SHADOW_COPY("####.##.##-##.##.##");

    private final String layout;

    Stamps(String layout) {
        this.layout = layout;
    }

    String format(Instant time, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(time, zone);
        if (local.getYear() < 0 || local.getYear() > 9999) {
            throw new IllegalArgumentException("year outside 0000-9999: " + time);
        }
        String digits = String.format("%04d%02d%02d%02d%02d%02d", local.getYear(), local.getMonthValue(),
                local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond());
        StringBuilder out = new StringBuilder(layout.length());
        int next = 0;
        for (char c : layout.toCharArray()) {
            out.append(c == '#' ? digits.charAt(next++) : c);
        }
        return out.toString();
    }

    /** The local date-time {@code text} spells in this layout, or empty if it does not fit exactly. */
    Optional<LocalDateTime> parse(String text) {
        if (text.length() != layout.length()) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder(14);
        for (int i = 0; i < layout.length(); i++) {
            char expected = layout.charAt(i);
            char actual = text.charAt(i);
            if (expected == '#' ? actual < '0' || actual > '9' : actual != expected) {
                return Optional.empty();
            }
            if (expected == '#') {
                digits.append(actual);
            }
        }
        while (digits.length() < 14) {
            digits.append('0');
        }
        try {
            return Optional.of(LocalDateTime.of(field(digits, 0, 4), field(digits, 4, 2), field(digits, 6, 2),
                    field(digits, 8, 2), field(digits, 10, 2), field(digits, 12, 2)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int field(CharSequence digits, int from, int width) {
        return Integer.parseInt(digits, from, from + width, 10);
    }
}
