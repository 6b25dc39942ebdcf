package dev.ferry.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.btrfs.Fd;
import dev.ferry.stream.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryCacheTest {
    @TempDir
    Path dir;

    @Test
    void evictsAndClosesTheLeastRecentlyUsed() throws Exception {
        DirectoryCache cache = new DirectoryCache(2);
        Fd a = open();
        Fd b = open();
        Fd c = open();
        cache.put(path("a"), a);
        cache.put(path("b"), b);
        assertSame(a, cache.get(path("a"))); // now b is the least recently used
        cache.put(path("c"), c);

        assertNull(cache.get(path("b")));
        assertThrows(IllegalStateException.class, b::raw, "evicted descriptors are closed");
        assertSame(a, cache.get(path("a")));
        assertSame(c, cache.get(path("c")));
        cache.clear();
        assertThrows(IllegalStateException.class, a::raw);
        assertEquals(0, cache.size());
    }

    @Test
    void dropsWhatIsAtOrBeneathAPathOnly() throws Exception {
        DirectoryCache cache = new DirectoryCache(8);
        for (String p : new String[] {"a", "a/b", "a/b/c", "ab", "b/a"}) {
            cache.put(path(p), open());
        }
        Fd beneath = cache.get(path("a/b"));
        cache.dropAtOrBeneath(path("a"));

        assertNull(cache.get(path("a")));
        assertNull(cache.get(path("a/b")));
        assertNull(cache.get(path("a/b/c")));
        assertThrows(IllegalStateException.class, beneath::raw);
        assertEquals(2, cache.size(), "ab and b/a stay");
        cache.clear();
    }

    @Test
    void keepsItsOwnCopyOfABorrowedPath() throws Exception {
        DirectoryCache cache = new DirectoryCache(4);
        byte[] reused = "a/b".getBytes(StandardCharsets.US_ASCII);
        Fd fd = open();
        cache.put(ByteString.borrow(reused, 0, reused.length), fd);
        reused[0] = 'x'; // the reader's buffer moved on to the next command

        assertSame(fd, cache.get(path("a/b")));
        cache.clear();
    }

    private Fd open() throws Exception {
        return Fd.openDirectory(dir);
    }

    private static ByteString path(String p) {
        return ByteString.utf8(p);
    }
}
