import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic dataset for the send/receive benchmarks (single-file program, JDK only):
 *
 * <pre>
 *   java bench/GenerateDataset.java create DIR [FILES [TOTAL_MIB [SEED]]]
 *   java bench/GenerateDataset.java change DIR [PERCENT [SEED]]
 * </pre>
 *
 * {@code create} writes FILES files (default 30000) of TOTAL_MIB MiB in all (default 1536) into
 * DIR: 100 directories two levels deep, sizes drawn from a long-tailed spread (most files a few
 * KiB, a few of many MiB), contents random (incompressible), all from SEED (default 1). The same
 * arguments give the same tree, byte for byte.
 *
 * <p>{@code change} changes about PERCENT % (default 1) of the files in place, deterministically:
 * overwrites a block in the middle, appends, truncates, renames into another directory, deletes,
 * and adds new files, in equal parts.
 */
public final class GenerateDataset {
    private static final int DIRS = 100;

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: GenerateDataset create DIR [FILES [TOTAL_MIB [SEED]]] | change DIR [PERCENT [SEED]]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "create" -> create(dir, intArg(args, 2, 30_000), intArg(args, 3, 1536), intArg(args, 4, 1));
            case "change" -> change(dir, intArg(args, 2, 1), intArg(args, 3, 2));
            default -> {
                System.err.println("unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    private static int intArg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    private static Path fileName(Path root, int i) {
        return root.resolve("d" + (i % DIRS) / 10).resolve("e" + i % DIRS).resolve("f" + i + ".bin");
    }

    static void create(Path root, int files, long totalMiB, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        // Long-tailed weights: size ~ exp(uniform), then scaled so the total is exactly TOTAL_MIB.
        double[] weights = new double[files];
        double sum = 0;
        for (int i = 0; i < files; i++) {
            weights[i] = Math.exp(random.nextDouble() * 9); // 1 .. ~8100
            sum += weights[i];
        }
        long total = totalMiB << 20;
        long written = 0;
        byte[] buffer = new byte[1 << 20];
        for (int i = 0; i < files; i++) {
            long size = i == files - 1 ? Math.max(0, total - written) : (long) (total * weights[i] / sum);
            Path file = fileName(root, i);
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                for (long left = size; left > 0; ) {
                    int n = (int) Math.min(left, buffer.length);
                    random.nextBytes(buffer);
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
            written += size;
        }
    }

    static void change(Path root, int percent, long seed) throws IOException {
        List<Path> all = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).sorted().forEach(all::add);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int count = Math.max(6, all.size() * percent / 100);
        byte[] block = new byte[64 << 10];
        for (int k = 0; k < count; k++) {
            Path file = all.get(random.nextInt(all.size()));
            if (!Files.exists(file)) {
                continue;
            }
            random.nextBytes(block);
            switch (k % 6) {
                case 0 -> { // overwrite in the middle
                    try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
                        ch.position(ch.size() / 2).write(java.nio.ByteBuffer.wrap(block, 0, 4096));
                    }
                }
                case 1 -> Files.write(file, block, StandardOpenOption.APPEND);
                case 2 -> {
                    try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
                        ch.truncate(ch.size() / 3);
                    }
                }
                case 3 -> Files.move(file, root.resolve("d0").resolve("e0").resolve("moved-" + k + ".bin"));
                case 4 -> Files.delete(file);
                default -> Files.write(file.resolveSibling("new-" + k + ".bin"), block);
            }
        }
    }
}
