package dev.ferry.scheduler.daemon;

import dev.ferry.scheduler.config.CronSchedule;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** {@code ferry daemon --check}: each job, its schedule and its next two fire times. */
public final class PlanCheck {
    private PlanCheck() {
    }

    public static List<String> describe(DaemonPlan plan, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("store: " + plan.settings().store().name().toLowerCase(Locale.ROOT)
                + plan.settings().jdbc().map(j -> " (" + j + ")").orElse("")
                + ", state-dir: " + plan.settings().stateDir() + ", overlap: "
                + plan.settings().overlap().name().toLowerCase(Locale.ROOT) + ", zone: " + plan.zone().getId());
        for (Map.Entry<JobId, CronSchedule> e : plan.jobs().entrySet()) {
            try {
                CronExpression cron = new CronExpression(e.getValue().expression());
                cron.setTimeZone(TimeZone.getTimeZone(plan.zone()));
                Date first = cron.getNextValidTimeAfter(Date.from(now));
                Date second = first == null ? null : cron.getNextValidTimeAfter(first);
                lines.add(String.format(Locale.ROOT, "%-28s %-22s next %s, %s", e.getKey(), "'" + e.getValue() + "'",
                        first == null ? "never" : first.toInstant(), second == null ? "never" : second.toInstant()));
            } catch (ParseException ex) {
                throw new IllegalStateException("checked when read: " + e.getValue(), ex);
            }
        }
        return lines;
    }
}
