package dev.ferry.btrfs.testing.scenario;

import static dev.ferry.btrfs.testing.scenario.Volume.randomBytes;

import java.util.List;

/** File contents: writes, truncation, holes, preallocation, inline and large files, reflinks. */
final class DataScenarios {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;

    private DataScenarios() {
    }

    static List<Scenario> all() {
        return List.of(fileLifecycle(), truncateShrinkGrow(), sparseFiles(), punchedHoles(), prealloc(),
                inlineFiles(), largeFilePartialOverwrite(), emptyFiles(), sameContentRewritten(),
                reflinkWithinSnapshot(), reflinkFromParent());
    }

    static Scenario fileLifecycle() {
        return Scenario.named("file-lifecycle")
                .step("create files", v -> {
                    v.writeRandom("a", 300 * KIB, 1);
                    v.writeRandom("b", 7000, 2);
                    v.mkdirs("d");
                    v.writeRandom("d/c", 200 * KIB + 17, 3);
                })
                .step("append, overwrite, delete", v -> {
                    v.append("a", randomBytes(100 * KIB + 3, 4));
                    v.writeRandom("b", 7000, 5);
                    v.delete("d/c");
                    v.writeRandom("d/new", 64 * KIB, 6);
                })
                .step("append again, overwrite the head", v -> {
                    v.append("a", randomBytes(5, 7));
                    v.writeAt("d/new", 0, randomBytes(4097, 8));
                })
                .build();
    }

    static Scenario truncateShrinkGrow() {
        return Scenario.named("truncate-shrink-grow")
                .step("create", v -> {
                    v.writeRandom("t", MIB, 10);
                    v.writeRandom("u", 100 * KIB, 11);
                })
                .step("shrink to an odd size, grow the other", v -> {
                    v.truncate("t", 1000);
                    v.truncate("u", 3 * MIB);
                })
                .step("grow past the old size, shrink to zero", v -> {
                    v.truncate("t", 2 * MIB + 5);
                    v.truncate("u", 0);
                })
                .step("write past EOF and shrink into the data", v -> {
                    v.writeAt("u", 5 * MIB, randomBytes(100, 12));
                    v.truncate("t", 4096);
                })
                .build();
    }

    static Scenario sparseFiles() {
        return Scenario.named("sparse-files")
                .step("data at both ends of a 20 MiB file", v -> {
                    v.writeRandom("sparse", 64 * KIB, 20);
                    v.writeAt("sparse", 10 * MIB, randomBytes(64 * KIB, 21));
                    v.truncate("sparse", 20 * MIB);
                    v.write("all-hole", new byte[0]);
                    v.truncate("all-hole", 8 * MIB);
                })
                .step("write into the hole", v -> {
                    v.writeAt("sparse", 5 * MIB + 123, randomBytes(10_000, 22));
                    v.writeAt("all-hole", 4 * MIB, randomBytes(4096, 23));
                })
                .step("extend with a sparse tail", v -> {
                    v.truncate("sparse", 40 * MIB);
                    v.writeAt("sparse", 30 * MIB, randomBytes(1, 24));
                })
                .build();
    }

    static Scenario punchedHoles() {
        return Scenario.named("punched-holes")
                .step("4 MiB of data", v -> {
                    v.writeRandom("p", 4 * MIB, 30);
                    v.writeRandom("q", 512 * KIB, 31);
                })
                .step("punch in the middle", v -> v.punchHole("p", MIB, MIB))
                .step("punch head and tail, unaligned", v -> {
                    v.punchHole("p", 0, 64 * KIB + 100);
                    v.punchHole("p", 4 * MIB - 8192, 8192);
                    v.punchHole("q", 0, 512 * KIB);
                })
                .step("fill part of a hole again", v -> v.writeAt("p", MIB + 4096, randomBytes(8192, 32)))
                .build();
    }

