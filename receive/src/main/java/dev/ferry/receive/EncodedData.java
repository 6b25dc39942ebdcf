package dev.ferry.receive;

import com.github.luben.zstd.Zstd;
import dev.ferry.btrfs.EncodedIo;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the DATA of an ENCODED_WRITE (a compressed extent as btrfs stores it) into the extent's
 * plain bytes, for targets that cannot take it verbatim. The codes are the encoded-I/O ones: 1 zlib,
 * 2 zstd, 3..7 lzo with 4 KiB..64 KiB sectors. Output the data does not fill stays zero, as in the
 * kernel.
 */
final class EncodedData {
    private EncodedData() {
    }

    /** The {@code unencodedLength} plain bytes of the extent. */
    static byte[] decode(int compression, byte[] data, int unencodedLength) throws CorruptDataException {
        byte[] out = new byte[unencodedLength];
        if (compression == EncodedIo.COMPRESSION_ZLIB) {
            inflate(data, out);
        } else if (compression == EncodedIo.COMPRESSION_ZSTD) {
            unzstd(data, out);
        } else if (compression >= EncodedIo.COMPRESSION_LZO_4K && compression <= EncodedIo.COMPRESSION_LZO_64K) {
            BtrfsLzo.decode(data, out, 4096 << (compression - EncodedIo.COMPRESSION_LZO_4K));
        } else {
            throw new CorruptDataException("unknown compression " + compression);
        }
        return out;
    }

    private static void inflate(byte[] data, byte[] out) throws CorruptDataException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            int filled = 0;
            while (filled < out.length && !inflater.finished()) {
                int n = inflater.inflate(out, filled, out.length - filled);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new CorruptDataException("zlib data ends after " + filled + " of " + out.length + " bytes");
                }
                filled += n;
            }
        } catch (DataFormatException e) {
            throw new CorruptDataException("bad zlib data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** One zstd frame; the sector padding after it is ignored. */
    private static void unzstd(byte[] data, byte[] out) throws CorruptDataException {
        try {
            long frame = Zstd.findFrameCompressedSize(data, 0, data.length);
            if (Zstd.isError(frame)) {
                throw new CorruptDataException("bad zstd data: " + Zstd.getErrorName(frame));
            }
            long n = Zstd.decompressByteArray(out, 0, out.length, data, 0, (int) frame);
            if (Zstd.isError(n)) {
                throw new CorruptDataException("bad zstd data: " + Zstd.getErrorName(n));
            }
        } catch (RuntimeException e) { // zstd-jni reports some errors as ZstdException
            throw new CorruptDataException("bad zstd data: " + e.getMessage(), e);
        }
    }
}
