package dev.ferry.scheduler.target;

import java.util.List;

/**
 * A place that holds backups of snapshots: the closed set of kinds a {@link TargetAddress} names.
 * Every operation is about one {@link Series} (a volume and its naming scheme), so one target
 * directory can serve several volumes.
 *
 * <p>The backup job needs only these three operations, so a remote target implements each by
 * running {@code ferry} on the other side ({@code ferry receive DEST} reading the stream on
 * standard input, a listing and a deletion printing JSON), and a stream-file target by files and
 * their recorded identities.
 */
public sealed interface Target extends AutoCloseable permits LocalBtrfsTarget, SshTarget, StreamFileTarget {

    /** Opens the target {@code address} names. Nothing is contacted or created until first used. */
    static Target open(TargetAddress address) {
        if (address instanceof TargetAddress.LocalBtrfs local) {
            return new LocalBtrfsTarget(local);
        }
        if (address instanceof TargetAddress.Ssh ssh) {
            return new SshTarget(ssh);
        }
        if (address instanceof TargetAddress.StreamFiles files) {
            return new StreamFileTarget(files);
        }
        throw new AssertionError("unknown target kind: " + address);
    }

    TargetAddress address();

    /**
     * The backups of {@code series} held here, complete or not, in no particular order. A target
     * directory that does not exist yet holds none; a target that cannot be reached is an error.
     */
    List<Backup> list(Series series) throws TargetException;

    /**
     * Starts receiving the stream described by {@code stream}. The backup gets the stream's name;
     * the target directory is created if missing.
     */
    Incoming receive(Series series, StreamDescription stream) throws TargetException;

    /**
     * Deletes {@code backup}, or refuses when another backup still needs it (stream files).
     * The caller avoids refusals by also keeping what its kept backups {@linkplain Backup#dependsOn()
     * depend on}; the refusal is the target's own guard.
     */
    Deletion delete(Series series, Backup backup) throws TargetException;

    /** Releases connections; the default holds none. */
    @Override
    default void close() throws TargetException {
    }
}