    static Scenario prealloc() {
        return Scenario.named("prealloc")
                .step("preallocated file, file with space beyond EOF", v -> {
                    v.fallocate("pre", 0, 4 * MIB, false);
                    v.writeRandom("beyond", 100 * KIB, 40);
                    v.fallocate("beyond", 100 * KIB, 2 * MIB, true);
                })
                .step("write into the preallocation", v -> {
                    v.writeAt("pre", MIB, randomBytes(256 * KIB, 41));
                    v.writeAt("beyond", 100 * KIB, randomBytes(50 * KIB, 42));
                })
                .step("truncate into preallocated space, preallocate a range inside", v -> {
                    v.truncate("beyond", MIB);
                    v.writeRandom("mixed", MIB, 43);
                    v.punchHole("mixed", 256 * KIB, 256 * KIB);
                    v.fallocate("mixed", 256 * KIB, 128 * KIB, false);
                })
                .build();
    }

    static Scenario inlineFiles() {
        return Scenario.named("inline-files")
                .step("tiny files", v -> {
                    v.write("one", "x");
                    v.writeRandom("small", 2000, 50);
                    v.writeRandom("edge", 4095, 51);
                })
                .step("grow past inline, overwrite inline", v -> {
                    v.append("small", randomBytes(5000, 52));
                    v.writeAt("one", 0, new byte[] {'y'});
                    v.writeRandom("edge", 3000, 53);
                })
                .step("shrink back to inline size", v -> {
                    v.truncate("small", 100);
                    v.writeRandom("one", 10, 54);
                })
                .build();
    }

    static Scenario largeFilePartialOverwrite() {
        return Scenario.named("large-file")
                .step("32 MiB of data", v -> v.writeRandom("big", 32 * MIB, 60))
                .step("overwrite 64 KiB in the middle", v -> v.overwriteRandom("big", 16 * MIB, 64 * KIB, 61))
                .step("unaligned overwrite across blocks, append", v -> {
                    v.overwriteRandom("big", 8 * MIB - 1000, 10_000, 62);
                    v.append("big", randomBytes(MIB + 1, 63));
                })
                .build();
    }

    static Scenario emptyFiles() {
        return Scenario.named("empty-files")
                .step("empty files and directories", v -> {
                    v.write("e1", new byte[0]);
                    v.write("e2", new byte[0]);
                    v.mkdirs("empty/dir");
                    v.writeRandom("full", 9000, 70);
                })
                .step("fill one, empty another", v -> {
                    v.writeRandom("e1", 100, 71);
                    v.truncate("full", 0);
                })
                .step("empty again, new empty in the empty dir", v -> {
                    v.truncate("e1", 0);
                    v.write("empty/dir/e3", new byte[0]);
                })
                .build();
    }

    static Scenario sameContentRewritten() {
        return Scenario.named("same-content-rewritten")
                .step("create", v -> {
                    v.writeRandom("f", 200 * KIB, 80);
                    v.writeRandom("g", 100, 81);
                })
                .step("rewrite with identical bytes", v -> {
                    v.writeRandom("f", 200 * KIB, 80);
                    v.writeRandom("g", 100, 81);
                })
                .step("rewrite one block with identical bytes", v -> v.overwriteRandom("f", 0, 4096, 80))
                .build();
    }

    static Scenario reflinkWithinSnapshot() {
        return Scenario.named("reflink-within")
                .step("file and its reflinked copy", v -> {
                    v.writeRandom("orig", 2 * MIB, 90);
                    v.reflink("orig", "copy");
                })
                .step("change part of the copy, reflink into a new dir", v -> {
                    v.overwriteRandom("copy", 512 * KIB, 4096, 91);
                    v.mkdirs("dir");
                    v.reflink("orig", "dir/copy2");
                })
                .step("delete the original", v -> v.delete("orig"))
                .build();
    }

    static Scenario reflinkFromParent() {
        return Scenario.named("reflink-from-parent")
                .step("source file", v -> v.writeRandom("src", MIB, 100))
                .step("reflink from the previous snapshot, then change the source", v -> {
                    v.reflink(v.lastSnapshot().resolve("src"), "from-s1");
                    v.overwriteRandom("src", 0, 128 * KIB, 101);
                })
                .step("reflink both versions again", v -> {
                    v.reflink(v.lastSnapshot().resolve("src"), "from-s2");
                    v.reflink(v.lastSnapshot().resolve("from-s1"), "from-s2-copy");
                })
                .build();
    }
}
