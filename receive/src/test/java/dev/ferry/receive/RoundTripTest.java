package dev.ferry.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code btrfs send | ferry receive} of a full snapshot and two incrementals, protocol 1 and 2,
 * onto btrfs and into directory mirrors on ext4, each received tree compared with its source
 * snapshot entry by entry.
 */
@ExtendWith(LoopBtrfsExtension.class)
class RoundTripTest {

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {1, 2})
    void ontoBtrfs(int protocol, LoopBtrfs source, @LoopFs(sizeMiB = 512) LoopBtrfs target) throws Exception {
        SourceTree.build(source);
        Path dest = Files.createDirectory(target.path("received"));
        Optional<Path> parent = Optional.empty();
        for (String name : SourceTree.SNAPSHOTS) {
            Path snapshot = source.path(name);
            try (Send send = Send.start(snapshot, parent, protocol)) {
                ReceiveResult result = Receiver.receive(send.stream(), dest, ReceiveOptions.defaults());
                assertEquals(1, result.subvolumes().size());
            }
            Path received = dest.resolve(name);
            TreeDigest.assertSame(snapshot, received, protocol == 2 || parent.isEmpty());
            assertReceivedLikeProgs(snapshot, received);
            parent = Optional.of(snapshot);
        }
        assertFalse(Shell.run("ls", "-A", dest.toString()).contains(".ferry-partial"), "a partial subvolume was left");
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {1, 2})
    void intoAMirrorOnExt4(int protocol, LoopBtrfs source, @LoopFs(type = "ext4", sizeMiB = 512, mountOptions = "noatime") LoopBtrfs ext4)
            throws Exception {
        SourceTree.build(source);
        Path mirror = ext4.path("mirror");
        Optional<Path> parent = Optional.empty();
        for (String name : SourceTree.SNAPSHOTS) {
            Path snapshot = source.path(name);
            try (Send send = Send.start(snapshot, parent, protocol)) {
                Receiver.receive(send.stream(), mirror, ReceiveOptions.defaults());
            }
            TreeDigest.assertSame(snapshot, mirror, protocol == 2 || parent.isEmpty());
            String state = Files.readString(ext4.path(".mirror.ferry-state"));
            assertTrue(state.contains("\"complete\" : true"), state);
            assertTrue(state.contains(Shell.run("btrfs", "subvolume", "show", snapshot.toString())
                    .lines().filter(l -> l.strip().startsWith("UUID:")).findFirst().orElseThrow().split(":")[1].strip()), state);
            parent = Optional.of(snapshot);
        }
    }

    /**
     * On xfs (reflink=1) a CLONE is a real FICLONERANGE: the received copies share their extents.
     * (Holes are not compared: xfs allocates in its own granularity around written ranges.)
     */
    @org.junit.jupiter.api.Test
    void intoAMirrorOnXfsClonesShareExtents(LoopBtrfs source,
            @LoopFs(type = "xfs", sizeMiB = 1024, mountOptions = "noatime") LoopBtrfs xfs) throws Exception {
        SourceTree.build(source);
        Path mirror = xfs.path("mirror");
        Optional<Path> parent = Optional.empty();
        for (String name : SourceTree.SNAPSHOTS) {
            try (Send send = Send.start(source.path(name), parent, 2)) {
                Receiver.receive(send.stream(), mirror, ReceiveOptions.defaults());
            }
            TreeDigest.assertSame(source.path(name), mirror, false);
            parent = Optional.of(source.path(name));
        }
        String extents = Shell.run("filefrag", "-v", mirror.resolve("clone-of-parent").toString());
        assertTrue(extents.contains("shared"), "no shared extent: the clone was copied\n" + extents);
    }

    /** received_uuid = the source's uuid, read-only, stransid = the source's ctransid: what btrfs receive leaves. */
    static void assertReceivedLikeProgs(Path snapshot, Path received) {
        String source = Shell.run("btrfs", "subvolume", "show", snapshot.toString());
        String copy = Shell.run("btrfs", "subvolume", "show", received.toString());
        assertEquals(field(source, "UUID"), field(copy, "Received UUID"), copy);
        assertEquals("readonly", field(copy, "Flags"), copy);
        assertEquals(field(source, "Generation"), field(copy, "Send transid"), copy); // ctransid of a ro snapshot
    }

    static String field(String show, String name) {
        return show.lines().map(String::strip).filter(l -> l.startsWith(name + ":")).findFirst()
                .map(l -> l.substring(name.length() + 1).strip()).orElse("<no " + name + ">");
    }
}
