package dev.ferry.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where jnr-ffi (through jffi) and zstd-jni unpack the native libraries they carry in the jar.
 *
 * <p>Both write their library into {@code java.io.tmpdir} and load it from there. On a host whose
 * /tmp is mounted noexec, a common hardening, that load fails: zstd-jni throws, so no zstd stream
 * could be sent or received, and jffi falls back to the working directory, writing its library
 * into whatever directory ferry was started from. So before either loads, ferry looks at the mount
 * that holds {@code java.io.tmpdir}; when it is noexec, both are pointed at {@code
 * $XDG_CACHE_HOME/ferry/native} ({@code ~/.cache/ferry/native}), as JNA does. Settings the user
 * made ({@code -Djffi.extract.dir}, {@code -DZstdTempFolder}) are left alone.
 */
final class NativeUnpackDir {
    static final String JFFI_PROPERTY = "jffi.extract.dir";
    static final String ZSTD_PROPERTY = "ZstdTempFolder";
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private NativeUnpackDir() {
    }

    /** Points the native libraries away from a noexec {@code java.io.tmpdir}; does nothing on a usual host. */
    static void prepare() {
        if (System.getProperty(JFFI_PROPERTY) != null || System.getProperty(ZSTD_PROPERTY) != null) {
            return;
        }
        try {
            List<String> mounts = Files.readAllLines(MOUNTINFO);
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
            if (!noexec(mounts, tmp)) {
                return;
            }
            Path own = cacheDir(System.getenv(), System.getProperty("user.home")).resolve("ferry/native");
            Files.createDirectories(own, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!noexec(mounts, own.toRealPath())) {
                System.setProperty(JFFI_PROPERTY, own.toString());
                System.setProperty(ZSTD_PROPERTY, own.toString());
            }
        } catch (IOException | RuntimeException e) {
            // Nothing is lost: the libraries try java.io.tmpdir, and a failure there says so.
        }
    }

    /** The directory the libraries unpack into: for a message when they could not. */
    static String current() {
        return Optional.ofNullable(System.getProperty(ZSTD_PROPERTY)).orElse(System.getProperty("java.io.tmpdir"));
    }

    /** $XDG_CACHE_HOME when it is set to an absolute path (as the XDG spec asks), else ~/.cache. */
    static Path cacheDir(Map<String, String> environment, String home) {
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Path.of(xdg);
        }
        return Path.of(home, ".cache");
    }

    /**
     * Whether {@code path} (absolute, symlinks resolved) lies on a mount that forbids executing:
     * the mount with the longest mount point above it, the later one when a path was mounted over.
     */
    static boolean noexec(List<String> mountinfo, Path path) {
        Optional<String[]> best = Optional.empty();
        int bestDepth = -1;
        for (String line : mountinfo) {
            // id parent major:minor root mount-point mount-options [optional fields] - type source super-options
            String[] fields = line.split(" ");
            if (fields.length < 6) {
                continue;
            }
            Path mountPoint = Path.of(unescape(fields[4]));
            if (path.startsWith(mountPoint) && mountPoint.getNameCount() >= bestDepth) {
                best = Optional.of(fields);
                bestDepth = mountPoint.getNameCount();
            }
        }
        return best.map(fields -> List.of(fields[5].split(",")).contains("noexec")).orElse(false);
    }

    /** The kernel writes a space, tab, newline and backslash in a mount point as a backslash and three octal digits. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
