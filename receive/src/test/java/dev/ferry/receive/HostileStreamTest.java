package dev.ferry.receive;

import static dev.ferry.receive.Streams.b;
import static dev.ferry.receive.Streams.end;
import static dev.ferry.receive.Streams.mkdir;
import static dev.ferry.receive.Streams.mkfile;
import static dev.ferry.receive.Streams.snapshot;
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
import dev.ferry.stream.Command;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Streams that try to reach outside the destination, or are broken: each fails with a message that
 * names the command, its byte offset and its path; nothing outside the destination changes;
 * nothing looks complete; and a good stream received next succeeds without any cleanup. Every
 * case runs against a btrfs destination and a directory mirror.
 */
@ExtendWith(LoopBtrfsExtension.class)
class HostileStreamTest {
    private static final UUID UUID_A = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final Pattern WHERE = Pattern.compile("^command \\d+( \\(\\w+\\))? at byte \\d+(, path .*)?: .+", Pattern.DOTALL);

    /** A hostile stream for a subvolume named "vol", given the absolute path of a directory outside DEST. */
    record Attack(String name, Function<Path, byte[]> stream) {
        @Override
        public String toString() {
            return name;
        }
    }

    static byte[] full(Command... body) {
        List<Command> all = new ArrayList<>();
        all.add(subvol("vol", UUID_A, 10));
        all.addAll(Arrays.asList(body));
        all.add(end());
        return Streams.of(1, all);
    }

