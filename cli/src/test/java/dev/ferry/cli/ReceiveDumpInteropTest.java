package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.stream.Command;
import dev.ferry.stream.CommandType;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import dev.ferry.stream.dump.TextDumper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The real {@code btrfs send} makes streams of every kind from a tree with every kind of inode and
 * name; for each stream, {@code ferry dump} must print byte for byte what {@code btrfs receive
 * --dump} prints, its JSON must have one object per command, and decoding and re-encoding must
 * give back the very same bytes. A zstd copy of each stream must dump identically.
 *
 * <p>Both sides print times in Asia/Kolkata, a zone that is neither UTC nor a whole number of
 * hours away from it (and had an LMT offset of +05:53:28 for the file dated 1901), so that the
 * local time handling is really compared.
 */
@ExtendWith(LoopBtrfsExtension.class)
class ReceiveDumpInteropTest {
    private static final String ZONE = "Asia/Kolkata";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What `btrfs send` is asked for, and the commands that prove the stream covers what its name says. */
    private record Send(String name, List<String> args, int parts, Set<CommandType> mustContain) {
    }

    private static final Set<CommandType> FULL = Set.of(CommandType.SUBVOL, CommandType.MKFILE, CommandType.MKDIR,
            CommandType.MKNOD, CommandType.MKFIFO, CommandType.MKSOCK, CommandType.SYMLINK, CommandType.LINK,
            CommandType.RENAME, CommandType.SET_XATTR, CommandType.WRITE, CommandType.CLONE, CommandType.TRUNCATE,
            CommandType.CHOWN, CommandType.CHMOD, CommandType.UTIMES, CommandType.END);
    private static final Set<CommandType> INCREMENTAL = Set.of(CommandType.SNAPSHOT, CommandType.RENAME, CommandType.LINK,
            CommandType.UNLINK, CommandType.SET_XATTR, CommandType.REMOVE_XATTR, CommandType.WRITE, CommandType.TRUNCATE,
            CommandType.CHOWN, CommandType.CHMOD, CommandType.UTIMES, CommandType.SYMLINK, CommandType.MKDIR,
            CommandType.END);

    private static final List<Send> SENDS = List.of(
            new Send("full-v1", List.of("s1"), 1, FULL),
            new Send("full-v2", List.of("--proto", "2", "s1"), 1, FULL),
            new Send("full-compressed", List.of("--compressed-data", "s1"), 1, Set.of(CommandType.ENCODED_WRITE)),
            new Send("full-no-data", List.of("--no-data", "s1"), 1, Set.of(CommandType.UPDATE_EXTENT)),
            new Send("incremental-v1", List.of("-p", "s1", "s2"), 1, INCREMENTAL),
            new Send("incremental-v2", List.of("--proto", "2", "-p", "s1", "s2"), 1,
                    Set.of(CommandType.FALLOCATE, CommandType.FILEATTR, CommandType.SNAPSHOT)),
            new Send("incremental-clone-source", List.of("-p", "s1", "-c", "other-s", "s2"), 1, Set.of(CommandType.CLONE)),
            new Send("incremental-compressed", List.of("--compressed-data", "-p", "s1", "s2"), 1,
                    Set.of(CommandType.ENCODED_WRITE, CommandType.FALLOCATE)),
            new Send("incremental-no-data", List.of("--no-data", "-p", "s1", "s2"), 1, Set.of(CommandType.UPDATE_EXTENT)),
            new Send("two-subvolumes-concatenated", List.of("s1", "other-s"), 2, Set.of(CommandType.SUBVOL)),
            new Send("two-subvolumes-one-stream", List.of("-e", "s1", "other-s"), 1, Set.of(CommandType.SUBVOL)));

    @TestFactory
    Stream<DynamicTest> ferryDumpAgreesWithBtrfsReceiveDump(
            @LoopFs(sizeMiB = 2048, mountOptions = "compress=zstd") LoopBtrfs fs) throws IOException {
        buildTree(fs);
        List<DynamicTest> tests = new ArrayList<>();
        for (Send send : SENDS) {
            Path stream = send(fs, send);
            Path zstd = Path.of(stream + ".zst");
            Shell.run("zstd", "-q", "-f", "-o", zstd.toString(), stream.toString());
            tests.add(dynamicTest(send.name() + ": has the commands it is meant to test", () -> coversItsCase(stream, send)));
            tests.add(dynamicTest(send.name() + ": text equals btrfs receive --dump", () -> textMatchesProgs(stream)));
            tests.add(dynamicTest(send.name() + ": zstd copy dumps the same", () -> zstdDumpsTheSame(stream, zstd)));
            tests.add(dynamicTest(send.name() + ": JSON has one object per command", () -> jsonHasEveryCommand(stream)));
            tests.add(dynamicTest(send.name() + ": re-encoding gives the same bytes", () -> reencodesIdentically(stream)));
        }
        Path full = fs.scratch().resolve("full-v1.stream");
        tests.add(dynamicTest("corrupted: exit 1 naming the command, after dumping the ones before", () -> corrupted(full)));
        return tests.stream();
    }

    private static void buildTree(LoopBtrfs fs) throws IOException {
        Path script = fs.scratch().resolve("interop-tree.sh");
        try (InputStream in = ReceiveDumpInteropTest.class.getResourceAsStream("interop-tree.sh")) {
            Files.copy(in, script);
        }
        Shell.run("bash", script.toString(), fs.mountPoint().toString());
    }

    private static Path send(LoopBtrfs fs, Send send) throws IOException {
        Path file = fs.scratch().resolve(send.name() + ".stream");
        List<String> command = new ArrayList<>(List.of("btrfs", "send", "-q", "-f", file.toString()));
        command.addAll(send.args());
        Shell.exec(fs.mountPoint(), null, command.toArray(String[]::new)).check();
        return file;
    }

