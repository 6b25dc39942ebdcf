package dev.ferry.archive;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.Filesystem;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.receive.ReceiveException;
import dev.ferry.receive.ReceiveListener;
import dev.ferry.receive.ReceiveOptions;
import dev.ferry.receive.ReceivedSubvolume;
import dev.ferry.receive.Receiver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replays a {@link Chain} through the receiver: the full stream, then each incremental one.
 *
 * <p>Onto btrfs, every stream becomes a received subvolume in the destination directory, exactly
 * as {@code btrfs receive} would make it (read-only, with received_uuid), so the restored snapshot
 * can be the parent of later incremental sends. The intermediate subvolumes are needed only while
 * the chain is replayed (as parents, and as clone sources for later streams): they are deleted
 * at the end unless kept. Into a directory, the streams are applied one after the other to the
 * same mirror.
 *
 * <p>The chain is verified first (sha256s and a full parse), so a damaged file stops the restore
 * before anything is written, rather than half-way.
 */
public final class ChainRestore {
    private ChainRestore() {
    }

    /** Where a restore goes and how. */
    public enum Into {
        /** Received subvolumes in a directory on btrfs. */
        BTRFS,
        /** A plain directory that mirrors the snapshot, on any file system. */
        DIRECTORY
    }

    /**
     * What to restore and where.
     *
     * @param keepIntermediate on btrfs, keep the subvolumes of the chain before its tip
     * @param verifyFirst      check the chain's files before writing anything
     */
    public record Request(Chain chain, Path destination, Into into, boolean keepIntermediate, boolean verifyFirst,
                          ReceiveListener listener) {
        public Request {
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(into, "into");
            Objects.requireNonNull(listener, "listener");
        }
    }

    /** Restores {@code request.chain()}; returns where the chain's tip now is. */
    public static Path restore(StreamArchive archive, Request request) throws IOException {
        if (request.verifyFirst()) {
            List<VerifyProblem> problems = ArchiveVerifier.verify(archive, request.chain());
            if (!problems.isEmpty()) {
                throw new ArchiveException("not restoring " + request.chain().tip().snapshot() + ": " + problems.get(0)
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s))" : ""));
            }
        }
        return request.into() == Into.BTRFS ? intoBtrfs(archive, request) : intoDirectory(archive, request);
    }

    private static Path intoBtrfs(StreamArchive archive, Request request) throws IOException {
        requireBtrfsDirectory(request.destination());
        ReceiveOptions options = ReceiveOptions.defaults().withListener(request.listener());
        List<Path> received = new ArrayList<>();
        try {
            for (ArchiveEntry entry : request.chain().entries()) {
                received.add(receive(archive, entry, request.destination(), options));
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(received); // a half-restored chain is no use to anyone
            throw e;
        }
        if (!request.keepIntermediate()) {
            deleteQuietly(received.subList(0, received.size() - 1));
        }
        return received.get(received.size() - 1);
    }

    private static Path intoDirectory(StreamArchive archive, Request request) throws IOException {
        ReceiveOptions options = ReceiveOptions.defaults().withTargetKind(ReceiveOptions.TargetKind.DIRECTORY)
                .withListener(request.listener());
        for (ArchiveEntry entry : request.chain().entries()) {
            receive(archive, entry, request.destination(), options);
        }
        return request.destination();
    }

    private static Path receive(StreamArchive archive, ArchiveEntry entry, Path destination, ReceiveOptions options)
            throws IOException {
        Path file = archive.directory().resolve(entry.streamFile());
        try (InputStream in = Files.newInputStream(file)) {
            List<ReceivedSubvolume> subvolumes = Receiver.receive(in, destination, options).subvolumes();
            if (subvolumes.size() != 1) {
                throw new ArchiveException(file + ": holds " + subvolumes.size() + " subvolumes, a backup holds one");
            }
            return subvolumes.get(0).path();
        } catch (ReceiveException e) {
            throw new ArchiveException("restoring " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A restore "onto btrfs" into a directory that is not on btrfs would quietly become a mirror;
     * say so instead.
     */
    private static void requireBtrfsDirectory(Path destination) throws IOException {
        if (!Files.isDirectory(destination)) {
            throw new ArchiveException(destination + ": no such directory");
        }
        try (Fd fd = Fd.openDirectory(destination)) {
            if (!Filesystem.isBtrfs(fd)) {
                throw new ArchiveException(destination + " is not on btrfs (restore into a plain directory with --dir)");
            }
        }
    }

    private static void deleteQuietly(List<Path> subvolumes) {
        for (Path subvolume : subvolumes) {
            try {
                Subvolumes.delete(subvolume);
            } catch (IOException e) {
                // left for the user: it is a complete, correctly received snapshot, only not needed
            }
        }
    }
}
