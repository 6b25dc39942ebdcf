package dev.ferry.send;

import static dev.ferry.send.SendFixture.sh;
import static dev.ferry.send.SendFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.stream.Command;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The work of an incremental grows with the change, not with the tree: counted in inodes read and
 * compared ({@link SendReport#candidates()}), never timed.
 */
@ExtendWith(LoopBtrfsExtension.class)
class ScanCostTest {
    private static final int FILES = 6000;

    @Test
    void aSmallChangeInABigTreeReadsFewInodes(LoopBtrfs source) throws Exception {
        Path vol = source.path("vol");
        Subvolumes.create(vol);
        sh(vol, "for d in a b c; do mkdir $d; for i in $(seq 1 2000); do echo $i > $d/f$i; done; done");
        snapshot(vol, source.path("s1"));
        sh(vol, "echo changed >> b/f1000; rm c/f17; mv a/f5 a/g5");
        snapshot(vol, source.path("s2"));

        SendReport proven = report(SendRequest.incremental(source.path("s2"), source.path("s1"), 1));
        assertTrue(proven.lineage().isProven());
        // b/f1000 (its directory b is untouched by an append), c/f17 (deleted), a/g5, directories a and c:
        // the inodes whose own item was rewritten, plus the deleted one found through its directory,
        // not the thousands of unchanged neighbours in the same leaves.
        assertEquals(5, proven.changedInodes());
        assertTrue(proven.candidates() <= 10, "candidates: " + proven.candidates());
    }

    @Test
    void anUnrelatedParentCostsAFullCompareWithTheSameResult(LoopBtrfs source) throws Exception {
        Path vol = source.path("vol");
        Subvolumes.create(vol);
        sh(vol, "for d in a b c; do mkdir $d; for i in $(seq 1 2000); do echo $i > $d/f$i; done; done");
        snapshot(vol, source.path("s1"));
        Subvolumes.create(source.path("copy"));
        sh(source.mountPoint(), "cp -a --reflink=always vol/. copy/; echo changed >> copy/b/f1000");
        snapshot(source.path("copy"), source.path("s2"));

        SendReport full = report(SendRequest.incremental(source.path("s2"), source.path("s1"), 1));
        assertTrue(!full.lineage().isProven());
        assertTrue(full.candidates() >= FILES, "candidates: " + full.candidates());
    }

    private static SendReport report(SendRequest request) throws Exception {
        List<Command> ignored = new ArrayList<>();
        return SendSession.send(request, ignored::add, notice -> { });
    }
}
