package dev.ferry.btrfs;

import dev.ferry.btrfs.internal.CString;
import dev.ferry.btrfs.internal.Ioctl;
import dev.ferry.btrfs.internal.LibC;
import dev.ferry.btrfs.internal.Names;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves relative byte paths beneath a root directory fd so that nothing done with the result
 * can reach outside the root: no symlink is followed anywhere on the path, and ".." and absolute
 * paths are refused. This is what a receiver uses for every path of a send stream.
 *
 * <p>The kernel does the walk with {@code openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)} when it
 * has it (Linux 5.6+); otherwise ({@code ENOSYS}, e.g. an old kernel or a seccomp filter) each
 * component is opened in turn with {@code openat(O_NOFOLLOW | O_DIRECTORY)}. Both refuse a
 * symlink on the path with ELOOP. The last component is never followed either: it is handed back
 * as a name for the {@link Posix} *at calls, which do not follow it.
 */
public final class Beneath {
    /** How directories on the path are opened. */
    public enum Method {
        /** openat2 if the kernel has it, else {@link #WALK}. */
        AUTO,
        /** openat2 with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS only. */
        OPENAT2,
        /** One openat(O_NOFOLLOW | O_DIRECTORY) per component. */
        WALK
    }

    /**
     * A directory (open) and one name in it: the object a path denotes, not yet opened. Close it to
     * close the directory fd.
     */
    public record Entry(Fd dir, byte[] name) implements AutoCloseable {
        /** dir/name for messages. */
        public String path() {
            return Names.join(dir.path(), name);
        }

        @Override
        public void close() throws NativeException {
            dir.close();
        }
    }

    private static final int ENOSYS = 38;
    private static final int ENOTDIR = 20;
    private static final int ELOOP = 40;
    // struct open_how { u64 flags; u64 mode; u64 resolve; }
    private static final int OPEN_HOW_SIZE = 24;
    private static final long RESOLVE_NO_SYMLINKS = 0x04;
    private static final long RESOLVE_BENEATH = 0x08;
    private static final int DIRECTORY_FLAGS = LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;
    private static final byte[] DOT = CString.of(new byte[] {'.'});

    /** Whether openat2 answered ENOSYS once; then AUTO walks from then on. */
    private static volatile boolean openat2Missing;

    private final Method method;

    private Beneath(Method method) {
        this.method = method;
    }

    /** The resolver to use: openat2 where available. */
    public static Beneath resolver() {
        return new Beneath(Method.AUTO);
    }

    /** A resolver fixed to one method (tests exercise both). */
    public static Beneath using(Method method) {
        return new Beneath(method);
    }

    /**
     * The directory holding the last component of {@code path} (opened beneath {@code root}) and
     * that last name. "a/b/c" gives (root/a/b, "c"); "c" gives (a new fd on root, "c").
     */
    public Entry entry(Fd root, byte[] path) throws NativeException, UnsafePathException {
        List<byte[]> components = components(root, path);
        if (components.isEmpty()) {
            throw refused(root, path, "empty path names no entry");
        }
        byte[] name = components.get(components.size() - 1);
        Fd dir = openDirectory(root, components.subList(0, components.size() - 1));
        return new Entry(dir, name);
    }

    /** Opens the directory {@code path} beneath {@code root}; the empty path opens root itself again. */
    public Fd directory(Fd root, byte[] path) throws NativeException, UnsafePathException {
        return openDirectory(root, components(root, path));
    }

    /**
     * Checks {@code path} by the rules every resolution applies (relative; no empty, ".", ".." or
     * over-long component; no NUL byte) without touching the file system: what a dry run uses.
     */
    public static void checkPath(byte[] path) throws UnsafePathException {
        if (!plainlyValid(path)) {
            components(null, path); // throws, saying what is wrong
        }
    }

