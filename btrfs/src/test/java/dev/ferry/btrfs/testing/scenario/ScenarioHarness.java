package dev.ferry.btrfs.testing.scenario;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.tree.ComparisonOptions;
import dev.ferry.btrfs.testing.tree.TreeComparison;
import dev.ferry.btrfs.testing.tree.TreeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Runs a {@link Scenario} through a {@link Transfer} and checks every received snapshot.
 *
 * <p>For scenario S and protocol N it makes the subvolume {@code S-vN/vol} on the source, and for
 * each step: applies it, snapshots {@code S-vN/s<i>} read-only, transfers that snapshot (full for
 * the first, incremental from the previous snapshot after that) into {@code S-vN/} on the
 * destination, and compares the received tree with the source snapshot. On btrfs it also checks
 * that the received subvolume is read-only and carries the snapshot's uuid as received_uuid.
 * Several runs may share the same source and destination filesystems.
 */
public final class ScenarioHarness {
    private final LoopBtrfs source;
    private final Destination destination;
    private final Transfer transfer;
    private final IntFunction<ComparisonOptions> optionsForProtocol;

    private ScenarioHarness(LoopBtrfs source, Destination destination, Transfer transfer,
                            IntFunction<ComparisonOptions> optionsForProtocol) {
        this.source = source;
        this.destination = destination;
        this.transfer = transfer;
        this.optionsForProtocol = optionsForProtocol;
    }

    /**
     * A harness with the reference transfer and the tolerances it needs
     * ({@link ComparisonOptions#btrfsReceive}). A transfer that should do better than btrfs receive
     * asks for {@code withComparison(v -> ComparisonOptions.STRICT)}.
     */
    public static ScenarioHarness of(LoopBtrfs source, Destination destination) {
        return new ScenarioHarness(source, destination, new BtrfsSendReceive(), ComparisonOptions::btrfsReceive);
    }

    /** The same harness moving snapshots with {@code other}. */
    public ScenarioHarness withTransfer(Transfer other) {
        return new ScenarioHarness(source, destination, other, optionsForProtocol);
    }

    /** The same harness comparing with {@code options} for each protocol version. */
    public ScenarioHarness withComparison(IntFunction<ComparisonOptions> options) {
        return new ScenarioHarness(source, destination, transfer, options);
    }

    /** What a run did. */
    public record Report(Scenario scenario, int protocolVersion, int snapshots, long entriesCompared) {
    }

    /** Runs the scenario; throws an AssertionError naming the scenario, step and protocol on a mismatch. */
    public Report run(Scenario scenario, int protocolVersion) throws Exception {
        String id = scenario.name() + "-v" + protocolVersion;
        Path work = Files.createDirectory(source.path(id));
        Path received = Files.createDirectory(destination.root().resolve(id));
        Path vol = work.resolve("vol");
        Subvolumes.create(vol);
        Optional<Path> parent = Optional.empty();
        long entries = 0;
        int index = 0;
        for (Step step : scenario.steps()) {
            index++;
            String where = scenario.name() + " v" + protocolVersion + " step " + index + " (" + step + ")";
            try {
                step.action().apply(new Volume(vol, parent, this::remountSource));
            } catch (Exception | AssertionError e) {
                throw new IllegalStateException(where + ": the step itself failed: " + e, e);
            }
            Path snapshot = work.resolve("s" + index);
            Subvolumes.snapshotReadOnly(vol, snapshot);
            Path tree = transfer.transfer(new Transfer.Request(snapshot, parent, received, protocolVersion));
            entries += check(where, snapshot, tree, protocolVersion);
            parent = Optional.of(snapshot);
        }
        return new Report(scenario, protocolVersion, index, entries);
    }

    private int check(String where, Path snapshot, Path tree, int protocolVersion) throws Exception {
        TreeState expected = TreeState.capture(snapshot);
        TreeState actual = TreeState.capture(tree);
        var differences = TreeComparison.differences(expected, actual, optionsForProtocol.apply(protocolVersion));
        if (!differences.isEmpty()) {
            throw new AssertionError(where + " via " + transfer + ": "
                    + TreeComparison.describe(expected, actual, differences));
        }
        if (destination.isBtrfs()) {
            if (!Subvolumes.isReadOnly(tree)) {
                throw new AssertionError(where + ": received subvolume " + tree + " is not read-only");
            }
            String uuid = Subvolumes.uuid(snapshot);
            Optional<String> receivedUuid = Subvolumes.receivedUuid(tree);
            if (!receivedUuid.equals(Optional.of(uuid))) {
                throw new AssertionError(where + ": received_uuid of " + tree + " is " + receivedUuid.orElse("unset")
                        + ", expected the source snapshot's uuid " + uuid);
            }
        }
        return expected.size();
    }

    /** umount + mount, so btrfs forgets in-memory state such as each subvolume's next inode number. */
    private void remountSource() {
        String mountPoint = source.mountPoint().toString();
        Shell.run("umount", mountPoint);
        Shell.run("mount", "-t", source.type(), source.loopDevice(), mountPoint);
    }
}
