/**
 * Where backups go: a closed set of target kinds ({@link dev.ferry.scheduler.target.Target}),
 * named by a {@link dev.ferry.scheduler.target.TargetAddress} ({@code /path}, {@code file:///path},
 * {@code ssh://[user@]host[:port]/path}), each able to list the backups of a
 * {@link dev.ferry.scheduler.target.Series}, receive a stream ({@link dev.ferry.scheduler.target.Incoming},
 * commit or abort) and delete a backup ({@link dev.ferry.scheduler.target.Deletion}).
 *
 * <p>Backups are tied to source snapshots by uuid ({@link dev.ferry.scheduler.target.Backup#sourceUuid()}),
 * never by name: the backup job picks its incremental parent as the newest source snapshot whose
 * uuid a target holds.
 */
package dev.ferry.scheduler.target;
