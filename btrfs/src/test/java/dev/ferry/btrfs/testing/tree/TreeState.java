package dev.ferry.btrfs.testing.tree;

import java.io.IOException;
import java.nio.file.DirectoryStream;
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
     * Captures the tree under {@code root} without following symlinks and without changing it:
     * every entry's metadata is read (a directory's before it is listed, since listing may bump
     * its atime), and only then file contents, opened with O_NOATIME.
     */
    public static TreeState capture(Path root) throws IOException {
        Path absoluteRoot = root.toAbsolutePath();
        List<Found> found = new ArrayList<>();
        walk(absoluteRoot, RelativePath.ROOT, found);
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
    private record Found(RelativePath path, Path absolute, Map<String, Object> attributes,
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

    private static void walk(Path dir, RelativePath path, List<Found> found) throws IOException {
        Found self = read(dir, path);
        found.add(self);
        if (!Boolean.TRUE.equals(self.attributes.get("isDirectory"))) {
            return;
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        for (Path child : children) {
            walk(child, path.child(nameOf(child)), found);
        }
    }

    private static byte[] nameOf(Path child) {
        byte[] full = RawPaths.bytes(child);
        int slash = full.length - 1;
        while (slash >= 0 && full[slash] != '/') {
            slash--;
        }
        return Arrays.copyOfRange(full, slash + 1, full.length);
    }

    private static Found read(Path absolute, RelativePath path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(absolute, "unix:*", LinkOption.NOFOLLOW_LINKS);
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
