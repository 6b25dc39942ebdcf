package dev.ferry.btrfs.testing.scenario;

import java.util.List;

/** Renames, swaps, cycles, type changes under one name, deletion and recreation, inode reuse, depth. */
final class NamespaceScenarios {
    private NamespaceScenarios() {
    }

    static List<Scenario> all() {
        return List.of(renameFiles(), renameDirectories(), swapFiles(), swapDirectories(), parentChildInversion(),
                threeWayRotation(), directoryReplacedByFile(), deleteAndRecreateTree(), inodeReuse(), deepNesting(),
                moveIntoNewRenamedDirectory(), childTakesParentsPlace(), shiftedNames(), orphanLookalikeNames());
    }

    private static void populate(Volume v, String dir, int files, long seed) throws Exception {
        v.mkdirs(dir);
        for (int i = 0; i < files; i++) {
            v.writeRandom(dir + "/f" + i, 100 + i, seed + i);
        }
    }

    static Scenario renameFiles() {
        return Scenario.named("rename-files")
                .step("files in two dirs", v -> {
                    populate(v, "a", 3, 500);
                    populate(v, "b", 3, 510);
                })
                .step("rename within a dir, across dirs, over an existing file", v -> {
                    v.rename("a/f0", "a/renamed");
                    v.rename("a/f1", "b/from-a");
                    v.rename("a/f2", "b/f0");
                })
                .step("rename back and changed", v -> {
                    v.rename("b/from-a", "a/f1");
                    v.append("a/f1", new byte[] {1});
                    v.rename("a/renamed", "top");
                })
                .build();
    }

    static Scenario renameDirectories() {
        return Scenario.named("rename-directories")
                .step("nested dirs", v -> {
                    populate(v, "x/y/z", 2, 520);
                    populate(v, "w", 1, 530);
                })
                .step("rename a dir, move one into another", v -> {
                    v.rename("x/y", "x/yy");
                    v.rename("w", "x/yy/z/w");
                })
                .step("move a deep dir to the top, the old top into it", v -> {
                    v.rename("x/yy/z", "z");
                    v.rename("x", "z/x");
                })
                .build();
    }

    static Scenario swapFiles() {
        return Scenario.named("swap-files")
                .step("a and b", v -> {
                    v.writeRandom("a", 1000, 540);
                    v.writeRandom("b", 2000, 541);
                    v.mkdirs("d");
                    v.writeRandom("d/c", 3000, 542);
                })
                .step("a and b swap names", v -> {
                    v.rename("a", "tmp");
                    v.rename("b", "a");
                    v.rename("tmp", "b");
                })
                .step("a and d/c swap across dirs", v -> {
                    v.rename("a", "tmp");
                    v.rename("d/c", "a");
                    v.rename("tmp", "d/c");
                })
                .build();
    }

    static Scenario swapDirectories() {
        return Scenario.named("swap-dirs")
                .step("two dirs with contents", v -> {
                    populate(v, "a", 2, 550);
                    populate(v, "b", 3, 560);
                })
                .step("swap a and b", v -> {
                    v.rename("a", "tmp");
                    v.rename("b", "a");
                    v.rename("tmp", "b");
                })
                .step("swap a file and a dir", v -> {
                    v.rename("a/f0", "f");
                    v.rename("b", "tmp");
                    v.rename("f", "b");
                    v.rename("tmp", "f");
                })
                .build();
    }

    static Scenario parentChildInversion() {
        return Scenario.named("parent-child-inversion")
                .step("a/b/c", v -> {
                    populate(v, "a/b", 2, 570);
                    v.writeRandom("a/in-a", 10, 575);
                })
                .step("a/b becomes b/a", v -> {
                    v.rename("a/b", "b");
                    v.rename("a", "b/a");
                })
                .step("and back, with a file moving along", v -> {
                    v.rename("b/a", "a");
                    v.rename("b", "a/b");
                    v.rename("a/in-a", "a/b/in-a");
                })
                .build();
    }

    static Scenario threeWayRotation() {
        return Scenario.named("three-way-rotation")
                .step("files a, b, c and dirs x, y, z", v -> {
                    v.writeRandom("a", 10, 580);
                    v.writeRandom("b", 20, 581);
                    v.writeRandom("c", 30, 582);
                    populate(v, "x", 1, 583);
                    populate(v, "y", 2, 584);
                    populate(v, "z", 3, 585);
                })
                .step("a→b→c→a and x→y→z→x", v -> {
                    v.rename("a", "tmp");
                    v.rename("c", "a");
                    v.rename("b", "c");
                    v.rename("tmp", "b");
                    v.rename("x", "tmp");
                    v.rename("z", "x");
                    v.rename("y", "z");
                    v.rename("tmp", "y");
                })
                .step("rotation through nesting: x into y, y into z, z to the top as x", v -> {
                    v.rename("x", "tmp");
                    v.rename("y", "tmp/y");
                    v.rename("z", "tmp/y/z");
                    v.rename("tmp", "x");
                })
                .build();
    }

    static Scenario directoryReplacedByFile() {
        return Scenario.named("dir-replaced-by-file")
                .step("a dir with contents", v -> populate(v, "x/inner", 3, 590))
                .step("the dir becomes a file of the same name", v -> {
                    v.delete("x");
                    v.writeRandom("x", 5000, 595);
                })
                .step("and a dir again, holding the old names", v -> {
                    v.delete("x");
                    populate(v, "x/inner", 2, 596);
                })
                .step("a file becomes a dir that takes the file", v -> {
                    v.rename("x/inner/f0", "keep");
                    v.delete("x");
                    v.mkdirs("x");
                    v.rename("keep", "x/inner");
                })
                .build();
    }

