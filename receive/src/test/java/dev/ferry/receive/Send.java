package dev.ferry.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code btrfs send} as a running process whose stdout is the stream: a real pipe into the receiver. */
final class Send implements AutoCloseable {
    private final Process process;

    private Send(Process process) {
        this.process = process;
    }

    /** Starts {@code btrfs send --proto N [-p parent] [extra...] snapshot}. */
    static Send start(Path snapshot, Optional<Path> parent, int protocol, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("btrfs", "-q", "send", "--proto", Integer.toString(protocol)));
        parent.ifPresent(p -> cmd.addAll(List.of("-p", p.toString())));
        cmd.addAll(List.of(extra));
        cmd.add(snapshot.toString());
        return new Send(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start());
    }

    InputStream stream() {
        return process.getInputStream();
    }

    /** Waits for send and checks it succeeded (after the receiver has read everything). */
    @Override
    public void close() throws Exception {
        process.getInputStream().close();
        int code = process.waitFor();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, code, "btrfs send failed: " + err);
    }

    /**
     * Kills send at once with SIGKILL, as a crash of the sending side would end it. Sent with kill(1):
     * {@link Process#destroyForcibly()} would also close our end of the pipe, which a crash does not.
     */
    void kill() {
        dev.ferry.btrfs.testing.Shell.run("kill", "-KILL", Long.toString(process.pid()));
    }

    /** Ends send when the receiver stopped reading early (it exits on SIGPIPE then). */
    void abandon() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** The whole stream as bytes. */
    static byte[] bytes(Path snapshot, Optional<Path> parent, int protocol, String... extra) throws Exception {
        try (Send send = start(snapshot, parent, protocol, extra)) {
            return send.stream().readAllBytes();
        }
    }
}
