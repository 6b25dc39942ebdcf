package dev.ferry.scheduler.transfer;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size or rate as people write it: {@code 512K}, {@code 20M}, {@code 1G}, {@code 4096}. The
 * suffixes are binary (K = 1024), as in pv, rsync and btrbk; an optional {@code B} or {@code iB}
 * after them is accepted.
 */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)([KMGT]?)(I?B)?");

    private ByteSize() {
    }

    /**
     * The number of bytes {@code text} says.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches() || m.group(3) != null && m.group(3).equals("IB") && m.group(2).isEmpty()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (expected a number with an optional "
                    + "K, M, G or T suffix, e.g. 20M)");
        }
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        try {
            long value = Long.parseLong(m.group(1));
            if (value > Long.MAX_VALUE >> shift) {
                throw new IllegalArgumentException("size too large: '" + text + "'");
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size too large: '" + text + "'", e);
        }
    }
}
