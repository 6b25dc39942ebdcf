package dev.ferry.send;

import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.items.Name;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The receiver's namespace as it stands at the current point of the stream: which names each
 * inode has. It starts as the parent P and changes with every namespace command the planner
 * emits, so that every command can name a path the receiver really has at that moment.
 *
 * <p>Only inodes that a command touched are held explicitly; every other inode is read from P
 * on demand (and cached), so the model grows with the change, not with the tree.
 */
final class ReceiverModel {
    /** A name in a directory of the receiver. */
    record Entry(InodeId dir, Name name) implements Comparable<Entry> {
        private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::dir).thenComparing(Entry::name);

        @Override
        public int compareTo(Entry other) {
            return ORDER.compare(this, other);
        }
    }

    private final Trees trees;
    private final Map<InodeId, SortedSet<Entry>> links = new HashMap<>();
    private final Set<InodeId> touchedDirs = new HashSet<>();
    private final Set<Name> rootNamesAdded = new HashSet<>();

    ReceiverModel(Trees trees) {
        this.trees = trees;
    }

    /** The names {@code node} has now. */
    SortedSet<Entry> links(InodeId node) throws NativeException {
        SortedSet<Entry> explicit = links.get(node);
        if (explicit != null) {
            return explicit;
        }
        SortedSet<Entry> fromParent = new TreeSet<>();
        Optional<InodeState> p = trees.inP(node.ino());
        if (p.isPresent() && p.get().id().equals(node)) {
            for (Link link : p.get().links()) {
                fromParent.add(new Entry(trees.identityInP(link.parent()), link.name()));
            }
        }
        return fromParent;
    }

    /** The path {@code node} can be reached by now; "" for the root. */
    byte[] path(InodeId node) throws NativeException {
        if (node.isRoot()) {
            return new byte[0];
        }
        SortedSet<Entry> names = links(node);
        if (names.isEmpty()) {
            throw new IllegalStateException("inode " + node + " has no name on the receiver at this point");
        }
        return path(names.first());
    }

    byte[] path(Entry entry) throws NativeException {
        return PathBytes.child(path(entry.dir()), entry.name());
    }

    /** How many directories lie between the root and {@code entry}. */
    int depth(Entry entry) throws NativeException {
        int depth = 0;
        InodeId dir = entry.dir();
        while (!dir.isRoot()) {
            depth++;
            dir = links(dir).first().dir();
        }
        return depth;
    }

    void add(InodeId node, Entry entry) throws NativeException {
        materialize(node).add(entry);
        touchedDirs.add(entry.dir());
        if (entry.dir().isRoot()) {
            rootNamesAdded.add(entry.name());
        }
    }

    void remove(InodeId node, Entry entry) throws NativeException {
        if (!materialize(node).remove(entry)) {
            throw new IllegalStateException("inode " + node + " has no entry " + entry + " to remove");
        }
        touchedDirs.add(entry.dir());
    }

    /**
     * A name in the root for {@code node} to wait under, {@code o<ino>-<gen>-<n>} as the kernel
     * makes them: the first n for which the name is in neither root of P nor of S nor was put in
     * the root by this stream.
     */
    Name orphanName(InodeId node) throws NativeException {
        for (long n = 0; ; n++) {
            Name name = Name.of("o" + Long.toUnsignedString(node.ino()) + "-" + Long.toUnsignedString(node.generation())
                    + "-" + n);
            if (!rootNamesAdded.contains(name) && !trees.rootHasName(name)) {
                return name;
            }
        }
    }

    /** Directories whose entries this stream changed, in inode order. */
    List<InodeId> touchedDirectories() {
        List<InodeId> dirs = new ArrayList<>(touchedDirs);
        dirs.sort(null);
        return dirs;
    }

    private SortedSet<Entry> materialize(InodeId node) throws NativeException {
        SortedSet<Entry> explicit = links.get(node);
        if (explicit == null) {
            explicit = new TreeSet<>(links(node));
            links.put(node, explicit);
        }
        return explicit;
    }
}
