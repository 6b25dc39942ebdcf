package dev.ferry.send;

import dev.ferry.btrfs.Backrefs;
import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.ExtentReference;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.items.FileExtentItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Finds where the receiver already has a range of a data extent, so that it can be sent as a
 * CLONE instead of its bytes. LOGICAL_INO_V2 (IGNORE_OFFSET) names every file that maps the
 * extent; a file qualifies when its item covers the whole range and the receiver has that file's
 * data already:
 * <ul>
 * <li>in the snapshot itself: a file this send does not change, or one whose data went out
 * earlier in this stream (CLONE_UUID = the stream's own uuid, path = its current path);</li>
 * <li>in a clone source ({@code -c}), which the receiver has as a received subvolume.</li>
 * </ul>
 * Ranges only partly covered by one item are not cloned (they are written).
 *
 * <p>LOGICAL_INO_V2 walks the extent's back references in the kernel, one call per extent. When
 * the snapshot is the only possible source (a full send without {@code -c}), every file of it is
 * in the change set, so the extents that two of its files share are known without asking: only
 * those are looked up.
 */
final class CloneFinder {
    /** Where a range can be cloned from. */
    record Source(UUID uuid, long ctransid, byte[] path, long offset, long fileSize) {
    }

    private static final int CACHED_EXTENTS = 64;

    private final Trees trees;
    private final ChangeSet changes;
    private final ReceiverModel model;
    private final Map<Long, SnapshotView> cloneSources;
    private final Set<Long> dataSent = new HashSet<>();
    /** Extents that more than one inode maps, when the change set knows every reference that counts; else empty. */
    private final Optional<Set<Long>> sharedExtents;
    private final Map<Long, List<ExtentReference>> references = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<ExtentReference>> eldest) {
            return size() > CACHED_EXTENTS;
        }
    };

    CloneFinder(Trees trees, ChangeSet changes, ReceiverModel model, List<SnapshotView> cloneSources) {
        this.trees = trees;
        this.changes = changes;
        this.model = model;
        this.cloneSources = new LinkedHashMap<>();
        for (SnapshotView v : cloneSources) {
            this.cloneSources.put(v.treeId(), v);
        }
        this.sharedExtents = cloneSources.isEmpty() ? Optional.of(sharedBetweenInodes(changes)) : Optional.empty();
    }

    /**
     * The disk extents mapped by more than one inode of S in {@code changes}. Without a parent or
     * clone sources (the parent is one), {@code changes} holds every inode of S, so an extent not
     * in this set has no reference that {@link #candidate} could accept.
     */
    private static Set<Long> sharedBetweenInodes(ChangeSet changes) {
        Map<Long, Long> firstInode = new java.util.HashMap<>();
        Set<Long> shared = new HashSet<>();
        for (InodeDiff diff : changes.diffs().values()) {
            if (diff.after().isEmpty()) {
                continue;
            }
            for (Extent e : diff.after().get().extents()) {
                if (e.item() instanceof FileExtentItem.OnDisk d && d.diskBytenr() != 0) {
                    Long other = firstInode.putIfAbsent(d.diskBytenr(), diff.ino());
                    if (other != null && other != diff.ino()) {
                        shared.add(d.diskBytenr());
                    }
                }
            }
        }
        return shared;
    }

    /** Records that the receiver now has all of {@code ino}'s data (so later files may clone from it). */
    void dataSent(long ino) {
        dataSent.add(ino);
    }

    /**
     * A file the receiver has that maps bytes [extentOffset, extentOffset + length) of {@code extent}
     * (decoded-extent coordinates), other than inode {@code ino} itself.
     */
    Optional<Source> find(long ino, FileExtentItem.OnDisk extent, long extentOffset, long length) throws NativeException {
        if (sharedExtents.isPresent() && !sharedExtents.get().contains(extent.diskBytenr())) {
            return Optional.empty();
        }
        for (ExtentReference ref : referencesTo(extent.diskBytenr())) {
            Optional<Source> source = candidate(ino, ref, extent, extentOffset, length);
            if (source.isPresent()) {
                return source;
            }
        }
        return Optional.empty();
    }

    private Optional<Source> candidate(long ino, ExtentReference ref, FileExtentItem.OnDisk extent, long extentOffset,
                                       long length) throws NativeException {
        SnapshotView snapshot = trees.snapshot();
        boolean inSnapshot = ref.root() == snapshot.treeId();
        SnapshotView view = inSnapshot ? snapshot : cloneSources.get(ref.root());
        if (view == null || inSnapshot && (ref.inode() == ino || !receiverHasData(ref.inode()))) {
            return Optional.empty();
        }
        Optional<InodeState> state = inSnapshot ? trees.inS(ref.inode()) : view.inode(ref.inode());
        if (state.isEmpty() || !state.get().isRegularFile()) {
            return Optional.empty();
        }
        for (Extent e : state.get().extents()) {
            if (e.item() instanceof FileExtentItem.OnDisk d && covers(d, extent, extentOffset, length)) {
                long offset = e.offset() + (extentOffset - d.offset());
                Optional<byte[]> path = inSnapshot ? Optional.of(model.path(state.get().id())) : view.pathOf(ref.inode());
                if (path.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Source(view.info().streamUuid(), view.info().ctransid(), path.get(), offset,
                        state.get().item().size()));
            }
        }
        return Optional.empty();
    }

    private boolean receiverHasData(long ino) {
        return changes.isUnchanged(ino) || dataSent.contains(ino);
    }

    private static boolean covers(FileExtentItem.OnDisk d, FileExtentItem.OnDisk wanted, long extentOffset, long length) {
        return !d.prealloc() && d.diskBytenr() == wanted.diskBytenr() && d.compression() == wanted.compression()
                && d.offset() <= extentOffset && extentOffset + length <= d.offset() + d.numBytes();
    }

    private List<ExtentReference> referencesTo(long diskBytenr) throws NativeException {
        List<ExtentReference> cached = references.get(diskBytenr);
        if (cached != null) {
            return cached;
        }
        List<ExtentReference> refs;
        try {
            refs = new ArrayList<>(Backrefs.referencesToExtent(trees.snapshot().fd(), diskBytenr));
        } catch (NativeException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
            refs = new ArrayList<>();
        }
        // Deterministic choice: the snapshot itself first, then by root, inode and offset.
        long self = trees.snapshot().treeId();
        refs.sort(Comparator.comparing((ExtentReference r) -> r.root() != self)
                .thenComparing(ExtentReference::root, Long::compareUnsigned)
                .thenComparing(ExtentReference::inode, Long::compareUnsigned)
                .thenComparing(ExtentReference::offset, Long::compareUnsigned));
        references.put(diskBytenr, refs);
        return refs;
    }
}
