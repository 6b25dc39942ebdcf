package dev.ferry.btrfs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A freshly made filesystem on a loop device, mounted in its own temp directory: a sparse image
 * ({@code truncate}), {@code mkfs}, {@code losetup}, {@code mount}. {@link #close()} unmounts,
 * detaches the loop device and deletes the image, and is safe to call after a partial set-up.
 *
 * <p>Normally obtained as a test parameter through {@link LoopBtrfsExtension}; {@link #create}
 * serves benchmarks and tools that manage the lifetime themselves.
 */
public final class LoopBtrfs implements AutoCloseable {
    private final Path dir;
    private final Path image;
    private final Path mountPoint;
    private final String type;
    private String loopDevice;
    private boolean mounted;

    private LoopBtrfs(Path dir, String type) {
        this.dir = dir;
        this.image = dir.resolve("fs.img");
        this.mountPoint = dir.resolve("mnt");
        this.type = type;
    }

    /** Makes and mounts a btrfs of {@code sizeMiB} MiB. */
    public static LoopBtrfs create(long sizeMiB) throws IOException {
        return create(sizeMiB, "btrfs", "");
    }

    /** Makes and mounts a filesystem of {@code type}; on any failure, undoes what it did. */
    public static LoopBtrfs create(long sizeMiB, String type, String mountOptions) throws IOException {
        LoopBtrfs fs = new LoopBtrfs(Files.createTempDirectory("ferry-" + type + "-"), type);
        try {
            fs.setUp(sizeMiB, mountOptions);
            return fs;
        } catch (RuntimeException | IOException e) {
            try {
                fs.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void setUp(long sizeMiB, String mountOptions) throws IOException {
        Files.createDirectory(mountPoint);
        Shell.run("truncate", "-s", sizeMiB + "M", image.toString());
        switch (type) {
            case "btrfs" -> Shell.run("mkfs.btrfs", "-q", "-f", image.toString());
            case "ext4" -> Shell.run("mkfs.ext4", "-q", "-F", image.toString());
            case "xfs" -> Shell.run("mkfs.xfs", "-q", "-f", image.toString());
            default -> throw new IllegalArgumentException("unsupported filesystem type " + type);
        }
        loopDevice = Shell.run("losetup", "--find", "--show", image.toString()).strip();
        List<String> mount = new ArrayList<>(List.of("mount", "-t", type));
        if (!mountOptions.isEmpty()) {
            mount.addAll(List.of("-o", mountOptions));
        }
        mount.addAll(List.of(loopDevice, mountPoint.toString()));
        Shell.run(mount.toArray(String[]::new));
        mounted = true;
    }

    /** Where the filesystem is mounted. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** {@code mountPoint().resolve(other)}. */
    public Path path(String other) {
        return mountPoint.resolve(other);
    }

    /** A directory beside the mount point, on the host filesystem, for scratch files of the test. */
    public Path scratch() throws IOException {
        return Files.createDirectories(dir.resolve("scratch"));
    }

    public Path image() {
        return image;
    }

    public String loopDevice() {
        return loopDevice;
    }

    public String type() {
        return type;
    }

    /** Unmounts, detaches the loop device and removes the temp directory. Idempotent. */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        if (mounted) {
            unmount(problems);
        }
        if (loopDevice != null) {
            Shell.Result r = Shell.exec("losetup", "-d", loopDevice);
            // A detached device (autoclear, or already gone) is fine; anything else is a leak.
            if (r.exitCode() != 0 && !Shell.exec("losetup", "-j", image.toString()).out().isBlank()) {
                problems.add("losetup -d " + loopDevice + ": " + r.stderr().strip());
            }
            loopDevice = null;
        }
        if (!mounted) {
            deleteTree(dir, problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cleaning up " + dir + ": " + String.join("; ", problems));
        }
    }

    private void unmount(List<String> problems) {
        Shell.exec("sync", "-f", mountPoint.toString());
        for (int attempt = 0; attempt < 20; attempt++) {
            Shell.Result r = Shell.exec("umount", mountPoint.toString());
            if (r.exitCode() == 0 || !isMounted()) {
                mounted = false;
                return;
            }
            sleep(250);
        }
        // Something still holds the mount: detach it lazily so the kernel frees it when the holder goes.
        Shell.Result lazy = Shell.exec("umount", "-l", mountPoint.toString());
        if (lazy.exitCode() == 0) {
            mounted = false;
            problems.add(mountPoint + " was busy and had to be unmounted lazily");
        } else {
            problems.add("umount " + mountPoint + ": " + lazy.stderr().strip());
        }
    }

    private boolean isMounted() {
        return Shell.exec("mountpoint", "-q", mountPoint.toString()).exitCode() == 0;
    }

    private static void deleteTree(Path root, List<String> problems) {
        Shell.Result r = Shell.exec("rm", "-rf", "--one-file-system", root.toString());
        if (r.exitCode() != 0) {
            problems.add("rm -rf " + root + ": " + r.stderr().strip());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while unmounting", e));
        }
    }

    @Override
    public String toString() {
        return type + " on " + loopDevice + " at " + mountPoint;
    }
}
