package dev.ferry.send;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.tree.ComparisonOptions;
import dev.ferry.btrfs.testing.tree.TreeComparison;
import dev.ferry.btrfs.testing.tree.TreeState;
import dev.ferry.stream.Command;
import dev.ferry.stream.StreamReader;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Sending to bytes, receiving with btrfs receive, reading streams back, comparing trees. */
final class SendFixture {
    private SendFixture() {
    }

    static byte[] send(SendRequest request) throws Exception {
        return send(request, new ArrayList<>());
    }

    static byte[] send(SendRequest request, List<String> notices) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (StreamWriter writer = StreamWriter.open(bytes, WriterOptions.raw(request.protocolVersion()))) {
            SendSession.send(request, writer::write, notices::add);
        }
        return bytes.toByteArray();
    }

    static List<Command> commands(byte[] stream) throws Exception {
        List<Command> commands = new ArrayList<>();
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream))) {
            for (Command c = reader.next(); c != null; c = reader.next()) {
                commands.add(c);
                if (c instanceof Command.End) {
                    break;
                }
            }
        }
        return commands;
    }

    /** Receives {@code stream} into {@code destination} with btrfs receive; fails on any complaint. */
    static void receive(byte[] stream, Path destination) throws Exception {
        Path file = Files.createTempFile("ferry-send-test-", ".btrfs");
        try {
            Files.write(file, stream);
            FerrySendBtrfsReceive.receive(file, destination);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static void assertSameTree(Path expected, Path actual, ComparisonOptions options) throws Exception {
        TreeComparison.assertSame(TreeState.capture(expected), TreeState.capture(actual), options);
    }

    static void snapshot(Path source, Path snapshot) {
        Shell.run("btrfs", "-q", "subvolume", "snapshot", "-r", source.toString(), snapshot.toString());
    }

    static void sh(Path dir, String script) {
        Shell.Result r = Shell.exec(dir, null, "sh", "-ec", script);
        assertTrue(r.exitCode() == 0, () -> script + ": " + r.stderr());
    }
}
