package dev.ferry.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.btrfs.items.Compression;
import dev.ferry.btrfs.items.FileExtentItem;
import dev.ferry.send.FileMap.Change;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which byte ranges an incremental must send, from two extent maps alone. */
class FileMapTest {
    private static final long K = 1024;

    private static Extent data(long at, long bytenr, long offset, long length) {
        return new Extent(at, new FileExtentItem.OnDisk(7, 1 << 20, Compression.NONE, 0, 0, false, bytenr, 1 << 20, offset, length));
    }

    private static Extent prealloc(long at, long length) {
        return new Extent(at, new FileExtentItem.OnDisk(7, length, Compression.NONE, 0, 0, true, 999 * K * K, length, 0, length));
    }

    private static List<long[]> ranges(List<Change> changes) {
        return changes.stream().map(c -> new long[] {c.start(), c.end()}).toList();
    }

    private static void assertRanges(List<Change> changes, long... bounds) {
        assertEquals(bounds.length / 2, changes.size(), () -> changes.toString());
        for (int i = 0; i < changes.size(); i++) {
            assertEquals(bounds[2 * i], changes.get(i).start(), changes::toString);
            assertEquals(bounds[2 * i + 1], changes.get(i).end(), changes::toString);
        }
    }

    @Test
    void identicalExtentsNeedNothing() {
        List<Extent> map = List.of(data(0, 1 << 30, 0, 64 * K), data(64 * K, 2L << 30, 0, 64 * K));
        assertEquals(List.of(), FileMap.changes(FileMap.of(map, 128 * K), FileMap.of(map, 128 * K)));
    }

    @Test
    void anOverwriteInTheMiddleSendsOnlyTheNewExtent() {
        List<Extent> before = List.of(data(0, 1 << 30, 0, 256 * K));
        // btrfs splits the old item around the new one: the outer pieces keep disk_bytenr and shift offset.
        List<Extent> after = List.of(data(0, 1 << 30, 0, 20 * K), data(20 * K, 5L << 30, 0, 8 * K),
                data(28 * K, 1 << 30, 28 * K, 228 * K));
        assertRanges(FileMap.changes(FileMap.of(after, 256 * K), FileMap.of(before, 256 * K)), 20 * K, 28 * K);
    }

    @Test
    void theSameExtentAtAnotherPositionIsAChange() {
        List<Extent> before = List.of(data(0, 1 << 30, 0, 64 * K));
        List<Extent> after = List.of(data(0, 1 << 30, 4 * K, 60 * K));
        assertRanges(FileMap.changes(FileMap.of(after, 60 * K), FileMap.of(before, 64 * K)), 0, 60 * K);
    }

    @Test
    void holesAndPreallocReadAlikeAndDataBeyondTheOldSizeIsNew() {
        List<Extent> before = List.of(prealloc(0, 64 * K));
        List<Extent> after = List.of(data(64 * K, 1 << 30, 0, 64 * K));
        List<Change> changes = FileMap.changes(FileMap.of(after, 128 * K), FileMap.of(before, 64 * K));
        assertRanges(changes, 64 * K, 128 * K);
    }

    @Test
    void aPunchedHoleIsAChangeWhoseSpanIsAHole() {
        List<Extent> before = List.of(data(0, 1 << 30, 0, 128 * K));
        List<Extent> after = List.of(data(0, 1 << 30, 0, 32 * K), data(96 * K, 1 << 30, 96 * K, 32 * K));
        List<Change> changes = FileMap.changes(FileMap.of(after, 128 * K), FileMap.of(before, 128 * K));
        assertRanges(changes, 32 * K, 96 * K);
        assertEquals(FileMap.Hole.class, changes.get(0).span().getClass());
    }

    @Test
    void aChangedInlineExtentIsResentWhole() {
        List<Extent> before = List.of(new Extent(0, new FileExtentItem.Inline(7, 5, Compression.NONE, 0, 0, "hello".getBytes())));
        List<Extent> after = List.of(new Extent(0, new FileExtentItem.Inline(9, 6, Compression.NONE, 0, 0, "hello!".getBytes())));
        assertRanges(FileMap.changes(FileMap.of(after, 6), FileMap.of(before, 5)), 0, 6);
        assertEquals(List.of(), FileMap.changes(FileMap.of(before, 5), FileMap.of(before, 5)));
    }

    @Test
    void extentsPastTheSizeAreCut() {
        List<FileMap.Span> spans = FileMap.of(List.of(data(0, 1 << 30, 0, 8 * K)), 5000);
        assertEquals(1, spans.size());
        assertEquals(5000, spans.get(0).end());
        ranges(List.of());
    }
}
