package dev.ferry.send;

import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.items.Name;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

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

    Trees(SnapshotView snapshot, Optional<SnapshotView> parent, ChangeSet changes) throws NativeException {
        this.snapshot = snapshot;
        this.parent = parent;
        List<InodeState> before = new ArrayList<>();
        List<InodeState> after = new ArrayList<>();
        for (InodeDiff diff : changes.diffs().values()) {
            inS.put(diff.ino(), diff.after());
            inP.put(diff.ino(), diff.before());
            diff.before().ifPresent(before::add);
            diff.after().ifPresent(after::add);
        }
        if (parent.isPresent()) {
            readAncestors(parent.get(), inP, before, Integer.MAX_VALUE);
        }
        readAncestors(snapshot, inS, after, 1);
    }

    /**
     * Reads the directories above {@code inodes} into {@code cache}, one level at a time and each
     * level with one search per run of neighbouring inode numbers ({@link SnapshotView#inodes}),
     * rather than one search per directory when the planners first ask. In P, paths are resolved
     * up to the root, so every level is needed; in S, the planners only ask for the directories
     * that new names go into ({@code levels} = 1).
     */
    private static void readAncestors(SnapshotView view, Map<Long, Optional<InodeState>> cache,
                                      Collection<InodeState> inodes, int levels) throws NativeException {
        Collection<InodeState> level = inodes;
        for (int i = 0; i < levels && !level.isEmpty(); i++) {
            SortedSet<Long> missing = new TreeSet<>(Long::compareUnsigned);
            for (InodeState state : level) {
                for (Link link : state.links()) {
                    if (!cache.containsKey(link.parent())) {
                        missing.add(link.parent());
                    }
                }
            }
            SortedMap<Long, InodeState> found = view.inodes(missing);
            for (long ino : missing) {
                cache.put(ino, Optional.ofNullable(found.get(ino)));
            }
            level = found.values();
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
