package dev.ferry.scheduler.config;

import java.text.ParseException;
import java.util.Objects;
import org.quartz.CronExpression;

/**
 * A schedule in Quartz's cron syntax, checked when read: six or seven fields, seconds first
 * ({@code 0 0 * * * ?} is every hour on the hour), one of day-of-month and day-of-week a {@code ?}.
 */
public record CronSchedule(String expression) {
    public CronSchedule {
        Objects.requireNonNull(expression, "expression");
    }

    /** The expression, or why Quartz refuses it, with a hint at the most common mistake. */
    public static CronSchedule parse(String text) {
        String expression = text.strip();
        try {
            CronExpression.validateExpression(expression);
        } catch (ParseException e) {
            String hint = expression.split("\\s+").length == 5
                    ? " (Quartz cron has seconds first: six or seven fields, e.g. '0 " + expression + "'"
                    + " with one of day-of-month and day-of-week a '?')"
                    : " (Quartz cron: seconds minutes hours day-of-month month day-of-week [year])";
            throw new IllegalArgumentException("not a cron schedule: '" + text + "': " + e.getMessage() + hint);
        }
        return new CronSchedule(expression);
    }

    @Override
    public String toString() {
        return expression;
    }
}
