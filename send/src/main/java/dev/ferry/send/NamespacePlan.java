package dev.ferry.send;

import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import dev.ferry.btrfs.items.FileExtentItem;
import dev.ferry.send.ReceiverModel.Entry;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import java.io.IOException;
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
 * Turns the name changes of a {@link ChangeSet} into namespace commands that replay correctly
 * whatever their combination: renames into each other's names, swaps, cycles, a directory
 * replaced by a file, inode numbers reused (design.md §3.3). Three phases, each against the
 * {@link ReceiverModel}'s current paths:
 *
 * <ol>
 * <li><b>Detach</b>, deepest entries first: every entry of P that S does not have is taken away.
 * A deleted file loses the name (UNLINK); a deleted directory, already emptied by the deeper
 * entries, goes (RMDIR); an inode that lives on but would be left without a name (a moved
 * directory, a file whose every name changed) waits under an orphan name in the root.
 * Afterwards every name S gives a new owner is free.</li>
 * <li><b>Create</b>: each new inode is made directly under its first name, its parent directory
 * first when that is new too.</li>
 * <li><b>Attach</b>: every other new entry: an orphan is RENAMEd to its first new name, further
 * names are LINKs. Every directory exists somewhere by now, and no rename can close a cycle,
 * because the entries present are entries of S, which is a tree.</li>
 * </ol>
 *
 * <p>Between detach and create, directories whose default ACL changed get it now rather than in
 * the content phase, so that what is created in them inherits what S's inodes inherited. The
 * inodes that inherit a default ACL on the receiver anyway are remembered
 * ({@link #inheritedAcl()}) so the content phase can take away what S's inode does not have.
 */
final class NamespacePlan {
    private final ChangeSet changes;
    private final Trees trees;
    private final ReceiverModel model;
    private final CommandSink out;
    private final Set<InodeId> created = new HashSet<>();
    /** Inodes waiting under an orphan name, and that name. */
    private final Map<InodeId, Entry> orphans = new HashMap<>();
    /** New inodes created in a directory that had a default ACL at that moment. */
    private final Set<InodeId> inheritedAcl = new HashSet<>();
    /** Directories whose default ACL was already brought up to date before the create phase. */
    private final Set<InodeId> defaultAclSent = new HashSet<>();

    NamespacePlan(ChangeSet changes, Trees trees, ReceiverModel model, CommandSink out) {
        this.changes = changes;
        this.trees = trees;
        this.model = model;
        this.out = out;
    }

    void run() throws IOException {
        detach();
        updateDefaultAcls();
        create();
        attach();
        if (!orphans.isEmpty()) {
            throw new IllegalStateException("inodes left under orphan names: " + orphans.keySet());
        }
    }

    /** An entry of one inode (P's or S's identity of it). */
    private record Named(InodeId node, Entry entry) {
    }

    // ---- phase 1 ----

    private void detach() throws IOException {
        List<Named> gone = new ArrayList<>();
        for (InodeDiff diff : changes.diffs().values()) {
            gone.addAll(goneEntries(diff));
        }
        Map<Named, Integer> depth = new HashMap<>();
        for (Named n : gone) {
            depth.put(n, model.depth(n.entry()));
        }
        gone.sort(Comparator.<Named>comparingInt(depth::get).reversed()
                .thenComparing(Named::node).thenComparing(Named::entry));
        for (Named n : gone) {
            detach(n);
        }
    }

    private void detach(Named n) throws IOException {
        ByteString path = bytes(model.path(n.entry()));
        boolean survives = trees.aliveInS(n.node());
        boolean directory = isDirectoryInP(n.node());
        if (!survives && directory) {
            out.accept(new Command.Rmdir(path));
            model.remove(n.node(), n.entry());
        } else if (!survives || (!directory && model.links(n.node()).size() > 1)) {
            out.accept(new Command.Unlink(path));
            model.remove(n.node(), n.entry());
        } else {
            Entry orphan = new Entry(InodeId.ROOT, model.orphanName(n.node()));
            out.accept(new Command.Rename(path, bytes(model.path(orphan))));
            model.remove(n.node(), n.entry());
            model.add(n.node(), orphan);
            orphans.put(n.node(), orphan);
        }
    }

    private List<Named> goneEntries(InodeDiff diff) throws NativeException {
        if (diff.before().isEmpty()) {
            return List.of();
        }
        InodeState p = diff.before().get();
        SortedSet<Entry> old = entriesInP(p);
        if (diff.survives()) {
            old.removeAll(entriesInS(diff.after().get()));
        }
        return old.stream().map(e -> new Named(p.id(), e)).toList();
    }

    Set<InodeId> inheritedAcl() {
        return inheritedAcl;
    }

    Set<InodeId> defaultAclSent() {
        return defaultAclSent;
    }

    private void updateDefaultAcls() throws IOException {
        for (InodeDiff diff : changes.diffs().values()) {
            if (!diff.survives() || !diff.after().get().isDirectory()) {
                continue;
            }
            Optional<byte[]> was = diff.before().get().xattr(InodeState.ACL_DEFAULT);
            Optional<byte[]> now = diff.after().get().xattr(InodeState.ACL_DEFAULT);
            if (was.isPresent() == now.isPresent() && (was.isEmpty() || java.util.Arrays.equals(was.get(), now.get()))) {
                continue;
            }
            ByteString path = bytes(model.path(diff.after().get().id()));
            ByteString name = ByteString.of(InodeState.ACL_DEFAULT.bytes());
            out.accept(now.isPresent() ? new Command.SetXattr(path, name, ByteString.of(now.get()))
                    : new Command.RemoveXattr(path, name));
            defaultAclSent.add(diff.after().get().id());
        }
    }

    /** Whether directory {@code dir} has a default ACL on the receiver at this point of the stream. */
    private boolean hasDefaultAcl(InodeId dir) throws NativeException {
        Optional<InodeDiff> diff = changes.diff(dir.ino());
        if (diff.isPresent() && diff.get().born().isPresent()) {
            return inheritedAcl.contains(dir); // a new directory so far has only what it inherited
        }
        return trees.inS(dir.ino()).flatMap(s -> s.xattr(InodeState.ACL_DEFAULT)).isPresent();
    }

    // ---- phase 2 ----

    private void create() throws IOException {
        for (InodeDiff diff : changes.diffs().values()) {
            Optional<InodeState> born = diff.born();
            if (born.isPresent() && !born.get().id().isRoot() && !born.get().links().isEmpty()) {
                create(born.get());
            }
        }
    }

    private void create(InodeState s) throws IOException {
        if (s.id().isRoot() || !created.add(s.id())) {
            return;
        }
        Link first = s.links().get(0);
        Optional<InodeDiff> parentDiff = changes.diff(first.parent());
        if (parentDiff.isPresent() && parentDiff.get().born().isPresent()) {
            create(parentDiff.get().born().get());
        }
        Entry entry = new Entry(trees.identityInS(first.parent()), first.name());
        out.accept(makeCommand(s, bytes(model.path(entry))));
        if (!s.isSymlink() && hasDefaultAcl(entry.dir())) {
            inheritedAcl.add(s.id());
        }
        model.add(s.id(), entry);
    }

    private Command makeCommand(InodeState s, ByteString path) throws IOException {
        long ino = s.ino();
        long mode = Integer.toUnsignedLong(s.item().mode());
        return switch (s.fileType()) {
            case Posix.S_IFDIR -> new Command.MkDir(path, ino);
            case Posix.S_IFREG -> new Command.MkFile(path, ino);
            case Posix.S_IFLNK -> new Command.Symlink(path, ino, symlinkTarget(s));
            case Posix.S_IFCHR, Posix.S_IFBLK -> new Command.MkNod(path, ino, Devices.streamRdev(s.item().rdev()), mode);
            case Posix.S_IFIFO -> new Command.MkFifo(path, ino, java.util.OptionalLong.of(0), java.util.OptionalLong.of(mode));
            case Posix.S_IFSOCK -> new Command.MkSock(path, ino, java.util.OptionalLong.of(0), java.util.OptionalLong.of(mode));
            default -> throw new IOException("inode " + ino + " has an unknown file type, mode 0" + Long.toOctalString(mode));
        };
    }

    /** A symlink's target is its inline extent; read it through the snapshot when that is compressed. */
    private ByteString symlinkTarget(InodeState s) throws IOException {
        if (s.extents().size() == 1 && s.extents().get(0).item() instanceof FileExtentItem.Inline inline
                && inline.compression() == dev.ferry.btrfs.items.Compression.NONE) {
            return ByteString.of(inline.data());
        }
        byte[] path = trees.snapshot().pathOf(s.ino()).orElseThrow(() -> new IOException("symlink " + s.ino() + " has no path"));
        try (var entry = dev.ferry.btrfs.Beneath.resolver().entry(trees.snapshot().fd(), path)) {
            return ByteString.of(Posix.readlinkat(entry.dir(), entry.name()));
        }
    }

    // ---- phase 3 ----

    private void attach() throws IOException {
        for (InodeDiff diff : changes.diffs().values()) {
            if (diff.after().isEmpty() || diff.after().get().id().isRoot()) {
                continue;
            }
            InodeState s = diff.after().get();
            SortedSet<Entry> wanted = entriesInS(s);
            if (diff.survives()) {
                wanted.removeAll(entriesInP(diff.before().get()));
            }
            for (Entry entry : wanted) {
                if (model.links(s.id()).contains(entry)) {
                    continue; // the name it was created under
                }
                attach(s.id(), entry);
            }
        }
    }

    private void attach(InodeId node, Entry entry) throws IOException {
        ByteString target = bytes(model.path(entry));
        Entry orphan = orphans.remove(node);
        if (orphan != null) {
            out.accept(new Command.Rename(bytes(model.path(orphan)), target));
            model.remove(node, orphan);
        } else {
            out.accept(new Command.Link(target, bytes(model.path(node))));
        }
        model.add(node, entry);
    }

    // ---- helpers ----

    private SortedSet<Entry> entriesInP(InodeState p) throws NativeException {
        SortedSet<Entry> entries = new TreeSet<>();
        for (Link link : p.links()) {
            entries.add(new Entry(trees.identityInP(link.parent()), link.name()));
        }
        return entries;
    }

    private SortedSet<Entry> entriesInS(InodeState s) throws NativeException {
        SortedSet<Entry> entries = new TreeSet<>();
        for (Link link : s.links()) {
            entries.add(new Entry(trees.identityInS(link.parent()), link.name()));
        }
        return entries;
    }

    private boolean isDirectoryInP(InodeId node) throws NativeException {
        return trees.inP(node.ino()).map(InodeState::isDirectory).orElse(false);
    }

    static ByteString bytes(byte[] path) {
        return ByteString.of(path);
    }
}
