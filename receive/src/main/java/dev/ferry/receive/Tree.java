package dev.ferry.receive;

import dev.ferry.btrfs.Fd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * One subvolume being received: the directory the stream's paths are relative to, where its clone
 * sources are, and how it is sealed or given up.
 */
interface Tree {

    /** The root directory every stream path is resolved beneath. */
    Fd root();

    SubvolumeStart start();

    /** Where the tree ends up once complete. */
    Path finalPath();

    /** The root of the subvolume a CLONE with {@code uuid} copies from. */
    CloneSource cloneSource(UUID uuid) throws IOException;

    /** Whether ENCODED_WRITE may be tried with the btrfs ioctl (else it is decompressed). */
    boolean acceptsEncodedWrites();

    /**
     * An anonymous file on the tree's file system for bytes the receive must keep aside while it
     * runs (a mirror's parent bytes that a later CLONE may still read). Owned by the caller.
     */
    Fd scratchFile() throws IOException;

    /** Seals the tree: everything is written; it becomes the complete, final thing. */
    void complete() throws IOException;

    /** Gives the tree up after a failure, leaving nothing that looks complete. Best effort; never throws. */
    void abandon();

    /**
     * Where this receive records how far it got, for a later receive to resume from; empty when
     * it cannot be resumed (a mirror changed in place keeps the parent's bytes in memory and an
     * anonymous file). The tree owns it and removes it on {@link #complete()} and {@link #abandon()}.
     */
    Optional<ResumeLog> resumeLog();

    /**
     * Leaves the tree incomplete, under its temporary name, with its resume record, for a resumed
     * receive to continue: only descriptors are closed. Best effort; never throws.
     *
     * @return what was kept, for the user: where, and the token to resume from
     */
    String suspend();

    /**
     * A clone source's root.
     *
     * @param root          the directory CLONE_PATH is resolved beneath (owned by the tree)
     * @param changedInPlace true when the source is the parent snapshot and the tree is that same
     *                       directory being changed in place (a directory mirror): a clone may then
     *                       only read paths and files the stream has not changed yet
     */
    record CloneSource(Fd root, boolean changedInPlace) {
    }
}