    private static void coversItsCase(Path stream, Send send) throws IOException {
        StreamFiles decoded = StreamFiles.decode(Files.readAllBytes(stream));
        assertEquals(send.parts(), decoded.partEnds().size(), "concatenated streams");
        for (CommandType type : send.mustContain()) {
            assertTrue(decoded.count(type) > 0, send.name() + " has no " + type);
        }
    }

    private static void textMatchesProgs(Path stream) throws IOException {
        byte[] bytes = Files.readAllBytes(stream);
        ByteArrayOutputStream progs = new ByteArrayOutputStream();
        // progs --dump stops at the first END, so it gets each concatenated stream on its own.
        for (byte[] part : StreamFiles.decode(bytes).parts(bytes)) {
            Shell.Result r = Shell.exec(null, part, "env", "TZ=" + ZONE, "btrfs", "receive", "--dump");
            r.check();
            progs.write(r.stdout());
        }
        assertTrue(progs.size() > 0, "progs printed nothing");
        assertSameLines(progs.toByteArray(), ferryDump(stream.toString()));
    }

    private static void zstdDumpsTheSame(Path stream, Path zstd) throws IOException {
        byte[] magic = Arrays.copyOf(Files.readAllBytes(zstd), 4);
        assertEquals(0xFD2FB528, java.nio.ByteBuffer.wrap(magic).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(), "a zstd frame");
        assertSameLines(ferryDump(stream.toString()), ferryDump(zstd.toString()));
    }

    private static void jsonHasEveryCommand(Path stream) throws IOException {
        StreamFiles decoded = StreamFiles.decode(Files.readAllBytes(stream));
        String[] lines = new String(ferryDump(stream.toString(), "--json"), StandardCharsets.UTF_8).split("\n");
        assertEquals(decoded.commands().size(), lines.length, "one line per command");
        for (int i = 0; i < lines.length; i++) {
            JsonNode object = JSON.readTree(lines[i]);
            assertTrue(object.isObject(), lines[i]);
            assertEquals(i, object.get("index").asLong(), lines[i]);
            assertEquals(decoded.offsets().get(i).longValue(), object.get("offset").asLong(), lines[i]);
            assertEquals(decoded.commands().get(i).type().title(), object.get("command").asText(), lines[i]);
        }
    }

    private static void reencodesIdentically(Path stream) throws IOException {
        byte[] original = Files.readAllBytes(stream);
        StreamFiles decoded = StreamFiles.decode(original);
        ByteArrayOutputStream reencoded = new ByteArrayOutputStream(original.length);
        try (StreamWriter writer = StreamWriter.open(reencoded, WriterOptions.raw(decoded.version()))) {
            for (Command c : decoded.commands()) {
                writer.write(c);
            }
        }
        byte[] bytes = reencoded.toByteArray();
        int mismatch = Arrays.mismatch(original, bytes);
        assertEquals(-1, mismatch, () -> "first difference at byte " + mismatch + " of " + original.length
                + " (re-encoded " + bytes.length + " bytes)");
    }

    /** Flips one byte in the data of a WRITE in the middle of the stream: a crc mismatch there. */
    private static void corrupted(Path stream) throws IOException {
        byte[] bytes = Files.readAllBytes(stream);
        StreamFiles decoded = StreamFiles.decode(bytes);
        int bad = decoded.commands().size() / 2;
        while (decoded.commands().get(bad).type() != CommandType.WRITE) {
            bad++;
        }
        long offset = decoded.offsets().get(bad);
        bytes[(int) offset + 100] ^= 0x40;
        Path corrupt = Files.write(Path.of(stream + ".corrupt"), bytes);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DumpCommand(out, ZoneId.of(ZONE))).setErr(new PrintWriter(err));
        assertEquals(1, cli.execute(corrupt.toString()));

        String expected = "ferry dump: " + corrupt + ": command " + bad + " at byte " + offset + ": crc mismatch in WRITE";
        assertTrue(err.toString().startsWith(expected), err.toString());
        assertEquals(1, err.toString().lines().count(), "one line: " + err);
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        TextDumper dumper = new TextDumper(before, ZoneId.of(ZONE));
        for (int i = 0; i < bad; i++) {
            dumper.dump(i, decoded.offsets().get(i), decoded.commands().get(i));
        }
        assertSameLines(before.toByteArray(), out.toByteArray());
    }

    /** Runs {@code ferry dump} in-process, in the same zone as progs. */
    static byte[] ferryDump(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new DumpCommand(out, ZoneId.of(ZONE)));
        int exit = cli.execute(args);
        assertEquals(0, exit, "ferry dump " + String.join(" ", args));
        return out.toByteArray();
    }

    /** Byte equality, reported as the first differing line. */
    static void assertSameLines(byte[] expected, byte[] actual) {
        int at = Arrays.mismatch(expected, actual);
        if (at < 0) {
            return;
        }
        String e = new String(expected, StandardCharsets.ISO_8859_1);
        String a = new String(actual, StandardCharsets.ISO_8859_1);
        int lineStart = e.lastIndexOf('\n', at - 1) + 1;
        int line = (int) e.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
        assertEquals(lineOf(e, lineStart), lineOf(a, lineStart), "line " + line + " differs (byte " + at + ")");
        assertEquals(expected.length, actual.length, "same lines, different lengths");
    }

    private static String lineOf(String text, int start) {
        if (start >= text.length()) {
            return "<end of output>";
        }
        int end = text.indexOf('\n', start);
        return text.substring(start, end < 0 ? text.length() : end);
    }
}
