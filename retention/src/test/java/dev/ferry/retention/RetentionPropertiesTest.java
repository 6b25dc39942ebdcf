package dev.ferry.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Invariants of {@link Retention#evaluate} over thousands of generated histories: irregular gaps,
 * bursts, equal instants, DST changes in several zones, any first day of the week, a fixed clock.
 */
class RetentionPropertiesTest {
    private static final int CASES = 1000;

    /** One generated evaluation. */
    private record Case(List<Snapshot> history, Policy policy, Context context) {
        static Case generate(Random random) {
            List<Snapshot> history = Generators.history(random, 80);
            Instant now = random.nextInt(10) == 0 && !history.isEmpty()
                    ? history.get(random.nextInt(history.size())).time() // some snapshots in the future
                    : Generators.after(random, history);
            Context context = Context.of(Clock.fixed(now, Generators.zone(random)))
                    .withFirstDayOfWeek(Generators.firstDayOfWeek(random));
            for (Snapshot snapshot : history) {
                if (random.nextInt(40) == 0) {
                    context = context.withPin(snapshot.name(), "common with target t" + random.nextInt(3));
                }
            }
            return new Case(history, Generators.policy(random), context);
        }

        List<Decision> evaluate() {
            return Retention.evaluate(history, policy, context);
        }

        @Override
        public String toString() {
            return "policy '" + policy + "', " + context + ", " + history.size() + " snapshots";
        }
    }

    @Test
    void matchesAnIndependentModel() {
        Cases.forEach(CASES, random -> {
            Case c = Case.generate(random);
            Map<String, List<String>> actual = new LinkedHashMap<>();
            c.evaluate().forEach(d -> actual.put(d.snapshot().name(), d.reasons().stream().map(RetentionPropertiesTest::tag).toList()));
            assertEquals(Model.tags(c.history(), c.policy(), c.context()), actual, c.toString());
        });
    }

    @Test
    void keepsEverythingYoungerThanTheMinimumAndEveryPin() {
        Cases.forEach(CASES, random -> {
            Case c = Case.generate(random);
            for (Decision d : c.evaluate()) {
                if (c.policy().minimum() instanceof Minimum.Age age && d.snapshot().time().isAfter(age.cutoff(c.context()))) {
                    assertTrue(d.keep(), "younger than " + age + ": " + d + " in " + c);
                }
                if (c.context().pins().containsKey(d.snapshot().name())) {
                    assertTrue(d.keep(), "pinned: " + d + " in " + c);
                }
            }
        });
    }

    @Test
    void keepsTheNewestUnlessTheMinimumIsNone() {
        Cases.forEach(CASES, random -> {
            Case c = Case.generate(random);
            List<Decision> decisions = c.evaluate();
            if (!decisions.isEmpty() && c.policy().minimum().keepsNewest()) {
                assertTrue(decisions.get(decisions.size() - 1).keep(), c.toString());
            }
        });
    }

    @Test
    void neverKeepsMoreThanARuleAllows() {
        Cases.forEach(CASES, random -> {
            Case c = Case.generate(random);
            List<Reason> reasons = c.evaluate().stream().flatMap(d -> d.reasons().stream()).toList();
            for (PeriodRule rule : c.policy().periods()) {
                long kept = reasons.stream()
                        .filter(r -> r instanceof Reason.FirstOfPeriod p && p.cadence() == rule.cadence()).count();
                assertTrue(kept <= rule.count(), rule + " kept " + kept + " in " + c);
            }
            long latest = reasons.stream().filter(r -> r instanceof Reason.Latest).count();
            assertTrue(latest <= c.policy().latest(), c.toString());
        });
    }

    @Test
    void evaluatingTheKeptSnapshotsAgainDeletesNothingAndChangesNoReason() {
        Cases.forEach(CASES, random -> {
            Case c = Case.generate(random);
            List<Decision> kept = c.evaluate().stream().filter(Decision::keep).toList();
            List<Snapshot> survivors = kept.stream().map(Decision::snapshot).toList();
            assertEquals(kept, Retention.evaluate(survivors, c.policy(), c.context()), c.toString());
        });
    }

    @Test
    void doesNotDependOnInputOrder() {
        Cases.forEach(CASES, random -> {
            Case c = Case.generate(random);
            List<Snapshot> shuffled = new ArrayList<>(c.history());
            Collections.shuffle(shuffled, random);
            assertEquals(c.evaluate(), Retention.evaluate(shuffled, c.policy(), c.context()), c.toString());
        });
    }

    /**
     * Pruning at t1 and again at t2 (with new snapshots taken in between) decides exactly as
     * pruning once at t2: what t1 deleted is never what t2 would keep, so no period ends up
     * represented by a later snapshot because its first was deleted earlier.
     */
    @Test
    void pruningEarlyOrLateDecidesTheSame() {
        Cases.forEach(CASES, random -> {
            Case c = Case.generate(random);
            Context atT1 = c.context().withNow(Generators.after(random, c.history()));
            List<Snapshot> taken = new ArrayList<>();
            Instant t = atT1.now();
            for (int i = random.nextInt(20); i > 0; i--) {
                t = t.plusSeconds(random.nextInt(random.nextBoolean() ? 4000 : 200_000));
                taken.add(new Snapshot("n" + i, t));
            }
            Clock clock = Clock.offset(Clock.fixed(t, atT1.zone()), java.time.Duration.ofSeconds(random.nextInt(90_000)));
            Context atT2 = atT1.withNow(clock.instant());

            List<Snapshot> prunedAtT1 = Retention.evaluate(c.history(), c.policy(), atT1).stream()
                    .filter(Decision::keep).map(Decision::snapshot).collect(Collectors.toCollection(ArrayList::new));
            prunedAtT1.addAll(taken);
            List<Snapshot> everything = new ArrayList<>(c.history());
            everything.addAll(taken);

            Map<String, Decision> once = byName(Retention.evaluate(everything, c.policy(), atT2));
            Map<String, Decision> twice = byName(Retention.evaluate(prunedAtT1, c.policy(), atT2));
            for (Snapshot snapshot : everything) {
                Decision expected = once.get(snapshot.name());
                Decision actual = twice.getOrDefault(snapshot.name(), new Decision(snapshot, List.of()));
                assertEquals(expected, actual, "t1 " + atT1.now() + ", t2 " + atT2.now() + ", " + c);
            }
        });
    }

    /** What is kept later was kept earlier too: advancing the clock only ever deletes more. */
    @Test
    void advancingTheClockNeverResurrects() {
        Cases.forEach(CASES, random -> {
            Case c = Case.generate(random);
            Context earlier = c.context().withNow(Generators.after(random, c.history()));
            Context later = earlier.withNow(earlier.now().plusSeconds(random.nextInt(90 * 86400)));
            Set<String> keptEarlier = keptNames(Retention.evaluate(c.history(), c.policy(), earlier));
            Set<String> keptLater = keptNames(Retention.evaluate(c.history(), c.policy(), later));
            assertTrue(keptEarlier.containsAll(keptLater), "resurrected " + keptLater + " vs " + keptEarlier + " in " + c);
        });
    }

    private static Set<String> keptNames(List<Decision> decisions) {
        return decisions.stream().filter(Decision::keep).map(d -> d.snapshot().name()).collect(Collectors.toSet());
    }

    private static Map<String, Decision> byName(List<Decision> decisions) {
        return decisions.stream().collect(Collectors.toMap(d -> d.snapshot().name(), d -> d));
    }

    /** A reason reduced to what the model can say about it independently. */
    private static String tag(Reason reason) {
        if (reason instanceof Reason.Latest latest) {
            return "latest#" + latest.rank();
        } else if (reason instanceof Reason.FirstOfPeriod first) {
            return first.cadence().unit() + "#" + first.rank();
        } else if (reason instanceof Reason.YoungerThanMinimum) {
            return "min";
        } else if (reason instanceof Reason.KeepAll) {
            return "all";
        } else if (reason instanceof Reason.Newest) {
            return "newest";
        }
        return "pinned";
    }
}