    /**
     * True when every component of {@code path} passes {@link #components}' checks, found without
     * copying them: a receive checks the path of every command. False when one may not, and
     * {@link #components} must say why.
     */
    private static boolean plainlyValid(byte[] path) {
        if (path.length == 0) {
            return true; // the root itself
        }
        if (path[0] == '/') {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= path.length; i++) {
            if (i == path.length || path[i] == '/') {
                int length = i - start;
                if (length == 0 || length > Names.MAX_NAME_BYTES
                        || path[start] == '.' && (length == 1 || length == 2 && path[start + 1] == '.')) {
                    return false;
                }
                start = i + 1;
            } else if (path[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private Fd openDirectory(Fd root, List<byte[]> components) throws NativeException {
        if (components.isEmpty()) {
            return reopen(root);
        }
        if (method == Method.WALK || method == Method.AUTO && openat2Missing) {
            return walk(root, components);
        }
        try {
            return openat2(root, components);
        } catch (Openat2Missing missing) {
            if (method == Method.OPENAT2) {
                throw missing.exception;
            }
            openat2Missing = true;
            return walk(root, components);
        }
    }

    private static Fd openat2(Fd root, List<byte[]> components) throws NativeException, Openat2Missing {
        byte[] relative = joined(components);
        ByteBuffer how = Ioctl.scratch(OPEN_HOW_SIZE); // used only by the one call below
        // Without O_NOFOLLOW: a symlink as the last directory would then be "not followed" and
        // fail as ENOTDIR; RESOLVE_NO_SYMLINKS turns every symlink, last one included, into ELOOP.
        how.putLong(0, DIRECTORY_FLAGS & ~LibC.O_NOFOLLOW);
        how.putLong(16, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS);
        long fd = LibC.INSTANCE.syscall(LibC.SYS_OPENAT2, root.raw(), CString.of(relative), how, OPEN_HOW_SIZE);
        String shown = Names.join(root.path(), relative);
        if (fd < 0) {
            int errno = LibC.errno();
            NativeException e = new NativeException("openat2", shown, errno);
            if (errno == ENOSYS) {
                throw new Openat2Missing(e);
            }
            throw e;
        }
        return Fd.adopt((int) fd, shown);
    }

    /** Component by component: each step opens one name in the previous directory, never following a symlink. */
    private static Fd walk(Fd root, List<byte[]> components) throws NativeException {
        Fd current = reopen(root);
        try {
            for (byte[] name : components) {
                Fd next = openChildDirectory(current, name);
                current.close();
                current = next;
            }
            return current;
        } catch (NativeException | RuntimeException e) {
            closeQuietly(current, e);
            throw e;
        }
    }

    private static Fd openChildDirectory(Fd dir, byte[] name) throws NativeException {
        int fd = LibC.INSTANCE.openat(dir.raw(), CString.of(name), DIRECTORY_FLAGS, 0);
        String shown = Names.join(dir.path(), name);
        if (fd >= 0) {
            return Fd.adopt(fd, shown);
        }
        int errno = LibC.errno();
        // O_NOFOLLOW|O_DIRECTORY on a symlink says ENOTDIR; say ELOOP, as openat2 does, so
        // "a symlink on the path" is one error whichever method resolved it.
        if (errno == ENOTDIR && Posix.lstatat(dir, name).isSymlink()) {
            errno = ELOOP;
        }
        throw new NativeException("openat", shown, errno);
    }

    private static Fd reopen(Fd dir) throws NativeException {
        int fd = LibC.INSTANCE.openat(dir.raw(), DOT, DIRECTORY_FLAGS, 0);
        if (fd < 0) {
            throw new NativeException("openat", dir.path(), LibC.errno());
        }
        return Fd.adopt(fd, dir.path());
    }

    /** Splits and checks {@code path}: relative, no empty, "." or ".." component, no NUL byte. */
    private static List<byte[]> components(Fd root, byte[] path) throws UnsafePathException {
        List<byte[]> components = new ArrayList<>();
        if (path.length == 0) {
            return components;
        }
        if (path[0] == '/') {
            throw refused(root, path, "absolute path");
        }
        int start = 0;
        for (int i = 0; i <= path.length; i++) {
            if (i == path.length || path[i] == '/') {
                byte[] component = Arrays.copyOfRange(path, start, i);
                if (component.length == 0) {
                    throw refused(root, path, "empty component");
                }
                String problem = Names.problemWithComponent(component);
                if (problem != null) {
                    throw refused(root, path, problem);
                }
                components.add(component);
                start = i + 1;
            }
        }
        return components;
    }

    private static UnsafePathException refused(Fd root, byte[] path, String why) {
        String beneath = root == null ? "" : " beneath " + root.path();
        return new UnsafePathException("refusing path \"" + Names.display(path) + "\"" + beneath + ": " + why);
    }

    private static byte[] joined(List<byte[]> components) {
        int length = components.size() - 1;
        for (byte[] c : components) {
            length += c.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] c : components) {
            if (at > 0) {
                out[at++] = '/';
            }
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }

    private static void closeQuietly(Fd fd, Exception primary) {
        try {
            fd.close();
        } catch (NativeException e) {
            primary.addSuppressed(e);
        }
    }

    /** openat2 is not there (ENOSYS): AUTO falls back to the walk. */
    private static final class Openat2Missing extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient NativeException exception;

        Openat2Missing(NativeException exception) {
            super(exception.getMessage(), null, false, false);
            this.exception = exception;
        }
    }
}
