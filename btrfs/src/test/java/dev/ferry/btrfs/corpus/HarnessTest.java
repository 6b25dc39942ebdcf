package dev.ferry.btrfs.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.scenario.BtrfsSendReceive;
import dev.ferry.btrfs.testing.scenario.Corpus;
import dev.ferry.btrfs.testing.scenario.Destination;
import dev.ferry.btrfs.testing.scenario.Scenario;
import dev.ferry.btrfs.testing.scenario.ScenarioHarness;
import dev.ferry.btrfs.testing.tree.ComparisonOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** The harness itself: its checks can fail, its fixtures live long enough, its corpus holds what it claims. */
@ExtendWith(LoopBtrfsExtension.class)
class HarnessTest {

    @Test
    void corpusHasAtLeastFortyDistinctScenariosOfThreeSnapshots() {
        List<Scenario> corpus = Corpus.standard();
        assertTrue(corpus.size() >= 40, "only " + corpus.size() + " scenarios");
        assertEquals(corpus.size(), corpus.stream().map(Scenario::name).distinct().count(), "duplicate names");
        corpus.forEach(s -> assertTrue(s.steps().size() >= 3, s.name() + " has fewer than 3 steps"));
    }

    /** The extension closes method parameters in afterEach of the factory: after its dynamic tests ran. */
    @TestFactory
    Stream<DynamicTest> factoryParametersOutliveTheDynamicTests(LoopBtrfs fs) {
        return Stream.of("first", "second").map(name -> DynamicTest.dynamicTest(name, () ->
                assertEquals(0, Shell.exec("mountpoint", "-q", fs.mountPoint().toString()).exitCode(), "unmounted already")));
    }

    /** A transfer that loses changes must be caught, and the message must say where. */
    @Test
    void aLossyTransferFails(LoopBtrfs source, LoopBtrfs destination) {
        BtrfsSendReceive reference = new BtrfsSendReceive();
        ScenarioHarness lossy = ScenarioHarness.of(source, Destination.of(destination)).withTransfer(request ->
                request.parent().isPresent()
                        ? request.destination().resolve(request.parent().get().getFileName()) // "forgets" the increment
                        : reference.transfer(request));
        AssertionError failure = assertThrows(AssertionError.class, () -> lossy.run(Corpus.named("file-lifecycle"), 2));
        assertTrue(failure.getMessage().contains("file-lifecycle v2 step 2"), failure.getMessage());
        assertTrue(failure.getMessage().contains("a: content"), failure.getMessage());
    }

    /**
     * The inode-reuse scenario must really reuse inode numbers with new generations, or it tests
     * nothing. A recording transfer (any Transfer may wrap another) notes each snapshot's inodes.
     */
    @Test
    void inodeReuseScenarioReusesNumbersWithNewGenerations(LoopBtrfs source, LoopBtrfs destination) throws Exception {
        List<Map<Long, Long>> generationsByInode = new ArrayList<>();
        BtrfsSendReceive reference = new BtrfsSendReceive();
        ScenarioHarness.of(source, Destination.of(destination)).withTransfer(request -> {
            generationsByInode.add(generations(request.snapshot()));
            return reference.transfer(request);
        }).run(Corpus.named("inode-reuse"), 2);
        for (int i = 1; i < generationsByInode.size(); i++) {
            Set<Long> reused = new HashSet<>();
            for (Map<Long, Long> before : generationsByInode.subList(0, i)) {
                generationsByInode.get(i).forEach((ino, gen) -> {
                    if (before.containsKey(ino) && !before.get(ino).equals(gen)) {
                        reused.add(ino);
                    }
                });
            }
            assertTrue(reused.size() >= 2, "snapshot " + (i + 1) + " reused no inode numbers: " + generationsByInode);
        }
    }

    /** Inode number → generation (FS_IOC_GETVERSION, as lsattr -v shows it) of the root's non-symlink entries. */
    private static Map<Long, Long> generations(Path snapshot) {
        Map<Long, Long> result = new HashMap<>();
        String out = Shell.run("sh", "-c", "cd \"$1\" && for f in *; do [ -L \"$f\" ] && continue; printf '%s ' \"$(stat -c %i \"$f\")\"; lsattr -vd \"$f\"; done",
                "sh", snapshot.toString());
        for (String line : out.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            result.put(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
        }
        return result;
    }

    /**
     * Each tolerance of {@link ComparisonOptions#btrfsReceive} answers a real shortcoming of btrfs
     * send/receive: compared strictly, the oracle fails on exactly the scenario that shows it.
     * Should a kernel or progs fix one, this test says so.
     */
    @Test
    void everyOracleToleranceIsNeeded(@LoopFs(sizeMiB = 2048) LoopBtrfs source, @LoopFs(sizeMiB = 2048) LoopBtrfs destination)
            throws Exception {
        ScenarioHarness harness = ScenarioHarness.of(source, Destination.of(destination));
        assertStrictFailure(harness.withComparison(v -> ComparisonOptions.btrfsReceive(v).withDataLayout(ComparisonOptions.DataLayout.EXACT)),
                "punched-holes", 1, "data_layout");
        assertStrictFailure(harness.withComparison(v -> ComparisonOptions.btrfsReceive(v).withRootMtimeMayBeLater(false)),
                "file-lifecycle", 2, ".: mtime");
        assertStrictFailure(harness.withComparison(v -> ComparisonOptions.btrfsReceive(v).withSetIdMayBeLost(false)),
                "chown-clears-setid", 2, "chown-then-chmod: permissions expected 6755 but was 0755");
    }

    private static void assertStrictFailure(ScenarioHarness harness, String scenario, int protocol, String expected) {
        AssertionError failure = assertThrows(AssertionError.class, () -> harness.run(Corpus.named(scenario), protocol));
        assertTrue(failure.getMessage().contains(expected), failure.getMessage());
        assertNotEquals(-1, failure.getMessage().indexOf("1 differences"), failure.getMessage());
    }
}
