package dev.ferry.stream;

import static dev.ferry.stream.TestBytes.END;
import static dev.ferry.stream.TestBytes.ascii;
import static dev.ferry.stream.TestBytes.command;
import static dev.ferry.stream.TestBytes.concat;
import static dev.ferry.stream.TestBytes.header;
import static dev.ferry.stream.TestBytes.hex;
import static dev.ferry.stream.TestBytes.tlv;
import static dev.ferry.stream.TestBytes.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Specific defects, each rejected with a reason that says what was wrong and where. */
class MalformedInputTest {
    private static final byte[] CHMOD_ROOT = hex("10 00 00 00 | 12 00 | 59 55 75 35 | 0f 00 00 00 | 05 00 08 00 ed 01 00 00 00 00 00 00");
    private static final long FIRST_COMMAND = StreamHeader.SIZE;

    @Test
    void emptyInput() {
        StreamFormatException e = reject(new byte[0]);
        assertEquals(-1, e.commandIndex());
        assertTrue(e.reason().contains("empty"), e.getMessage());
    }

    @Test
    void garbageInput() {
        StreamFormatException text = reject(ascii("hello, this is not a send stream"));
        assertEquals(-1, text.commandIndex());
        assertTrue(text.reason().startsWith("not a btrfs send stream"), text.getMessage());
        byte[] random = new byte[1000];
        new Random(1).nextBytes(random);
        assertEquals(-1, reject(random).commandIndex());
        assertEquals(-1, reject(ascii("btrfs")).commandIndex());
    }

    @Test
    void magicWithoutNul() {
        byte[] stream = concat(header(1), END);
        stream[12] = ' ';
        assertEquals(-1, reject(stream).commandIndex());
    }

    @Test
    void unsupportedVersions() {
        for (int version : new int[] {0, 4, 0x100}) {
            byte[] stream = concat(header(1), END);
            Wire.putInt(stream, 13, version);
            StreamFormatException e = reject(stream);
            assertEquals(-1, e.commandIndex());
            assertEquals(0, e.offset());
            assertTrue(e.reason().contains("version " + version), e.getMessage());
        }
    }

    @Test
    void missingEnd() {
        StreamFormatException e = reject(concat(header(1), CHMOD_ROOT));
        assertEquals(1, e.commandIndex());
        assertEquals(FIRST_COMMAND + CHMOD_ROOT.length, e.offset());
        assertEquals("stream ends without END", e.reason());
        assertEquals("stream ends without END", reject(header(2)).reason());
    }

    @Test
    void truncatedPayloadSaysHowMuchWasThere() {
        byte[] write = command(15, concat(tlv(15, ascii("f")), tlv(18, u64(0)), tlv(19, ascii("0123456789abcdefghijklmnopqrstuvwxyz"))));
        byte[] stream = Arrays.copyOf(concat(header(1), write), StreamHeader.SIZE + 10 + 17);
        assertEquals("truncated: command WRITE declares 57 payload bytes, 17 present", reject(stream).reason());
    }

    @Test
    void crcMismatchNamesBothValues() {
        byte[] chmod = CHMOD_ROOT.clone();
        chmod[chmod.length - 1] ^= 1;
        StreamFormatException e = reject(concat(header(1), chmod, END));
        assertEquals(0, e.commandIndex());
        assertEquals(FIRST_COMMAND, e.offset());
        assertTrue(e.reason().startsWith("crc mismatch in CHMOD: stored 0x35755559, computed 0x"), e.getMessage());
    }

    @Test
    void hugeDeclaredLengthIsRefusedWithoutAllocatingIt() {
        byte[] bogus = hex("f0 ff ff ff | 0f 00 | 00 00 00 00 | 0f 00 01 00 66");
        StreamFormatException e = reject(concat(header(1), bogus));
        assertEquals(0, e.commandIndex());
        assertTrue(e.reason().contains("declares 4294967280 payload bytes, more than the limit"), e.getMessage());

        // With the limit at its maximum, a ~2 GiB claim still fails cleanly when the bytes run out.
        byte[] big = hex("e0 ff ff 7f | 0f 00 | 00 00 00 00 | 0f 00 01 00 66");
        ReaderOptions generous = ReaderOptions.DEFAULT.withMaxCommandLength(Integer.MAX_VALUE - 16);
        StreamFormatException cut = assertThrows(StreamFormatException.class,
                () -> TestBytes.readAll(concat(header(1), big), generous));
        assertEquals("truncated: command WRITE declares 2147483616 payload bytes, 5 present", cut.reason());
    }

    @Test
    void commandLongerThanTheConfiguredLimit() {
        ReaderOptions small = ReaderOptions.DEFAULT.withMaxCommandLength(15);
        StreamFormatException e = assertThrows(StreamFormatException.class,
                () -> TestBytes.readAll(concat(header(1), CHMOD_ROOT, END), small));
        assertEquals(0, e.commandIndex());
        assertTrue(e.reason().contains("limit of 15"), e.getMessage());
    }

