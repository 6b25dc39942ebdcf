package dev.ferry.send;

import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.scenario.Transfer;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The transfer under test: ferry's sender writes the stream, the real {@code btrfs receive}
 * applies it. Fails when receive exits non-zero or says anything on stderr beyond its
 * "At subvol/snapshot" line.
 */
final class FerrySendBtrfsReceive implements Transfer {
    final List<String> notices = new ArrayList<>();

    @Override
    public Path transfer(Request request) throws Exception {
        Path stream = Files.createTempFile("ferry-send-", ".btrfs");
        try {
            write(new SendRequest(request.snapshot(), request.parent(), List.of(), request.protocolVersion()), stream);
            receive(stream, request.destination());
            return request.destination().resolve(request.snapshot().getFileName());
        } finally {
            Files.deleteIfExists(stream);
        }
    }

    void write(SendRequest request, Path stream) throws Exception {
        try (OutputStream out = Files.newOutputStream(stream);
             StreamWriter writer = StreamWriter.open(out, WriterOptions.raw(request.protocolVersion()))) {
            SendSession.send(request, writer::write, notices::add);
        }
    }

    static void receive(Path stream, Path destination) {
        Shell.Result r = Shell.exec("btrfs", "receive", "-f", stream.toString(), destination.toString());
        String complaints = r.stderr().lines().filter(l -> !l.startsWith("At subvol ") && !l.startsWith("At snapshot "))
                .reduce("", (a, b) -> a + b + "\n");
        if (r.exitCode() != 0 || !complaints.isBlank()) {
            String dump = Shell.exec("btrfs", "receive", "--dump", "-f", stream.toString()).out();
            throw new AssertionError("btrfs receive exited " + r.exitCode() + ": " + complaints.strip()
                    + "\nstream:\n" + (dump.length() > 20000 ? dump.substring(0, 20000) + "..." : dump));
        }
    }

    @Override
    public String toString() {
        return "ferry send | btrfs receive";
    }
}