    static Scenario deleteAndRecreateTree() {
        return Scenario.named("delete-recreate-tree")
                .step("a tree", v -> {
                    populate(v, "t/a", 3, 600);
                    populate(v, "t/b/c", 2, 610);
                    v.symlink("t/link", "a/f0");
                })
                .step("deleted and recreated with the same names, other data", v -> {
                    v.delete("t");
                    populate(v, "t/a", 3, 620);
                    populate(v, "t/b/c", 2, 630);
                    v.symlink("t/link", "a/f1");
                })
                .step("recreated again with the same data as at first", v -> {
                    v.delete("t");
                    populate(v, "t/a", 3, 600);
                    populate(v, "t/b/c", 2, 610);
                    v.symlink("t/link", "a/f0");
                })
                .build();
    }

    /**
     * btrfs hands out one more than the highest inode number in the subvolume, but learns that number
     * only when it loads the subvolume: after a remount, freed numbers at the top come back with a
     * new generation. The sender must treat such an inode as deleted + created.
     */
    static Scenario inodeReuse() {
        return Scenario.named("inode-reuse")
                .step("files, the last ones created get the highest inode numbers", v -> {
                    populate(v, "d", 3, 640);
                    v.writeRandom("x", 100, 645);
                    v.writeRandom("y", 200, 646);
                    v.mkdirs("z");
                })
                .step("the highest inodes deleted; after a remount new entries of other types reuse their numbers", v -> {
                    v.delete("x");
                    v.delete("y");
                    v.delete("z");
                    v.remount();
                    v.mkdirs("x");
                    v.symlink("new-y", "d/f0");
                    v.writeRandom("z", 300, 647);
                })
                .step("again, reusing a number under its original name", v -> {
                    v.delete("z");
                    v.delete("new-y");
                    v.delete("x");
                    v.remount();
                    v.writeRandom("x", 100, 648);
                    v.writeRandom("y", 200, 646);
                })
                .build();
    }

    static Scenario deepNesting() {
        String deep = "d/".repeat(199) + "d";
        return Scenario.named("deep-nesting")
                .step("200 nested directories with a file at the bottom", v -> {
                    v.mkdirs(deep);
                    v.writeRandom(deep + "/bottom", 100, 650);
                })
                .step("a middle level renamed", v -> v.rename("d/".repeat(99) + "d", "d/".repeat(99) + "middle"))
                .step("the deepest half moved to the top, the rest deleted", v -> {
                    String half = "d/".repeat(99) + "middle/" + "d/".repeat(49) + "d";
                    v.rename(half, "top");
                    v.delete("d");
                })
                .build();
    }

    static Scenario moveIntoNewRenamedDirectory() {
        return Scenario.named("move-into-new-renamed-dir")
                .step("files", v -> {
                    v.writeRandom("f", 100, 660);
                    populate(v, "old", 2, 661);
                })
                .step("a file moved into a new dir which is then renamed, in one step", v -> {
                    v.mkdirs("new");
                    v.rename("f", "new/f");
                    v.rename("old/f0", "new/f0");
                    v.rename("new", "renamed");
                })
                .step("the new dir moved into the old one, which is renamed too", v -> {
                    v.rename("renamed", "old/renamed");
                    v.rename("old", "older");
                })
                .build();
    }

    static Scenario childTakesParentsPlace() {
        return Scenario.named("child-takes-parents-place")
                .step("p/c with contents", v -> {
                    populate(v, "p/c", 2, 670);
                    v.writeRandom("p/own", 10, 675);
                })
                .step("c takes p's name, p goes inside c", v -> {
                    v.rename("p/c", "c");
                    v.rename("p", "c/p");
                    v.rename("c", "p");
                })
                .step("the inner dir replaces its parent, the parent deleted", v -> {
                    v.rename("p/p", "tmp");
                    v.delete("p");
                    v.rename("tmp", "p");
                })
                .build();
    }

    static Scenario shiftedNames() {
        return Scenario.named("shifted-names")
                .step("f0..f99", v -> populate(v, "d", 100, 680))
                .step("every name shifted by one: f99→f100, …, f0→f1", v -> {
                    for (int i = 99; i >= 0; i--) {
                        v.rename("d/f" + i, "d/f" + (i + 1));
                    }
                })
                .step("shifted back the other way round (f1→f0 first)", v -> {
                    for (int i = 1; i <= 100; i++) {
                        v.rename("d/f" + i, "d/f" + (i - 1));
                    }
                })
                .build();
    }

    /** Names shaped like the orphan names btrfs send uses (o&lt;ino&gt;-&lt;gen&gt;-&lt;n&gt;) must not collide. */
    static Scenario orphanLookalikeNames() {
        return Scenario.named("orphan-lookalike-names")
                .step("files named like orphans", v -> {
                    for (int ino = 257; ino < 267; ino++) {
                        for (int gen = 5; gen < 12; gen++) {
                            v.write("o" + ino + "-" + gen + "-0", "x");
                        }
                    }
                })
                .step("new inodes and renames that need orphan names", v -> {
                    v.mkdirs("d");
                    v.writeRandom("d/new", 10, 690);
                    v.rename("o257-5-0", "tmp");
                    v.rename("o258-5-0", "o257-5-0");
                    v.rename("tmp", "o258-5-0");
                })
                .step("more lookalikes that take likely orphan names", v -> {
                    for (int ino = 267; ino < 290; ino++) {
                        for (int gen = 7; gen < 12; gen++) {
                            v.write("o" + ino + "-" + gen + "-0", "y");
                            v.write("o" + ino + "-" + gen + "-1", "y");
                        }
                    }
                    v.mkdirs("e");
                    v.writeRandom("e/new", 10, 691);
                })
                .build();
    }
}
