package dev.ferry.stream;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * How far a receive of one subvolume got, as a string a sender can resume from:
 *
 * <pre>ferry-resume-1:UUID:CTRANSID:PARENT_UUID:PARENT_CTRANSID:VERSION:INDEX:DIGEST</pre>
 *
 * <p>UUID and CTRANSID are those of the SUBVOL or SNAPSHOT command (the stream identity of the
 * snapshot), the parent's are SNAPSHOT's CLONE_UUID and CLONE_CTRANSID ({@code -} for both in a
 * full stream), VERSION is the stream's protocol version, INDEX the number of commands of this
 * subvolume applied, counting its SUBVOL/SNAPSHOT as command 0 (so the next command to send is
 * INDEX), and DIGEST the {@link StreamDigest} of the crcs of commands 0 to INDEX-1, 16 hex digits.
 * The digest covers everything that shapes the stream (names, clone sources, data), so a sender
 * proves with it that the stream it regenerates has the same prefix.
 */
public record ResumeToken(UUID uuid, long ctransid, Optional<Parent> parent, int version, long index, long digest) {
    public static final String PREFIX = "ferry-resume-1:";

    /** SNAPSHOT's CLONE_UUID and CLONE_CTRANSID. */
    public record Parent(UUID uuid, long ctransid) {
        public Parent {
            Objects.requireNonNull(uuid, "uuid");
        }
    }

    public ResumeToken {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(parent, "parent");
        if (index < 1) {
            throw new IllegalArgumentException("a resume token's index counts the SUBVOL/SNAPSHOT command: at least 1, not " + index);
        }
    }

    /** The identity of the subvolume {@code start} (a SUBVOL or SNAPSHOT) begins, at {@code index} with {@code digest}. */
    public static ResumeToken of(Command start, int version, long index, long digest) {
        if (start instanceof Command.Subvol s) {
            return new ResumeToken(s.uuid(), s.ctransid(), Optional.empty(), version, index, digest);
        }
        if (start instanceof Command.Snapshot s) {
            return new ResumeToken(s.uuid(), s.ctransid(), Optional.of(new Parent(s.cloneUuid(), s.cloneCtransid())),
                    version, index, digest);
        }
        throw new IllegalArgumentException("a subvolume starts with SUBVOL or SNAPSHOT, not " + start.type());
    }

    /** Whether {@code start} begins the subvolume this token is for (same snapshot, same parent). */
    public boolean sameSubvolume(Command start) {
        ResumeToken other = of(start, version, index, digest);
        return other.uuid.equals(uuid) && other.ctransid == ctransid && other.parent.equals(parent);
    }

    /** Whether the two tokens name the same subvolume and stream version, wherever they are. */
    public boolean sameStream(ResumeToken other) {
        return uuid.equals(other.uuid) && ctransid == other.ctransid && parent.equals(other.parent) && version == other.version;
    }

    public ResumeToken at(long newIndex, long newDigest) {
        return new ResumeToken(uuid, ctransid, parent, version, newIndex, newDigest);
    }

    public String format() {
        return PREFIX + uuid + ":" + Long.toUnsignedString(ctransid) + ":"
                + parent.map(p -> p.uuid() + ":" + Long.toUnsignedString(p.ctransid())).orElse("-:-") + ":"
                + version + ":" + index + ":" + HexFormat.of().toHexDigits(digest);
    }

    @Override
    public String toString() {
        return format();
    }

    /** Parses {@link #format()}; the exception names the field that is wrong. */
    public static ResumeToken parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a ferry resume token (expected it to start with " + PREFIX + "): " + text);
        }
        String[] f = text.substring(PREFIX.length()).split(":", -1);
        if (f.length != 7) {
            throw new IllegalArgumentException("resume token " + text + ": expected 7 fields after " + PREFIX
                    + " (uuid, ctransid, parent uuid, parent ctransid, version, index, digest), found " + f.length);
        }
        UUID uuid = uuid(text, "uuid", f[0]);
        long ctransid = number(text, "ctransid", f[1]);
        Optional<Parent> parent;
        if (f[2].equals("-") && f[3].equals("-")) {
            parent = Optional.empty();
        } else {
            parent = Optional.of(new Parent(uuid(text, "parent uuid", f[2]), number(text, "parent ctransid", f[3])));
        }
        long version = number(text, "version", f[4]);
        if (!StreamHeader.isSupported(version)) {
            throw new IllegalArgumentException("resume token " + text + ": unsupported stream version " + f[4]);
        }
        long index = number(text, "index", f[5]);
        if (index < 1) {
            throw new IllegalArgumentException("resume token " + text + ": index must be at least 1, not " + index);
        }
        if (f[6].length() != 16) {
            throw new IllegalArgumentException("resume token " + text + ": digest must be 16 hex digits, not '" + f[6] + "'");
        }
        long digest;
        try {
            digest = HexFormat.fromHexDigitsToLong(f[6]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resume token " + text + ": digest is not hex: '" + f[6] + "'");
        }
        return new ResumeToken(uuid, ctransid, parent, (int) version, index, digest);
    }

    private static UUID uuid(String text, String field, String value) {
        try {
            if (value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resume token " + text + ": " + field + " is not a uuid: '" + value + "'");
        }
    }

    private static long number(String text, String field, String value) {
        try {
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("resume token " + text + ": " + field + " is not a number: '" + value + "'");
        }
    }
}
