package dev.ferry.btrfs.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * File names as the kernel sees them: byte strings. Checks for single path components and a
 * readable rendering for error messages.
 */
public final class Names {
    /** NAME_MAX, and BTRFS_NAME_LEN: no directory entry on Linux file systems is longer. */
    public static final int MAX_NAME_BYTES = 255;

    private static final byte SLASH = '/';

    private Names() {
    }

    /** Why {@code name} is not a usable single directory-entry name, or null when it is. */
    public static String problemWithComponent(byte[] name) {
        if (name.length == 0) {
            return "empty name";
        }
        if (isDot(name) || isDotDot(name)) {
            return "\"" + display(name) + "\" is not a name";
        }
        if (name.length > MAX_NAME_BYTES) {
            return "name longer than " + MAX_NAME_BYTES + " bytes (" + name.length + ")";
        }
        for (byte b : name) {
            if (b == SLASH) {
                return "'/' in a name";
            }
            if (b == 0) {
                return "NUL byte in a name";
            }
        }
        return null;
    }

    /** {@code name} if it is a single component, else IllegalArgumentException saying why. */
    public static byte[] requireComponent(byte[] name) {
        String problem = problemWithComponent(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem + ": \"" + display(name) + "\"");
        }
        return name;
    }

    public static boolean isDot(byte[] name) {
        return name.length == 1 && name[0] == '.';
    }

    public static boolean isDotDot(byte[] name) {
        return name.length == 2 && name[0] == '.' && name[1] == '.';
    }

    public static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** The name for messages: UTF-8 where it decodes, {@code \xNN} for other bytes and control characters. */
    public static String display(byte[] name) {
        if (isPrintableAscii(name)) {
            return new String(name, StandardCharsets.US_ASCII); // the common case, and what the rest would return
        }
        String decoded = new String(name, StandardCharsets.UTF_8);
        if (Arrays.equals(decoded.getBytes(StandardCharsets.UTF_8), name) && decoded.chars().noneMatch(c -> c < 0x20)) {
            return decoded;
        }
        StringBuilder out = new StringBuilder();
        for (byte b : name) {
            int u = b & 0xFF;
            if (u >= 0x20 && u < 0x7F && u != '\\') {
                out.append((char) u);
            } else {
                out.append(String.format("\\x%02x", u));
            }
        }
        return out.toString();
    }

    private static boolean isPrintableAscii(byte[] name) {
        for (byte b : name) {
            if (b < 0x20) { // bytes are signed: this also catches everything from 0x80 up
                return false;
            }
        }
        return true;
    }

    /** "dir/name" for messages. */
    public static String join(String dir, byte[] name) {
        String shown = display(name);
        if (dir == null || dir.isEmpty()) {
            return shown;
        }
        return dir.endsWith("/") ? dir + shown : dir + "/" + shown;
    }
}