    @Test
    void undefinedAttributeTypes() {
        for (int type : new int[] {0, 36, 40, 0xFFFF}) {
            byte[] cmd = command(11, concat(tlv(15, ascii("x")), tlv(type, ascii("?"))));
            StreamFormatException e = reject(concat(header(1), cmd, END));
            assertEquals("attribute " + type + " is not defined in UNLINK", e.reason());
        }
    }

    @Test
    void wrongFixedSize() {
        byte[] cmd = command(18, concat(tlv(15, ascii("x")), tlv(5, new byte[7])));
        assertEquals("attribute MODE has 7 bytes, expected 8 in CHMOD", reject(concat(header(1), cmd, END)).reason());
    }

    @Test
    void missingRequiredAttribute() {
        byte[] utimes = command(20, concat(tlv(15, ascii("x")), tlv(10, new byte[12]), tlv(9, new byte[12])));
        StreamFormatException e = reject(concat(header(2), CHMOD_ROOT, utimes, END));
        assertEquals(1, e.commandIndex());
        assertEquals(FIRST_COMMAND + CHMOD_ROOT.length, e.offset());
        assertEquals("UTIMES lacks required attribute ATIME", e.reason());
    }

    @Test
    void tlvLongerThanTheCommand() {
        byte[] cmd = command(11, hex("0f 00 09 00 61 62"));
        assertEquals("attribute PATH declares 9 bytes, 2 remain in the command in UNLINK",
                reject(concat(header(1), cmd, END)).reason());
        byte[] halfHeader = command(11, hex("0f 00 00 00 0f"));
        assertTrue(reject(concat(header(1), halfHeader, END)).reason().startsWith("truncated attribute header"));
    }

    @Test
    void lengthlessDataInV1Stream() throws IOException {
        // The real v2 WRITE of the format doc: its crc is valid, but v1 framing reads "He" as DATA's length.
        byte[] writeV2 = hex("2e 00 00 00 | 0f 00 | b4 80 7e b7 | 0f 00 09 00 \"hello.txt\" "
                + "| 12 00 08 00 00 00 00 00 00 00 00 00 | 13 00 \"Hello, btrfs send!\\n\"");
        StreamFormatException e = reject(concat(header(1), writeV2, END));
        assertEquals(0, e.commandIndex());
        assertTrue(e.reason().startsWith("attribute DATA declares 25928 bytes"), e.getMessage());
        assertEquals(2, TestBytes.readAll(concat(header(2), writeV2, END)).size());
    }

    @Test
    void duplicateAttributeLastWins() throws IOException {
        byte[] cmd = command(11, concat(tlv(15, ascii("first")), tlv(15, ascii("second"))));
        assertEquals(List.of(new Command.Unlink(TestBytes.str("second")), new Command.End()),
                TestBytes.readAll(concat(header(1), cmd, END)));
    }

    @Test
    void attributesInAnyOrderDecodeAndReencodeInKernelOrder() throws IOException {
        byte[] chown = command(19, concat(tlv(7, u64(2)), tlv(6, u64(1)), tlv(15, ascii("p"))));
        List<Command> commands = TestBytes.readAll(concat(header(1), chown, END));
        assertEquals(new Command.Chown(TestBytes.str("p"), 1, 2), commands.get(0));
        byte[] kernelOrder = command(19, concat(tlv(15, ascii("p")), tlv(6, u64(1)), tlv(7, u64(2))));
        assertArrayEquals(concat(header(1), kernelOrder, END),
                TestBytes.writeAll(WriterOptions.raw(1), commands));
    }

    @Test
    void unknownCommandKeepsItsPayloadUnparsed() throws IOException {
        byte[] unknown = command(99, hex("ff ff 01"));
        List<Command> commands = TestBytes.readAll(concat(header(1), unknown, END));
        assertEquals(new Command.Unknown(99, ByteString.of((byte) 0xff, (byte) 0xff, (byte) 1)), commands.get(0));
    }

    @Test
    void corruptZstd() throws IOException {
        byte[] raw = TestBytes.writeAll(WriterOptions.raw(2), new RandomCommands(new Random(3), 2).commands(200));
        byte[] compressed = Zstd.compress(raw);
        for (int p : new int[] {compressed.length / 3, compressed.length / 2, compressed.length - 2}) {
            byte[] damaged = compressed.clone();
            damaged[p] ^= 0x55;
            assertThrows(StreamFormatException.class, () -> TestBytes.readAll(damaged), "byte " + p);
        }
        StreamFormatException cut = reject(Arrays.copyOf(compressed, compressed.length / 2));
        assertTrue(cut.reason().startsWith("corrupt zstd input"), cut.getMessage());
        assertNotNull(cut.getCause(), "wraps the zstd-jni error");
        assertEquals(-1, reject(Arrays.copyOf(compressed, 6)).commandIndex());
    }

    private static StreamFormatException reject(byte[] stream) {
        return assertThrows(StreamFormatException.class, () -> TestBytes.readAll(stream));
    }
}
