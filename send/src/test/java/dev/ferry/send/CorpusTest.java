package dev.ferry.send;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.scenario.Corpus;
import dev.ferry.btrfs.testing.scenario.Destination;
import dev.ferry.btrfs.testing.scenario.Scenario;
import dev.ferry.btrfs.testing.scenario.ScenarioHarness;
import dev.ferry.btrfs.testing.tree.ComparisonOptions;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every scenario of the corpus (chains of snapshots: full send, then incrementals) through
 * {@code ferry send | btrfs receive}, protocols 1 and 2. The received trees must equal the
 * source snapshots strictly (ferry restores the root's times and re-sends modes after chown, which
 * the kernel does not); only v1 may turn a punched hole into written zeros, as it has no way to
 * punch one.
 */
@ExtendWith(LoopBtrfsExtension.class)
class CorpusTest {

    @TestFactory
    Stream<DynamicTest> protocol1(@LoopFs(sizeMiB = 4096) LoopBtrfs source, @LoopFs(sizeMiB = 4096) LoopBtrfs destination) {
        return everyScenario(source, destination, 1);
    }

    @TestFactory
    Stream<DynamicTest> protocol2(@LoopFs(sizeMiB = 4096) LoopBtrfs source, @LoopFs(sizeMiB = 4096) LoopBtrfs destination) {
        return everyScenario(source, destination, 2);
    }

    /** The same with every source extent compressed where btrfs finds it worth it. */
    @TestFactory
    Stream<DynamicTest> protocol2OnACompressingSource(@LoopFs(sizeMiB = 4096, mountOptions = "compress-force=zstd") LoopBtrfs source,
                                                      @LoopFs(sizeMiB = 4096) LoopBtrfs destination) {
        return everyScenario(source, destination, 2);
    }

    /** The 20,000-entry directory. */
    @TestFactory
    Stream<DynamicTest> bigScenarios(@LoopFs(sizeMiB = 4096) LoopBtrfs source, @LoopFs(sizeMiB = 4096) LoopBtrfs destination) {
        return Corpus.big().stream().map((Scenario s) ->
                DynamicTest.dynamicTest(s.name() + " v1", () -> harness(source, destination).run(s, 1)));
    }

    private static ScenarioHarness harness(LoopBtrfs source, LoopBtrfs destination) {
        return ScenarioHarness.of(source, Destination.of(destination))
                .withTransfer(new FerrySendBtrfsReceive())
                .withComparison(v -> v == 1
                        ? ComparisonOptions.STRICT.withDataLayout(ComparisonOptions.DataLayout.HOLES_MAY_HOLD_ZEROES)
                        : ComparisonOptions.STRICT);
    }

    private static Stream<DynamicTest> everyScenario(LoopBtrfs source, LoopBtrfs destination, int protocol) {
        ScenarioHarness harness = harness(source, destination);
        return Corpus.standard().stream().map((Scenario s) ->
                DynamicTest.dynamicTest(s.name() + " v" + protocol, () -> harness.run(s, protocol)));
    }
}
