package dev.ferry.btrfs.items;

/**
 * The name hashes btrfs uses as key offsets (kernel {@code btrfs_name_hash} and
 * {@code btrfs_extref_hash}): the raw CRC-32C (Castagnoli, reflected 0x82F63B78) with the seed used
 * as the starting register and no final inversion. {@code java.util.zip.CRC32C} cannot take a seed,
 * hence this table.
 */
public final class NameHash {
    private static final int[] TABLE = table();

    private NameHash() {
    }

    /** The offset of the DIR_ITEM or XATTR_ITEM key for {@code name}: raw crc32c with seed ~1. */
    public static long dirItem(Name name) {
        return Integer.toUnsignedLong(crc32c(0xFFFFFFFE, name.bytes()));
    }

    /** The offset of the INODE_EXTREF key for {@code name} in directory {@code parent}. */
    public static long extref(long parent, Name name) {
        return Integer.toUnsignedLong(crc32c((int) parent, name.bytes()));
    }

    static int crc32c(int seed, byte[] bytes) {
        int crc = seed;
        for (byte b : bytes) {
            crc = TABLE[(crc ^ b) & 0xFF] ^ (crc >>> 8);
        }
        return crc;
    }

    private static int[] table() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0x82F63B78 : c >>> 1;
            }
            t[i] = c;
        }
        return t;
    }
}
