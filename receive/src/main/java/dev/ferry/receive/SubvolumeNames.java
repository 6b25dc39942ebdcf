package dev.ferry.receive;

import dev.ferry.btrfs.Beneath;
import dev.ferry.btrfs.UnsafePathException;
import dev.ferry.stream.ByteString;
import java.nio.charset.StandardCharsets;

/** The names a receive gives subvolumes: the stream's name, checked, and the temporary name it is filled under. */
final class SubvolumeNames {
    /** Marks a subvolume being received; a leftover of an interrupted receive is recognised by it. */
    static final String PARTIAL_PREFIX = ".ferry-partial.";
    /** Names the resume record kept beside a partial subvolume. */
    static final String RESUME_PREFIX = ".ferry-resume.";
    private static final int NAME_MAX = 255;

    private SubvolumeNames() {
    }

    /** {@code name} as bytes if it is one safe path component (not empty, ".", "..", no '/', no NUL). */
    static byte[] checked(ByteString name) throws UnsafePathException {
        byte[] bytes = name.toByteArray();
        if (name.indexOf((byte) '/', 0) >= 0) {
            throw new UnsafePathException("refusing subvolume name \"" + name + "\": it must be a single path component");
        }
        if (bytes.length == 0) {
            throw new UnsafePathException("refusing an empty subvolume name");
        }
        Beneath.checkPath(bytes);
        return bytes;
    }

    /** The temporary name for {@code name}: {@value #PARTIAL_PREFIX} + name. */
    static byte[] partial(byte[] name) throws UnsafePathException {
        byte[] prefix = PARTIAL_PREFIX.getBytes(StandardCharsets.US_ASCII);
        if (prefix.length + name.length > NAME_MAX) {
            throw new UnsafePathException("subvolume name is too long to be received under a temporary name ("
                    + name.length + " bytes, at most " + (NAME_MAX - prefix.length) + ")");
        }
        byte[] out = new byte[prefix.length + name.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(name, 0, out, prefix.length, name.length);
        return out;
    }

    /** Where the resume record of a partial {@code name} is kept, beside it: {@value #RESUME_PREFIX} + name. */
    static byte[] resumeRecord(byte[] name) throws UnsafePathException {
        partial(name); // the same length check; the record's prefix is one byte shorter
        byte[] prefix = RESUME_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + name.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(name, 0, out, prefix.length, name.length);
        return out;
    }

    static String display(byte[] name) {
        return ByteString.of(name).toString();
    }
}
