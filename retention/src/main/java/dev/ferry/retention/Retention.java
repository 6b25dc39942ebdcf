package dev.ferry.retention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a {@link Policy} to a history of snapshots. Pure: the result depends only on the
 * arguments, not on the order of the history, the system clock or the default time zone.
 */
public final class Retention {
    /**
     * Oldest first; equal instants (bursts, or btrbk's minute-resolution names) by name, with
     * digit runs compared as numbers so that {@code x_2} comes before {@code x_10}.
     */
    public static final Comparator<Snapshot> CHRONOLOGICAL =
            Comparator.comparing(Snapshot::time).thenComparing(Snapshot::name, NaturalOrder.INSTANCE);

    private Retention() {
    }

    /**
     * One decision per snapshot of {@code history}, oldest first (see {@link #CHRONOLOGICAL}).
     *
     * @throws IllegalArgumentException if two snapshots share a name
     */
    public static List<Decision> evaluate(List<Snapshot> history, Policy policy, Context context) {
        List<Snapshot> ordered = chronological(history);
        Map<Snapshot, List<Reason>> reasons = new LinkedHashMap<>();
        ordered.forEach(snapshot -> reasons.put(snapshot, new ArrayList<>()));

        keepByMinimum(ordered, policy.minimum(), context, reasons);
        keepLatest(ordered, policy.latest(), reasons);
        for (PeriodRule rule : policy.periods()) {
            keepFirstOfPeriods(ordered, rule, context, reasons);
        }
        keepPinned(ordered, context, reasons);

        return reasons.entrySet().stream().map(e -> new Decision(e.getKey(), e.getValue())).toList();
    }

    private static List<Snapshot> chronological(List<Snapshot> history) {
        Set<String> names = new HashSet<>();
        for (Snapshot snapshot : history) {
            if (!names.add(snapshot.name())) {
                throw new IllegalArgumentException("two snapshots named '" + snapshot.name() + "' in one history");
            }
        }
        List<Snapshot> ordered = new ArrayList<>(history);
        ordered.sort(CHRONOLOGICAL);
        return ordered;
    }

    private static void keepByMinimum(
            List<Snapshot> ordered, Minimum minimum, Context context, Map<Snapshot, List<Reason>> reasons) {
        if (minimum instanceof Minimum.All) {
            ordered.forEach(snapshot -> reasons.get(snapshot).add(new Reason.KeepAll()));
            return;
        }
        if (minimum instanceof Minimum.Age age) {
            var cutoff = age.cutoff(context);
            ordered.stream()
                    .filter(snapshot -> snapshot.time().isAfter(cutoff))
                    .forEach(snapshot -> reasons.get(snapshot).add(new Reason.YoungerThanMinimum(age)));
        }
        if (minimum.keepsNewest() && !ordered.isEmpty()) {
            reasons.get(ordered.get(ordered.size() - 1)).add(new Reason.Newest());
        }
    }

    private static void keepLatest(List<Snapshot> ordered, int latest, Map<Snapshot, List<Reason>> reasons) {
        for (int rank = 1; rank <= Math.min(latest, ordered.size()); rank++) {
            reasons.get(ordered.get(ordered.size() - rank)).add(new Reason.Latest(rank));
        }
    }

    /**
     * The first snapshot of each of the {@code count} most recent periods that have snapshots.
     * Periods without snapshots are not counted, so a gap in the history (machine off, target
     * unplugged, a failing job) never makes older snapshots expire.
     */
    private static void keepFirstOfPeriods(
            List<Snapshot> ordered, PeriodRule rule, Context context, Map<Snapshot, List<Reason>> reasons) {
        Map<CalendarPeriod, Snapshot> firsts = new LinkedHashMap<>();
        for (Snapshot snapshot : ordered) {
            CalendarPeriod period = rule.cadence().periodOf(snapshot.time(), context.zone(), context.firstDayOfWeek());
            firsts.putIfAbsent(period, snapshot);
        }
        List<CalendarPeriod> newestFirst = new ArrayList<>(firsts.keySet());
        newestFirst.sort(Comparator.comparing(CalendarPeriod::startInstant).reversed());
        for (int rank = 1; rank <= Math.min(rule.count(), newestFirst.size()); rank++) {
            CalendarPeriod period = newestFirst.get(rank - 1);
            reasons.get(firsts.get(period)).add(new Reason.FirstOfPeriod(period, rank));
        }
    }

    private static void keepPinned(List<Snapshot> ordered, Context context, Map<Snapshot, List<Reason>> reasons) {
        for (Snapshot snapshot : ordered) {
            String why = context.pins().get(snapshot.name());
            if (why != null) {
                reasons.get(snapshot).add(new Reason.Pinned(why));
            }
        }
    }
}
