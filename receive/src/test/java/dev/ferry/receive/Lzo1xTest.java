package dev.ferry.receive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The LZO1X decoder on hand-made instruction sequences and on damaged input (real btrfs lzo data: CompressedDataTest). */
class Lzo1xTest {
    private static final byte[] END = {0x11, 0, 0};

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String decode(byte[] in, int cap) throws CorruptDataException {
        byte[] out = new byte[cap];
        int n = Lzo1x.decompress(in, 0, in.length, out, 0, cap);
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Test
    void literalsThenEnd() throws Exception {
        assertEquals("abcd", decode(concat(bytes(17 + 4), "abcd".getBytes(StandardCharsets.US_ASCII), END), 16));
        assertEquals("ab", decode(concat(bytes(17 + 2), "ab".getBytes(StandardCharsets.US_ASCII), END), 16));
    }

    @Test
    void matchesOfEachForm() throws Exception {
        byte[] abcd = concat(bytes(17 + 4), "abcd".getBytes(StandardCharsets.US_ASCII));
        // 1LLDDDSS H: length 5 + 3, distance (0 << 3) + 3 + 1 = 4, no trailing literals
        assertEquals("abcd" + "abcdabcd", decode(concat(abcd, bytes(0b1_11_011_00, 0), END), 64));
        // 01LDDDSS H: length 3 + 1, distance 2, then 2 trailing literals "xy"
        assertEquals("abcd" + "cdcd" + "xy", decode(concat(abcd, bytes(0b01_1_001_10, 0), "xy".getBytes(StandardCharsets.US_ASCII), END), 64));
        // 001LLLLL + LE16: length 2 + 10, distance (3 >> 0) + 1 = 4 encoded as D = 3 in the top 14 bits
        assertEquals("abcd" + "abcdabcdabcd", decode(concat(abcd, bytes(0b001_01010, 3 << 2, 0), END), 64));
        // 001 with length 0: 31 + one zero byte (255) + 4, + 2 = 292 bytes of "a" from distance 1
        byte[] a = concat(bytes(17 + 1), "a".getBytes(StandardCharsets.US_ASCII));
        String many = decode(concat(a, bytes(0b001_00000, 0, 4, 0, 0), END), 400);
        assertEquals("a".repeat(1 + 31 + 255 + 4 + 2), many);
    }

    @Test
    void aLongLiteralRunAfterAMatch() throws Exception {
        byte[] abcd = concat(bytes(17 + 4), "abcd".getBytes(StandardCharsets.US_ASCII));
        byte[] literals = new byte[20];
        Arrays.fill(literals, (byte) 'z');
        // a match with no trailing literals leaves state 0: 0000LLLL is then a literal run of 3 + L,
        // and L = 0 means 18 + the zero-extended byte that follows: 18 + 2 = 20
        String out = decode(concat(abcd, bytes(0b1_00_011_00, 0), bytes(0, 2), literals, END), 64);
        assertEquals("abcd" + "abcda" + "z".repeat(20), out);
    }

    @Test
    void damagedInputIsAnErrorNeverAnOverrun() {
        byte[] abcd = concat(bytes(17 + 4), "abcd".getBytes(StandardCharsets.US_ASCII));
        assertThrows(CorruptDataException.class, () -> decode(concat(abcd, bytes(0b1_11_111_00, 9), END), 64)); // too far back
        assertThrows(CorruptDataException.class, () -> decode(concat(abcd, bytes(0b1_11_011_00, 0), END), 8)); // output too big
        assertThrows(CorruptDataException.class, () -> decode(concat(bytes(17 + 10), "abc".getBytes(StandardCharsets.US_ASCII)), 64));
        assertThrows(CorruptDataException.class, () -> decode(abcd, 64)); // no end marker
        assertThrows(CorruptDataException.class, () -> decode(new byte[0], 64));
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] noise = new byte[1 + random.nextInt(64)];
            random.nextBytes(noise);
            try {
                decode(noise, 4096);
            } catch (CorruptDataException expected) {
                assertTrue(expected.getMessage().startsWith("lzo"));
            }
        }
    }

    @Test
    void btrfsFramingSkipsPaddingAtSectorEnds() throws Exception {
        // Two segments of one sector each (sector 4096 bytes here only in spirit: use 16-byte "sectors").
        byte[] seg = concat(bytes(17 + 4), "wxyz".getBytes(StandardCharsets.US_ASCII), END); // 8 bytes
        byte[] extent = new byte[32];
        int at = 4;
        System.arraycopy(le32(seg.length), 0, extent, at, 4);
        System.arraycopy(seg, 0, extent, at + 4, seg.length); // 4 + 4 + 8 = 16: exactly one "sector"
        System.arraycopy(le32(seg.length), 0, extent, 16, 4);
        System.arraycopy(seg, 0, extent, 20, seg.length);
        System.arraycopy(le32(28), 0, extent, 0, 4);
        byte[] out = new byte[8];
        BtrfsLzo.decode(extent, out, 16);
        assertArrayEquals("wxyzwxyz".getBytes(StandardCharsets.US_ASCII), out);
    }

    private static byte[] le32(int v) {
        return bytes(v & 0xFF, v >>> 8 & 0xFF, v >>> 16 & 0xFF, v >>> 24);
    }
}
