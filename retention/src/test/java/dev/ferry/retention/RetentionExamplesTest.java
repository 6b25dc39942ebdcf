package dev.ferry.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Small histories with every decision and reason spelled out, like btrbk's documented examples. */
class RetentionExamplesTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void dailiesThenWeekliesWithMondayWeeks() {
        List<Snapshot> history = every(Duration.ofDays(1), "2026-10-01T12:00:00Z", "2026-11-21T12:00:00Z");
        Context context = Context.of(Clock.fixed(Instant.parse("2026-11-21T13:00:00Z"), UTC));

        assertKept(history, "7d 4w", context, """
                keep home.20261026T120000Z: weekly #4 (week of 2026-10-26)
                keep home.20261102T120000Z: weekly #3 (week of 2026-11-02)
                keep home.20261109T120000Z: weekly #2 (week of 2026-11-09)
                keep home.20261115T120000Z: daily #7 (2026-11-15)
                keep home.20261116T120000Z: daily #6 (2026-11-16), weekly #1 (week of 2026-11-16)
                keep home.20261117T120000Z: daily #5 (2026-11-17)
                keep home.20261118T120000Z: daily #4 (2026-11-18)
                keep home.20261119T120000Z: daily #3 (2026-11-19)
                keep home.20261120T120000Z: daily #2 (2026-11-20)
                keep home.20261121T120000Z: newest, daily #1 (2026-11-21)
                """);
    }

    @Test
    void minimumAgeLatestAndHourlies() {
        List<Snapshot> history = every(Duration.ofMinutes(20), "2026-11-21T10:00:00Z", "2026-11-21T12:40:00Z");
        Context context = Context.of(Instant.parse("2026-11-21T12:50:00Z"), UTC);

        assertDecisions(history, "min 2h, latest 2, 3h", context, """
                keep home.20261121T100000Z: hourly #3 (2026-11-21 10:00)
                delete home.20261121T102000Z
                delete home.20261121T104000Z
                keep home.20261121T110000Z: min age (younger than 2h), hourly #2 (2026-11-21 11:00)
                keep home.20261121T112000Z: min age (younger than 2h)
                keep home.20261121T114000Z: min age (younger than 2h)
                keep home.20261121T120000Z: min age (younger than 2h), hourly #1 (2026-11-21 12:00)
                keep home.20261121T122000Z: min age (younger than 2h), latest #2
                keep home.20261121T124000Z: min age (younger than 2h), newest, latest #1
                """);
    }

    @Test
    void theBriefsPolicyOnTwoYearsOfHourlySnapshots() {
        List<Snapshot> history = every(Duration.ofHours(1), "2024-11-01T00:15:00Z", "2026-11-21T23:15:00Z");
        Context context = Context.of(Instant.parse("2026-11-21T23:20:00Z"), BERLIN);

        List<Decision> decisions = Retention.evaluate(history, Policy.parse("min 2d, 24h 14d 8w 12m 5y"), context);

        assertEquals(48, count(decisions, "min age"));
        assertEquals(24, count(decisions, "hourly #"));
        assertEquals(14, count(decisions, "daily #"));
        assertEquals(8, count(decisions, "weekly #"));
        assertEquals(12, count(decisions, "monthly #"));
        assertEquals(3, count(decisions, "yearly #"), "only 2024, 2025 and 2026 have snapshots");
        assertEquals("keep home.20241101T001500Z: yearly #3 (2024)", decisions.get(0).toString());
        assertEquals("keep home.20251231T231500Z: monthly #11 (2026-01), yearly #1 (2026)",
                decisionFor(decisions, "home.20251231T231500Z"), "00:15 CET on 1 January is 23:15 UTC");
        assertEquals("keep home.20261031T231500Z: monthly #1 (2026-11)", decisionFor(decisions, "home.20261031T231500Z"));
    }

    @Test
    void aGapDoesNotMakeOlderDailiesExpire() {
        List<Snapshot> history = every(Duration.ofDays(1), "2026-10-01T12:00:00Z", "2026-10-10T12:00:00Z");
        Context context = Context.of(Instant.parse("2026-11-21T12:00:00Z"), UTC);

        assertKept(history, "min 2d, 7d", context, """
                keep home.20261004T120000Z: daily #7 (2026-10-04)
                keep home.20261005T120000Z: daily #6 (2026-10-05)
                keep home.20261006T120000Z: daily #5 (2026-10-06)
                keep home.20261007T120000Z: daily #4 (2026-10-07)
                keep home.20261008T120000Z: daily #3 (2026-10-08)
                keep home.20261009T120000Z: daily #2 (2026-10-09)
                keep home.20261010T120000Z: newest, daily #1 (2026-10-10)
                """);
    }

    @Test
    void theHourRepeatedWhenClocksGoBackIsTwoHours() {
        // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET at 01:00 UTC.
        List<Snapshot> history = snapshots("2026-10-24T23:50:00Z", "2026-10-25T00:30:00Z", "2026-10-25T00:45:00Z",
                "2026-10-25T01:30:00Z", "2026-10-25T01:40:00Z");
        Context context = Context.of(Instant.parse("2026-10-25T02:00:00Z"), BERLIN);

        assertDecisions(history, "min none, 3h", context, """
                keep home.20261024T235000Z: hourly #3 (2026-10-25 01:00)
                keep home.20261025T003000Z: hourly #2 (2026-10-25 02:00 +02:00)
                delete home.20261025T004500Z
                keep home.20261025T013000Z: hourly #1 (2026-10-25 02:00 +01:00)
                delete home.20261025T014000Z
                """);
    }

    @Test
    void theHourSkippedWhenClocksGoForwardIsNoHour() {
        // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT at 07:00 UTC.
        List<Snapshot> history = snapshots("2026-03-08T06:30:00Z", "2026-03-08T07:10:00Z");
        Context context = Context.of(Instant.parse("2026-03-08T08:00:00Z"), NEW_YORK);

        assertDecisions(history, "min none, 2h", context, """
                keep home.20260308T063000Z: hourly #2 (2026-03-08 01:00)
                keep home.20260308T071000Z: hourly #1 (2026-03-08 03:00)
                """);
    }

    @Test
    void aTwentyFiveHourDayIsOneDay() {
        // 00:30 CEST and 23:30 CET on 25 October are 24 hours apart and on the same Berlin day.
        List<Snapshot> history = snapshots("2026-10-24T22:30:00Z", "2026-10-25T22:30:00Z", "2026-10-25T23:30:00Z");
        Context context = Context.of(Instant.parse("2026-10-26T00:00:00Z"), BERLIN);

        assertDecisions(history, "min none, 2d", context, """
                keep home.20261024T223000Z: daily #2 (2026-10-25)
                delete home.20261025T223000Z
                keep home.20261025T233000Z: daily #1 (2026-10-26)
                """);
        assertDecisions(history, "min none, 2d", context.withZone(UTC), """
                keep home.20261024T223000Z: daily #2 (2026-10-24)
                keep home.20261025T223000Z: daily #1 (2026-10-25)
                delete home.20261025T233000Z
                """);
    }

    @Test
    void weeksStartOnTheConfiguredDay() {
        // 10 November 2026 is a Tuesday.
        List<Snapshot> history = every(Duration.ofDays(1), "2026-11-10T12:00:00Z", "2026-11-21T12:00:00Z");
        Context monday = Context.of(Instant.parse("2026-11-21T13:00:00Z"), UTC);

        assertKept(history, "min none, 2w", monday, """
                keep home.20261110T120000Z: weekly #2 (week of 2026-11-09)
                keep home.20261116T120000Z: weekly #1 (week of 2026-11-16)
                """);
        assertKept(history, "min none, 2w", monday.withFirstDayOfWeek(DayOfWeek.SUNDAY), """
                keep home.20261110T120000Z: weekly #2 (week of 2026-11-08)
                keep home.20261115T120000Z: weekly #1 (week of 2026-11-15)
                """);
    }

    @Test
    void pinnedSnapshotsAreKeptAndMinNoneMayDeleteTheNewest() {
        List<Snapshot> history = every(Duration.ofHours(6), "2026-11-20T00:00:00Z", "2026-11-21T18:00:00Z");
        Context context = Context.of(Instant.parse("2026-11-21T19:00:00Z"), UTC)
                .withPin("home.20261120T060000Z", "newest common snapshot with target usb");

        assertKept(history, "min none, 1d", context, """
                keep home.20261120T060000Z: pinned: newest common snapshot with target usb
                keep home.20261121T000000Z: daily #1 (2026-11-21)
                """);
        assertKept(history, "1d", context, """
                keep home.20261120T060000Z: pinned: newest common snapshot with target usb
                keep home.20261121T000000Z: daily #1 (2026-11-21)
                keep home.20261121T180000Z: newest
                """);
    }

    @Test
    void anUnlimitedCountKeepsEveryPeriod() {
        List<Snapshot> history = every(Duration.ofDays(1), "2024-01-01T12:00:00Z", "2026-11-21T12:00:00Z");
        Context context = Context.of(Instant.parse("2026-11-21T13:00:00Z"), UTC);

        List<Decision> decisions = Retention.evaluate(history, Policy.parse("7d 4w *m"), context);

        assertEquals(35, count(decisions, "monthly #"));
        assertEquals("keep home.20240101T120000Z: monthly #35 (2024-01)", decisions.get(0).toString());
    }

    @Test
    void theEmptyPolicyAndMinAllKeepEverything() {
        List<Snapshot> history = every(Duration.ofDays(100), "2020-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
        Context context = Context.of(Instant.parse("2026-11-21T13:00:00Z"), UTC);
        for (String policy : List.of("", "all", "min all")) {
            List<Decision> decisions = Retention.evaluate(history, Policy.parse(policy), context);
            assertEquals(history.size(), decisions.stream()
                    .filter(d -> d.reasons().equals(List.of(new Reason.KeepAll()))).count(), policy);
        }
    }

    @Test
    void equalInstantsAreOrderedByNameWithNumbersAsNumbers() {
        Instant t = Instant.parse("2026-11-21T23:15:00Z");
        List<Snapshot> history = new ArrayList<>(List.of(new Snapshot("home.20261122T0015_10", t),
                new Snapshot("home.20261122T0015_2", t), new Snapshot("home.20261122T0015", t),
                new Snapshot("home.20261122T0015_1", t)));
        Context context = Context.of(t, UTC);
        for (int i = 0; i < 5; i++) {
            Collections.shuffle(history);
            assertDecisions(history, "min none, latest 1, 1d", context, """
                    keep home.20261122T0015: daily #1 (2026-11-21)
                    delete home.20261122T0015_1
                    delete home.20261122T0015_2
                    keep home.20261122T0015_10: latest #1
                    """);
        }
    }

    @Test
    void duplicateNamesAreRejected() {
        Instant t = Instant.parse("2026-11-21T23:15:00Z");
        List<Snapshot> history = List.of(new Snapshot("a", t), new Snapshot("a", t.plusSeconds(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Retention.evaluate(history, Policy.KEEP_ALL, Context.of(t, UTC)));
        assertEquals("two snapshots named 'a' in one history", e.getMessage());
    }

    private static void assertDecisions(List<Snapshot> history, String policy, Context context, String expected) {
        List<Decision> decisions = Retention.evaluate(history, Policy.parse(policy), context);
        assertEquals(expected, decisions.stream().map(d -> d + "\n").collect(Collectors.joining()));
    }

    /** Like {@link #assertDecisions}, listing only the kept ones. */
    private static void assertKept(List<Snapshot> history, String policy, Context context, String expected) {
        List<Decision> decisions = Retention.evaluate(history, Policy.parse(policy), context);
        assertEquals(expected, decisions.stream().filter(Decision::keep).map(d -> d + "\n").collect(Collectors.joining()));
    }

    private static String decisionFor(List<Decision> decisions, String name) {
        return decisions.stream().filter(d -> d.snapshot().name().equals(name)).findFirst().orElseThrow().toString();
    }

    private static long count(List<Decision> decisions, String reasonPrefix) {
        return decisions.stream().flatMap(d -> d.reasons().stream())
                .filter(r -> r.toString().startsWith(reasonPrefix)).count();
    }

    private static List<Snapshot> every(Duration step, String first, String last) {
        List<Snapshot> history = new ArrayList<>();
        for (Instant t = Instant.parse(first); !t.isAfter(Instant.parse(last)); t = t.plus(step)) {
            history.add(named(t));
        }
        return history;
    }

    private static List<Snapshot> snapshots(String... times) {
        return java.util.Arrays.stream(times).map(Instant::parse).map(RetentionExamplesTest::named).toList();
    }

    private static Snapshot named(Instant time) {
        return new Snapshot(NamingScheme.ferry().format("home", time), time);
    }
}
