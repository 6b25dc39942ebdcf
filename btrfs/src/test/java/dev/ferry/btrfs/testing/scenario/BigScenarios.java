package dev.ferry.btrfs.testing.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Scenarios too big to run casually with the rest. */
final class BigScenarios {
    static final int ENTRIES = 20_000;

    private BigScenarios() {
    }

    static List<Scenario> all() {
        return List.of(hugeDirectory());
    }

    private static String name(int i) {
        return String.format("dir/entry-%05d", i);
    }

    /** One directory of 20,000 small files; each later step changes 1% of them in different ways. */
    static Scenario hugeDirectory() {
        return Scenario.named("huge-directory")
                .step(ENTRIES + " small files in one directory", v -> {
                    Path dir = v.mkdirs("dir");
                    for (int i = 0; i < ENTRIES; i++) {
                        Files.write(dir.resolve(String.format("entry-%05d", i)), Volume.randomBytes(i % 300, i));
                    }
                })
                .step("1%: 50 rewritten, 50 renamed, 50 deleted, 50 created", v -> {
                    for (int i = 0; i < 50; i++) {
                        v.writeRandom(name(i * 400), 500, 1_000_000 + i);
                        v.rename(name(i * 400 + 1), name(i * 400 + 1) + "-renamed");
                        v.delete(name(i * 400 + 2));
                        v.writeRandom(name(ENTRIES + i), 100, 2_000_000 + i);
                    }
                })
                .step("1%: 50 chmod, 50 xattrs, 50 hard links, 50 swapped in pairs", v -> {
                    for (int i = 0; i < 50; i++) {
                        v.chmod(name(i * 400 + 3), 0600);
                        v.setXattr(name(i * 400 + 4), "user.n", Integer.toString(i));
                        v.link(name(i * 400 + 5), name(i * 400 + 5) + "-link");
                        if (i % 2 == 0) {
                            v.rename(name(i * 400 + 6), "dir/tmp");
                            v.rename(name(i * 400 + 406), name(i * 400 + 6));
                            v.rename("dir/tmp", name(i * 400 + 406));
                        }
                    }
                })
                .build();
    }
}
