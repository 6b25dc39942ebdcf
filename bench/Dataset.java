import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A deterministic benchmark dataset: a tree of directories and files of log-normal sizes, and a
 * deterministic ~1% mutation of it. The same arguments always give the same tree, byte for byte
 * (times aside), so benchmarks of send, receive and rsync are comparable across runs and machines.
 *
 * <pre>
 *   java bench/Dataset.java create DIR [--seed N] [--scale F] [--size-scale F]
 *   java bench/Dataset.java mutate DIR [--seed N] [--fraction F]
 * </pre>
 *
 * <b>create</b> fills DIR (created if missing, must be empty) with, at --scale 1 (the default),
 * 30,000 files in 2,000 directories, about 1.5 GiB:
 * <ul>
 * <li>directories nest up to 4 deep, each under a random earlier one;</li>
 * <li>8 files of 64 MiB; the others log-normal around a median of 10 KiB (sigma 1.6, at most
 * 16 MiB); about 2% are empty;</li>
 * <li>data comes in 128 KiB chunks, about half random (incompressible) and half text-like
 * (compresses about 3x with zstd), taken from two pools at random offsets;</li>
 * <li>--scale multiplies the counts (files, directories, 64 MiB files) and keeps the per-file
 * distribution: --scale 10 is 300,000 files, about 15 GiB; --size-scale multiplies every size.</li>
 * </ul>
 * <b>mutate</b> changes about --fraction (default 0.01) of the files of DIR, chosen from the
 * sorted listing with --seed (use another seed for each round): a third get a range overwritten
 * (up to 256 KiB), a sixth get appended to (up to 64 KiB), a sixth are moved to another directory
 * under a new name, a sixth are deleted, a sixth change mode; and as many new files as a tenth of
 * the fraction appear, half of them in a few new directories.
 *
 * <p>Files are written with 1 MiB writes straight from the pools; nothing is fsynced. Prints a
 * one-line summary on stderr.
 */
public final class Dataset {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final int CHUNK = 128 * KIB;
    private static final int POOL_SIZE = 96 * MIB;
    private static final int MAX_DEPTH = 4;
    private static final long HUGE_FILE = 64L * MIB;
    private static final double MEDIAN = 10 * KIB;
    private static final double SIGMA = 1.6;
    private static final long MAX_ORDINARY = 16L * MIB;

    private final Pools pools;
    private final SplittableRandom random;
    private long bytesWritten;

    private Dataset(long seed) {
        this.random = new SplittableRandom(seed);
        this.pools = new Pools(seed);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !(args[0].equals("create") || args[0].equals("mutate"))) {
            System.err.println("usage: java bench/Dataset.java create DIR [--seed N] [--scale F] [--size-scale F]\n"
                    + "       java bench/Dataset.java mutate DIR [--seed N] [--fraction F]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        long seed = Long.parseLong(option(args, "--seed", args[0].equals("create") ? "1" : "2"));
        long start = System.nanoTime();
        Dataset dataset = new Dataset(seed);
        String summary = args[0].equals("create")
                ? dataset.create(dir, Double.parseDouble(option(args, "--scale", "1")),
                        Double.parseDouble(option(args, "--size-scale", "1")))
                : dataset.mutate(dir, Double.parseDouble(option(args, "--fraction", "0.01")));
        System.err.printf("dataset %s: %s, %.1f MiB written in %.1f s%n", args[0], summary,
                dataset.bytesWritten / (double) MIB, (System.nanoTime() - start) / 1e9);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 2; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    // ---- create

    private String create(Path root, double scale, double sizeScale) throws IOException {
        Files.createDirectories(root);
        try (Stream<Path> existing = Files.list(root)) {
            if (existing.findAny().isPresent()) {
                throw new IllegalArgumentException(root + " is not empty");
            }
        }
        int dirCount = (int) Math.round(2000 * scale);
        int fileCount = (int) Math.round(30000 * scale);
        int hugeCount = (int) Math.round(8 * scale);
        List<Path> dirs = makeDirectories(root, dirCount);
        for (int i = 0; i < fileCount; i++) {
            Path dir = dirs.get(random.nextInt(dirs.size()));
            long size = i < hugeCount ? HUGE_FILE : ordinarySize();
            writeNew(dir.resolve(String.format("f%06d.dat", i)), Math.round(size * sizeScale));
        }
        return fileCount + " files in " + dirCount + " directories";
    }

    private List<Path> makeDirectories(Path root, int count) throws IOException {
        List<Path> dirs = new ArrayList<>(List.of(root));
        List<Integer> depth = new ArrayList<>(List.of(0));
        while (dirs.size() <= count) {
            int parent = random.nextInt(dirs.size());
            if (depth.get(parent) == MAX_DEPTH) {
                continue;
            }
            Path dir = dirs.get(parent).resolve(String.format("d%05d", dirs.size()));
            Files.createDirectory(dir);
            dirs.add(dir);
            depth.add(depth.get(parent) + 1);
        }
        return dirs;
    }

    /** Log-normal, capped; about 2% of files are empty. */
    private long ordinarySize() {
        if (random.nextInt(50) == 0) {
            return 0;
        }
        double gaussian = gaussian();
        return Math.min(MAX_ORDINARY, Math.round(MEDIAN * Math.exp(SIGMA * gaussian)));
    }

    /** A standard normal variate (Box-Muller), from our own seeded generator. */
    private double gaussian() {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    // ---- mutate

    private String mutate(Path root, double fraction) throws IOException {
        List<Path> files = listFiles(root);
        List<Path> dirs = listDirectories(root);
        int changes = Math.max(1, (int) Math.round(files.size() * fraction));
        int overwritten = 0, appended = 0, moved = 0, deleted = 0, chmodded = 0;
        List<Path> chosen = choose(files, changes);
        for (int i = 0; i < chosen.size(); i++) {
            Path file = chosen.get(i);
            switch (i % 6) {
                case 0, 1 -> {
                    overwriteRange(file);
                    overwritten++;
                }
                case 2 -> {
                    append(file);
                    appended++;
                }
                case 3 -> {
                    Path dir = dirs.get(random.nextInt(dirs.size()));
                    Files.move(file, dir.resolve(String.format("moved-%d-%s", random.nextInt(1_000_000), file.getFileName())));
                    moved++;
                }
                case 4 -> {
                    Files.delete(file);
                    deleted++;
                }
                default -> {
                    Files.setPosixFilePermissions(file, random.nextBoolean() ? READ_ONLY : GROUP_WRITABLE);
                    chmodded++;
                }
            }
        }
        int created = addNewFiles(root, dirs, Math.max(1, changes / 10));
        return String.format("%d of %d files: %d overwritten, %d appended, %d moved, %d deleted, %d chmod, %d new",
                changes, files.size(), overwritten, appended, moved, deleted, chmodded, created);
    }

    private static final Set<PosixFilePermission> READ_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    private static final Set<PosixFilePermission> GROUP_WRITABLE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE);

    /** {@code n} distinct files, in a seeded order (partial Fisher-Yates over the sorted listing). */
    private List<Path> choose(List<Path> files, int n) {
        List<Path> pool = new ArrayList<>(files);
        List<Path> chosen = new ArrayList<>();
        for (int i = 0; i < n && i < pool.size(); i++) {
            int j = i + random.nextInt(pool.size() - i);
            Path swap = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, swap);
            chosen.add(pool.get(i));
        }
        return chosen;
    }

    private void overwriteRange(Path file) throws IOException {
        long size = Files.size(file);
        long length = Math.min(size, 1 + random.nextInt(256 * KIB));
        long offset = size - length == 0 ? 0 : random.nextLong(size - length + 1);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            write(ch, offset, length);
        }
    }

