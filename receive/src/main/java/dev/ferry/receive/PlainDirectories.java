package dev.ferry.receive;

import dev.ferry.stream.ByteString;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@link DirectoryInheritance} found out about directories, by their path in the stream (the
 * root is the empty path), so that each is examined once and the directories this receive makes
 * cost nothing. A rename or rmdir may move any of them, so it forgets all.
 */
final class PlainDirectories {
    /** Enough for the directories of a large tree; past it, the verdicts start over. */
    private static final int LIMIT = 1 << 16;

    private final Map<ByteString, Boolean> handsOnNothing = new HashMap<>();

    /** The verdict on {@code directory}: null when not known. */
    Boolean handsOnNothing(ByteString directory) {
        return handsOnNothing.get(directory);
    }

    void remember(ByteString directory, boolean verdict) {
        if (handsOnNothing.size() >= LIMIT) {
            handsOnNothing.clear();
        }
        handsOnNothing.put(directory.retain(), verdict);
    }

    /** Its xattrs, mode or owner changed. */
    void forget(ByteString path) {
        handsOnNothing.remove(path);
    }

    /** Paths changed: a rename or rmdir. */
    void forgetAll() {
        handsOnNothing.clear();
    }
}
