package dev.ferry.scheduler.backup;

import dev.ferry.scheduler.transfer.TransferControls;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a run behaves, beyond what to back up.
 *
 * @param clock      when "now" is: snapshot names and minimum ages (a fixed clock in tests)
 * @param zone       where retention counts hours, days, weeks, months and years
 * @param weekStart  the first day of a retention week
 * @param dryRun     decide and report everything, change nothing (no snapshot, send, delete or lock file)
 * @param prune      whether a backup prunes after sending
 * @param lockWait   how long to wait for another run's lock on a volume
 * @param notices    lines the user must see even in cron (a full send seeding a target)
 * @param log        what happens, step by step ({@code -v}); silent otherwise
 * @param progress   bytes as they are sent
 * @param transfer   rate limit, buffer and zstd level of every stream
 */
public record RunOptions(Clock clock, ZoneId zone, DayOfWeek weekStart, boolean dryRun, boolean prune,
                         Duration lockWait, Consumer<String> notices, Consumer<String> log,
                         TransferListener progress, TransferControls transfer) {
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(1);

    public RunOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(weekStart, "weekStart");
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(notices, "notices");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(transfer, "transfer");
    }

    /** The system clock and zone, Monday weeks, pruning on, a minute's lock wait, silent. */
    public static RunOptions defaults() {
        return new RunOptions(Clock.systemDefaultZone(), ZoneId.systemDefault(), DayOfWeek.MONDAY, false, true,
                DEFAULT_LOCK_WAIT, line -> { }, line -> { }, TransferListener.NONE, TransferControls.defaults());
    }

    public RunOptions withClock(Clock c) {
        return new RunOptions(c, zone, weekStart, dryRun, prune, lockWait, notices, log, progress, transfer);
    }

    public RunOptions withCalendar(ZoneId z, DayOfWeek start) {
        return new RunOptions(clock, z, start, dryRun, prune, lockWait, notices, log, progress, transfer);
    }

    public RunOptions withDryRun(boolean dry) {
        return new RunOptions(clock, zone, weekStart, dry, prune, lockWait, notices, log, progress, transfer);
    }

    public RunOptions withPrune(boolean p) {
        return new RunOptions(clock, zone, weekStart, dryRun, p, lockWait, notices, log, progress, transfer);
    }

    public RunOptions withLockWait(Duration wait) {
        return new RunOptions(clock, zone, weekStart, dryRun, prune, wait, notices, log, progress, transfer);
    }

    public RunOptions withTransfer(TransferControls t) {
        return new RunOptions(clock, zone, weekStart, dryRun, prune, lockWait, notices, log, progress, t);
    }

    public RunOptions withOutput(Consumer<String> n, Consumer<String> l, TransferListener p) {
        return new RunOptions(clock, zone, weekStart, dryRun, prune, lockWait, n, l, p, transfer);
    }
}
