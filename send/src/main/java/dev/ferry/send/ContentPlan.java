package dev.ferry.send;

import dev.ferry.btrfs.items.InodeItem;
import dev.ferry.btrfs.items.Name;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.Timespec;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The last phase: once every inode has its final names, sends per changed inode (in inode order)
 * its xattrs, data, owner, mode, flags and times:
 * <ul>
 * <li>REMOVE_XATTR / SET_XATTR for what changed;</li>
 * <li>the data ({@link DataPlanner});</li>
 * <li>CHOWN before CHMOD, because chown clears setuid/setgid; CHMOD again after any CHOWN and
 * never for symlinks;</li>
 * <li>security.capability once more after a CHOWN or any data command, which both clear it;</li>
 * <li>FILEATTR (v2) when the inode flags changed, as the kernel does (not for new inodes);</li>
 * <li>UTIMES, for directories at the very end, after everything that could touch their times,
 * including every directory whose entries this stream changed.</li>
 * </ul>
 */
final class ContentPlan {
    private final ChangeSet changes;
    private final Trees trees;
    private final ReceiverModel model;
    private final DataPlanner data;
    private final CloneFinder clones;
    private final CommandSink out;
    private final int version;
    private final java.util.Set<InodeId> inheritedAcl;
    private final java.util.Set<InodeId> defaultAclSent;

    ContentPlan(ChangeSet changes, Trees trees, ReceiverModel model, DataPlanner data, CloneFinder clones,
                CommandSink out, int version, java.util.Set<InodeId> inheritedAcl, java.util.Set<InodeId> defaultAclSent) {
        this.inheritedAcl = inheritedAcl;
        this.defaultAclSent = defaultAclSent;
        this.changes = changes;
        this.trees = trees;
        this.model = model;
        this.data = data;
        this.clones = clones;
        this.out = out;
        this.version = version;
    }

    void run() throws IOException {
        SortedSet<InodeId> directories = new TreeSet<>(model.touchedDirectories());
        for (InodeDiff diff : changes.diffs().values()) {
            Optional<InodeState> after = diff.after();
            if (after.isEmpty() || after.get().links().isEmpty() && !after.get().id().isRoot()) {
                continue;
            }
            send(diff, after.get());
            if (after.get().isDirectory()) {
                directories.add(after.get().id());
            } else {
                utimes(after.get());
            }
        }
        for (InodeId dir : directories) {
            if (trees.aliveInS(dir)) {
                utimes(trees.inS(dir.ino()).orElseThrow());
            }
        }
    }

    private void send(InodeDiff diff, InodeState s) throws IOException {
        ByteString path = ByteString.of(model.path(s.id()));
        Optional<InodeItem> old = diff.survives() ? Optional.of(diff.before().get().item()) : Optional.empty();
        for (Name name : xattrsToRemove(diff, s)) {
            out.accept(new Command.RemoveXattr(path, bytes(name)));
        }
        Map<Name, byte[]> toSet = diff.xattrsToSet();
        for (Map.Entry<Name, byte[]> x : toSet.entrySet()) {
            boolean sentEarly = x.getKey().equals(InodeState.ACL_DEFAULT) && defaultAclSent.contains(s.id());
            if (!x.getKey().equals(InodeState.SECURITY_CAPABILITY) && !sentEarly) {
                out.accept(new Command.SetXattr(path, bytes(x.getKey()), ByteString.of(x.getValue())));
            }
        }
        boolean dataSent = false;
        if (s.isRegularFile()) {
            dataSent = data.send(diff, model.path(s.id()));
            clones.dataSent(s.ino());
        }
        InodeItem item = s.item();
        boolean chown = old.isEmpty() || old.get().uid() != item.uid() || old.get().gid() != item.gid();
        if (chown) {
            out.accept(new Command.Chown(path, Integer.toUnsignedLong(item.uid()), Integer.toUnsignedLong(item.gid())));
        }
        if (!s.isSymlink() && (chown || old.get().mode() != item.mode())) {
            out.accept(new Command.Chmod(path, item.mode() & 07777));
        }
        Optional<byte[]> capability = s.xattr(InodeState.SECURITY_CAPABILITY);
        if (capability.isPresent() && (chown || dataSent || toSet.containsKey(InodeState.SECURITY_CAPABILITY))) {
            out.accept(new Command.SetXattr(path, bytes(InodeState.SECURITY_CAPABILITY), ByteString.of(capability.get())));
        }
        if (version >= 2 && old.isPresent() && old.get().flags() != item.flags()) {
            out.accept(new Command.FileAttr(path, item.flags()));
        }
    }

    /**
     * Removed xattrs, plus the ACLs a new inode inherited on the receiver from its directory's
     * default ACL but does not have in S.
     */
    private java.util.List<Name> xattrsToRemove(InodeDiff diff, InodeState s) {
        java.util.List<Name> remove = new java.util.ArrayList<>(diff.xattrsToRemove());
        if (defaultAclSent.contains(s.id())) {
            remove.remove(InodeState.ACL_DEFAULT);
        }
        if (inheritedAcl.contains(s.id())) {
            if (!s.xattrs().containsKey(InodeState.ACL_ACCESS)) {
                remove.add(InodeState.ACL_ACCESS);
            }
            if (s.isDirectory() && !s.xattrs().containsKey(InodeState.ACL_DEFAULT)) {
                remove.add(InodeState.ACL_DEFAULT);
            }
        }
        remove.sort(null);
        return remove;
    }

    private void utimes(InodeState s) throws IOException {
        InodeItem item = s.item();
        Optional<Timespec> otime = version >= 2 ? Optional.of(Timespec.of(item.otime())) : Optional.empty();
        out.accept(new Command.Utimes(ByteString.of(model.path(s.id())), Timespec.of(item.atime()),
                Timespec.of(item.mtime()), Timespec.of(item.ctime()), otime));
    }

    private static ByteString bytes(Name name) {
        return ByteString.of(name.bytes());
    }
}