    static Stream<Arguments> attacks() {
        List<Attack> attacks = List.of(
                new Attack("dot-dot", outside -> full(mkfile("../escaped"))),
                new Attack("absolute", outside -> full(mkfile(outside + "/escaped"))),
                new Attack("dot-dot inside", outside -> full(mkdir("a"), mkfile("a/../../escaped"))),
                new Attack("empty component", outside -> full(mkfile("a//b"))),
                new Attack("write through a symlinked directory",
                        outside -> full(symlink("link", outside.toString()), write("link/canary", 0, "pwned"))),
                new Attack("mkfile through a symlinked directory",
                        outside -> full(symlink("link", outside.toString()), mkfile("link/escaped"))),
                new Attack("mkdir through a symlinked directory",
                        outside -> full(symlink("link", outside.toString()), mkdir("link/escaped"))),
                new Attack("write to a symlink to a file outside",
                        outside -> full(symlink("evil", outside + "/canary"), write("evil", 0, "pwned"))),
                new Attack("truncate a symlink to a file outside",
                        outside -> full(symlink("evil", outside + "/canary"), new Command.Truncate(b("evil"), 0))),
                new Attack("rename into a symlinked directory", outside -> full(mkfile("f"),
                        symlink("link", outside.toString()), new Command.Rename(b("f"), b("link/escaped")))),
                new Attack("rename onto the destination root",
                        outside -> full(mkfile("f"), new Command.Rename(b("f"), b("")))),
                new Attack("hard link to a file outside", outside -> full(symlink("link", outside.toString()),
                        new Command.Link(b("stolen"), b("link/canary")))),
                new Attack("hard link created outside", outside -> full(mkfile("f"), symlink("link", outside.toString()),
                        new Command.Link(b("link/escaped"), b("f")))),
                new Attack("clone from a file outside", outside -> full(mkfile("f"), symlink("link", outside.toString()),
                        new Command.Clone(b("f"), 0, 4096, UUID_A, 10, b("link/canary"), 0))),
                new Attack("write to a device node", outside -> full(
                        new Command.MkNod(b("null"), 303, 0x103, Posix.S_IFCHR | 0600), write("null", 0, "pwned"))),
                new Attack("subvolume named ..", outside -> Streams.of(1, List.of(subvol("..", UUID_A, 10), mkfile("f"), end()))),
                new Attack("subvolume named a/b", outside -> Streams.of(1, List.of(subvol("a/b", UUID_A, 10), mkfile("f"), end()))),
                new Attack("write range overflowing 2^63", outside -> full(mkfile("f"), write("f", Long.MAX_VALUE - 2, "xyz"))),
                new Attack("truncated stream", outside -> {
                    byte[] good = full(mkfile("f"), write("f", 0, new byte[100_000]));
                    return Arrays.copyOf(good, good.length - 1000);
                }),
                new Attack("bad crc mid-stream", outside -> {
                    byte[] bad = full(mkfile("f"), write("f", 0, new byte[100_000]), mkfile("g"));
                    bad[bad.length / 2] ^= 0x40; // inside the WRITE's data
                    return bad;
                }),
                new Attack("missing parent", outside -> Streams.of(1, List.of(
                        snapshot("vol", UUID_A, 10, UUID.randomUUID(), 5), mkfile("f"), end()))));
        return Stream.of(true, false).flatMap(btrfs -> attacks.stream().map(a -> Arguments.of(a, btrfs)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("attacks")
    void failsClearlyChangesNothingOutsideAndLeavesNothingComplete(Attack attack, boolean btrfs, LoopBtrfs fs)
            throws Exception {
        Path outside = Files.createDirectory(fs.path("outside"));
        Files.writeString(outside.resolve("canary"), "canary");
        Path dest = btrfs ? Files.createDirectory(fs.path("dest")) : fs.path("dest");
        ReceiveOptions options = ReceiveOptions.defaults()
                .withTargetKind(btrfs ? ReceiveOptions.TargetKind.AUTO : ReceiveOptions.TargetKind.DIRECTORY);
        Map<String, String> before = TreeDigest.of(outside, true);
        List<String> topBefore = top(fs);

        ReceiveException e = assertThrows(ReceiveException.class,
                () -> Receiver.receive(new ByteArrayInputStream(attack.stream().apply(outside)), dest, options));

        assertTrue(WHERE.matcher(e.getMessage()).matches(), "message does not say where: " + e.getMessage());
        assertEquals(before, TreeDigest.of(outside, true), "something changed outside DEST");
        assertEquals(topBefore, top(fs), "something appeared beside DEST");
        assertNothingLooksComplete(fs, dest, btrfs);

        byte[] good = full(mkfile("f"), write("f", 0, "good"), Streams.utimes("", 1000));
        ReceiveResult result = Receiver.receive(new ByteArrayInputStream(good), dest, options);
        Path received = btrfs ? dest.resolve("vol") : dest;
        assertEquals(received, result.subvolumes().get(0).path());
        assertEquals("good", Files.readString(received.resolve("f")));
        assertEquals(List.of("f"), Shell.run("ls", "-A", received.toString()).lines().toList());
        if (btrfs) {
            assertEquals(List.of("vol"), Shell.run("ls", "-A", dest.toString()).lines().toList());
        }
    }

    /** btrfs: no "vol" in DEST and no read-only subvolume under any name; mirror: no state saying complete. */
    static void assertNothingLooksComplete(LoopBtrfs fs, Path dest, boolean btrfs) throws Exception {
        if (btrfs) {
            assertFalse(Files.exists(dest.resolve("vol")), "vol exists after a failed receive");
            assertFalse(Shell.run("btrfs", "subvolume", "list", "-r", fs.mountPoint().toString()).contains("vol"),
                    "a read-only subvolume was left");
        } else {
            assertNothingLooksCompleteInMirror(dest.resolveSibling(".dest.ferry-state"));
        }
    }

    static void assertNothingLooksCompleteInMirror(Path state) throws java.io.IOException {
        assertTrue(!Files.exists(state) || Files.readString(state).contains("\"complete\" : false"),
                "the mirror's state says complete after a failed receive");
    }

    private static List<String> top(LoopBtrfs fs) {
        return Shell.run("ls", "-A", fs.mountPoint().toString()).lines().filter(n -> !n.equals("dest")
                && !n.equals(".dest.ferry-state")).toList();
    }
}
