package dev.ferry.stream;

import static dev.ferry.stream.TestBytes.END;
import static dev.ferry.stream.TestBytes.concat;
import static dev.ferry.stream.TestBytes.header;
import static dev.ferry.stream.TestBytes.hex;
import static dev.ferry.stream.TestBytes.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The real kernel commands of send-stream-format.md §13: each decodes to the expected record and
 * re-encodes to the identical bytes, crc included.
 */
class KernelExamplesTest {
    private static final UUID SNAP1 = UUID.fromString("ebde0678-4778-3b4d-a807-9e61e3b5ac34");
    private static final UUID SNAP2 = UUID.fromString("cf462b7a-2825-8d49-96bd-fb93b23292d4");

    @Test
    void subvol() throws IOException {
        check(1, "29 00 00 00 | 01 00 | 5b bd 3c e0 | 0f 00 05 00 \"snap1\" "
                + "01 00 10 00 eb de 06 78 47 78 3b 4d a8 07 9e 61 e3 b5 ac 34 | 02 00 08 00 07 00 00 00 00 00 00 00",
                new Command.Subvol(str("snap1"), SNAP1, 7));
    }

    @Test
    void chmodOfSubvolumeRoot() throws IOException {
        check(1, "10 00 00 00 | 12 00 | 59 55 75 35 | 0f 00 00 00 | 05 00 08 00 ed 01 00 00 00 00 00 00",
                new Command.Chmod(ByteString.EMPTY, 0755));
    }

    @Test
    void mkfileWithOrphanName() throws IOException {
        check(1, "18 00 00 00 | 03 00 | 6c 6e db 03 | 0f 00 08 00 \"o257-7-0\" | 03 00 08 00 01 01 00 00 00 00 00 00",
                new Command.MkFile(str("o257-7-0"), 257));
    }

    @Test
    void writeV1() throws IOException {
        check(1, "30 00 00 00 | 0f 00 | 7b c8 ec a3 | 0f 00 09 00 \"hello.txt\" | 12 00 08 00 00 00 00 00 00 00 00 00 "
                + "| 13 00 13 00 \"Hello, btrfs send!\\n\"",
                new Command.Write(str("hello.txt"), 0, str("Hello, btrfs send!\n")));
    }

    @Test
    void writeV2() throws IOException {
        check(2, "2e 00 00 00 | 0f 00 | b4 80 7e b7 | 0f 00 09 00 \"hello.txt\" | 12 00 08 00 00 00 00 00 00 00 00 00 "
                + "| 13 00 \"Hello, btrfs send!\\n\"",
                new Command.Write(str("hello.txt"), 0, str("Hello, btrfs send!\n")));
    }

    @Test
    void snapshot() throws IOException {
        check(1, "49 00 00 00 | 02 00 | ce c0 49 c5 | 0f 00 05 00 \"snap2\" "
                + "| 01 00 10 00 cf 46 2b 7a 28 25 8d 49 96 bd fb 93 b2 32 92 d4 | 02 00 08 00 0a 00 00 00 00 00 00 00 "
                + "| 14 00 10 00 eb de 06 78 47 78 3b 4d a8 07 9e 61 e3 b5 ac 34 | 15 00 08 00 07 00 00 00 00 00 00 00",
                new Command.Snapshot(str("snap2"), SNAP2, 10, SNAP1, 7));
    }

    @Test
    void fileattr() throws IOException {
        check(2, "1a 00 00 00 | 18 00 | b3 d0 5d 9e | 0f 00 0a 00 \"sparse.bin\" | 1a 00 08 00 00 02 00 00 00 00 00 00",
                new Command.FileAttr(str("sparse.bin"), 0x200));
    }

    @Test
    void fallocatePunchHole() throws IOException {
        check(2, "25 00 00 00 | 17 00 | 3f 27 54 cc | 0f 00 01 00 66 | 19 00 04 00 03 00 00 00 "
                + "| 12 00 08 00 00 00 01 00 00 00 00 00 | 04 00 08 00 00 00 01 00 00 00 00 00",
                new Command.Fallocate(str("f"), 3, 65536, 65536));
    }

    @Test
    void endAlone() throws IOException {
        for (int version = 1; version <= 3; version++) {
            byte[] stream = concat(header(version), END);
            assertEquals(List.of(new Command.End()), TestBytes.readAll(stream));
            assertArrayEquals(stream, TestBytes.writeAll(WriterOptions.raw(version), List.of(new Command.End())));
        }
    }

    private static void check(int version, String commandHex, Command expected) throws IOException {
        byte[] stream = concat(header(version), hex(commandHex), END);
        List<Command> commands = TestBytes.readAll(stream);
        assertEquals(List.of(expected, new Command.End()), commands);
        assertArrayEquals(stream, TestBytes.writeAll(WriterOptions.raw(version), commands));
    }
}
