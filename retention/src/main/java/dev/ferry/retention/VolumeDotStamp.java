package dev.ferry.retention;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Optional;

/** The {@code <volume>.<stamp>[_N]} shape shared by the ferry and btrbk schemes. */
final class VolumeDotStamp {
    private VolumeDotStamp() {
    }

    static Optional<SnapshotName> parse(String volume, String name, Stamps stamps, ZoneId zone) {
        if (!name.startsWith(volume + ".")) {
            return Optional.empty();
        }
        return parseRest(name, volume, name.substring(volume.length() + 1), stamps, zone);
    }

    /** The volume is everything before the last dot: stamps and suffixes contain none. */
    static Optional<SnapshotName> parseAnyVolume(String name, Stamps stamps, ZoneId zone) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String volume = name.substring(0, dot);
        if (volume.equals(".") || volume.equals("..") || volume.indexOf('/') >= 0 || volume.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        return parseRest(name, volume, name.substring(dot + 1), stamps, zone);
    }

    private static Optional<SnapshotName> parseRest(
            String name, String volume, String rest, Stamps stamps, ZoneId zone) {
        int underscore = rest.indexOf('_');
        String stamp = underscore < 0 ? rest : rest.substring(0, underscore);
        int sequence = underscore < 0 ? 0 : sequence(rest.substring(underscore + 1));
        if (sequence < 0) {
            return Optional.empty();
        }
        Optional<LocalDateTime> local = stamps.parse(stamp);
        // atZone picks the earlier offset in an overlap and shifts forward across a gap.
        return local.map(time -> new SnapshotName(name, volume, time.atZone(zone).toInstant(), sequence));
    }

    /** The N of a {@code _N} suffix: 1 or more, no leading zeros; -1 if it is not one. */
    private static int sequence(String digits) {
        if (digits.isEmpty() || digits.length() > 9 || digits.charAt(0) == '0'
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    /** {@code base}, or {@code base_N} with N one more than the highest suffix of {@code base} in use. */
    static String withFreeSuffix(String base, Collection<String> existing) {
        int highest = -1;
        for (String name : existing) {
            if (name.equals(base)) {
                highest = Math.max(highest, 0);
            } else if (name.startsWith(base + "_")) {
                highest = Math.max(highest, sequence(name.substring(base.length() + 1)));
            }
        }
        return highest < 0 ? base : base + "_" + (highest + 1);
    }
}
