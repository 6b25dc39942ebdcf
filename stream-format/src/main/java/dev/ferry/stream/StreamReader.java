package dev.ferry.stream;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Reads a Btrfs send stream, raw or zstd-compressed, one {@link Command} at a time.
 *
 * <p>Every command's crc is checked before its attributes are decoded, every length is checked
 * against the bytes that are really there, and every defect is reported as a
 * {@link StreamFormatException} that names the command and its byte offset. Memory is bounded by
 * the largest command: a payload array is allocated for at most 1 MiB up front and grows beyond as
 * its bytes arrive, so a bogus length in a short stream costs little, and
 * {@link ReaderOptions#maxCommandLength()} caps what a long one may claim.
 *
 * <p>By default every command is an immutable value in an array of its own. With
 * {@link ReaderOptions#reuseBuffers()} all commands share one array, and each is valid only until
 * the next {@link #next()}: see there.
 *
 * <p>Concatenated streams (header ... END header ... END, as {@code btrfs send A B} writes them)
 * read as one sequence of commands; {@link #version()} follows the current header.
 *
 * <p>Not thread-safe.
 */
public final class StreamReader implements Closeable {
    private static final int COMMAND_HEADER_SIZE = 10;
    private static final int CRC_OFFSET = 6;
    private static final int BUFFER_SIZE = 128 << 10;
    /**
     * A payload array is allocated this big at most before its bytes arrive, then doubles as they
     * do: every kernel command gets an array of its exact size at once, while a bogus length in a
     * truncated stream cannot claim more than this.
     */
    private static final int UPFRONT_PAYLOAD_CAPACITY = 1 << 20;
    /**
     * Reads at least this big skip the buffer when it is empty and go straight into the payload
     * array, which saves copying most of the data of large WRITEs a second time.
     */
    private static final int DIRECT_READ_THRESHOLD = 16 << 10;

    private final InputStream source;
    private final boolean compressed;
    private final ReaderOptions options;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int bufferPosition;
    private int bufferLimit;
    /** Uncompressed bytes consumed. */
    private long position;

    private final byte[] commandHeader = new byte[COMMAND_HEADER_SIZE];
    private final BtrfsCrc32c crc = new BtrfsCrc32c();
    private final CommandDecoder decoder;
    /** With {@link ReaderOptions#reuseBuffers()}: the one payload array, grown to the largest command. */
    private byte[] reusedPayload = new byte[0];

    private int version;
    private long nextIndex;
    private long commandIndex = -1;
    private long commandOffset = -1;
    private int commandCrc;
    /** The index of the command being read (-1 for a header), to blame zstd errors on. */
    private long blamedIndex = -1;
    private boolean afterEnd;
    private boolean finished;

    private StreamReader(InputStream source, boolean compressed, byte[] preloaded, int preloadedLength,
                         ReaderOptions options) {
        this.source = source;
        this.compressed = compressed;
        this.options = options;
        this.decoder = new CommandDecoder(options.reuseBuffers());
        System.arraycopy(preloaded, 0, buffer, 0, preloadedLength);
        this.bufferLimit = preloadedLength;
    }

    public static StreamReader open(InputStream in) throws IOException {
        return open(in, ReaderOptions.DEFAULT);
    }

    /**
     * Opens a stream and reads its header. zstd input is recognised by its first four bytes and
     * decompressed transparently. The reader owns {@code in} from here on: it closes it on
     * {@link #close()}, and at once if the header is bad.
     */
    public static StreamReader open(InputStream in, ReaderOptions options) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(options, "options");
        // Only plain reads on the caller's stream: FileInputStream's readNBytes, readAllBytes and
        // skip (JDK 17.0.x backports) ask for the file position and fail on a pipe ("Illegal seek").
        byte[] prefix = new byte[ZstdFraming.MAGIC.length];
        int prefixLength = readUpTo(in, prefix, prefix.length);
        StreamReader reader;
        if (ZstdFraming.startsWithMagic(prefix, prefixLength)) {
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(prefix), in);
            reader = new StreamReader(ZstdFraming.decompressing(whole), true, prefix, 0, options);
        } else {
            reader = new StreamReader(in, false, prefix, prefixLength, options);
        }
        try {
            reader.readStreamHeader();
        } catch (IOException | RuntimeException e) {
            try {
                reader.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return reader;
    }

    /**
     * The next command, or null at the clean end of the input, which is only right after an END.
     * After an exception the reader's position is unspecified: close it.
     *
     * <p>With {@link ReaderOptions#reuseBuffers()}, this call ends the validity of the command the
     * previous one returned: its {@link ByteString}s are borrowed views of the array this call
     * overwrites.
     *
     * @throws StreamFormatException when the input is not a well-formed send stream
     */
    public Command next() throws IOException {
        if (finished) {
            return null;
        }
        if (afterEnd) {
            if (atEndOfInput()) {
                finished = true;
                return null;
            }
            readStreamHeader(); // another stream follows, as `btrfs send A B` writes them
            afterEnd = false;
        }
        long offset = position;
        blamedIndex = nextIndex;
        int headerBytes = readUpTo(commandHeader, 0, COMMAND_HEADER_SIZE);
        if (headerBytes == 0) {
            throw new StreamFormatException(nextIndex, offset, "stream ends without END");
        }
        if (headerBytes < COMMAND_HEADER_SIZE) {
            throw new StreamFormatException(nextIndex, offset,
                    "truncated: command header has " + headerBytes + " of " + COMMAND_HEADER_SIZE + " bytes");
        }
        long length = Wire.u32(commandHeader, 0);
        int number = Wire.u16(commandHeader, 4);
        if (length > options.maxCommandLength()) {
            throw new StreamFormatException(nextIndex, offset, "command " + name(number) + " declares " + length
                    + " payload bytes, more than the limit of " + options.maxCommandLength());
        }
        byte[] payload = readPayload((int) length, offset);
        checkCrc(number, payload, (int) length, offset);
        Command command = decoder.decode(number, payload, (int) length, version, nextIndex, offset);
        commandIndex = nextIndex++;
        commandOffset = offset;

        afterEnd = command instanceof Command.End;
        return command;
    }

    /** The protocol version in the header of the current stream. */
    public int version() {
        return version;
    }

    /** 0-based index of the command last returned, counted across concatenated streams; -1 before the first. */
    public long commandIndex() {
        return commandIndex;
    }

    /** Byte offset (uncompressed) of the header of the command last returned; -1 before the first. */
    public long commandOffset() {
        return commandOffset;
    }

    /** The crc (as stored, and checked) of the command last returned: what a {@link StreamDigest} folds. */
    public int commandCrc() {
        return commandCrc;
    }

    /** Uncompressed bytes consumed so far. */
    public long bytesRead() {
        return position;
    }

    /** True when the input was zstd-compressed. */
    public boolean compressed() {
        return compressed;
    }

    /** Closes the input stream. */
    @Override
    public void close() throws IOException {
        source.close();
    }

    private void readStreamHeader() throws IOException {
        long offset = position;
        blamedIndex = -1;
        byte[] header = new byte[StreamHeader.SIZE];
        int n = readUpTo(header, 0, header.length);
        if (n == 0 && offset == 0) {
            throw new StreamFormatException(-1, offset, "empty input: not a btrfs send stream");
        }
        if (!StreamHeader.hasMagic(header) && (n >= StreamHeader.MAGIC.length || !isMagicPrefix(header, n))) {
            throw new StreamFormatException(-1, offset, "not a btrfs send stream: expected magic \"btrfs-stream\\0\", found "
                    + HexFormat.ofDelimiter(" ").formatHex(header, 0, Math.min(n, StreamHeader.MAGIC.length)));
        }
        if (n < header.length) {
            throw new StreamFormatException(-1, offset, "truncated: stream header has " + n + " of " + header.length + " bytes");
        }
        long declared = Wire.u32(header, StreamHeader.MAGIC.length);
        if (!StreamHeader.isSupported(declared)) {
            throw new StreamFormatException(-1, offset, "unsupported stream version " + declared
                    + " (supported: " + StreamHeader.MIN_VERSION + ".." + StreamHeader.MAX_VERSION + ")");
        }
        version = (int) declared;
    }

    private static boolean isMagicPrefix(byte[] header, int n) {
        return Arrays.equals(header, 0, n, StreamHeader.MAGIC, 0, n);
    }

    /**
     * Reads a payload of {@code length} bytes into an array (fresh, or the reused one) of at least
     * {@code min(length, UPFRONT_PAYLOAD_CAPACITY)} bytes that grows with the bytes that actually
     * arrive, never to more than the declared length.
     */
    private byte[] readPayload(int length, long offset) throws IOException {
        byte[] payload = payloadArray(Math.min(length, UPFRONT_PAYLOAD_CAPACITY));
        int filled = 0;
        while (filled < length) {
            if (filled == payload.length) {
                payload = grown(payload, (int) Math.min(length, 2L * payload.length));
            }
            int n = read(payload, filled, Math.min(payload.length, length) - filled); // a reused array may be larger
            if (n < 0) {
                throw new StreamFormatException(nextIndex, offset, "truncated: command " + name(Wire.u16(commandHeader, 4))
                        + " declares " + length + " payload bytes, " + filled + " present");
            }
            filled += n;
        }
        return payload;
    }

    /** An array of at least {@code capacity} bytes for the next payload. */
    private byte[] payloadArray(int capacity) {
        if (!options.reuseBuffers()) {
            return new byte[capacity];
        }
        if (reusedPayload.length < capacity) {
            reusedPayload = new byte[capacity];
        }
        return reusedPayload;
    }

    /** {@code payload} copied into a larger array, which is kept for reuse when buffers are reused. */
    private byte[] grown(byte[] payload, int capacity) {
        byte[] larger = Arrays.copyOf(payload, capacity);
        if (options.reuseBuffers()) {
            reusedPayload = larger;
        }
        return larger;
    }

    /** Checks the stored crc against header (crc field zeroed) + payload, in one pass over each. */
    private void checkCrc(int number, byte[] payload, int length, long offset) throws StreamFormatException {
        int stored = Wire.i32(commandHeader, CRC_OFFSET);
        commandCrc = stored; // read only once next() returns the command
        Wire.putInt(commandHeader, CRC_OFFSET, 0);
        crc.reset();
        crc.update(commandHeader, 0, COMMAND_HEADER_SIZE);
        crc.update(payload, 0, length);
        int computed = crc.value();
        if (computed != stored) {
            throw new StreamFormatException(nextIndex, offset, String.format(
                    "crc mismatch in %s: stored 0x%08x, computed 0x%08x", name(number), stored, computed));
        }
    }

    private static String name(int number) {
        CommandType type = CommandType.byNumber(number);
        return type == CommandType.UNKNOWN ? "command number " + number : type.name();
    }

    /** Reads until {@code length} bytes or end of input; returns how many were read. */
    private int readUpTo(byte[] target, int offset, int length) throws IOException {
        int total = 0;
        while (total < length) {
            int n = read(target, offset + total, length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Reads {@code in} until {@code length} bytes or end of input; returns how many were read. */
    private static int readUpTo(InputStream in, byte[] target, int length) throws IOException {
        int total = 0;
        while (total < length) {
            int n = in.read(target, total, length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private boolean atEndOfInput() throws IOException {
        return bufferPosition == bufferLimit && !fillBuffer();
    }

    /** Like {@link InputStream#read(byte[], int, int)} with length > 0: at least one byte, or -1 at end. */
    private int read(byte[] target, int offset, int length) throws IOException {
        if (bufferPosition == bufferLimit) {
            if (length >= DIRECT_READ_THRESHOLD) {
                // A large read goes straight into the target: no detour through the buffer.
                int n = readSource(target, offset, length);
                if (n > 0) {
                    position += n;
                }
                return n;
            }
            if (!fillBuffer()) {
                return -1;
            }
        }
        int n = Math.min(length, bufferLimit - bufferPosition);
        System.arraycopy(buffer, bufferPosition, target, offset, n);
        bufferPosition += n;
        position += n;
        return n;
    }

    private boolean fillBuffer() throws IOException {
        int n = readSource(buffer, 0, buffer.length);
        bufferPosition = 0;
        bufferLimit = Math.max(n, 0);
        return n > 0;
    }

    /** One read from the source; zstd decoding errors become format errors at the current position. */
    private int readSource(byte[] target, int offset, int length) throws IOException {
        try {
            int n;
            do {
                n = source.read(target, offset, length);
            } while (n == 0); // a misbehaving stream; InputStream promises at least one byte
            return n;
        } catch (IOException | RuntimeException e) {
            if (compressed && ZstdFraming.isDecodingError(e)) {
                throw new StreamFormatException(blamedIndex, position,
                        "corrupt zstd input after " + position + " uncompressed bytes: " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
