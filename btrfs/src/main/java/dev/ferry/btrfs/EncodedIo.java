package dev.ferry.btrfs;

import dev.ferry.btrfs.internal.Ioctl;
import dev.ferry.btrfs.internal.NativeStruct;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;

/**
 * BTRFS_IOC_ENCODED_WRITE: writes an extent in its compressed form, as stored on disk, so a
 * receiver can pass a send stream's ENCODED_WRITE through without decompressing it. Needs
 * CAP_SYS_ADMIN and an fd open for writing on btrfs.
 *
 * <p>The kernel refuses what it cannot store verbatim: ENOTTY off btrfs, EINVAL for ranges or
 * sizes it does not accept (for example an unaligned offset), ENOSPC. Callers then decompress and
 * write the plain bytes instead, as {@code btrfs receive} does.
 */
public final class EncodedIo {
    private static final int ARGS_SIZE = 128;
    private static final long ENCODED_WRITE = Ioctl.btrfsIow(64, ARGS_SIZE);
    private static final int IOVEC_SIZE = 16;

    // btrfs_ioctl_encoded_io_args
    private static final int IOV = 0;
    private static final int IOVCNT = 8;
    private static final int OFFSET = 16;
    private static final int LEN = 32;
    private static final int UNENCODED_LEN = 40;
    private static final int UNENCODED_OFFSET = 48;
    private static final int COMPRESSION = 56;
    private static final int ENCRYPTION = 60;

    /** Encoded-I/O compression codes (not the on-disk ones): 0 none, 1 zlib, 2 zstd, 3..7 lzo by sector size. */
    public static final int COMPRESSION_NONE = 0;
    public static final int COMPRESSION_ZLIB = 1;
    public static final int COMPRESSION_ZSTD = 2;
    public static final int COMPRESSION_LZO_4K = 3;
    public static final int COMPRESSION_LZO_64K = 7;

    /**
     * Where an encoded extent goes and what it decodes to: file bytes [offset, offset + length)
     * are the decoded bytes [unencodedOffset, unencodedOffset + length) of an extent that decodes
     * to unencodedLength bytes.
     */
    public record Extent(long offset, long length, long unencodedLength, long unencodedOffset, int compression,
                         int encryption) {
    }

    private EncodedIo() {
    }

    /**
     * Writes {@code data} (a direct buffer, position to limit: the encoded bytes) as {@code extent}
     * of {@code file}; returns the number of bytes the kernel reports written.
     */
    public static long write(Fd file, Extent extent, ByteBuffer data) throws NativeException {
        if (!data.isDirect()) {
            throw new IllegalArgumentException("encoded data must be in a direct buffer");
        }
        ByteBuffer bytes = data.slice();
        ByteBuffer iovec = Ioctl.struct(IOVEC_SIZE);
        iovec.putLong(0, NativeStruct.address(bytes));
        iovec.putLong(8, bytes.remaining());
        ByteBuffer args = Ioctl.struct(ARGS_SIZE);
        args.putLong(IOV, NativeStruct.address(iovec));
        args.putLong(IOVCNT, 1);
        args.putLong(OFFSET, extent.offset());
        args.putLong(LEN, extent.length());
        args.putLong(UNENCODED_LEN, extent.unencodedLength());
        args.putLong(UNENCODED_OFFSET, extent.unencodedOffset());
        args.putInt(COMPRESSION, extent.compression());
        args.putInt(ENCRYPTION, extent.encryption());
        try {
            return Ioctl.call(file, "ENCODED_WRITE", ENCODED_WRITE, args,
                    file.path() + " @" + extent.offset() + " (+" + extent.length() + ")");
        } finally {
            Reference.reachabilityFence(bytes);
            Reference.reachabilityFence(iovec);
        }
    }
}
