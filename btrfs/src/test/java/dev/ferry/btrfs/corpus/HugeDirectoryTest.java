package dev.ferry.btrfs.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.scenario.Corpus;
import dev.ferry.btrfs.testing.scenario.Destination;
import dev.ferry.btrfs.testing.scenario.Scenario;
import dev.ferry.btrfs.testing.scenario.ScenarioHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The 20,000-entry directory with 1% changed per step, through the oracle (protocol 2 only: it is the slow one). */
@ExtendWith(LoopBtrfsExtension.class)
class HugeDirectoryTest {

    @Test
    void hugeDirectoryThroughTheOracle(@LoopFs(sizeMiB = 2048) LoopBtrfs source, @LoopFs(sizeMiB = 2048) LoopBtrfs destination)
            throws Exception {
        ScenarioHarness harness = ScenarioHarness.of(source, Destination.of(destination));
        for (Scenario big : Corpus.big()) {
            ScenarioHarness.Report report = harness.run(big, 2);
            assertTrue(report.entriesCompared() >= 3 * 20_000, report.toString());
        }
    }
}
