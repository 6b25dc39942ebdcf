package dev.ferry.retention;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How snapshots are named, so that their names sort by age and say when they were taken.
 *
 * <table>
 *   <caption>The three schemes</caption>
 *   <tr><th>scheme</th><th>example</th><th>time</th><th>same-stamp collisions</th></tr>
 *   <tr><td>{@link #ferry()}</td><td>{@code home.20261121T231500Z}</td><td>UTC, seconds</td>
 *       <td>{@code _1}, {@code _2}, ... appended</td></tr>
 *   <tr><td>{@link #btrbk(ZoneId)}</td><td>{@code home.20261122T0015}</td><td>local, minutes</td>
 *       <td>{@code _1}, {@code _2}, ... appended, as btrbk does</td></tr>
 *   <tr><td>{@link #shadowCopy()}</td><td>{@code @GMT-2026.11.21-23.15.00}</td><td>UTC, seconds</td>
 *       <td>the next free second (Samba accepts no suffix)</td></tr>
 * </table>
 *
 * <p>Volume names may contain dots; they must not be empty, {@code .} or {@code ..}, nor contain
 * {@code /} or NUL. Parsing is strict: a name is a snapshot of a volume in a scheme only if it is
 * exactly what the scheme would write (fixed-width fields, a valid date, no {@code _0} or
 * {@code _01}); anything else parses to empty.
 */
public sealed interface NamingScheme {

    /** ferry's default: {@code <volume>.<yyyyMMdd>T<HHmmss>Z}, UTC, basic ISO 8601. */
    static NamingScheme ferry() {
        return new Ferry();
    }

    /**
     * btrbk's default ({@code timestamp_format long}): {@code <volume>.<yyyyMMdd>T<HHmm>} in local
     * time. The name has no offset, so in the hour repeated when clocks go back it is ambiguous;
     * it is read as the first occurrence. A local time in a skipped hour (possible only if the
     * zone changed) is read shifted forward by the length of the gap.
     */
    static NamingScheme btrbk(ZoneId zone) {
        return new Btrbk(zone);
    }

    /**
     * Samba vfs_shadow_copy2's default {@code shadow:format}, {@code @GMT-%Y.%m.%d-%H.%M.%S} in UTC:
     * a share's snapshots named this way appear as Windows "Previous Versions". The name has no
     * volume part, so the {@code volume} arguments are ignored.
     */
    static NamingScheme shadowCopy() {
        return new ShadowCopy();
    }

    /** The name for a snapshot of {@code volume} taken at {@code time}, without a collision suffix. */
    String format(String volume, Instant time);

    /** {@code name} read as a snapshot of {@code volume} in this scheme, or empty if it is not one. */
    Optional<SnapshotName> parse(String volume, String name);

    /** {@code name} read as a snapshot of any volume (the part before the last dot), or empty. */
    Optional<SnapshotName> parse(String name);

    /**
     * A name for a snapshot of {@code volume} taken at {@code time} that is none of {@code existing}.
     * Suffixes continue after the highest one in use for the same stamp, so names with the same
     * stamp still sort (naturally) in the order they were made.
     */
    String nextName(String volume, Instant time, Collection<String> existing);

    record Ferry() implements NamingScheme {
        @Override
        public String format(String volume, Instant time) {
            return requireVolume(volume) + "." + Stamps.FERRY.format(time, ZoneOffset.UTC);
        }

        @Override
        public Optional<SnapshotName> parse(String volume, String name) {
            return VolumeDotStamp.parse(requireVolume(volume), name, Stamps.FERRY, ZoneOffset.UTC);
        }

        @Override
        public Optional<SnapshotName> parse(String name) {
            return VolumeDotStamp.parseAnyVolume(name, Stamps.FERRY, ZoneOffset.UTC);
        }

        @Override
        public String nextName(String volume, Instant time, Collection<String> existing) {
            return VolumeDotStamp.withFreeSuffix(format(volume, time), existing);
        }
    }

    /** @param zone the time zone btrbk ran in (its local time) */
    record Btrbk(ZoneId zone) implements NamingScheme {
        public Btrbk {
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public String format(String volume, Instant time) {
            return requireVolume(volume) + "." + Stamps.BTRBK.format(time, zone);
        }

        @Override
        public Optional<SnapshotName> parse(String volume, String name) {
            return VolumeDotStamp.parse(requireVolume(volume), name, Stamps.BTRBK, zone);
        }

        @Override
        public Optional<SnapshotName> parse(String name) {
            return VolumeDotStamp.parseAnyVolume(name, Stamps.BTRBK, zone);
        }

        @Override
        public String nextName(String volume, Instant time, Collection<String> existing) {
            return VolumeDotStamp.withFreeSuffix(format(volume, time), existing);
        }
    }

    record ShadowCopy() implements NamingScheme {
        private static final String PREFIX = "@GMT-";

        @Override
        public String format(String volume, Instant time) {
            return PREFIX + Stamps.SHADOW_COPY.format(time, ZoneOffset.UTC);
        }

        @Override
        public Optional<SnapshotName> parse(String volume, String name) {
            return parse(name);
        }

        @Override
        public Optional<SnapshotName> parse(String name) {
            if (!name.startsWith(PREFIX)) {
                return Optional.empty();
            }
            return Stamps.SHADOW_COPY.parse(name.substring(PREFIX.length()))
                    .map(local -> new SnapshotName(name, "", local.toInstant(ZoneOffset.UTC), 0));
        }

        /** Samba reads no suffix, so a taken second moves the name to the next free second. */
        @Override
        public String nextName(String volume, Instant time, Collection<String> existing) {
            Set<String> taken = Set.copyOf(existing);
            Instant candidate = time.truncatedTo(ChronoUnit.SECONDS);
            while (taken.contains(format(volume, candidate))) {
                candidate = candidate.plusSeconds(1);
            }
            return format(volume, candidate);
        }
    }

    private static String requireVolume(String volume) {
        Objects.requireNonNull(volume, "volume");
        if (volume.isEmpty() || volume.equals(".") || volume.equals("..")
                || volume.indexOf('/') >= 0 || volume.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a volume name: '" + volume + "'");
        }
        return volume;
    }
}
