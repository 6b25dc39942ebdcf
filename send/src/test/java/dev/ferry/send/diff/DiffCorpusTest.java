package dev.ferry.send.diff;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.scenario.Corpus;
import dev.ferry.btrfs.testing.scenario.Destination;
import dev.ferry.btrfs.testing.scenario.Scenario;
import dev.ferry.btrfs.testing.scenario.ScenarioHarness;
import dev.ferry.btrfs.testing.scenario.Transfer;
import dev.ferry.btrfs.testing.tree.TreeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * For every scenario of the corpus and every pair of consecutive snapshots s_i, s_i+1,
 * {@code ferry diff s_i s_i+1} tells the same story as a tree comparison of the two
 * ({@link TreeComparisonOracle}), and finds it with the change scan, not a full compare.
 *
 * <p>The scenario harness makes the snapshots; the "transfer" here diffs each snapshot against
 * its parent and hands the snapshot itself back as the received tree, so the harness's own
 * check is trivially met.
 */
@ExtendWith(LoopBtrfsExtension.class)
class DiffCorpusTest {

    @TestFactory
    Stream<DynamicTest> everyStepOfEveryScenario(@LoopFs(sizeMiB = 4096) LoopBtrfs source) throws Exception {
        Path nothingReceived = Files.createDirectory(source.path("not-received"));
        ScenarioHarness harness = ScenarioHarness.of(source, Destination.plainDirectory(nothingReceived))
                .withTransfer(new DiffAgainstParent());
        return Corpus.standard().stream().map((Scenario s) ->
                DynamicTest.dynamicTest(s.name(), () -> harness.run(s, 2)));
    }

    /** Checks the diff of each snapshot against its parent, receives nothing. */
    private static final class DiffAgainstParent implements Transfer {
        @Override
        public Path transfer(Request request) throws Exception {
            if (request.parent().isPresent()) {
                Path parent = request.parent().get();
                List<String> notices = new ArrayList<>();
                SnapshotDiff diff = SnapshotDiff.between(parent, request.snapshot(), notices::add);
                if (!notices.isEmpty() || !diff.lineage().isProven()) {
                    throw new AssertionError("a full compare between siblings: " + notices);
                }
                try {
                    TreeComparisonOracle.assertAgrees(diff, TreeState.capture(parent), TreeState.capture(request.snapshot()));
                } catch (AssertionError e) {
                    throw new AssertionError("ferry diff " + parent + " " + request.snapshot() + ": " + e.getMessage(), e);
                }
            }
            return request.snapshot();
        }

        @Override
        public String toString() {
            return "ferry diff against a tree comparison";
        }
    }
}
