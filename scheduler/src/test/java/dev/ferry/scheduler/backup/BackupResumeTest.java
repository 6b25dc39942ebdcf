package dev.ferry.scheduler.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.tree.TreeComparison;
import dev.ferry.btrfs.testing.tree.TreeState;
import dev.ferry.receive.ReceiveException;
import dev.ferry.receive.ReceiveOptions;
import dev.ferry.receive.Receiver;
import dev.ferry.retention.NamingScheme;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.target.TargetAddress;
import dev.ferry.send.SendRequest;
import dev.ferry.send.SendSession;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ferry backup onto a local btrfs target that holds an interrupted receive of the snapshot it sends. */
@ExtendWith(LoopBtrfsExtension.class)
class BackupResumeTest {
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    private static VolumeJob job(LoopBtrfs src, Path targetDir) {
        return new VolumeJob("home", src.path("home"), src.path("snapshots"), NamingScheme.ferry(), Policy.KEEP_ALL, true,
                List.of(new VolumeJob.TargetJob(new TargetAddress.LocalBtrfs(targetDir), Policy.KEEP_ALL)));
    }

    private static BackupRunner runner(Instant now) {
        return new BackupRunner(RunOptions.defaults().withClock(Clock.fixed(now, ZoneOffset.UTC))
                .withCalendar(ZoneOffset.UTC, java.time.DayOfWeek.MONDAY));
    }

    /** The stream ferry backup sends to a target with nothing in common: full, protocol {@code version}. */
    private static byte[] fullStream(Path snapshot, int version) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamWriter w = StreamWriter.open(out, WriterOptions.raw(version))) {
            SendSession.send(new SendRequest(snapshot, Optional.empty(), List.of(), version), w::write, n -> { });
        }
        return out.toByteArray();
    }

    private static void interruptedReceive(byte[] stream, Path dir) throws Exception {
        Files.createDirectories(dir);
        byte[] half = Arrays.copyOf(stream, stream.length / 2);
        assertThrows(ReceiveException.class, () -> Receiver.receive(new ByteArrayInputStream(half), dir,
                ReceiveOptions.defaults().withKeepInterrupted(true)));
    }

    private static List<String> hidden(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void resumesTheInterruptedReceiveOfTheSnapshotItSends(LoopBtrfs src, LoopBtrfs dst) throws Exception {
        Subvolumes.create(src.path("home"));
        byte[] data = new byte[3_000_000];
        new Random(1).nextBytes(data);
        Files.write(src.path("home/data"), data);
        Files.writeString(src.path("home/a.txt"), "first\n");
        VolumeReport first = runner(START).backup(job(src, dst.path("a")));
        String snapshot = assertInstanceOf(Transfer.Sent.class, first.targets().get(0).transfer().orElseThrow()).snapshot();
        Path snapshotPath = src.path("snapshots/" + snapshot);
        Path b = dst.path("b");
        interruptedReceive(fullStream(snapshotPath, 1), b);
        assertEquals(List.of(".ferry-partial." + snapshot, ".ferry-resume." + snapshot), hidden(b));

        VolumeReport second = runner(START.plus(Duration.ofHours(1))).backup(job(src, b));
        Transfer.Sent sent = assertInstanceOf(Transfer.Sent.class, second.targets().get(0).transfer().orElseThrow(), second.toString());
        assertEquals(snapshot, sent.snapshot(), "if-changed: the same snapshot again");
        assertTrue(sent.resumed(), sent.toString());
        TreeComparison.assertSame(TreeState.capture(snapshotPath), TreeState.capture(b.resolve(snapshot)));
        assertEquals(List.of(), hidden(b));
    }

    @Test
    void aPartialOfAnotherStreamIsReplacedByAFreshSend(LoopBtrfs src, LoopBtrfs dst) throws Exception {
        Subvolumes.create(src.path("home"));
        Files.write(src.path("home/data"), new byte[2_000_000]);
        VolumeReport first = runner(START).backup(job(src, dst.path("a")));
        String snapshot = assertInstanceOf(Transfer.Sent.class, first.targets().get(0).transfer().orElseThrow()).snapshot();
        Path c = dst.path("c");
        interruptedReceive(fullStream(src.path("snapshots/" + snapshot), 2), c); // protocol 2: not what backup sends

        VolumeReport second = runner(START.plus(Duration.ofHours(1))).backup(job(src, c));
        Transfer.Sent sent = assertInstanceOf(Transfer.Sent.class, second.targets().get(0).transfer().orElseThrow(), second.toString());
        assertFalse(sent.resumed(), sent.toString());
        TreeComparison.assertSame(TreeState.capture(src.path("snapshots/" + snapshot)), TreeState.capture(c.resolve(snapshot)));
        assertEquals(List.of(), hidden(c));
    }
}
