package dev.ferry.send.diff;

import dev.ferry.stream.ByteString;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One line of a diff: what happened at one path between the parent P and the snapshot S.
 * Paths are raw bytes relative to the snapshot root ({@code ""} is the root); a deleted path is
 * where the thing was in P, every other path where it is in S.
 *
 * @param kind          what happened
 * @param type          the file type of the inode concerned
 * @param path          the path; for {@link Kind#RENAMED} the old path (in P)
 * @param newPath       for {@link Kind#RENAMED} only: the new path (in S)
 * @param aspects       for {@link Kind#MODIFIED} only: which inode properties changed
 * @param xattrsSet     for {@link Kind#MODIFIED} only: xattrs added or given a new value
 * @param xattrsRemoved for {@link Kind#MODIFIED} only: xattrs removed
 */
public record PathChange(Kind kind, FileType type, ByteString path, Optional<ByteString> newPath, Set<Aspect> aspects,
                         SortedSet<ByteString> xattrsSet, SortedSet<ByteString> xattrsRemoved)
        implements Comparable<PathChange> {

    /** What happened at a path, with its {@code zfs diff} style marker. */
    public enum Kind {
        /** An inode that S no longer has, at each of its names in P (a directory's contents are listed too). */
        DELETED('-', "deleted"),
        /** A name that a surviving inode lost; it still has others (hard links). */
        LINK_REMOVED('-', "link_removed"),
        /** An inode that kept its identity but changed its only changed name: old path -> new path. */
        RENAMED('R', "renamed"),
        /** An inode that P did not have, at each of its names in S. */
        ADDED('+', "added"),
        /** A name that a surviving inode gained (a new hard link). */
        LINK_ADDED('+', "link_added"),
        /** A surviving inode whose content or metadata changed, at each of its names in S. */
        MODIFIED('M', "modified");

        private final char marker;
        private final String word;

        Kind(char marker, String word) {
            this.marker = marker;
            this.word = word;
        }

        public char marker() {
            return marker;
        }

        public String word() {
            return word;
        }
    }

    /** By path (a rename by its old path), then deletions before renames, additions and modifications. */
    private static final Comparator<PathChange> ORDER = Comparator.comparing(PathChange::path)
            .thenComparing(PathChange::kind)
            .thenComparing(c -> c.newPath().orElse(ByteString.EMPTY));

    public PathChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        if (newPath.isPresent() != (kind == Kind.RENAMED)) {
            throw new IllegalArgumentException("a new path belongs to renames, and only to them");
        }
        aspects = Collections.unmodifiableSet(aspects.isEmpty() ? EnumSet.noneOf(Aspect.class) : EnumSet.copyOf(aspects));
        xattrsSet = Collections.unmodifiableSortedSet(new TreeSet<>(xattrsSet));
        xattrsRemoved = Collections.unmodifiableSortedSet(new TreeSet<>(xattrsRemoved));
        boolean modification = !aspects.isEmpty() || !xattrsSet.isEmpty() || !xattrsRemoved.isEmpty();
        if (modification != (kind == Kind.MODIFIED)) {
            throw new IllegalArgumentException("a modification lists what changed, and nothing else does");
        }
    }

    public static PathChange of(Kind kind, FileType type, ByteString path) {
        return new PathChange(kind, type, path, Optional.empty(), Set.of(), new TreeSet<>(), new TreeSet<>());
    }

    public static PathChange renamed(FileType type, ByteString from, ByteString to) {
        return new PathChange(Kind.RENAMED, type, from, Optional.of(to), Set.of(), new TreeSet<>(), new TreeSet<>());
    }

    public static PathChange modified(FileType type, ByteString path, Set<Aspect> aspects,
                                      SortedSet<ByteString> xattrsSet, SortedSet<ByteString> xattrsRemoved) {
        return new PathChange(Kind.MODIFIED, type, path, Optional.empty(), aspects, xattrsSet, xattrsRemoved);
    }

    @Override
    public int compareTo(PathChange other) {
        return ORDER.compare(this, other);
    }
}
