package dev.ferry.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A deliberately naive second implementation of the policy semantics, the oracle of the property
 * tests: periods are keys made of formatted text, snapshots are scanned newest first.
 */
final class Model {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd HH");

    private Model() {
    }

    /** Snapshot name to reason tags, oldest first, as {@code RetentionPropertiesTest.tag} spells them. */
    static Map<String, List<String>> tags(List<Snapshot> history, Policy policy, Context context) {
        List<Snapshot> oldestFirst = new ArrayList<>(history);
        oldestFirst.sort((a, b) -> a.time().equals(b.time())
                ? naturalKey(a.name()).compareTo(naturalKey(b.name())) : a.time().compareTo(b.time()));
        Map<String, List<String>> tags = new LinkedHashMap<>();
        oldestFirst.forEach(s -> tags.put(s.name(), new ArrayList<>()));
        if (oldestFirst.isEmpty()) {
            return tags;
        }
        Snapshot newest = oldestFirst.get(oldestFirst.size() - 1);
        Minimum minimum = policy.minimum();
        for (Snapshot s : oldestFirst) {
            if (minimum instanceof Minimum.All) {
                tags.get(s.name()).add("all");
            }
            if (minimum instanceof Minimum.Age age && isYounger(s.time(), age, context)) {
                tags.get(s.name()).add("min");
            }
        }
        if (!(minimum instanceof Minimum.None) && !(minimum instanceof Minimum.All)) {
            tags.get(newest.name()).add("newest");
        }
        for (int rank = 1; rank <= policy.latest() && rank <= oldestFirst.size(); rank++) {
            tags.get(oldestFirst.get(oldestFirst.size() - rank).name()).add("latest#" + rank);
        }
        for (PeriodRule rule : policy.periods()) {
            Function<Instant, String> key = keyOf(rule.cadence(), context);
            // Newest first: a period's first snapshot is the last one seen with its key.
            Map<String, Snapshot> firstByKey = new LinkedHashMap<>();
            for (int i = oldestFirst.size() - 1; i >= 0; i--) {
                Snapshot s = oldestFirst.get(i);
                String k = key.apply(s.time());
                firstByKey.remove(k);
                firstByKey.put(k, s);
            }
            List<Snapshot> firsts = new ArrayList<>(firstByKey.values());
            firsts.sort((a, b) -> b.time().compareTo(a.time()));
            for (int rank = 1; rank <= firsts.size() && (rule.isUnlimited() || rank <= rule.count()); rank++) {
                tags.get(firsts.get(rank - 1).name()).add(rule.cadence().unit() + "#" + rank);
            }
        }
        for (Snapshot s : oldestFirst) {
            if (context.pins().containsKey(s.name())) {
                tags.get(s.name()).add("pinned");
            }
        }
        return tags;
    }

    private static boolean isYounger(Instant time, Minimum.Age age, Context context) {
        ZonedDateTime now = context.now().atZone(context.zone());
        ZonedDateTime cutoff = switch (age.unit()) {
            case HOURLY -> now.minusHours(age.amount());
            case DAILY -> now.minusDays(age.amount());
            case WEEKLY -> now.minusDays(7L * age.amount());
            case MONTHLY -> now.minusMonths(age.amount());
            case YEARLY -> now.minusMonths(12L * age.amount());
        };
        return time.isAfter(cutoff.toInstant());
    }

    /** The text that names the period containing an instant. */
    private static Function<Instant, String> keyOf(Cadence cadence, Context context) {
        return time -> {
            ZonedDateTime local = time.atZone(context.zone());
            LocalDate date = local.toLocalDate();
            return switch (cadence) {
                case HOURLY -> HOUR.format(local) + " " + hourOffset(local);
                case DAILY -> date.toString();
                case WEEKLY -> date.minusDays(Math.floorMod(
                        date.getDayOfWeek().getValue() - context.firstDayOfWeek().getValue(), 7)).toString();
                case MONTHLY -> date.toString().substring(0, 7);
                case YEARLY -> Integer.toString(date.getYear());
            };
        };
    }

    /**
     * The offset in force at the start of the local hour, and when the hour is repeated, the offset
     * of this occurrence; in the zones that go back by half an hour, the repeated half joins the
     * hour that began before the change.
     */
    private static ZoneOffset hourOffset(ZonedDateTime local) {
        LocalDateTime hourStart = local.toLocalDateTime().withMinute(0).withSecond(0).withNano(0);
        List<ZoneOffset> valid = local.getZone().getRules().getValidOffsets(hourStart);
        if (valid.contains(local.getOffset())) {
            return local.getOffset();
        }
        return valid.isEmpty() ? local.getZone().getRules().getOffset(hourStart) : valid.get(0);
    }

    /** Names compared with digit runs as zero-padded numbers. */
    private static String naturalKey(String name) {
        StringBuilder key = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+|\\D+").matcher(name);
        while (m.find()) {
            String part = m.group();
            key.append(Character.isDigit(part.charAt(0)) ? String.format("%20s", part).replace(' ', '0') : part);
        }
        return key.toString();
    }
}
