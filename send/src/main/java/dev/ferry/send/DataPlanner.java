package dev.ferry.send;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import dev.ferry.btrfs.UnsafePathException;
import dev.ferry.send.FileMap.Change;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import java.io.IOException;
import java.util.List;

/**
 * Sends the data of one regular file: only the ranges whose extents differ between P and S.
 *
 * <ul>
 * <li>Data: CLONE when {@link CloneFinder} knows a file the receiver has with the same extent
 * range (whole sectors; an unaligned tail only where it ends both files), else WRITEs read from
 * the snapshot's file with positional reads of at most one WRITE each (compressed extents read
 * decompressed).</li>
 * <li>Inline extents: WRITE of the whole inline data.</li>
 * <li>Holes (and prealloc) replacing data: v1 WRITEs of zeros, v2 FALLOCATE punch hole
 * (mode 3 = PUNCH_HOLE | KEEP_SIZE), as the kernel does. Holes in new data are left alone.</li>
 * <li>Size: a shrinking file is truncated first (so nothing is written beyond the new end), and
 * TRUNCATE sets the final size when the writes did not reach it.</li>
 * </ul>
 */
final class DataPlanner {
    private static final int PUNCH_HOLE_KEEP_SIZE = 3;

    private final SnapshotView snapshot;
    private final CloneFinder clones;
    private final CommandSink out;
    private final int version;
    private final int sectorSize;
    private final int chunk;
    private final byte[] zeros;
    /** Where file data is read, for one WRITE at a time: see {@link CommandSink}. */
    private final byte[] buffer;

    DataPlanner(SnapshotView snapshot, CloneFinder clones, CommandSink out, int version, int sectorSize) {
        this.snapshot = snapshot;
        this.clones = clones;
        this.out = out;
        this.version = version;
        this.sectorSize = sectorSize;
        this.chunk = version == 1 ? 48 << 10 : 128 << 10;
        this.zeros = new byte[chunk];
        this.buffer = new byte[chunk];
    }

    /** Sends what the receiver's copy of the file at {@code path} lacks; true if any data command went out. */
    boolean send(InodeDiff diff, byte[] path) throws IOException {
        InodeState s = diff.after().orElseThrow();
        long oldSize = diff.survives() ? diff.before().get().item().size() : 0;
        long newSize = s.item().size();
        List<FileMap.Span> before = diff.survives()
                ? FileMap.of(diff.before().get().extents(), oldSize) : List.of();
        List<Change> changes = FileMap.changes(FileMap.of(s.extents(), newSize), before);
        ByteString target = ByteString.of(path);
        boolean sent = false;
        long size = oldSize;
        if (newSize < oldSize) {
            out.accept(new Command.Truncate(target, newSize));
            size = newSize;
            sent = true;
        }
        long zerosUntil = size; // holes past the receiver's old end need no punching
        try (FileReader reader = new FileReader(path)) {
            for (Change c : changes) {
                if (c.span() instanceof FileMap.Hole) {
                    long end = Math.min(c.end(), zerosUntil);
                    if (c.start() < end) {
                        zero(target, c.start(), end);
                        sent = true;
                    }
                } else {
                    long end = c.span() instanceof FileMap.Data data
                            ? cloneOrWrite(s.ino(), target, reader, c, data, size, newSize)
                            : write(target, reader, c.start(), c.end());
                    size = Math.max(size, end);
                    sent = true;
                }
            }
        }
        if (size != newSize) {
            out.accept(new Command.Truncate(target, newSize));
            sent = true;
        }
        return sent;
    }

    private long cloneOrWrite(long ino, ByteString target, FileReader reader, Change c, FileMap.Data data,
                              long receiverSize, long newSize) throws IOException {
        long start = c.start();
        long length = c.end() - start;
        long extentOffset = data.extentOffset() + (start - data.start());
        if (start % sectorSize == 0 && length >= sectorSize) {
            var source = clones.find(ino, data.item(), extentOffset, length);
            if (source.isPresent()) {
                long cloned = cloneLength(source.get(), start, length, receiverSize, newSize);
                if (cloned > 0) {
                    out.accept(new Command.Clone(target, start, cloned, source.get().uuid(), source.get().ctransid(),
                            ByteString.of(source.get().path()), source.get().offset()));
                    start += cloned;
                }
            }
        }
        return start < c.end() ? write(target, reader, start, c.end()) : c.end();
    }

    /**
     * How much of the range a clone may take: whole sectors, plus an unaligned tail only when it
     * ends both the source and the destination (the kernel refuses to clone a partial EOF block
     * into the middle of a file).
     */
    private long cloneLength(CloneFinder.Source source, long start, long length, long receiverSize, long newSize) {
        if (source.offset() % sectorSize != 0) {
            return 0;
        }
        boolean endsBoth = start + length == newSize && source.offset() + length == source.fileSize()
                && receiverSize <= start + length;
        if (endsBoth) {
            return length;
        }
        long aligned = length - length % sectorSize;
        return source.offset() + aligned <= source.fileSize() ? aligned : 0;
    }

    private long write(ByteString target, FileReader reader, long start, long end) throws IOException {
        for (long at = start; at < end; at += chunk) {
            int n = (int) Math.min(chunk, end - at);
            ByteString data = reader.read(n, at);
            out.accept(new Command.Write(target, at, data));
            if (data.size() < n) {
                return at + data.size(); // the file is shorter than its extents say: a TRUNCATE follows
            }
        }
        return end;
    }

    private void zero(ByteString target, long start, long end) throws IOException {
        if (version >= 2) {
            out.accept(new Command.Fallocate(target, PUNCH_HOLE_KEEP_SIZE, start, end - start));
            return;
        }
        for (long at = start; at < end; at += chunk) {
            int n = (int) Math.min(chunk, end - at);
            out.accept(new Command.Write(target, at, ByteString.wrap(zeros, 0, n))); // nothing writes to zeros
        }
    }

    /** The snapshot's file, opened on first use. */
    private final class FileReader implements AutoCloseable {
        private final byte[] path;
        private Fd fd;

        FileReader(byte[] path) {
            this.path = path;
        }

        /**
         * The bytes at {@code offset}, read into {@link #buffer} and lent, valid until the next
         * read: a fresh array for every WRITE cost as much CPU in zeroing and garbage collection as
         * the reads themselves.
         */
        ByteString read(int length, long offset) throws IOException {
            if (fd == null) {
                try {
                    fd = snapshot.openFile(path);
                } catch (UnsafePathException e) {
                    throw new IOException("cannot open " + new String(path) + " in " + snapshot + ": " + e.getMessage(), e);
                }
            }
            return ByteString.borrow(buffer, 0, Posix.pread(fd, buffer, length, offset));
        }

        @Override
        public void close() throws NativeException {
            if (fd != null) {
                fd.close();
            }
        }
    }
}
