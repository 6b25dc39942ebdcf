package dev.ferry.receive;

import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.FallocateMode;
import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import java.nio.ByteBuffer;

/**
 * What a CLONE does when the file system will not share the extents: copies the bytes, keeping
 * the source's holes as holes (SEEK_DATA/SEEK_HOLE), and grows the destination the way
 * FICLONERANGE would.
 */
final class RangeCopy {
    private static final int CHUNK = 1 << 20;

    private RangeCopy() {
    }

    static void copy(Fd source, long sourceOffset, long length, Fd destination, long destinationOffset)
            throws NativeException {
        long sourceEnd = Math.min(sourceOffset + length, Posix.fstat(source).size());
        long delta = destinationOffset - sourceOffset;
        long at = sourceOffset;
        while (at < sourceEnd) {
            long data = Posix.seekData(source, at);
            if (data < 0 || data >= sourceEnd) {
                punch(destination, at + delta, sourceEnd - at);
                break;
            }
            if (data > at) {
                punch(destination, at + delta, data - at);
            }
            long hole = Posix.seekHole(source, data);
            long dataEnd = hole < 0 ? sourceEnd : Math.min(hole, sourceEnd);
            copyData(source, data, dataEnd, destination, delta);
            at = dataEnd;
        }
        long wantedSize = sourceEnd > sourceOffset ? sourceEnd + delta : destinationOffset;
        if (Posix.fstat(destination).size() < wantedSize) {
            Posix.ftruncate(destination, wantedSize);
        }
    }

    private static void copyData(Fd source, long from, long to, Fd destination, long delta) throws NativeException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        for (long at = from; at < to; ) {
            byte[] bytes = Posix.pread(source, (int) Math.min(CHUNK, to - at), at);
            if (bytes.length == 0) {
                return; // the source shrank under us; nothing more to copy
            }
            buffer.clear();
            buffer.put(bytes).flip();
            Posix.pwrite(destination, buffer, at + delta);
            at += bytes.length;
        }
    }

    /** Makes [offset, offset + length) of {@code file} read as zeros: a hole where the file system can punch one. */
    private static void punch(Fd file, long offset, long length) throws NativeException {
        long size = Posix.fstat(file).size();
        long end = Math.min(offset + length, size);
        if (end <= offset) {
            return; // beyond EOF: the final ftruncate leaves a hole there
        }
        try {
            Posix.fallocate(file, FallocateMode.PUNCH_HOLE, offset, end - offset);
        } catch (NativeException e) {
            if (e.errno() != Errno.EOPNOTSUPP) {
                throw e;
            }
            ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(CHUNK, end - offset));
            for (long at = offset; at < end; at += zeros.capacity()) {
                Posix.pwrite(file, zeros.limit((int) Math.min(zeros.capacity(), end - at)), at);
                zeros.clear();
            }
        }
    }
}
