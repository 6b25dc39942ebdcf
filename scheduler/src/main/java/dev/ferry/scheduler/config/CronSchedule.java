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
            String[] fields = expression.split("\\s+");
            String hint = fields.length == 5
                    ? " (Quartz cron has seconds first: six or seven fields, e.g. '" + quartz(fields) + "')"
                    : " (Quartz cron: seconds minutes hours day-of-month month day-of-week [year], one of the "
                    + "two days '?')";
            throw new IllegalArgumentException("not a cron schedule: '" + text + "': " + e.getMessage() + hint);
        }
        return new CronSchedule(expression);
    }

    /** A classic five-field cron line in Quartz's syntax: seconds 0, and '?' for the day field left open. */
    private static String quartz(String[] classic) {
        String dayOfMonth = classic[2];
        String dayOfWeek = classic[4];
        if (dayOfWeek.equals("*")) {
            dayOfWeek = "?";
        } else {
            dayOfMonth = "?";
        }
        return "0 " + classic[0] + " " + classic[1] + " " + dayOfMonth + " " + classic[3] + " " + dayOfWeek;
    }

    @Override
    public String toString() {
        return expression;
    }
}
