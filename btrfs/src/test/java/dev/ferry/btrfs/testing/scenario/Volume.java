package dev.ferry.btrfs.testing.scenario;

import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.tree.NativeFiles;
import dev.ferry.btrfs.testing.tree.RawPaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The live subvolume a scenario mutates, with the operations steps are written in. Relative
 * names are UTF-8 text or raw bytes and never go through the JVM's file-name encoding, so names
 * with newlines, invalid UTF-8 or 255 bytes work under any locale. Operations that need a
 * program (fallocate, setfacl, setcap, cp --reflink) run in the subvolume with relative ASCII
 * names.
 */
public final class Volume {
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private final Path root;
    private final Optional<Path> lastSnapshot;
    private final Runnable remount;

    /**
     * @param root         the subvolume
     * @param lastSnapshot the snapshot taken after the previous step, if any
     * @param remount      unmounts and mounts the source filesystem again
     */
    public Volume(Path root, Optional<Path> lastSnapshot, Runnable remount) {
        this.root = root;
        this.lastSnapshot = lastSnapshot;
        this.remount = remount;
    }

    public Path root() {
        return root;
    }

    public Path path(String relative) {
        return RawPaths.resolve(root, relative);
    }

    public Path path(byte[] relative) {
        return RawPaths.resolve(root, relative);
    }

