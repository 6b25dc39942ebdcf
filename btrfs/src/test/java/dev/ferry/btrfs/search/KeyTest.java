package dev.ferry.btrfs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyTest {

    @Test
    void nextAddsOneToTheOffsetAndCarriesIntoTypeThenObjectid() {
        assertEquals(new Key(256, 1, 1), new Key(256, 1, 0).next());
        assertEquals(new Key(256, 2, 0), new Key(256, 1, -1L).next());
        assertEquals(new Key(257, 0, 0), new Key(256, 255, -1L).next());
        assertThrows(IllegalStateException.class, Key.MAX::next);
    }

    @Test
    void keysCompareUnsignedFieldByField() {
        assertTrue(new Key(-5L, 48, 0).compareTo(new Key(256, 1, 0)) > 0, "ORPHAN (-5) sorts after every inode");
        assertTrue(new Key(256, 1, -1L).compareTo(new Key(256, 12, 0)) < 0, "type before offset");
        assertTrue(new Key(256, 84, 0x8000_0000_0000_0000L).compareTo(new Key(256, 84, 1)) > 0);
        assertEquals(0, new Key(7, 1, 3).compareTo(new Key(7, 1, 3)));
    }

    @Test
    void printsLikeProgs() {
        assertEquals("(256 INODE_ITEM 0)", new Key(256, 1, 0).toString());
        assertEquals("(18446744073709551611 ORPHAN_ITEM 18446744073709551615)", new Key(-5L, 48, -1L).toString());
    }

    @Test
    void anEmptyRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TreeSearch.tree(5).range(new Key(2, 0, 0), new Key(1, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> new Key(1, 256, 0));
    }
}
