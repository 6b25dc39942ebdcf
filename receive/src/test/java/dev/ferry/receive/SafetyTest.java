package dev.ferry.receive;

import static dev.ferry.receive.Streams.end;
import static dev.ferry.receive.Streams.mkfile;
import static dev.ferry.receive.Streams.snapshot;
import static dev.ferry.receive.Streams.subvol;
import static dev.ferry.receive.Streams.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parents that do not match, names already taken, leftovers of interrupted receives, dry runs, a full disk. */
@ExtendWith(LoopBtrfsExtension.class)
class SafetyTest {
    private static final UUID A = UUID.fromString("aaaaaaaa-0000-0000-0000-000000000001");
    private static final UUID B = UUID.fromString("bbbbbbbb-0000-0000-0000-000000000002");

    private static byte[] fullA() {
        return Streams.of(1, List.of(subvol("vol", A, 10), mkfile("f"), write("f", 0, "one"), end()));
    }

    private static byte[] incrementalB(long parentCtransid) {
        return Streams.of(1, List.of(snapshot("vol2", B, 20, A, parentCtransid), write("f", 3, "two"), end()));
    }

    private static ReceiveOptions options(boolean btrfs) {
        return ReceiveOptions.defaults().withTargetKind(btrfs ? ReceiveOptions.TargetKind.AUTO : ReceiveOptions.TargetKind.DIRECTORY);
    }

    private static ReceiveResult receive(byte[] stream, Path dest, ReceiveOptions options) throws ReceiveException {
        return Receiver.receive(new ByteArrayInputStream(stream), dest, options);
    }

    @ParameterizedTest(name = "btrfs={0}")
    @ValueSource(booleans = {true, false})
    void anIncrementalNeedsItsParentAtTheRightTransid(boolean btrfs, LoopBtrfs fs) throws Exception {
        Path dest = btrfs ? Files.createDirectory(fs.path("dest")) : fs.path("dest");
        receive(fullA(), dest, options(btrfs));

        ReceiveException e = assertThrows(ReceiveException.class, () -> receive(incrementalB(11), dest, options(btrfs)));
        assertTrue(e.getMessage().startsWith("command 0 (SNAPSHOT) at byte 17, path vol2: "), e.getMessage());
        assertTrue(e.getMessage().contains("transid 10") && e.getMessage().contains("transid 11"), e.getMessage());
        Path mirrorOrNew = btrfs ? dest.resolve("vol2") : dest;
        if (btrfs) {
            assertFalse(Files.exists(mirrorOrNew));
            assertEquals(List.of("vol"), Shell.run("ls", "-A", dest.toString()).lines().toList());
        }
        assertEquals("one", Files.readString((btrfs ? dest.resolve("vol") : dest).resolve("f")), "the parent changed");

        receive(incrementalB(10), dest, options(btrfs));
        assertEquals("onetwo", Files.readString((btrfs ? dest.resolve("vol2") : dest).resolve("f")));
    }

    @Test
    void aTakenNameIsRefusedBeforeAnyWork(LoopBtrfs fs) throws Exception {
        Path dest = Files.createDirectory(fs.path("dest"));
        Files.createDirectory(dest.resolve("vol"));
        ReceiveException e = assertThrows(ReceiveException.class, () -> receive(fullA(), dest, options(true)));
        assertEquals("command 0 (SUBVOL) at byte 17, path vol: " + dest.resolve("vol") + " already exists", e.getMessage());
        assertEquals(List.of("vol"), Shell.run("ls", "-A", dest.toString()).lines().toList());
    }

    @Test
    void aLeftoverOfAnInterruptedReceiveIsDeletedButNothingElse(LoopBtrfs fs) throws Exception {
        Path dest = Files.createDirectory(fs.path("dest"));
        Path leftover = dest.resolve(".ferry-partial.vol");
        Shell.run("btrfs", "-q", "subvolume", "create", leftover.toString());
        Files.writeString(leftover.resolve("half"), "written before the kill");

        receive(fullA(), dest, options(true));
        assertEquals(List.of("vol"), Shell.run("ls", "-A", dest.toString()).lines().toList());

        // A read-only subvolume under that name is not a leftover: never deleted.
        Shell.run("btrfs", "-q", "subvolume", "create", leftover.toString());
        Shell.run("btrfs", "property", "set", leftover.toString(), "ro", "true");
        Shell.run("btrfs", "-q", "subvolume", "delete", dest.resolve("vol").toString());
        ReceiveException e = assertThrows(ReceiveException.class, () -> receive(fullA(), dest, options(true)));
        assertTrue(e.getMessage().contains("is not the leftover of an interrupted receive"), e.getMessage());
        assertTrue(Files.exists(leftover));
    }

    @ParameterizedTest(name = "btrfs={0}")
    @ValueSource(booleans = {true, false})
    void aDryRunWritesNothingAndReportsAMissingParent(boolean btrfs, LoopBtrfs fs) throws Exception {
        Path dest = btrfs ? Files.createDirectory(fs.path("dest")) : fs.path("dest");
        ReceiveOptions dry = options(btrfs).withDryRun(true);
        List<String> before = Shell.run("find", fs.mountPoint().toString()).lines().toList();

        ReceiveResult checked = receive(fullA(), dest, dry);
        assertEquals(1, checked.subvolumes().size());
        ReceiveException e = assertThrows(ReceiveException.class, () -> receive(incrementalB(10), dest, dry));
        assertTrue(e.getMessage().contains("cannot find parent") && e.getMessage().contains(A.toString()), e.getMessage());
        e = assertThrows(ReceiveException.class, () -> receive(Streams.of(1, List.of(subvol("vol", A, 10),
                mkfile("../x"), end())), dest, dry));
        assertTrue(e.getMessage().startsWith("command 1 (MKFILE) at byte"), e.getMessage());
        // Both in one stream: the dry run counts the first as received.
        if (btrfs) {
            byte[] both = concat(fullA(), incrementalB(10));
            assertEquals(2, receive(both, dest, dry).subvolumes().size());
        }
        assertEquals(before, Shell.run("find", fs.mountPoint().toString()).lines().toList(), "a dry run wrote something");
    }

    @Test
    void aFullDiskFailsClearlyAndLeavesNothingComplete(LoopBtrfs source, @LoopFs(sizeMiB = 160) LoopBtrfs small)
            throws Exception {
        Shell.sh("btrfs -q subvolume create " + source.path("vol") + " && head -c 300M /dev/urandom > " + source.path("vol/big")
                + " && btrfs -q subvolume snapshot -r " + source.path("vol") + " " + source.path("snap"));
        Path dest = Files.createDirectory(small.path("dest"));
        Send send = Send.start(source.path("snap"), Optional.empty(), 2);
        ReceiveException e = assertThrows(ReceiveException.class,
                () -> Receiver.receive(send.stream(), dest, ReceiveOptions.defaults()));
        send.abandon();
        assertEquals(Errno.ENOSPC, e.errno(), e.getMessage());
        assertTrue(e.getMessage().matches("command \\d+ \\(WRITE\\) at byte \\d+, path big: ENOSPC \\(no space left on device\\)"),
                e.getMessage());
        assertFalse(Files.exists(dest.resolve("snap")));
        assertEquals("", Shell.run("btrfs", "subvolume", "list", "-r", small.mountPoint().toString()));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