    /** Deterministic pseudo-random bytes. */
    public static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long value = random.nextLong();
            for (int j = i; j < Math.min(size, i + 8); j++) {
                data[j] = (byte) value;
                value >>>= 8;
            }
        }
        return data;
    }

    // ---- directories and regular files

    public Path mkdirs(String relative) throws IOException {
        return Files.createDirectories(path(relative));
    }

    public void write(String relative, String text) throws IOException {
        write(path(relative), text.getBytes(StandardCharsets.UTF_8));
    }

    public void write(String relative, byte[] data) throws IOException {
        write(path(relative), data);
    }

    public static void write(Path file, byte[] data) throws IOException {
        Files.write(file, data);
    }

    /** Creates or replaces {@code relative} with {@code size} seeded pseudo-random bytes. */
    public void writeRandom(String relative, long size, long seed) throws IOException {
        try (FileChannel ch = FileChannel.open(path(relative), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            writeRandomAt(ch, 0, size, seed);
        }
    }

    /** Overwrites (or extends) {@code size} bytes at {@code offset} of an existing file with seeded data. */
    public void overwriteRandom(String relative, long offset, long size, long seed) throws IOException {
        try (FileChannel ch = FileChannel.open(path(relative), StandardOpenOption.WRITE)) {
            writeRandomAt(ch, offset, size, seed);
        }
    }

    private static void writeRandomAt(FileChannel ch, long offset, long size, long seed) throws IOException {
        final int chunk = 1 << 20;
        for (long done = 0; done < size; done += chunk) {
            int n = (int) Math.min(chunk, size - done);
            ch.write(java.nio.ByteBuffer.wrap(randomBytes(n, seed + done)), offset + done);
        }
    }

    /** Writes {@code data} at {@code offset} of an existing file, leaving the rest as it is. */
    public void writeAt(String relative, long offset, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(path(relative), StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(data), offset);
        }
    }

    public void append(String relative, byte[] data) throws IOException {
        Files.write(path(relative), data, StandardOpenOption.APPEND);
    }

    /** Sets the size, shrinking or growing (with a hole) as truncate(2) does. */
    public void truncate(String relative, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(path(relative), StandardOpenOption.WRITE)) {
            if (size < ch.size()) {
                ch.truncate(size);
            } else if (size > ch.size()) {
                // FileChannel cannot grow a file without writing; the truncate program can.
                run("truncate", "-s", Long.toString(size), relative);
            }
        }
    }

    /** Preallocates ({@code fallocate -l}); {@code keepSize} (-n) allows unwritten space beyond EOF. */
    public void fallocate(String relative, long offset, long length, boolean keepSize) {
        List<String> cmd = new ArrayList<>(List.of("fallocate", "-o", Long.toString(offset), "-l", Long.toString(length)));
        if (keepSize) {
            cmd.add("-n");
        }
        cmd.add(relative);
        run(cmd.toArray(String[]::new));
    }

    /** Punches a hole, keeping the size ({@code fallocate -p}). */
    public void punchHole(String relative, long offset, long length) {
        run("fallocate", "-p", "-o", Long.toString(offset), "-l", Long.toString(length), relative);
    }

    /** A reflinked copy; {@code from} may lie in another subvolume of the same filesystem. */
    public void reflink(Path from, String to) {
        run("cp", "--reflink=always", from.toString(), to);
    }

    public void reflink(String from, String to) {
        reflink(path(from), to);
    }

    /** The read-only snapshot taken after the previous step. */
    public Path lastSnapshot() {
        return lastSnapshot.orElseThrow(() -> new IllegalStateException("the first step has no previous snapshot"));
    }

    // ---- names

    public void symlink(String relative, String target) throws IOException {
        symlink(relative, target.getBytes(StandardCharsets.UTF_8));
    }

    /** A symlink whose target is exactly {@code target} (relative or absolute; need not exist). */
    public void symlink(String relative, byte[] target) throws IOException {
        NativeFiles.symlink(target, path(relative));
    }

    public void link(String existing, String newName) throws IOException {
        Files.createLink(path(newName), path(existing));
    }

    /** rename(2): replaces an existing file, or an empty directory if {@code from} is one. */
    public void rename(String from, String to) throws IOException {
        rename(path(from), path(to));
    }

    public static void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes a file, or a directory with everything in it, never following symlinks. */
    public void delete(String relative) throws IOException {
        delete(path(relative));
    }

    public static void delete(Path target) throws IOException {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(target);
            return;
        }
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    // ---- special files

    public void mkfifo(String relative, int permissions) throws IOException {
        NativeFiles.mknod(path(relative), S_IFIFO | permissions, 0, 0);
    }

    public void mksock(String relative, int permissions) throws IOException {
        NativeFiles.mknod(path(relative), S_IFSOCK | permissions, 0, 0);
    }

    public void mkchar(String relative, int permissions, long major, long minor) throws IOException {
        NativeFiles.mknod(path(relative), S_IFCHR | permissions, major, minor);
    }

    public void mkblock(String relative, int permissions, long major, long minor) throws IOException {
        NativeFiles.mknod(path(relative), S_IFBLK | permissions, major, minor);
    }

    // ---- metadata

    /** chmod with all 12 bits (setuid 04000, setgid 02000, sticky 01000); follows symlinks. */
    public void chmod(String relative, int mode) throws IOException {
        Files.setAttribute(path(relative), "unix:mode", mode);
    }

    /** lchown: on a symlink changes the link itself. Clears setuid/setgid on files, as the kernel does. */
    public void chown(String relative, int uid, int gid) throws IOException {
        NativeFiles.lchown(path(relative), uid, gid);
    }

    /** Sets mtime and atime (nanoseconds kept) without following symlinks. */
    public void setTimes(String relative, Instant mtime, Instant atime) throws IOException {
        NativeFiles.setTimes(path(relative), mtime, atime);
    }

    public void setXattr(String relative, String name, byte[] value) throws IOException {
        NativeFiles.setXattr(path(relative), name, value);
    }

    public void setXattr(String relative, String name, String value) throws IOException {
        setXattr(relative, name, value.getBytes(StandardCharsets.UTF_8));
    }

    public void removeXattr(String relative, String name) throws IOException {
        NativeFiles.removeXattr(path(relative), name);
    }

    /** {@code setfacl ARGS... relative}, e.g. {@code setfacl("d", "-d", "-m", "u:1000:rwx")}. */
    public void setfacl(String relative, String... args) {
        List<String> cmd = new ArrayList<>(List.of("setfacl"));
        cmd.addAll(List.of(args));
        cmd.add(relative);
        run(cmd.toArray(String[]::new));
    }

    /** {@code setcap CAPS relative}, e.g. "cap_net_raw+ep"; writes security.capability. */
    public void setcap(String relative, String caps) {
        run("setcap", caps, relative);
    }

    // ---- the rest

    /** Runs a shell snippet in the subvolume's root. */
    public void sh(String script) {
        run("sh", "-c", script);
    }

    /** Unmounts and mounts the source filesystem again, e.g. so btrfs reloads its highest inode number. */
    public void remount() {
        remount.run();
    }

    private void run(String... command) {
        Shell.exec(root, null, command).check();
    }
}
