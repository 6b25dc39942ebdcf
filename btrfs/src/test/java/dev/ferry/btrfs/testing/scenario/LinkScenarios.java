package dev.ferry.btrfs.testing.scenario;

import java.util.List;

/** Hard links and symlinks. */
final class LinkScenarios {
    private LinkScenarios() {
    }

    static List<Scenario> all() {
        return List.of(hardLinksAddRemove(), hardLinksAcrossDirectories(), lastLinkRemoved(), renameOverHardLink(),
                symlinkKinds(), symlinkLongTarget(), symlinkReplacedByFile(), hardLinkNameBecomesDirectory());
    }

    static Scenario hardLinksAddRemove() {
        return Scenario.named("hardlinks-add-remove")
                .step("a file with a second link", v -> {
                    v.writeRandom("f", 10_000, 200);
                    v.link("f", "g");
                })
                .step("third link, original name removed", v -> {
                    v.link("f", "h");
                    v.delete("f");
                })
                .step("data changed through one link, a link added under the old name", v -> {
                    v.overwriteRandom("g", 0, 100, 201);
                    v.link("h", "f");
                })
                .build();
    }

    static Scenario hardLinksAcrossDirectories() {
        return Scenario.named("hardlinks-across-dirs")
                .step("links in three directories", v -> {
                    v.mkdirs("a");
                    v.mkdirs("b/c");
                    v.writeRandom("a/f", 5000, 210);
                    v.link("a/f", "b/f");
                    v.link("a/f", "b/c/other-name");
                })
                .step("rename the directories holding links", v -> {
                    v.rename("b", "b2");
                    v.rename("a", "b2/c/a");
                })
                .step("move a link up, drop another", v -> {
                    v.rename("b2/c/other-name", "top");
                    v.delete("b2/f");
                })
                .build();
    }

    static Scenario lastLinkRemoved() {
        return Scenario.named("last-link-removed")
                .step("three links", v -> {
                    v.mkdirs("d");
                    v.writeRandom("x", 3000, 220);
                    v.link("x", "d/y");
                    v.link("x", "d/z");
                })
                .step("two links removed", v -> {
                    v.delete("x");
                    v.delete("d/y");
                })
                .step("the last link removed, a new file under an old name", v -> {
                    v.delete("d/z");
                    v.writeRandom("x", 3000, 221);
                })
                .build();
    }

    static Scenario renameOverHardLink() {
        return Scenario.named("rename-over-hardlink")
                .step("two links and another file", v -> {
                    v.writeRandom("a", 1000, 230);
                    v.link("a", "b");
                    v.writeRandom("c", 1000, 231);
                })
                .step("rename a link over the other link of the same inode (a no-op)", v -> v.rename("a", "b"))
                .step("rename another file over the remaining link", v -> {
                    v.link("b", "keep");
                    v.rename("c", "b");
                })
                .build();
    }

    static Scenario symlinkKinds() {
        return Scenario.named("symlink-kinds")
                .step("relative, absolute, dangling, to a directory, to itself", v -> {
                    v.mkdirs("dir");
                    v.writeRandom("dir/file", 100, 240);
                    v.symlink("rel", "dir/file");
                    v.symlink("abs", "/etc/hostname");
                    v.symlink("dangling", "no/such/thing");
                    v.symlink("to-dir", "dir");
                    v.symlink("self", "self");
                    v.symlink("dir/up", "../dir/./file");
                })
                .step("retarget by replacing, rename a symlink", v -> {
                    v.delete("rel");
                    v.symlink("rel", "dir/../dir/file");
                    v.rename("dangling", "dir/dangling");
                })
                .step("remove the target, replace a symlink to a dir by one to a file", v -> {
                    v.delete("dir/file");
                    v.delete("to-dir");
                    v.symlink("to-dir", "abs");
                })
                .build();
    }

    static Scenario symlinkLongTarget() {
        String long1 = "x/".repeat(1999) + "end"; // 4001 bytes
        String long2 = "/" + "y".repeat(254) + "/" + "z".repeat(3000);
        return Scenario.named("symlink-long-target")
                .step("4001-byte target", v -> v.symlink("long", long1))
                .step("another long target, absolute", v -> {
                    v.delete("long");
                    v.symlink("long", long2);
                    v.symlink("long2", long1);
                })
                .step("long target renamed into a dir", v -> {
                    v.mkdirs("d");
                    v.rename("long2", "d/long2");
                })
                .build();
    }

    static Scenario symlinkReplacedByFile() {
        return Scenario.named("symlink-replaced-by-file")
                .step("symlinks", v -> {
                    v.writeRandom("target", 100, 250);
                    v.symlink("s", "target");
                    v.symlink("t", "target");
                })
                .step("a symlink replaced by a file, a file by a symlink", v -> {
                    v.delete("s");
                    v.writeRandom("s", 200, 251);
                    v.delete("target");
                    v.symlink("target", "s");
                })
                .step("a symlink replaced by a directory, and back", v -> {
                    v.delete("t");
                    v.mkdirs("t/inside");
                    v.delete("s");
                    v.symlink("s", "t/inside");
                })
                .build();
    }

    static Scenario hardLinkNameBecomesDirectory() {
        return Scenario.named("hardlink-name-becomes-dir")
                .step("two links", v -> {
                    v.writeRandom("a", 500, 260);
                    v.link("a", "b");
                })
                .step("one link's name becomes a directory", v -> {
                    v.delete("b");
                    v.mkdirs("b");
                    v.link("a", "b/a");
                })
                .step("the directory becomes a link again", v -> {
                    v.delete("b");
                    v.link("a", "b");
                })
                .build();
    }
}
