package dev.ferry.btrfs.testing.tree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable description of a directory tree: one {@link Entry} per path (the root is
 * {@link RelativePath#ROOT}) and the hard-link groups, i.e. which paths share an inode inside the
 * tree. Inode numbers themselves are never compared, only the grouping.
 */
public record TreeState(Path root, SortedMap<RelativePath, Entry> entries,
                        SortedMap<RelativePath, SortedSet<RelativePath>> hardLinkGroups) {

    public TreeState {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
        hardLinkGroups = Collections.unmodifiableSortedMap(new TreeMap<>(hardLinkGroups));
    }

    /**
     * Captures the tree under {@code root} without following symlinks: every entry's metadata
     * first, then file contents. Directories are listed and files read with O_NOATIME, so a
     * writable tree keeps its atimes, except symlinks: readlink(2) touches their atime (after it
     * was captured), so a second capture of a writable tree may see later symlink atimes.
     */
    public static TreeState capture(Path root) throws IOException {
        Path absoluteRoot = root.toAbsolutePath();
        List<Found> found = new ArrayList<>();
        walk(RawPaths.bytes(absoluteRoot), RelativePath.ROOT, found);
        SortedMap<RelativePath, Entry> entries = new TreeMap<>();
        for (Found f : found) {
            entries.put(f.path, f.toEntry());
        }
        return new TreeState(absoluteRoot, entries, hardLinkGroups(entries.values()));
    }

    /** The entry at {@code path}, or null. */
    public Entry get(RelativePath path) {
        return entries.get(path);
    }

    /** The paths that share {@code path}'s inode, itself included (just itself if not hard-linked). */
    public SortedSet<RelativePath> linkGroupOf(RelativePath path) {
        SortedSet<RelativePath> group = hardLinkGroups.get(path);
        return group != null ? group : Collections.unmodifiableSortedSet(new TreeSet<>(List.of(path)));
    }

    public int size() {
        return entries.size();
    }

    /** Metadata read during the walk, before any content is. */
    private record Found(RelativePath path, byte[] absolute, Map<String, Object> attributes,
                         SortedMap<String, Bytes> xattrs, Bytes symlinkTarget) {
        Entry toEntry() throws IOException {
            int mode = (Integer) attributes.get("mode");
            EntryType type = EntryType.ofMode(mode);
            long size = (Long) attributes.get("size");
            NativeFiles.FileData data = type == EntryType.REGULAR
                    ? NativeFiles.fileData(absolute, size)
                    : new NativeFiles.FileData("", List.of());
            return new Entry(path, type, mode & 07777,
                    (Integer) attributes.get("uid"), (Integer) attributes.get("gid"), size,
                    ((FileTime) attributes.get("lastModifiedTime")).toInstant(),
                    ((FileTime) attributes.get("lastAccessTime")).toInstant(),
                    xattrs, data.sha256(), data.dataRanges(), symlinkTarget,
                    type.isDevice() ? Device.ofRdev((Long) attributes.get("rdev")) : Device.NONE,
                    (Long) attributes.get("ino"));
        }
    }

    /**
     * Reads an entry's metadata, then lists it if it is a directory. Paths stay raw bytes
     * throughout: turning a Path back into bytes (toUri) would stat through symlinks and touch
     * their atime.
     */
    private static void walk(byte[] absolute, RelativePath path, List<Found> found) throws IOException {
        Found self = read(absolute, path);
        found.add(self);
        if (!Boolean.TRUE.equals(self.attributes.get("isDirectory"))) {
            return;
        }
        for (byte[] name : NativeFiles.list(absolute)) {
            walk(join(absolute, name), path.child(name), found);
        }
    }

    private static byte[] join(byte[] dir, byte[] name) {
        byte[] joined = Arrays.copyOf(dir, dir.length + 1 + name.length);
        joined[dir.length] = '/';
        System.arraycopy(name, 0, joined, dir.length + 1, name.length);
        return joined;
    }

    private static Found read(byte[] absolute, RelativePath path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(RawPaths.of(absolute), "unix:*", LinkOption.NOFOLLOW_LINKS);
        SortedMap<String, Bytes> xattrs = NativeFiles.xattrs(absolute);
        Bytes target = Boolean.TRUE.equals(attributes.get("isSymbolicLink")) ? NativeFiles.readlink(absolute) : Bytes.EMPTY;
        return new Found(path, absolute, attributes, xattrs, target);
    }

    private static SortedMap<RelativePath, SortedSet<RelativePath>> hardLinkGroups(Iterable<Entry> entries) {
        Map<Long, SortedSet<RelativePath>> byInode = new HashMap<>();
        for (Entry e : entries) {
            if (e.type() != EntryType.DIRECTORY) {
                byInode.computeIfAbsent(e.inode(), k -> new TreeSet<>()).add(e.path());
            }
        }
        SortedMap<RelativePath, SortedSet<RelativePath>> groups = new TreeMap<>();
        for (SortedSet<RelativePath> group : byInode.values()) {
            if (group.size() > 1) {
                SortedSet<RelativePath> frozen = Collections.unmodifiableSortedSet(group);
                group.forEach(p -> groups.put(p, frozen));
            }
        }
        return groups;
    }
}
