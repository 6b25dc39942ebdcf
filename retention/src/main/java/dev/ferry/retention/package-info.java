/**
 * Which snapshots and backups to keep, and why; and how snapshots are named. Pure logic, no I/O.
 *
 * <ul>
 *   <li>{@link dev.ferry.retention.Policy}: a parsed retention policy, canonical {@code toString()};
 *   <li>{@link dev.ferry.retention.Retention#evaluate}: history + policy + {@link dev.ferry.retention.Context}
 *       (now, zone, first day of week, pins) to one {@link dev.ferry.retention.Decision} per snapshot,
 *       each with every {@link dev.ferry.retention.Reason} that keeps it;
 *   <li>{@link dev.ferry.retention.NamingScheme}: ferry, btrbk and Samba shadow_copy2 names.
 * </ul>
 *
 * <h2>Policy grammar</h2>
 *
 * <pre>
 * policy   = "" | "all" | clause { [","] clause }
 * clause   = "min" minimum | "latest" COUNT | period
 * minimum  = COUNT unit | "all" | "latest" | "none"
 * period   = (COUNT | "*") unit
 * unit     = "h" | "d" | "w" | "m" | "y"          hour, day, week, month, year
 * COUNT    = a decimal integer, 1 or more
 * </pre>
 *
 * <p>Each of {@code min}, {@code latest} and each unit may appear once; clauses may come in any
 * order. Example: {@code min 2d, latest 3, 24h 14d 8w 12m *y}. The policy keeps the union of:
 *
 * <ul>
 *   <li>{@code min 2d}: everything younger than 2 days, and the newest snapshot however old;
 *       {@code min latest} (the default when there is no {@code min}): the newest snapshot;
 *       {@code min all}: everything; {@code min none}: nothing, not even the newest.
 *   <li>{@code latest 3}: the 3 newest snapshots, however old.
 *   <li>{@code 14d}: the first snapshot of each of the 14 most recent days that have snapshots;
 *       {@code *d}: of every day. Likewise hours, weeks, months, years.
 *   <li>every pinned snapshot (the caller pins the newest snapshot each target has in common with
 *       the source, so the incremental chain never breaks).
 * </ul>
 *
 * <p>The empty policy and {@code all} keep everything.
 *
 * <h2>Semantics</h2>
 *
 * <p><b>N periods that have snapshots, not N periods back from now.</b> btrbk keeps the first
 * snapshot of each period among the last N calendar periods counted back from now. ferry counts
 * only periods that contain snapshots. With a regular schedule the two agree; after a gap (machine
 * off, target unplugged, a job failing for weeks) btrbk lets the history expire with nothing
 * replacing it, while ferry keeps the N most recent periods it has. ferry therefore keeps a
 * superset of what btrbk keeps, never more than N per rule, and a period rule's result does not
 * depend on {@code now} at all: pruning daily or once a month deletes the same snapshots. The
 * price: a period rule is not a deadline; {@code 14d} does not promise that nothing older than
 * 14 days remains.
 *
 * <p><b>Calendar periods in a zone.</b> Periods are counted in {@link dev.ferry.retention.Context#zone()}
 * (configurable; {@code ferry} passes the local zone). A day is a local date, 23 or 25 hours on DST
 * changes; weeks start on {@link dev.ferry.retention.Context#firstDayOfWeek()} (Monday unless
 * configured); months and years are calendar ones. An hour is a wall-clock hour with its UTC
 * offset: the hour repeated when clocks go back is two hourly periods, the skipped hour none. The
 * first snapshot of a week, month or year is simply its earliest one (btrbk instead picks weeklies
 * on a fixed weekday and monthlies among weeklies).
 *
 * <p><b>Minimum ages</b> are measured on the local time line: {@code 2d} means taken after the same
 * wall-clock time two dates ago; {@code 1m} before 31 March is the end of February; hours are exact.
 *
 * <p><b>Determinism.</b> The result does not depend on input order. Snapshots are ordered by time,
 * then by name with digit runs compared as numbers ({@code x_2} before {@code x_10}); "first" and
 * "newest" follow that order, which makes duplicate timestamps unambiguous.
 */
package dev.ferry.retention;