    private void append(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            write(ch, ch.size(), 1 + random.nextInt(64 * KIB));
        }
    }

    private int addNewFiles(Path root, List<Path> dirs, int count) throws IOException {
        List<Path> newDirs = new ArrayList<>();
        for (int i = 0; i < Math.max(1, count / 20); i++) {
            Path parent = dirs.get(random.nextInt(dirs.size()));
            newDirs.add(Files.createDirectory(parent.resolve(String.format("new-d%d", random.nextInt(1_000_000)))));
        }
        for (int i = 0; i < count; i++) {
            List<Path> where = i % 2 == 0 ? newDirs : dirs;
            Path dir = where.get(random.nextInt(where.size()));
            writeNew(dir.resolve(String.format("new-f%d.dat", random.nextInt(1_000_000))), ordinarySize());
        }
        return count;
    }

    private static List<Path> listFiles(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    private static List<Path> listDirectories(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
    }

    // ---- writing

    private void writeNew(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            write(ch, 0, size);
        }
    }

    /** Writes {@code length} bytes at {@code offset}, chunk by chunk from the pools, in writes of up to 1 MiB. */
    private void write(FileChannel ch, long offset, long length) throws IOException {
        long position = offset;
        long left = length;
        while (left > 0) {
            int n = (int) Math.min(left, MIB);
            ByteBuffer data = pools.slice(random, n);
            while (data.hasRemaining()) {
                position += ch.write(data, position);
            }
            left -= n;
        }
        bytesWritten += length;
    }

    /**
     * Two pools of bytes: random, and text-like (words drawn at random from a small vocabulary).
     * A slice of up to 1 MiB is assembled from 128 KiB chunks, each from either pool at a random
     * offset, so data is about half compressible and never one long repetition.
     */
    private static final class Pools {
        private final byte[] incompressible = new byte[POOL_SIZE];
        private final byte[] compressible = new byte[POOL_SIZE];
        private final byte[] slice = new byte[MIB];

        Pools(long seed) {
            SplittableRandom r = new SplittableRandom(seed ^ 0x5eedL);
            ByteBuffer fill = ByteBuffer.wrap(incompressible);
            while (fill.remaining() >= 8) {
                fill.putLong(r.nextLong());
            }
            String[] words = vocabulary(r);
            int at = 0;
            while (at < POOL_SIZE) {
                byte[] word = words[r.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII);
                int n = Math.min(word.length, POOL_SIZE - at);
                System.arraycopy(word, 0, compressible, at, n);
                at += n;
            }
        }

        private static String[] vocabulary(SplittableRandom r) {
            String[] words = new String[4096];
            for (int i = 0; i < words.length; i++) {
                StringBuilder w = new StringBuilder();
                int len = 2 + r.nextInt(9);
                for (int j = 0; j < len; j++) {
                    w.append((char) ('a' + r.nextInt(26)));
                }
                words[i] = w.append(r.nextInt(8) == 0 ? "\n" : " ").toString();
            }
            return words;
        }

        ByteBuffer slice(SplittableRandom random, int length) {
            for (int at = 0; at < length; at += CHUNK) {
                int n = Math.min(CHUNK, length - at);
                byte[] pool = random.nextBoolean() ? incompressible : compressible;
                System.arraycopy(pool, random.nextInt(POOL_SIZE - CHUNK), slice, at, n);
            }
            return ByteBuffer.wrap(slice, 0, length);
        }
    }
}
