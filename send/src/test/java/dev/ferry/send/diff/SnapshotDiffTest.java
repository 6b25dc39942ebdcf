package dev.ferry.send.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.tree.TreeState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ferry diff on one kind of change at a time, read in the text form; the corpus
 * ({@link DiffCorpusTest}) covers the namespace traps.
 */
@ExtendWith(LoopBtrfsExtension.class)
class SnapshotDiffTest {

    @Test
    void addedDeletedAndModifiedFilesAndTheirDirectory(LoopBtrfs fs) throws Exception {
        assertDiff(fs, "mkdir d; echo a > d/keep; echo b > d/gone; echo c > data",
                "echo more >> data; rm d/gone; echo new > d/new",
                "M\t/\td\tsize,mtime,ctime",
                "-\tF\td/gone",
                "+\tF\td/new",
                "M\tF\tdata\tdata,size,mtime,ctime");
    }

    @Test
    void metadataChangesSayWhatChanged(LoopBtrfs fs) throws Exception {
        assertDiff(fs, "touch f g h x; setfattr -n user.b -v old x; setfattr -n user.c -v same x",
                "chmod 600 f; chown 1:2 g; touch -m -d @1000000000 h; setfattr -n user.a -v 1 x; setfattr -x user.b x",
                "M\tF\tf\tmode,ctime",
                "M\tF\tg\tuid,gid,ctime",
                "M\tF\th\tmtime,ctime",
                "M\tF\tx\tctime,+xattr=user.a,-xattr=user.b");
    }

    @Test
    void aMovedFileIsOneRenameAndARenamedDirectoryHidesItsContents(LoopBtrfs fs) throws Exception {
        assertDiff(fs, "mkdir a b dir1; echo x > a/f; echo y > dir1/inside",
                "mv a/f b/g; mv dir1 dir2",
                "M\t/\t.\tmtime,ctime",
                "M\t/\ta\tsize,mtime,ctime",
                "R\tF\ta/f -> b/g",
                "M\t/\tb\tsize,mtime,ctime",
                "R\t/\tdir1 -> dir2");
    }

    @Test
    void hardLinksAddedAndRemoved(LoopBtrfs fs) throws Exception {
        assertDiff(fs, "echo x > f; ln f g; echo y > p; ln p q",
                "ln f h; rm q",
                "M\t/\t.\tmtime,ctime",
                "+\tF\th\tlink",
                "-\tF\tq\tlink");
    }

    @Test
    void aDirectoryReplacedByAFileIsDeletedWithItsContentsAndAdded(LoopBtrfs fs) throws Exception {
        assertDiff(fs, "mkdir x; echo in > x/inner; echo same > f",
                "rm -r x; echo now-a-file > x; rm f; echo same > f",
                "M\t/\t.\tmtime,ctime",
                "-\tF\tf",
                "+\tF\tf",
                "-\t/\tx",
                "+\tF\tx",
                "-\tF\tx/inner");
    }

    @Test
    void oddNamesAreEscapedInText(LoopBtrfs fs) throws Exception {
        assertDiff(fs, "mkdir d",
                "printf x > \"d/a b\"; printf y > \"$(printf 'd/tab\\there\\377')\"",
                "M\t/\td\tsize,mtime,ctime",
                "+\tF\td/a\\ b",
                "+\tF\td/tab\\there\\377");
    }

    @Test
    void nothingChangedIsAnEmptyDiff(LoopBtrfs fs) throws Exception {
        assertDiff(fs, "echo x > f", "true");
    }

    @Test
    void unrelatedSnapshotsAreComparedInFullAndSaySo(LoopBtrfs fs) throws Exception {
        Subvolumes.create(fs.path("one"));
        Subvolumes.create(fs.path("two"));
        Shell.sh("cd " + fs.mountPoint() + " && set -e\n"
                + "for v in one two; do mkdir $v/d; for i in 1 2 3; do echo $i > $v/d/f$i; done; done\n"
                + "echo changed > two/d/f2; rm two/d/f3; touch -r one/d two/d\n"
                + "btrfs -q subvolume snapshot -r one s1; btrfs -q subvolume snapshot -r two s2\n");
        List<String> notices = new ArrayList<>();
        SnapshotDiff diff = SnapshotDiff.between(fs.path("s1"), fs.path("s2"), notices::add);
        assertFalse(diff.lineage().isProven());
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains("comparing both trees in full"), notices.get(0));
        // Unrelated trees share no inode generations, so everything is a new inode; still a faithful account.
        TreeComparisonOracle.assertAgrees(diff, TreeState.capture(fs.path("s1")), TreeState.capture(fs.path("s2")));
    }

    private static void assertDiff(LoopBtrfs fs, String setUp, String change, String... expected) throws Exception {
        Path vol = fs.path("vol");
        Subvolumes.create(vol);
        Shell.sh("cd " + vol + " && set -e\n" + setUp);
        Shell.run("btrfs", "-q", "subvolume", "snapshot", "-r", vol.toString(), fs.path("s1").toString());
        Shell.sh("cd " + vol + " && set -e\n" + change);
        Shell.run("btrfs", "-q", "subvolume", "snapshot", "-r", vol.toString(), fs.path("s2").toString());
        List<String> notices = new ArrayList<>();
        SnapshotDiff diff = SnapshotDiff.between(fs.path("s1"), fs.path("s2"), notices::add);
        assertEquals(List.of(), notices);
        assertEquals(String.join("\n", expected), text(diff).strip());
        TreeComparisonOracle.assertAgrees(diff, TreeState.capture(fs.path("s1")), TreeState.capture(fs.path("s2")));
    }

    private static String text(SnapshotDiff diff) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TextDiffWriter(out).writeAll(diff);
        return out.toString(StandardCharsets.US_ASCII);
    }
}
