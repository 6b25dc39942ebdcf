package dev.ferry.btrfs.corpus;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.scenario.Corpus;
import dev.ferry.btrfs.testing.scenario.Destination;
import dev.ferry.btrfs.testing.scenario.Scenario;
import dev.ferry.btrfs.testing.scenario.ScenarioHarness;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every scenario of the corpus through the oracle, {@code btrfs send | btrfs receive}, with send
 * protocols 1 and 2: the received trees must equal the source snapshots. This validates the
 * corpus and the tree comparison before ferry's own sender and receiver are judged by them.
 */
@ExtendWith(LoopBtrfsExtension.class)
class OracleCorpusTest {

    @TestFactory
    Stream<DynamicTest> protocol1(@LoopFs(sizeMiB = 4096) LoopBtrfs source, @LoopFs(sizeMiB = 4096) LoopBtrfs destination) {
        return everyScenario(source, destination, 1);
    }

    @TestFactory
    Stream<DynamicTest> protocol2(@LoopFs(sizeMiB = 4096) LoopBtrfs source, @LoopFs(sizeMiB = 4096) LoopBtrfs destination) {
        return everyScenario(source, destination, 2);
    }

    private static Stream<DynamicTest> everyScenario(LoopBtrfs source, LoopBtrfs destination, int protocol) {
        ScenarioHarness harness = ScenarioHarness.of(source, Destination.of(destination));
        return Corpus.standard().stream().map((Scenario s) ->
                DynamicTest.dynamicTest(s.name() + " v" + protocol, () -> harness.run(s, protocol)));
    }
}
