package dev.ferry.btrfs.testing.scenario;

import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The oracle: {@code btrfs send [-p parent] --proto N snapshot | btrfs receive destination}, through
 * a temporary file so that each side's exit status and stderr are reported on their own.
 */
public final class BtrfsSendReceive implements Transfer {

    @Override
    public Path transfer(Request request) throws Exception {
        Path stream = Files.createTempFile("ferry-stream-", ".btrfs");
        try {
            Shell.run(sendCommand(request, stream));
            Shell.run("btrfs", "receive", "-f", stream.toString(), request.destination().toString());
            return request.destination().resolve(request.snapshot().getFileName());
        } finally {
            Files.deleteIfExists(stream);
        }
    }

    private static String[] sendCommand(Request request, Path stream) {
        List<String> cmd = new ArrayList<>(List.of("btrfs", "-q", "send", "--proto", Integer.toString(request.protocolVersion())));
        request.parent().ifPresent(p -> cmd.addAll(List.of("-p", p.toString())));
        cmd.addAll(List.of("-f", stream.toString(), request.snapshot().toString()));
        return cmd.toArray(String[]::new);
    }

    @Override
    public String toString() {
        return "btrfs send | btrfs receive";
    }
}
