package dev.ferry.receive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.stream.ResumeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a partial receive records about itself, beside it, each time it has safely applied a
 * prefix: the {@link ResumeToken} for that prefix, the boot it was written in, whether the
 * partial can still be resumed, and the in-memory state of the receiver that a resumed receiver
 * must start from (the root's times to put back at the end).
 *
 * <p>On disk it is one line of JSON padded with spaces to {@value #SIZE} bytes, always written
 * whole at offset 0 by one pwrite: within one page, so a killed process leaves the old record or
 * the new one, never a mixture.
 *
 * @param token       where a resumed stream continues
 * @param bootId      /proc/sys/kernel/random/boot_id when written
 * @param resumable   false once the receive holds state it cannot record (FILEATTR)
 * @param rootTimes   the last UTIMES the stream sent for the root, if any
 * @param rootAtStart the root's times when an incremental receive began (the parent's)
 */
record ResumeRecord(ResumeToken token, String bootId, boolean resumable, Optional<RootTimes> rootTimes,
                    Optional<RootTimes> rootAtStart) {
    static final int SIZE = 1024;
    static final String FORMAT = "ferry-resume-record/1";
    /** The JSON syntax around the values, ready to copy. */
    private static final byte[] OPEN_FORMAT = ascii("{\"format\":\"");
    private static final byte[] TOKEN = ascii("\",\"token\":\"");
    private static final byte[] BOOT_ID = ascii("\",\"bootId\":\"");
    private static final byte[] RESUMABLE = ascii("\",\"resumable\":");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] ROOT_TIMES = ascii(",\"rootTimes\":[");
    private static final byte[] ROOT_AT_START = ascii(",\"rootAtStart\":[");
    private static final byte[] COMMA = ascii(",");
    private static final byte[] BRACKET = ascii("]");
    private static final byte[] CLOSE = ascii("}");

    /** Loaded only when a record is read (listing, resuming), never on the way of a receive. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    ResumeRecord {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(rootTimes, "rootTimes");
        Objects.requireNonNull(rootAtStart, "rootAtStart");
    }

    /**
     * The padded JSON line. Written by hand, not with Jackson: a receive writes its first record at
     * once, and loading Jackson's classes cost a short receive more than all its records (0.5-0.8 s
     * of JVM class loading in bench/resume-overhead.sh). Every value is ASCII without quotes or
     * backslashes (a token, a uuid, numbers), which the constructor's callers guarantee and
     * {@link Line#plain} checks. The bytes go straight into the padded block, without a
     * StringBuilder, a String and a charset encoder in between: a receive of many small files
     * writes two records per file.
     */
    byte[] encode() {
        Line json = new Line().put(OPEN_FORMAT).plain(FORMAT)
                .put(TOKEN).plain(token.format())
                .put(BOOT_ID).plain(bootId)
                .put(RESUMABLE).put(resumable ? TRUE : FALSE);
        rootTimes.ifPresent(t -> appendTimes(json, ROOT_TIMES, t));
        rootAtStart.ifPresent(t -> appendTimes(json, ROOT_AT_START, t));
        return json.put(CLOSE).padded();
    }

    private static byte[] ascii(String syntax) {
        return syntax.getBytes(StandardCharsets.US_ASCII);
    }

    private static void appendTimes(Line json, byte[] key, RootTimes t) {
        json.put(key).number(t.atime().getEpochSecond()).put(COMMA).number(t.atime().getNano())
                .put(COMMA).number(t.mtime().getEpochSecond()).put(COMMA).number(t.mtime().getNano()).put(BRACKET);
    }

    /** A line of ASCII written into a block of {@value #SIZE} spaces that ends in a newline. */
    private static final class Line {
        private static final byte[] BLANK = blank();
        /** A copy of {@link #BLANK}: one memcpy, where filling a fresh array is a loop of 1,024 stores in C1 code. */
        private final byte[] block = BLANK.clone();
        private int length;

        private static byte[] blank() {
            byte[] spaces = new byte[SIZE];
            Arrays.fill(spaces, (byte) ' ');
            return spaces;
        }

        /** The format's own syntax. */
        Line put(byte[] syntax) {
            if (length + syntax.length <= SIZE) {
                System.arraycopy(syntax, 0, block, length, syntax.length);
            }
            length += syntax.length; // counted on beyond the block, for the message
            return this;
        }

        /** A value, checked to be printable ASCII without quotes or backslashes: nothing in it needs escaping. */
        Line plain(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    throw new IllegalArgumentException("not plain ASCII for a resume record: " + value);
                }
                if (length < SIZE) {
                    block[length] = (byte) c;
                }
                length++;
            }
            return this;
        }

        Line number(long value) {
            return plain(Long.toString(value));
        }

        byte[] padded() {
            if (length >= SIZE) {
                throw new IllegalStateException("resume record of " + length + " bytes exceeds " + SIZE);
            }
            block[SIZE - 1] = '\n';
            return block;
        }
    }

    /** The record in {@code bytes}; an exception says what is wrong with it. */
    static ResumeRecord decode(byte[] bytes) throws IOException {
        JsonNode o;
        try {
            o = Json.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new IOException("unreadable resume record (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (o == null || !FORMAT.equals(o.path("format").asText())) {
            throw new IOException("not a " + FORMAT + " record");
        }
        ResumeToken token;
        try {
            token = ResumeToken.parse(o.path("token").asText());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        return new ResumeRecord(token, o.path("bootId").asText(), o.path("resumable").asBoolean(false),
                times(o.get("rootTimes")), times(o.get("rootAtStart")));
    }

    private static Optional<RootTimes> times(JsonNode a) throws IOException {
        if (a == null || a.isNull()) {
            return Optional.empty();
        }
        if (!a.isArray() || a.size() != 4) {
            throw new IOException("resume record: root times must be [atime s, ns, mtime s, ns]");
        }
        return Optional.of(new RootTimes(Instant.ofEpochSecond(a.get(0).asLong(), a.get(1).asLong()),
                Instant.ofEpochSecond(a.get(2).asLong(), a.get(3).asLong())));
    }

    ResumeRecord withToken(ResumeToken next, Optional<RootTimes> times) {
        return new ResumeRecord(next, bootId, resumable, times, rootAtStart);
    }

    ResumeRecord unresumable() {
        return new ResumeRecord(token, bootId, false, rootTimes, rootAtStart);
    }

    /** Why a partial with {@code record} cannot be resumed from {@code token}, or empty when it can. */
    static Optional<String> problemResuming(Optional<ResumeRecord> record, ResumeToken token) {
        if (record.isEmpty()) {
            return Optional.of("it has no resume record");
        }
        Optional<String> refusal = record.get().refusal();
        if (refusal.isPresent()) {
            return refusal;
        }
        if (!record.get().token().equals(token)) {
            return Optional.of("it recorded " + record.get().token() + ", not " + token);
        }
        return Optional.empty();
    }

    /** Why this record cannot be resumed from, or empty when it can. */
    Optional<String> refusal() {
        if (!resumable) {
            return Optional.of("the receive had applied a FILEATTR, which is kept in memory until the end");
        }
        String now = BootId.current();
        if (!bootId.equals(now)) {
            return Optional.of("it was written before a reboot (boot " + bootId + ", now " + now
                    + "), when the file system may not hold what it records");
        }
        return Optional.empty();
    }
}
