package dev.ferry.receive;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.Filesystem;
import dev.ferry.btrfs.NativeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import dev.ferry.stream.ResumeToken;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Where received subvolumes go: a directory on btrfs that receives subvolumes, or a plain
 * directory that mirrors one snapshot. Both turn a {@link SubvolumeStart} into a {@link Tree} to
 * fill, and both make sure that nothing looks complete until it is.
 */
sealed interface Target extends AutoCloseable permits BtrfsTarget, DirectoryTarget {

    /** The target for {@code dest}: btrfs when it is a directory on btrfs (unless a directory mirror is asked for). */
    static Target open(Path dest, ReceiveOptions options) throws IOException {
        if (options.targetKind() == ReceiveOptions.TargetKind.AUTO) {
            if (isBtrfsDirectory(dest)) {
                return BtrfsTarget.open(dest, options.listener());
            }
            Path parent = dest.toAbsolutePath().getParent();
            if (!Files.exists(dest, LinkOption.NOFOLLOW_LINKS) && parent != null && isBtrfsDirectory(parent)) {
                // Most likely a mistyped btrfs destination: do not quietly make a mirror instead.
                throw new IOException("no such directory (on btrfs, DEST must exist, as for btrfs receive; "
                        + "use --dir to make a directory mirror there)");
            }
        }
        return DirectoryTarget.open(dest, options.listener());
    }

    private static boolean isBtrfsDirectory(Path dest) throws NativeException {
        if (!Files.isDirectory(dest)) {
            return false; // a mirror directory that does not exist yet
        }
        try (Fd fd = Fd.openDirectory(dest)) {
            return Filesystem.isBtrfs(fd);
        }
    }

    /**
     * Checks, without changing anything, that {@code start} can be received: its name, that its
     * final name is free, that its parent is there. {@code earlier} lists what this same stream
     * already received (a dry run counts those as present).
     */
    void check(SubvolumeStart start, Earlier earlier) throws IOException;

    /** Checks that a CLONE from {@code uuid} could find its source; for dry runs. */
    void checkCloneSource(SubvolumeStart current, UUID uuid, Earlier earlier) throws IOException;

    /** Starts receiving {@code start}: makes the tree to fill, under a name that says it is incomplete. */
    Tree begin(SubvolumeStart start) throws IOException;

    /**
     * Continues the interrupted receive of {@code start} that recorded {@code token}: the partial
     * tree and its record must be there, trusted (same boot, resumable) and at exactly this token.
     * When they are not, the partial is given up (so that the next attempt starts afresh) and the
     * exception says why.
     */
    Resumed resume(SubvolumeStart start, ResumeToken token) throws IOException;

    /** The partial receive that {@code name} in this target would resume, if one was left. */
    Optional<PartialReceive> partial(String name) throws IOException;

    /** A tree to continue, with the record it continues from. */
    record Resumed(Tree tree, ResumeRecord record) {
    }

    /** True when the target holds a single snapshot, so a stream with several is refused. */
    boolean holdsOneSnapshot();

    @Override
    void close() throws NativeException;

    /** What an earlier part of the same stream received (only dry runs need to know). */
    interface Earlier {
        Earlier NONE = uuid -> false;

        boolean received(UUID uuid);
    }
}
