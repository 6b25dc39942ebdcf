package dev.ferry.send;

import static dev.ferry.send.SendFixture.sh;
import static dev.ferry.send.SendFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The size estimate a progress bar divides by, against the size of the stream actually written. */
@ExtendWith(LoopBtrfsExtension.class)
class StreamEstimateTest {

    private record Measured(StreamEstimate estimate, long actual) {
        double ratio() {
            return (double) actual / estimate.bytes();
        }
    }

    private static Measured send(SendRequest request) throws Exception {
        List<StreamEstimate> estimates = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (StreamWriter writer = StreamWriter.open(bytes, WriterOptions.raw(request.protocolVersion()))) {
            SendSession.send(request, command -> {
                assertEquals(1, estimates.size(), "the estimate comes before the first command");
                writer.write(command);
            }, notice -> { }, estimates::add);
        }
        return new Measured(estimates.get(0), bytes.size());
    }

    @Test
    void fullAndIncrementalEstimatesAreWithinAFactorOfTwoOfTheStream(LoopBtrfs fs) throws Exception {
        Path vol = fs.path("vol");
        Subvolumes.create(vol);
        // Data-heavy and metadata-heavy parts: one large file, many small ones, directories, links.
        sh(vol, "head -c 3000000 /dev/urandom > big && mkdir -p d/e && for i in $(seq 1 300); do "
                + "echo file $i > d/small$i; done && ln -s d/small1 link && ln d/small2 d/hard && "
                + "setfattr -n user.note -v hello d/small3");
        snapshot(vol, fs.path("s1"));
        sh(vol, "dd if=/dev/urandom of=big bs=4096 count=64 seek=100 conv=notrunc status=none && "
                + "rm d/small1 && mv d/small5 d/e/moved && for i in $(seq 1 50); do echo new $i > d/new$i; done");
        snapshot(vol, fs.path("s2"));

        for (int version : List.of(1, 2)) {
            Measured full = send(new SendRequest(fs.path("s1"), Optional.empty(), List.of(), version));
            assertTrue(full.ratio() > 0.5 && full.ratio() < 2, "v" + version + " full: " + full);
            assertTrue(full.estimate().dataBytes() >= 3_000_000, full.toString());

            Measured incremental = send(new SendRequest(fs.path("s2"), Optional.of(fs.path("s1")), List.of(), version));
            assertTrue(incremental.ratio() > 0.5 && incremental.ratio() < 2, "v" + version + " incremental: " + incremental);
            assertTrue(incremental.estimate().dataBytes() < 1_000_000,
                    "only the rewritten range of big counts: " + incremental);
        }
    }

    @Test
    void anUnchangedSnapshotIsEstimatedAsNearlyNothing(LoopBtrfs fs) throws Exception {
        Path vol = fs.path("vol");
        Subvolumes.create(vol);
        sh(vol, "head -c 1000000 /dev/urandom > big");
        snapshot(vol, fs.path("s1"));
        snapshot(vol, fs.path("s2"));
        Measured same = send(new SendRequest(fs.path("s2"), Optional.of(fs.path("s1")), List.of(), 1));
        assertEquals(0, same.estimate().dataBytes(), same.toString());
        assertTrue(same.estimate().bytes() < 1024 && same.actual() < 1024, same.toString());
    }
}
