package dev.ferry.receive;

import java.nio.file.Path;

/**
 * {@code ferry receive DEST [--dir]} reduced to the receive module, for tests that need the receive
 * in a process of its own: to kill it, or to run it as another user. Exit 0 on success, 1 with the
 * error on stderr, like the real command.
 */
final class ReceiveMain {
    private ReceiveMain() {
    }

    public static void main(String[] args) {
        ReceiveOptions options = ReceiveOptions.defaults();
        if (args.length > 1 && args[1].equals("--dir")) {
            options = options.withTargetKind(ReceiveOptions.TargetKind.DIRECTORY);
        }
        try {
            Receiver.receive(System.in, Path.of(args[0]), options);
        } catch (ReceiveException e) {
            System.err.println("ferry receive: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }
}
