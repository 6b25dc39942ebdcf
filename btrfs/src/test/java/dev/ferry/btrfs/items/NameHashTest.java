package dev.ferry.btrfs.items;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Vectors from btrfs-interface.md §7, all matched against keys on disk there. */
class NameHashTest {

    @Test
    void dirItemHashesMatchTheKeysOnDisk() {
        assertEquals(3427024844L, NameHash.dirItem(Name.of("a")));
        assertEquals(3742682168L, NameHash.dirItem(Name.of("b")));
        assertEquals(763318075L, NameHash.dirItem(Name.of("c")));
        assertEquals(3204299001L, NameHash.dirItem(Name.of("user.color")));
        assertEquals(550297449L, NameHash.dirItem(Name.of("btrfs.compression")));
    }

    @Test
    void extrefHashIsSeededWithTheParentInode() {
        assertEquals(2709724170L, NameHash.extref(256, Name.of("file")));
    }

    @Test
    void standardCheckValueWithTheUsualSeedAndInversion() {
        assertEquals(0xE3069283, ~NameHash.crc32c(0xFFFFFFFF, "123456789".getBytes()));
    }
}
