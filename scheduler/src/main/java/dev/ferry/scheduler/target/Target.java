package dev.ferry.scheduler.target;

import dev.ferry.stream.ResumeToken;
import java.util.List;
import java.util.Optional;

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

    /** Opens the target {@code address} names, with default settings. */
    static Target open(TargetAddress address) {
        return open(address, TargetSettings.defaults());
    }

    /**
     * Opens the target {@code address} names, reached and kept as {@code settings} say (each kind
     * uses its own part of them). Nothing is contacted or created until first used.
     */
    static Target open(TargetAddress address, TargetSettings settings) {
        if (address instanceof TargetAddress.LocalBtrfs local) {
            return new LocalBtrfsTarget(local);
        }
        if (address instanceof TargetAddress.Ssh ssh) {
            return SshTarget.open(ssh, settings.ssh());
        }
        if (address instanceof TargetAddress.StreamFiles files) {
            return StreamFileTarget.open(files, settings.maxChain());
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

    /**
     * Whether the next backup may be incremental to {@code parent}, a complete backup held here.
     * A stream-file target says no once the chain behind {@code parent} is as long as its
     * max-chain: the next backup then starts a new chain in full.
     */
    default boolean extendsChainOf(Series series, Backup parent) throws TargetException {
        return true;
    }

    /**
     * Whether streams for this target may clone from snapshots other than their parent. A
     * stream-file target says no: a restore replays one chain, and only parents are kept for it.
     */
    default boolean acceptsCloneSources() {
        return true;
    }

    /**
     * The token to resume an interrupted receive of {@code snapshot} from, if the target kept one
     * that can be resumed. Stream-file targets keep none: an interrupted stream file is written
     * again from the start.
     */
    default Optional<ResumeToken> resumeToken(Series series, String snapshot) throws TargetException {
        return Optional.empty();
    }

    /** Releases connections; the default holds none. */
    @Override
    default void close() throws TargetException {
    }
}
