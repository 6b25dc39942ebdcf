package dev.ferry.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ferry receive and btrfs receive take each other's received subvolumes as parents, and agree on several per stream. */
@ExtendWith(LoopBtrfsExtension.class)
class InteropTest {

    @Test
    void btrfsReceiveFindsAFerryReceivedParentAndViceVersa(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs target)
            throws Exception {
        SourceTree.build(source);
        Path dest = Files.createDirectory(target.path("dest"));
        try (Send send = Send.start(source.path("s1"), Optional.empty(), 2)) {
            Receiver.receive(send.stream(), dest, ReceiveOptions.defaults());
        }
        byte[] s2 = Send.bytes(source.path("s2"), Optional.of(source.path("s1")), 2);
        Shell.exec(null, s2, "btrfs", "receive", dest.toString()).check();
        TreeDigest.assertSame(source.path("s2"), dest.resolve("s2"), true);

        try (Send send = Send.start(source.path("s3"), Optional.of(source.path("s2")), 2)) {
            Receiver.receive(send.stream(), dest, ReceiveOptions.defaults());
        }
        TreeDigest.assertSame(source.path("s3"), dest.resolve("s3"), true);
        RoundTripTest.assertReceivedLikeProgs(source.path("s3"), dest.resolve("s3"));
        assertEquals(RoundTripTest.field(Shell.run("btrfs", "subvolume", "show", dest.resolve("s2").toString()), "UUID"),
                RoundTripTest.field(Shell.run("btrfs", "subvolume", "show", dest.resolve("s3").toString()), "Parent UUID"));
    }

    @Test
    void severalSubvolumesPerStreamConcatenatedOrWithE(LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs target)
            throws Exception {
        SourceTree.build(source);
        Path concatenated = Files.createDirectory(target.path("concatenated"));
        Path single = Files.createDirectory(target.path("single"));
        Path firstOnly = Files.createDirectory(target.path("first-only"));
        // btrfs send s1 s2: two streams; btrfs send -e s1 s2: one stream with two subvolumes.
        byte[] twoStreams = Send.bytes(source.path("s2"), Optional.empty(), 1, source.path("s1").toString());
        byte[] oneStream = Send.bytes(source.path("s2"), Optional.empty(), 1, "-e", source.path("s1").toString());

        ReceiveResult a = Receiver.receive(new ByteArrayInputStream(twoStreams), concatenated, ReceiveOptions.defaults());
        ReceiveResult b = Receiver.receive(new ByteArrayInputStream(oneStream), single, ReceiveOptions.defaults());
        ReceiveResult c = Receiver.receive(new ByteArrayInputStream(twoStreams), firstOnly,
                ReceiveOptions.defaults().withStopAtFirstEnd(true));

        assertEquals(2, a.subvolumes().size());
        assertEquals(2, b.subvolumes().size());
        assertEquals(1, c.subvolumes().size());
        for (Path dest : new Path[] {concatenated, single}) {
            for (String s : new String[] {"s1", "s2"}) {
                TreeDigest.assertSame(source.path(s), dest.resolve(s), true);
                RoundTripTest.assertReceivedLikeProgs(source.path(s), dest.resolve(s));
            }
        }
        assertEquals("s1\n", Shell.run("ls", "-A", firstOnly.toString()));

        // A mirror holds one snapshot: a stream with two is refused, and nothing looks complete.
        Path mirror = target.path("mirror");
        ReceiveException e = org.junit.jupiter.api.Assertions.assertThrows(ReceiveException.class, () -> Receiver.receive(
                new ByteArrayInputStream(oneStream), mirror, ReceiveOptions.defaults().withTargetKind(ReceiveOptions.TargetKind.DIRECTORY)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("several subvolumes"), e.getMessage());
        HostileStreamTest.assertNothingLooksCompleteInMirror(target.path(".mirror.ferry-state"));
    }
}
