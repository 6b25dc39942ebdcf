package dev.ferry.retention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A retention policy: which snapshots to keep. Immutable; {@link #toString()} is the canonical
 * text, and {@code Policy.parse(p.toString()).equals(p)} for every policy.
 *
 * <p>The grammar and semantics are described in {@code package-info.java}; in short:
 * {@code min 2d, latest 3, 24h 14d 8w 12m *y}.
 *
 * @param minimum what is kept regardless of the periodic rules ({@code min ...})
 * @param latest how many of the newest snapshots to keep regardless of age ({@code latest N}), 0 for none
 * @param periods at most one rule per cadence, ordered hourly to yearly
 */
public record Policy(Minimum minimum, int latest, List<PeriodRule> periods) {
    /** Keep everything: the empty policy, {@code all} and {@code min all}. */
    public static final Policy KEEP_ALL = new Policy(Minimum.ALL, 0, List.of());

    public Policy {
        Objects.requireNonNull(minimum, "minimum");
        if (latest < 0) {
            throw new IllegalArgumentException("latest must not be negative: " + latest);
        }
        periods = canonicalPeriods(periods);
    }

    private static List<PeriodRule> canonicalPeriods(List<PeriodRule> periods) {
        Set<Cadence> seen = EnumSet.noneOf(Cadence.class);
        for (PeriodRule rule : periods) {
            if (!seen.add(rule.cadence())) {
                throw new IllegalArgumentException("more than one " + rule.cadence().adjective() + " rule: " + periods);
            }
        }
        List<PeriodRule> sorted = new ArrayList<>(periods);
        sorted.sort(Comparator.comparing(PeriodRule::cadence));
        return List.copyOf(sorted);
    }

    /**
     * Parses the policy grammar.
     *
     * @throws PolicySyntaxException naming the offending token and its column
     */
    public static Policy parse(String text) {
        return new PolicyParser(text).parse();
    }

    public boolean keepsEverything() {
        return minimum instanceof Minimum.All;
    }

    /**
     * The canonical text: clauses in the order {@code min}, {@code latest}, periods (hourly
     * first), separated by {@code ", "}; the default {@code min latest} is left out unless it is
     * all there is; the keep-everything policy is {@code all}.
     */
    @Override
    public String toString() {
        if (equals(KEEP_ALL)) {
            return "all";
        }
        List<String> clauses = new ArrayList<>();
        if (!(minimum instanceof Minimum.Latest)) {
            clauses.add("min " + minimum);
        }
        if (latest > 0) {
            clauses.add("latest " + latest);
        }
        if (!periods.isEmpty()) {
            clauses.add(String.join(" ", periods.stream().map(PeriodRule::toString).toList()));
        }
        return clauses.isEmpty() ? "min latest" : String.join(", ", clauses);
    }
}
