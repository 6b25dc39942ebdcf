package dev.ferry.send;

import java.util.List;

/**
 * How large a stream will be before it is written, from its {@link ChangeSet} alone, for a
 * progress bar's total and ETA. The data of changed file ranges is counted in full, as WRITEs
 * with their command overhead; everything else (creating, renaming, linking, owners, modes and
 * times) gets a fixed allowance per changed inode. Data that goes out as a CLONE is counted as if
 * written, so an incremental stream with reflinked data may come out smaller.
 *
 * @param dataBytes     file bytes the stream is expected to carry (WRITE payloads, xattr values)
 * @param changedInodes inodes created, deleted or changed
 * @param bytes         the estimated uncompressed stream size
 */
public record StreamEstimate(long dataBytes, int changedInodes, long bytes) {
    /** Stream header, SUBVOL or SNAPSHOT, END. */
    private static final long FIXED_BYTES = 17 + 128 + 10;
    /**
     * A changed inode's commands besides its data: typically MKFILE or MKDIR, RENAME, CHOWN,
     * CHMOD and UTIMES, each a 10-byte header and a path of a few dozen bytes plus its values.
     */
    static final long METADATA_BYTES_PER_INODE = 320;
    /** A WRITE's header, path, offset and data attribute headers. */
    private static final long WRITE_OVERHEAD_BYTES = 10 + 4 + 64 + 4 + 8 + 4;

    public StreamEstimate {
        if (dataBytes < 0 || changedInodes < 0 || bytes < 0) {
            throw new IllegalArgumentException("negative estimate: " + dataBytes + ", " + changedInodes + ", " + bytes);
        }
    }

    /** The estimate for sending {@code changes} in protocol {@code version}. */
    static StreamEstimate of(ChangeSet changes, int version) {
        long writeChunk = version == 1 ? 48 << 10 : 128 << 10;
        long data = 0;
        long writes = 0;
        for (InodeDiff diff : changes.diffs().values()) {
            long fileBytes = diff.after().filter(InodeState::isRegularFile).map(s -> changedFileBytes(diff, s, version))
                    .orElse(0L);
            data += fileBytes + xattrBytes(diff);
            writes += (fileBytes + writeChunk - 1) / writeChunk;
        }
        int inodes = changes.diffs().size();
        long bytes = FIXED_BYTES + data + writes * WRITE_OVERHEAD_BYTES + inodes * METADATA_BYTES_PER_INODE;
        return new StreamEstimate(data, inodes, bytes);
    }

    /**
     * The bytes of {@code s} that the receiver lacks: changed data and inline ranges, and in v1
     * (which cannot punch holes) zeros written over old data that became a hole.
     */
    private static long changedFileBytes(InodeDiff diff, InodeState s, int version) {
        long oldSize = diff.survives() ? diff.before().get().item().size() : 0;
        List<FileMap.Span> before = diff.survives() ? FileMap.of(diff.before().get().extents(), oldSize) : List.of();
        long bytes = 0;
        for (FileMap.Change c : FileMap.changes(FileMap.of(s.extents(), s.item().size()), before)) {
            if (!(c.span() instanceof FileMap.Hole)) {
                bytes += c.end() - c.start();
            } else if (version == 1) {
                bytes += Math.max(0, Math.min(c.end(), oldSize) - c.start());
            }
        }
        return bytes;
    }

    private static long xattrBytes(InodeDiff diff) {
        return diff.xattrsToSet().values().stream().mapToLong(v -> v.length).sum();
    }
}
