package dev.ferry.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamingSchemeTest {
    private static final Instant T = Instant.parse("2026-11-21T23:15:42.5Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void formatsEachScheme() {
        assertEquals("home.20261121T231542Z", NamingScheme.ferry().format("home", T));
        assertEquals("home.20261122T0015", NamingScheme.btrbk(BERLIN).format("home", T));
        assertEquals("home.20261121T1815", NamingScheme.btrbk(NEW_YORK).format("home", T));
        assertEquals("@GMT-2026.11.21-23.15.42", NamingScheme.shadowCopy().format("ignored", T));
    }

    @Test
    void parsesEachScheme() {
        assertEquals(Optional.of(new SnapshotName("home.20261121T231542Z", "home", Instant.parse("2026-11-21T23:15:42Z"), 0)),
                NamingScheme.ferry().parse("home", "home.20261121T231542Z"));
        assertEquals(Optional.of(new SnapshotName("home.20261122T0015_3", "home", Instant.parse("2026-11-21T23:15:00Z"), 3)),
                NamingScheme.btrbk(BERLIN).parse("home", "home.20261122T0015_3"));
        assertEquals(Optional.of(new SnapshotName("@GMT-2026.11.21-23.15.42", "", Instant.parse("2026-11-21T23:15:42Z"), 0)),
                NamingScheme.shadowCopy().parse("share", "@GMT-2026.11.21-23.15.42"));
        assertEquals(new Snapshot("home.20261121T231542Z", Instant.parse("2026-11-21T23:15:42Z")),
                NamingScheme.ferry().parse("home.20261121T231542Z").orElseThrow().toSnapshot());
    }

    @Test
    void roundTripsInEverySchemeAndZone() {
        Cases.forEach(2000, random -> {
            Instant time = Instant.ofEpochSecond(random.nextLong(Instant.parse("1971-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("2099-12-31T00:00:00Z").getEpochSecond()), random.nextInt(1_000_000_000));
            String volume = Generators.pick(random, "home", "my.home", "a.b.c", "root_1", "x-2026.1", "@GMT-x");

            assertRoundTrip(NamingScheme.ferry(), volume, time, time.truncatedTo(ChronoUnit.SECONDS));
            assertRoundTrip(NamingScheme.shadowCopy(), "", time, time.truncatedTo(ChronoUnit.SECONDS));
            for (ZoneId zone : Generators.ZONES) {
                Instant minute = time.truncatedTo(ChronoUnit.MINUTES);
                Instant parsed = NamingScheme.btrbk(zone).parse(volume, NamingScheme.btrbk(zone).format(volume, time))
                        .orElseThrow().time();
                // Without an offset in the name, the repeated hour reads as its first occurrence.
                Instant firstOccurrence = minute.atZone(zone).withEarlierOffsetAtOverlap().toInstant();
                assertEquals(firstOccurrence, parsed, zone + " " + time);
            }
        });
    }

    private static void assertRoundTrip(NamingScheme scheme, String volume, Instant time, Instant expected) {
        String name = scheme.format(volume, time);
        SnapshotName parsed = scheme.parse(volume, name).orElseThrow(() -> new AssertionError(name));
        assertEquals(new SnapshotName(name, scheme instanceof NamingScheme.ShadowCopy ? "" : volume, expected, 0), parsed);
        assertEquals(parsed, scheme.parse(name).orElseThrow(), "parsed without knowing the volume");
    }

    @Test
    void ferryNamesSortByTime() {
        List<String> names = new ArrayList<>();
        for (Instant t = Instant.parse("2026-01-01T00:00:00Z"); t.isBefore(Instant.parse("2027-01-01T00:00:00Z"));
                t = t.plusSeconds(3607 * 11)) {
            names.add(NamingScheme.ferry().format("home", t));
        }
        assertEquals(names.stream().sorted().toList(), names);
    }

    @Test
    void btrbkNamesInTheRepeatedHourReadAsTheFirstOccurrence() {
        Instant edt = Instant.parse("2026-11-01T05:30:00Z"); // 01:30 EDT
        Instant est = Instant.parse("2026-11-01T06:30:00Z"); // 01:30 EST, an hour later
        NamingScheme btrbk = NamingScheme.btrbk(NEW_YORK);
        assertEquals("home.20261101T0130", btrbk.format("home", est));
        assertEquals(edt, btrbk.parse("home", "home.20261101T0130").orElseThrow().time());
        assertEquals("home.20261101T0130_1", btrbk.nextName("home", est, List.of("home.20261101T0130")));
    }

    @Test
    void aBtrbkNameInASkippedHourReadsShiftedForward() {
        assertEquals(Instant.parse("2026-03-08T07:30:00Z"),
                NamingScheme.btrbk(NEW_YORK).parse("home", "home.20260308T0230").orElseThrow().time());
    }

    @Test
    void collisionsGetTheNextSuffixAfterTheHighestInUse() {
        NamingScheme ferry = NamingScheme.ferry();
        assertEquals("home.20261121T231542Z", ferry.nextName("home", T, List.of("home.20261121T231541Z", "other.20261121T231542Z")));
        assertEquals("home.20261121T231542Z_1", ferry.nextName("home", T, List.of("home.20261121T231542Z")));
        assertEquals("home.20261121T231542Z_3", ferry.nextName("home", T,
                List.of("home.20261121T231542Z_2", "home.20261121T231542Z_01", "home.20261121T231542Z_x")));

        NamingScheme btrbk = NamingScheme.btrbk(BERLIN);
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            existing.add(btrbk.nextName("home", T.plusSeconds(i), existing));
        }
        assertEquals("home.20261122T0015", existing.get(0));
        assertEquals("home.20261122T0015_1", existing.get(1));
        assertEquals("home.20261122T0015_11", existing.get(11));
        List<Snapshot> shuffled = new ArrayList<>(existing.stream().map(n -> btrbk.parse("home", n).orElseThrow().toSnapshot()).toList());
        java.util.Collections.reverse(shuffled);
        shuffled.sort(Retention.CHRONOLOGICAL);
        assertEquals(existing, shuffled.stream().map(Snapshot::name).toList(), "suffixes order snapshots of one minute");
    }

    @Test
    void shadowCopyCollisionsMoveToTheNextFreeSecond() {
        NamingScheme samba = NamingScheme.shadowCopy();
        assertEquals("@GMT-2026.11.21-23.15.44", samba.nextName("share", T,
                List.of("@GMT-2026.11.21-23.15.42", "@GMT-2026.11.21-23.15.43")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "home.2026112", "home.20261121T231542", "home.20261121T231542z", "home.20261121t231542Z",
            "home.20261121T2315Z", "home.20261121T231542Z_", "home.20261121T231542Z_0", "home.20261121T231542Z_01",
            "home.20261121T231542Z_-1", "home.20261121T231542Z_1x", "home.20261321T231542Z", "home.20260230T231542Z",
            "home.20261121T241542Z", "home.20261121T236042Z", "home.2026-11-21T231542Z", "home.+0261121T231542Z",
            "home.20261121T231542Z.tmp", "home20261121T231542Z", "homes.20261121T231542Z", "my.home.20261121T231542Z",
            "home.20261121T231542Z ", " home.20261121T231542Z", "home..20261121T231542Z", "home.２０261121T231542Z"})
    void ferryRejectsNearMisses(String name) {
        assertEquals(Optional.empty(), NamingScheme.ferry().parse("home", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "home.20261122", "home.20261122T001", "home.20261122T00150", "home.20261122T0015Z", "home.20261122T0015_0",
            "home.20261122T0015_", "home.20261122T2415", "home.20261122T0060", "home.20261122T0015+0100",
            "home.20261122T001542", "home.20261122_0015", "home.20261122T0015_1_2", "home.backup.20261122T0015"})
    void btrbkRejectsNearMisses(String name) {
        assertEquals(Optional.empty(), NamingScheme.btrbk(BERLIN).parse("home", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "@GMT-2026.11.21-23.15", "@GMT-2026.11.21-23.15.42_1", "GMT-2026.11.21-23.15.42", "@gmt-2026.11.21-23.15.42",
            "@GMT-2026.11.21-23:15:42", "@GMT-2026.02.30-23.15.42", "@GMT-2026.11.21-23.15.60", "@GMT-26.11.21-23.15.42",
            "home.@GMT-2026.11.21-23.15.42", "@GMT-2026.11.21-23.15.42 "})
    void shadowCopyRejectsNearMisses(String name) {
        assertEquals(Optional.empty(), NamingScheme.shadowCopy().parse("share", name));
    }

    @Test
    void volumesWithDotsParseWithAndWithoutTheVolume() {
        String name = NamingScheme.ferry().format("my.home", T);
        assertEquals("my.home.20261121T231542Z", name);
        assertEquals("my.home", NamingScheme.ferry().parse(name).orElseThrow().volume());
        assertTrue(NamingScheme.ferry().parse("home", name).isEmpty(), "a snapshot of my.home is not one of home");
        assertTrue(NamingScheme.ferry().parse("my", name).isEmpty());
        assertTrue(NamingScheme.ferry().parse(".20261121T231542Z").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "nul\0"})
    void rejectsWhatCannotBeAVolume(String volume) {
        assertThrows(IllegalArgumentException.class, () -> NamingScheme.ferry().format(volume, T));
        assertThrows(IllegalArgumentException.class, () -> NamingScheme.btrbk(BERLIN).parse(volume, "x.20261122T0015"));
    }

    @Test
    void rejectsYearsItCannotWrite() {
        assertThrows(IllegalArgumentException.class,
                () -> NamingScheme.ferry().format("home", Instant.parse("+10000-01-01T00:00:00Z")));
        assertEquals("home.00010101T000000Z", NamingScheme.ferry().format("home",
                java.time.LocalDateTime.of(1, 1, 1, 0, 0).toInstant(ZoneOffset.UTC)));
    }
}
