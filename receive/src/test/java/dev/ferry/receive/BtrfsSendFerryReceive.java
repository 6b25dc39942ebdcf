package dev.ferry.receive;

import dev.ferry.btrfs.testing.scenario.Transfer;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code btrfs send [-p parent] --proto N [extra] snapshot | ferry receive}: the real kernel stream
 * through a pipe into the {@link Receiver}, onto btrfs or into a directory mirror.
 */
final class BtrfsSendFerryReceive implements Transfer {
    private final boolean mirror;
    private final List<String> sendOptions;

    private BtrfsSendFerryReceive(boolean mirror, List<String> sendOptions) {
        this.mirror = mirror;
        this.sendOptions = sendOptions;
    }

    /** Received as subvolumes into the destination directory, as btrfs receive would. */
    static BtrfsSendFerryReceive ontoBtrfs(String... sendOptions) {
        return new BtrfsSendFerryReceive(false, List.of(sendOptions));
    }

    /** Received into one mirror directory, "tree", inside the destination directory; its state file sits beside it. */
    static BtrfsSendFerryReceive intoMirror(String... sendOptions) {
        return new BtrfsSendFerryReceive(true, List.of(sendOptions));
    }

    @Override
    public Path transfer(Request request) throws Exception {
        Path dest = mirror ? request.destination().resolve("tree") : request.destination();
        ReceiveOptions options = ReceiveOptions.defaults()
                .withTargetKind(mirror ? ReceiveOptions.TargetKind.DIRECTORY : ReceiveOptions.TargetKind.AUTO);
        try (Send send = Send.start(request.snapshot(), request.parent(), request.protocolVersion(),
                sendOptions.toArray(String[]::new))) {
            ReceiveResult result = Receiver.receive(send.stream(), dest, options);
            return result.subvolumes().get(0).path();
        }
    }

    @Override
    public String toString() {
        return "btrfs send " + String.join(" ", sendOptions) + " | ferry receive" + (mirror ? " --dir" : "");
    }
}
