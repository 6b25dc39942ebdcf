package dev.ferry.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BtrfsCrc32cTest {
    @Test
    void checkString() {
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x58E3FA20, BtrfsCrc32c.of(data, 0, data.length));
    }

    @Test
    void endCommandWithZeroedCrcField() {
        byte[] end = TestBytes.hex("00 00 00 00 15 00 00 00 00 00");
        assertEquals(0x9DC96C50, BtrfsCrc32c.of(end, 0, end.length));
    }

    @Test
    void emptyInputIsZero() {
        assertEquals(0, BtrfsCrc32c.of(new byte[0], 0, 0));
    }

    @Test
    void incrementalUpdatesEqualOneShot() {
        Random random = new Random(7);
        byte[] data = new byte[10_000];
        random.nextBytes(data);
        BtrfsCrc32c crc = new BtrfsCrc32c();
        crc.update(data, 0, 10);
        crc.update(data, 10, 4000);
        crc.update(data, 4010, data.length - 4010);
        assertEquals(BtrfsCrc32c.of(data, 0, data.length), crc.value());
    }

    /** Against a plain bit-at-a-time crc with seed 0 and no final xor, for many lengths. */
    @Test
    void matchesBitwiseDefinition() {
        Random random = new Random(42);
        for (int length = 0; length < 300; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertEquals(bitwise(data), BtrfsCrc32c.of(data, 0, length), "length " + length);
        }
        byte[] big = new byte[(1 << 20) + 17];
        random.nextBytes(big);
        assertEquals(bitwise(big), BtrfsCrc32c.of(big, 0, big.length));
    }

    /** One instance reset between inputs, as the reader and writer use it: repeated and changing lengths. */
    @Test
    void reusedInstanceMatchesForEveryLengthSequence() {
        Random random = new Random(3);
        BtrfsCrc32c crc = new BtrfsCrc32c();
        for (int length : new int[] {17, 17, 300, 17, 0, 0, 49_152, 49_152, 1, 300}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            crc.reset();
            crc.update(data, 0, length);
            assertEquals(bitwise(data), crc.value(), "length " + length);
        }
    }

    private static int bitwise(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
            }
        }
        return crc;
    }
}
