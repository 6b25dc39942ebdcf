package dev.ferry.send;

import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.items.Name;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The two trees of a send, P (absent for a full send) and S, read one inode at a time with a
 * cache seeded from the {@link ChangeSet}: the planners look up the same few directories over and
 * over while resolving paths.
 */
final class Trees {
    private final SnapshotView snapshot;
    private final Optional<SnapshotView> parent;
    private final Map<Long, Optional<InodeState>> inS = new HashMap<>();
    private final Map<Long, Optional<InodeState>> inP = new HashMap<>();

    Trees(SnapshotView snapshot, Optional<SnapshotView> parent, ChangeSet changes) {
        this.snapshot = snapshot;
        this.parent = parent;
        for (InodeDiff diff : changes.diffs().values()) {
            inS.put(diff.ino(), diff.after());
            inP.put(diff.ino(), diff.before());
        }
    }

    SnapshotView snapshot() {
        return snapshot;
    }

    Optional<InodeState> inS(long ino) throws NativeException {
        Optional<InodeState> cached = inS.get(ino);
        if (cached == null) {
            cached = snapshot.inode(ino);
            inS.put(ino, cached);
        }
        return cached;
    }

    Optional<InodeState> inP(long ino) throws NativeException {
        if (parent.isEmpty()) {
            return Optional.empty();
        }
        Optional<InodeState> cached = inP.get(ino);
        if (cached == null) {
            cached = parent.get().inode(ino);
            inP.put(ino, cached);
        }
        return cached;
    }

    InodeId identityInP(long ino) throws NativeException {
        return identity(ino, inP(ino), "parent");
    }

    InodeId identityInS(long ino) throws NativeException {
        return identity(ino, inS(ino), "snapshot");
    }

    /** Whether {@code node} exists in S (the root always does). */
    boolean aliveInS(InodeId node) throws NativeException {
        return node.isRoot() || inS(node.ino()).map(s -> s.id().equals(node)).orElse(false);
    }

    /** Whether the root directory of P or of S has an entry {@code name}. */
    boolean rootHasName(Name name) throws NativeException {
        if (snapshot.lookup(InodeState.ROOT_DIR, name).isPresent()) {
            return true;
        }
        return parent.isPresent() && parent.get().lookup(InodeState.ROOT_DIR, name).isPresent();
    }

    private static InodeId identity(long ino, Optional<InodeState> state, String tree) {
        if (ino == InodeState.ROOT_DIR) {
            return InodeId.ROOT;
        }
        return state.map(InodeState::id).orElseThrow(
                () -> new IllegalStateException("directory inode " + Long.toUnsignedString(ino) + " is missing from the " + tree));
    }
}
