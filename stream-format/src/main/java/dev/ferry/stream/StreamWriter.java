package dev.ferry.stream;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes a Btrfs send stream, raw or as a zstd frame, in the byte layout the kernel produces:
 * attributes in kernel order, DATA last and length-less from v2 on, WRITEs no longer than the
 * kernel sends them.
 *
 * <p>The stream header is written on open. Writing a command after an {@link Command.End} starts
 * another stream with a fresh header, as {@code btrfs send A B} does; {@link #close()} does not add
 * an END by itself.
 *
 * <p>Not thread-safe.
 */
public final class StreamWriter implements Closeable, Flushable {
    /** Largest DATA per WRITE: the kernel's 48 KiB keeps v1 commands under 64 KiB for old receivers. */
    static final int MAX_WRITE_DATA_V1 = 48 << 10;
    /** Largest DATA per WRITE in v2 and v3 (BTRFS_MAX_COMPRESSED). */
    static final int MAX_WRITE_DATA_V2 = 128 << 10;
    private static final int BUFFER_SIZE = 128 << 10;

    private final OutputStream out;
    private final int version;
    private final CommandEncoder encoder;
    private long bytesWritten;
    private boolean headerPending;
    /** While resuming: drops the prefix the receiver has; null otherwise. */
    private PrefixSkipper skipper;

    private StreamWriter(OutputStream out, int version) {
        this.out = out;
        this.version = version;
        this.encoder = new CommandEncoder(version);
    }

    /** Opens a stream on {@code out} and writes its header. */
    public static StreamWriter open(OutputStream out, WriterOptions options) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(options, "options");
        OutputStream sink = options.compressed()
                ? ZstdFraming.compressing(out, options.zstdLevel(), options.zstdWorkers())
                : out;
        StreamWriter writer = new StreamWriter(new BufferedOutputStream(sink, BUFFER_SIZE), options.version());
        writer.writeHeader();
        return writer;
    }

    /**
     * Opens a resumed stream: writes the header, then, of the commands given, the SUBVOL or
     * SNAPSHOT followed by a {@link ResumeMarker}, drops the next ones up to the token's index
     * while checking that their digest is the token's, and writes everything from that index on.
     * Commands must come exactly as for the original stream (the same generator, the same
     * snapshots); a {@link ResumeMismatchException} from {@link #write} says they did not.
     */
    public static StreamWriter resume(OutputStream out, WriterOptions options, ResumeToken token) throws IOException {
        Objects.requireNonNull(token, "token");
        if (options.version() != token.version()) {
            throw new ResumeMismatchException("cannot resume from " + token + ": it is for a version " + token.version()
                    + " stream, this one is version " + options.version());
        }
        StreamWriter writer = open(out, options);
        writer.skipper = new PrefixSkipper(token);
        return writer;
    }

    /**
     * Writes {@code command}; a {@link Command.Write} with more data than one WRITE of this version
     * carries goes out as several consecutive WRITEs.
     *
     * @throws IllegalArgumentException when the command is not defined in this stream's version or
     *     a value cannot be encoded (nothing is written then)
     */
    public void write(Command command) throws IOException {
        Objects.requireNonNull(command, "command");
        if (command instanceof Command.Write w && w.data().size() > maxWriteData()) {
            writeInChunks(w);
        } else {
            emit(command);
        }
        headerPending = command instanceof Command.End;
    }

    /** Uncompressed bytes written so far. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** The protocol version of the streams this writer produces. */
    public int version() {
        return version;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Finishes the zstd frame, if any, and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        out.close();
    }

    private int maxWriteData() {
        return version == 1 ? MAX_WRITE_DATA_V1 : MAX_WRITE_DATA_V2;
    }

    private void writeInChunks(Command.Write write) throws IOException {
        ByteString data = write.data();
        int chunk = maxWriteData();
        for (int from = 0; from < data.size(); from += chunk) {
            int to = Math.min(data.size(), from + chunk);
            emit(new Command.Write(write.path(), write.offset() + from, data.substring(from, to)));
        }
    }

    private void emit(Command command) throws IOException {
        int length = encoder.encode(command);
        if (skipper != null) {
            int crc = Wire.i32(encoder.buffer(), 6);
            switch (skipper.next(command, crc)) {
                case DROP -> {
                    return;
                }
                case WRITE_THEN_MARK -> {
                    write(length);
                    write(encoder.encode(ResumeMarker.of(skipper.token)));
                    return;
                }
                case WRITE_AND_STOP_SKIPPING -> skipper = null;
                default -> { }
            }
        }
        write(length);
    }

    private void write(int length) throws IOException {
        if (headerPending) {
            writeHeader(); // only now that the command has proved encodable
        }
        out.write(encoder.buffer(), 0, length);
        ByteString tail = encoder.tail();
        if (!tail.isEmpty()) {
            tail.writeTo(out); // a whole WRITE's data goes past the buffer, straight to the sink
        }
        bytesWritten += length + tail.size();
    }

    /** Which commands of a resumed stream go out: see {@link #resume}. */
    private static final class PrefixSkipper {
        enum Verdict { WRITE_THEN_MARK, DROP, WRITE_AND_STOP_SKIPPING }

        final ResumeToken token;
        long index;
        long digest = StreamDigest.EMPTY;

        PrefixSkipper(ResumeToken token) {
            this.token = token;
        }

        Verdict next(Command command, int crc) throws ResumeMismatchException {
            long at = index++;
            if (at == 0) {
                if (!(command instanceof Command.Subvol || command instanceof Command.Snapshot) || !token.sameSubvolume(command)) {
                    throw new ResumeMismatchException("cannot resume from " + token + ": the stream starts with " + describe(command)
                            + ", another subvolume or parent");
                }
                digest = StreamDigest.fold(digest, crc);
                return Verdict.WRITE_THEN_MARK;
            }
            if (at < token.index()) {
                if (command instanceof Command.End) {
                    throw new ResumeMismatchException("cannot resume from " + token + ": the regenerated stream ends at command "
                            + at + ", before the token's index " + token.index());
                }
                digest = StreamDigest.fold(digest, crc);
                return Verdict.DROP;
            }
            if (digest != token.digest()) {
                throw new ResumeMismatchException(String.format("cannot resume from %s: the regenerated stream differs from the "
                        + "one the receiver has (digest of commands 0..%d is %016x, the token says %016x); send in full",
                        token, at - 1, digest, token.digest()));
            }
            return Verdict.WRITE_AND_STOP_SKIPPING;
        }

        private static String describe(Command command) {
            if (command instanceof Command.Subvol s) {
                return "SUBVOL " + s.uuid() + " at " + s.ctransid();
            }
            if (command instanceof Command.Snapshot s) {
                return "SNAPSHOT " + s.uuid() + " at " + s.ctransid() + " of " + s.cloneUuid() + " at " + s.cloneCtransid();
            }
            return command.type().toString();
        }
    }

    private void writeHeader() throws IOException {
        byte[] header = StreamHeader.encode(version);
        out.write(header);
        bytesWritten += header.length;
        headerPending = false;
    }
}
