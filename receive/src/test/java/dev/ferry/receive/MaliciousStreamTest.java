package dev.ferry.receive;

import static dev.ferry.receive.HostileStreamTest.full;
import static dev.ferry.receive.Streams.b;
import static dev.ferry.receive.Streams.end;
import static dev.ferry.receive.Streams.mkdir;
import static dev.ferry.receive.Streams.mkfile;
import static dev.ferry.receive.Streams.subvol;
import static dev.ferry.receive.Streams.symlink;
import static dev.ferry.receive.Streams.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Posix;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.stream.BtrfsCrc32c;
import dev.ferry.stream.Command;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hand-built attacks of issue #9 that {@link HostileStreamTest} does not already cover: the
 * destination root moved away, huge lengths and attribute counts, a path of 10,000 components,
 * device nodes under {@code --no-devices}, clones from paths outside the received subvolume. Each
 * is received onto btrfs and into a directory mirror and must fail with an error that names the
 * command and says what was wrong, change nothing outside DEST (checked on the file system, entry
 * by entry), leave nothing that looks complete, and let a good stream be received right after.
 */
@ExtendWith(LoopBtrfsExtension.class)
class MaliciousStreamTest {
    private static final UUID UUID_A = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final int COMPONENTS = 10_000;

    /** A stream and the words its rejection must contain. */
    record Attack(String name, Function<Path, byte[]> stream, boolean noDevices, String expected) {
        Attack(String name, Function<Path, byte[]> stream, String expected) {
            this(name, stream, false, expected);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Attack> attacks() {
        return List.of(
                new Attack("rename of the destination root", outside -> full(mkdir("d"),
                        new Command.Rename(b(""), b("d/root"))), "refusing the empty path"),
                new Attack("rename of the destination root to outside", outside -> full(
                        new Command.Rename(b(""), b("../moved"))), "refusing the empty path"),
                new Attack("a command declaring 4 GiB", outside -> withHugeCommand(0xFFFF_FFF0L),
                        "declares 4294967280 payload bytes, more than the limit of 16777216"),
                new Attack("a command one byte over the 16 MiB cap", outside -> withHugeCommand((16 << 20) + 1),
                        "more than the limit of 16777216"),
                new Attack("an attribute longer than its command", outside -> withOversizedAttribute(),
                        "declares 65535 bytes"),
                new Attack("4 million attributes in one command", outside -> withManyAttributes(4_000_000),
                        "more than the limit of 16777216"),
                new Attack("a CLONE of 2^64 - 1 bytes", outside -> full(mkfile("f"),
                        new Command.Clone(b("f"), 0, -1L, UUID_A, 10, b("f"), 0)), "lies beyond the largest possible file"),
                new Attack("an ENCODED_WRITE claiming 1 TiB", outside -> Streams.of(2, List.of(subvol("vol", UUID_A, 10),
                        mkfile("f"), new Command.EncodedWrite(b("f"), 0, 1L << 40, 1L << 40, 0, OptionalInt.of(1),
                                OptionalInt.empty(), b("x")), end())), "inconsistent ENCODED_WRITE lengths"),
                new Attack("a path of 10,000 components", outside -> deepTreeThenFile(), "ENAMETOOLONG"),
                new Attack("a character device with --no-devices", outside -> full(
                        new Command.MkNod(b("mem"), 303, 0x101, Posix.S_IFCHR | 0600)), true,
                        "refusing to make character device mem (1:1): --no-devices is set"),
                new Attack("a block device with --no-devices", outside -> full(mkdir("dev"),
                        new Command.MkNod(b("dev/sda"), 303, 0x800, Posix.S_IFBLK | 0600)), true,
                        "refusing to make block device dev/sda (8:0): --no-devices is set"),
                new Attack("a clone from ..", outside -> full(mkfile("f"),
                        new Command.Clone(b("f"), 0, 6, UUID_A, 10, b("../outside/canary"), 0)), "refusing path"),
                new Attack("a clone from an absolute path", outside -> full(mkfile("f"),
                        new Command.Clone(b("f"), 0, 6, UUID_A, 10, b(outside + "/canary"), 0)), "absolute path"),
                new Attack("a clone from a symlink to a file outside", outside -> full(mkfile("f"),
                        symlink("evil", outside + "/canary"),
                        new Command.Clone(b("f"), 0, 6, UUID_A, 10, b("evil"), 0)), "refusing to clone from evil"),
                new Attack("a clone from a subvolume that is not there", outside -> full(mkfile("f"),
                        new Command.Clone(b("f"), 0, 6, UUID.randomUUID(), 10, b("canary"), 0)), "clone source"),
                new Attack("a hard link to an absolute path", outside -> full(
                        new Command.Link(b("stolen"), b(outside + "/canary"))), "absolute path"),
                new Attack("a symlink chain out, then a write", outside -> full(symlink("a", ".."), mkdir("d"),
                        symlink("d/b", "../a/../outside"), write("d/b/canary", 0, "pwned")), "ELOOP"));
    }

    /** Every attack onto btrfs, each in a directory of its own on one file system. */
    @TestFactory
    Stream<DynamicTest> ontoBtrfs(LoopBtrfs fs) {
        return cases(fs, true);
    }

    /** Every attack into a directory mirror, each in a directory of its own on one file system. */
    @TestFactory
    Stream<DynamicTest> intoADirectoryMirror(LoopBtrfs fs) {
        return cases(fs, false);
    }

    private static Stream<DynamicTest> cases(LoopBtrfs fs, boolean btrfs) {
        List<Attack> attacks = attacks();
        return IntStream.range(0, attacks.size()).mapToObj(i -> DynamicTest.dynamicTest(attacks.get(i).name(),
                () -> isRejectedClearlyAndNothingEscapes(attacks.get(i), btrfs, fs, Files.createDirectory(fs.path("case-" + i)))));
    }

    private static void isRejectedClearlyAndNothingEscapes(Attack attack, boolean btrfs, LoopBtrfs fs, Path caseDir)
            throws Exception {
        Path outside = Files.createDirectory(caseDir.resolve("outside"));
        Files.writeString(outside.resolve("canary"), "canary");
        Path dest = btrfs ? Files.createDirectory(caseDir.resolve("dest")) : caseDir.resolve("dest");
        ReceiveOptions options = options(btrfs).withNoDevices(attack.noDevices());
        Map<String, String> before = TreeDigest.of(outside, true);
        byte[] stream = attack.stream().apply(outside);

        ReceiveException e = assertThrows(ReceiveException.class,
                () -> Receiver.receive(new ByteArrayInputStream(stream), dest, options));

        assertTrue(e.getMessage().matches("(?s)^command \\d+ .*") && e.getMessage().contains(attack.expected()),
                "not the expected error: " + e.getMessage());
        FuzzSandbox.requireNoBugInside(e);
        assertEquals(before, TreeDigest.of(outside, true), "something changed outside DEST");
        List<String> beside = Shell.run("ls", "-A", caseDir.toString()).lines()
                .filter(n -> !n.equals(".dest.ferry-state") && !n.equals(".dest.ferry-resume")).toList();
        // A mirror's DEST is made when its SUBVOL is applied: a stream refused before that (the
        // receiver reads one command ahead for a resume marker) leaves no DEST at all.
        List<String> expected = btrfs || beside.contains("dest") ? List.of("dest", "outside") : List.of("outside");
        assertEquals(expected, beside, "something appeared beside DEST");
        if (btrfs) {
            assertEquals(List.of(), Shell.run("ls", "-A", dest.toString()).lines().filter(n -> !n.startsWith(".ferry-partial"))
                    .toList(), "something under a final name");
            assertFalse(Shell.run("btrfs", "subvolume", "list", "-r", fs.mountPoint().toString()).contains(caseDir.getFileName()
                    + "/dest/"), "a read-only subvolume was left");
        } else {
            HostileStreamTest.assertNothingLooksCompleteInMirror(caseDir.resolve(".dest.ferry-state"));
        }
        assertEquals("", Shell.run("find", caseDir.toString(), "(", "-type", "b", "-o", "-type", "c", ")"),
                "a device node was made");

        byte[] good = full(mkfile("f"), write("f", 0, "good"));
        Receiver.receive(new ByteArrayInputStream(good), dest, options);
        Path received = btrfs ? dest.resolve("vol") : dest;
        assertEquals("good", Files.readString(received.resolve("f")));
        assertEquals(List.of("f"), Shell.run("ls", "-A", received.toString()).lines().toList());
    }

    @Test
    void noDevicesStillTakesFifosAndSockets(LoopBtrfs fs) throws Exception {
        Path dest = Files.createDirectory(fs.path("dest"));
        byte[] stream = full(new Command.MkNod(b("fifo"), 303, 0, Posix.S_IFIFO | 0600),
                new Command.MkSock(b("sock"), 304, java.util.OptionalLong.empty(), java.util.OptionalLong.empty()));
        Receiver.receive(new ByteArrayInputStream(stream), dest, options(true).withNoDevices(true));
        assertEquals("fifo\nsocket\n", Shell.run("stat", "-c", "%F", dest.resolve("vol/fifo").toString(),
                dest.resolve("vol/sock").toString()));
    }

    @Test
    void aDryRunWithNoDevicesReportsTheDevice(LoopBtrfs fs) throws Exception {
        Path dest = Files.createDirectory(fs.path("dest"));
        byte[] stream = full(new Command.MkNod(b("null"), 303, 0x103, Posix.S_IFCHR | 0600));
        ReceiveException e = assertThrows(ReceiveException.class, () -> Receiver.receive(new ByteArrayInputStream(stream),
                dest, options(true).withNoDevices(true).withDryRun(true)));
        assertTrue(e.getMessage().contains("--no-devices"), e.getMessage());
        assertFalse(Files.exists(dest.resolve("vol")));
    }

    private static ReceiveOptions options(boolean btrfs) {
        return ReceiveOptions.defaults().withTargetKind(btrfs ? ReceiveOptions.TargetKind.AUTO : ReceiveOptions.TargetKind.DIRECTORY);
    }

    /**
     * A directory 10,000 levels deep, built with short paths only (make "n", move "t" into it, call
     * it "t"), then a file at its bottom: a PATH of 10,000 components and 20,000 bytes, over PATH_MAX.
     */
    private static byte[] deepTreeThenFile() {
        List<Command> body = new ArrayList<>();
        body.add(mkdir("t"));
        for (int i = 1; i < COMPONENTS; i++) {
            body.add(mkdir("n"));
            body.add(new Command.Rename(b("t"), b("n/t")));
            body.add(new Command.Rename(b("n"), b("t")));
        }
        body.add(mkfile("t/".repeat(COMPONENTS - 1) + "t/f"));
        return full(body.toArray(Command[]::new));
    }

    /** A good start, then a command header declaring {@code length} payload bytes, and a few of them. */
    private static byte[] withHugeCommand(long length) {
        byte[] start = startOnly();
        ByteBuffer header = ByteBuffer.allocate(10 + 64).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt((int) length).putShort((short) 3).putInt(0); // MKFILE, crc never reached
        return concat(start, header.array());
    }

    /** MKFILE whose PATH declares 65535 bytes in a 10-byte payload (crc correct, so the decoder sees it). */
    private static byte[] withOversizedAttribute() {
        ByteBuffer payload = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        payload.putShort((short) 15).putShort((short) 0xFFFF).put("abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return concat(startOnly(), command(3, payload.array()));
    }

    /** MKFILE with {@code count} PATH attributes (5 bytes each): over the command cap, refused before decoding. */
    private static byte[] withManyAttributes(int count) {
        ByteBuffer payload = ByteBuffer.allocate(count * 5).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            payload.putShort((short) 15).putShort((short) 1).put((byte) 'f');
        }
        return concat(startOnly(), command(3, payload.array()));
    }

    private static byte[] startOnly() {
        byte[] whole = Streams.of(1, List.of(subvol("vol", UUID_A, 10), end()));
        return Arrays.copyOf(whole, whole.length - 10); // without END
    }

    private static byte[] command(int number, byte[] payload) {
        ByteBuffer c = ByteBuffer.allocate(10 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        c.putInt(payload.length).putShort((short) number).putInt(0).put(payload);
        byte[] bytes = c.array();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(6, BtrfsCrc32c.of(bytes, 0, bytes.length));
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
