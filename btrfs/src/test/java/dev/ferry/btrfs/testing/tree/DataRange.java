package dev.ferry.btrfs.testing.tree;

/** A byte range [start, end) of a file that holds data, as SEEK_DATA/SEEK_HOLE report it. */
public record DataRange(long start, long end) {
    public DataRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad range " + start + ".." + end);
        }
    }

    public boolean covers(DataRange other) {
        return start <= other.start && other.end <= end;
    }

    @Override
    public String toString() {
        return start + ".." + end;
    }
}
