package dev.ferry.receive;

import dev.ferry.btrfs.Beneath;
import dev.ferry.btrfs.UnsafePathException;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import java.util.List;

/** The paths a command names, and the rule they must follow: relative, beneath the subvolume root, no "..". */
final class StreamPaths {
    private StreamPaths() {
    }

    static List<ByteString> of(Command.OnPath command) {
        if (command instanceof Command.Rename r) {
            return List.of(r.path(), r.to());
        }
        if (command instanceof Command.Link l) {
            return List.of(l.path(), l.target());
        }
        if (command instanceof Command.Clone c) {
            return List.of(c.path(), c.clonePath());
        }
        return List.of(command.path());
    }

    static void check(ByteString path) throws UnsafePathException {
        Beneath.checkPath(path.toByteArray());
    }
}
