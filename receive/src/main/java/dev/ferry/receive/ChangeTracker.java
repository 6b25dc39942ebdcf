package dev.ferry.receive;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import dev.ferry.stream.ByteString;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an incremental stream has changed so far in a tree that is its parent snapshot changed in
 * place (a directory mirror), so that a CLONE from the parent still reads the parent's bytes.
 *
 * <p>The kernel names clone sources in the parent by their path in the parent, and sends them
 * after changes to lower inode numbers: a file may already have been overwritten when another file
 * clones its old bytes. So before the first change to any range of a file that came from the
 * parent, the old bytes are copied aside into an anonymous scratch file (holes stay holes), and a
 * clone from the parent reads each piece from wherever the parent's bytes now are. A clone source
 * whose path (or a directory on it) the stream already created, removed or renamed is refused: a
 * wrong clone would be silent corruption.
 */
final class ChangeTracker implements AutoCloseable {
    /** A run of a file's former bytes kept in the scratch file. */
    private record Saved(long end, long scratchOffset) {
    }

    /** How to copy one piece: clone where possible, else copy. */
    @FunctionalInterface
    interface PieceCopier {
        void copy(Fd source, long sourceOffset, long length, Fd destination, long destinationOffset) throws IOException;
    }

    private final Fd scratch;
    private long scratchEnd;
    private final Set<ByteString> changedPaths = new HashSet<>();
    private final Set<Long> newFiles = new HashSet<>();
    /** Per inode: the ranges changed by the stream (start -> Saved; scratchOffset -1 = nothing to keep, past the old end). */
    private final Map<Long, TreeMap<Long, Saved>> changed = new HashMap<>();

    ChangeTracker(Fd scratch) {
        this.scratch = scratch;
    }

    /** Closes (and so frees) the scratch file. */
    @Override
    public void close() throws NativeException {
        scratch.close();
    }

    void pathChanged(ByteString path) {
        changedPaths.add(path.retain());
    }

    /** A file the stream created: it has no former bytes to keep. */
    void fileCreated(long inode) {
        newFiles.add(inode);
        changed.remove(inode);
    }

    /**
     * Before bytes [offset, offset + length) of {@code file} change: keeps the parts that still hold
     * the parent's bytes. {@code length} may be Long.MAX_VALUE - offset: "to the end".
     */
    void beforeChange(Fd file, long inode, long offset, long length) throws IOException {
        if (newFiles.contains(inode) || length == 0) {
            return;
        }
        long end = length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + length;
        long size = Posix.fstat(file).size();
        TreeMap<Long, Saved> ranges = changed.computeIfAbsent(inode, k -> new TreeMap<>());
        long at = offset;
        while (at < end) {
            Entry<Long, Saved> covering = ranges.floorEntry(at);
            if (covering != null && covering.getValue().end() > at) {
                at = covering.getValue().end(); // already kept
                continue;
            }
            Long nextStart = ranges.higherKey(at);
            long gapEnd = Math.min(end, nextStart == null ? Long.MAX_VALUE : nextStart);
            keep(file, ranges, at, gapEnd, size);
            at = gapEnd;
        }
    }

    private void keep(Fd file, TreeMap<Long, Saved> ranges, long from, long to, long size) throws NativeException {
        long dataEnd = Math.min(to, size);
        if (from < dataEnd) {
            RangeCopy.copy(file, from, dataEnd - from, scratch, scratchEnd);
            ranges.put(from, new Saved(dataEnd, scratchEnd));
            scratchEnd += dataEnd - from;
        }
        if (Math.max(from, dataEnd) < to) {
            ranges.put(Math.max(from, dataEnd), new Saved(to, -1));
        }
    }

    /** Fails when {@code path} or a directory on it was created, removed or renamed by the stream. */
    void requireUnchangedPath(ByteString path) throws IOException {
        for (int slash = path.indexOf((byte) '/', 0); ; slash = path.indexOf((byte) '/', slash + 1)) {
            ByteString prefix = slash < 0 ? path : path.substring(0, slash);
            if (changedPaths.contains(prefix)) {
                throw new IOException("cannot clone from the parent's " + path + ": the mirror is the parent changed in place, and "
                        + prefix + " was changed earlier in this stream; receive this stream onto btrfs or re-send in full");
            }
            if (slash < 0) {
                return;
            }
        }
    }

    /** Copies the parent's bytes [offset, offset + length) of {@code source} (inode {@code inode}), piece by piece. */
    void cloneParentBytes(Fd source, long inode, long offset, long length, Fd destination, long destinationOffset,
                          PieceCopier copier) throws IOException {
        TreeMap<Long, Saved> ranges = changed.getOrDefault(inode, new TreeMap<>());
        long end = offset + length;
        long at = offset;
        while (at < end) {
            Entry<Long, Saved> covering = ranges.floorEntry(at);
            long target = destinationOffset + (at - offset);
            if (covering != null && covering.getValue().end() > at) {
                Saved saved = covering.getValue();
                long pieceEnd = Math.min(end, saved.end());
                if (saved.scratchOffset() >= 0) {
                    copier.copy(scratch, saved.scratchOffset() + (at - covering.getKey()), pieceEnd - at, destination, target);
                }
                at = pieceEnd;
            } else {
                Long nextStart = ranges.higherKey(at);
                long pieceEnd = Math.min(end, nextStart == null ? Long.MAX_VALUE : nextStart);
                copier.copy(source, at, pieceEnd - at, destination, target);
                at = pieceEnd;
            }
        }
    }
}
