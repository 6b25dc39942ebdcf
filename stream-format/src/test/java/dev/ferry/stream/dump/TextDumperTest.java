package dev.ferry.stream.dump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.Timespec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Expected lines are real btrfs-progs 6.2 output (send-stream-format.md §11) or follow its printf formats. */
class TextDumperTest {
    private static final UUID SNAP1 = UUID.fromString("ebde0678-4778-3b4d-a807-9e61e3b5ac34");
    private static final UUID SNAP2 = UUID.fromString("cf462b7a-2825-8d49-96bd-fb93b23292d4");

    private static ByteString s(String text) {
        return ByteString.utf8(text);
    }

    private static byte[] dump(ZoneId zone, Command... commands) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextDumper dumper = new TextDumper(out, zone);
        long index = 0;
        for (Command c : commands) {
            dumper.dump(index++, 0, c);
        }
        dumper.flush();
        return out.toByteArray();
    }

    private static String dump(Command... commands) throws IOException {
        return new String(dump(ZoneOffset.UTC, commands), StandardCharsets.ISO_8859_1);
    }

    private static Command subvol() {
        return new Command.Subvol(s("snap1"), SNAP1, 7);
    }

    @Test
    void subvolumeSetsThePrefixAndTheRootPrintsWithATrailingSlash() throws IOException {
        assertEquals("""
                subvol          ./snap1                         uuid=ebde0678-4778-3b4d-a807-9e61e3b5ac34 transid=7
                chown           ./snap1/                        gid=0 uid=0
                chmod           ./snap1/                        mode=755
                mkfile          ./snap1/o257-7-0
                rename          ./snap1/o257-7-0                dest=./snap1/hello.txt
                link            ./snap1/hello-link              dest=hello.txt
                """, dump(subvol(),
                new Command.Chown(ByteString.EMPTY, 0, 0),
                new Command.Chmod(ByteString.EMPTY, 0755),
                new Command.MkFile(s("o257-7-0"), 257),
                new Command.Rename(s("o257-7-0"), s("hello.txt")),
                new Command.Link(s("hello-link"), s("hello.txt"))));
    }

    @Test
    void incrementalLinesMatchProgs() throws IOException {
        assertEquals("""
                snapshot        ./snap2                         uuid=cf462b7a-2825-8d49-96bd-fb93b23292d4 transid=10 parent_uuid=ebde0678-4778-3b4d-a807-9e61e3b5ac34 parent_transid=7
                set_xattr       ./snap2/hello.txt               name=user.shape data=round len=5
                remove_xattr    ./snap2/hello.txt               name=user.color
                write           ./snap2/hello.txt               offset=0 len=32
                chmod           ./snap2/hello.txt               mode=600
                rename          ./snap2/dir/sub                 dest=./snap2/o263-7-0
                link            ./snap2/dir/a-renamed           dest=dir/a
                unlink          ./snap2/dir/a
                clone           ./snap2/from-other.bin          offset=0 len=131072 from=./snap2/shared.bin clone_offset=0
                fileattr        ./snap2/sparse.bin              fileattr=0x512
                fallocate       ./snap2/f                       mode=3 offset=65536 len=65536
                truncate        ./snap2/big.bin                 size=102400
                rmdir           ./snap2/o263-7-0
                """, dump(new Command.Snapshot(s("snap2"), SNAP2, 10, SNAP1, 7),
                new Command.SetXattr(s("hello.txt"), s("user.shape"), s("round")),
                new Command.RemoveXattr(s("hello.txt"), s("user.color")),
                new Command.Write(s("hello.txt"), 0, ByteString.of(new byte[32])),
                new Command.Chmod(s("hello.txt"), 0600),
                new Command.Rename(s("dir/sub"), s("o263-7-0")),
                new Command.Link(s("dir/a-renamed"), s("dir/a")),
                new Command.Unlink(s("dir/a")),
                new Command.Clone(s("from-other.bin"), 0, 131072, UUID.randomUUID(), 7, s("shared.bin"), 0),
                new Command.FileAttr(s("sparse.bin"), 512),
                new Command.Fallocate(s("f"), 3, 65536, 65536),
                new Command.Truncate(s("big.bin"), 102400),
                new Command.Rmdir(s("o263-7-0"))));
    }

    @Test
    void specialFilesAndV2Commands() throws IOException {
        assertEquals("""
                mknod           ./snap1/o260-7-0                mode=20644 dev=0x103
                mkfifo          ./snap1/o259-7-0
                mksock          ./snap1/o261-7-0
                mkdir           ./snap1/o262-7-0
                symlink         ./snap1/o258-7-0                dest=hello.txt
                update_extent   ./snap1/big.bin                 offset=0 len=49152
                encoded_write   ./snap1/text.txt                offset=131072 len=4096, unencoded_file_len=131072, unencoded_len=131072, unencoded_offset=0, compression=2, encryption=0
                encoded_write   ./snap1/t                       offset=0 len=3, unencoded_file_len=5, unencoded_len=6, unencoded_offset=1, compression=0, encryption=0
                enable_verity   ./snap1/v                       algorithm=1 block_size=4096 salt_len=2 sig_len=0
                """, dump(subvol(),
                new Command.MkNod(s("o260-7-0"), 260, 259, 020644),
                new Command.MkFifo(s("o259-7-0"), 259, OptionalLong.of(0), OptionalLong.of(010644)),
                new Command.MkSock(s("o261-7-0"), 261, OptionalLong.empty(), OptionalLong.empty()),
                new Command.MkDir(s("o262-7-0"), 262),
                new Command.Symlink(s("o258-7-0"), 258, s("hello.txt")),
                new Command.UpdateExtent(s("big.bin"), 0, 49152),
                new Command.EncodedWrite(s("text.txt"), 131072, 131072, 131072, 0, OptionalInt.of(2), OptionalInt.of(0),
                        ByteString.of(new byte[4096])),
                new Command.EncodedWrite(s("t"), 0, 5, 6, 1, OptionalInt.empty(), OptionalInt.empty(), ByteString.of(new byte[3])),
                new Command.EnableVerity(s("v"), 1, 4096, ByteString.of((byte) 1, (byte) 2), ByteString.EMPTY))
                .transform(TextDumperTest::tail));
    }

    @Test
    void pathsAndLinkTargetsAreEscapedAsProgsDoes() throws IOException {
        byte[] name = {'s', 'p', ' ', 'a', '\t', 'b', '\\', 'c', '\n', 'd', (byte) 0xe9, 0x7f, 0x01, 0x1b, 0x07, 0x08,
                0x0c, 0x0d, 0x0b, '"', '\'', '~'};
        String escaped = "sp\\ a\\tb\\\\c\\nd\\351\\177\\001\\e\\a\\b\\f\\r\\v\"'~";
        ByteString n = ByteString.of(name);
        assertEquals("unlink          ./snap1/" + escaped + "\n"
                        + "symlink         ./snap1/" + escaped + " dest=" + escaped + "\n"
                        + "link            ./snap1/x                       dest=" + escaped + "\n"
                        + "rename          ./snap1/x                       dest=./snap1/" + escaped + "\n",
                dump(subvol(), new Command.Unlink(n), new Command.Symlink(n, 300, n), new Command.Link(s("x"), n),
                        new Command.Rename(s("x"), n)).transform(TextDumperTest::tail));
    }

    @Test
    void pathsOfThirtyTwoColumnsOrMoreGetOneSpace() throws IOException {
        String lines = dump(subvol(), new Command.Truncate(s("abcdefghijklmnopqrstuvw"), 1),
                new Command.Truncate(s("abcdefghijklmnopqrstuv"), 1),
                new Command.Truncate(s("a b"), 1));
        assertEquals("""
                truncate        ./snap1/abcdefghijklmnopqrstuvw size=1
                truncate        ./snap1/abcdefghijklmnopqrstuv  size=1
                truncate        ./snap1/a\\ b                    size=1
                """, tail(lines));
    }

    @Test
    void xattrsAndClonePathsArePrintedRawAndValuesStopAtTheFirstNul() throws IOException {
        byte[] value = {'a', (byte) 0xff, ' ', 'b', 0, 'c'};
        byte[] name = {'u', 's', 'e', 'r', '.', (byte) 0xfe, ' ', 'x'};
        byte[] out = dump(ZoneOffset.UTC, subvol(),
                new Command.SetXattr(s("f"), ByteString.of(name), ByteString.of(value)),
                new Command.RemoveXattr(s("f"), ByteString.of(name)),
                new Command.Clone(s("g"), 4096, 8192, SNAP1, 7, ByteString.of(name), 0));
        String expected = "set_xattr       ./snap1/f                       name=user.\u00fe x data=a\u00ff b len=6\n"
                + "remove_xattr    ./snap1/f                       name=user.\u00fe x\n"
                + "clone           ./snap1/g                       offset=4096 len=8192 from=./snap1/user.\u00fe x clone_offset=0\n";
        assertEquals(expected, tail(out));
    }

    @Test
    void unsignedValuesPrintUnsigned() throws IOException {
        String all = dump(subvol(), new Command.Chown(s("f"), -1L, -2L), new Command.Fallocate(s("f"), -1, -1L, 1));
        assertEquals("chown           ./snap1/f                       gid=18446744073709551614 uid=18446744073709551615\n"
                        + "fallocate       ./snap1/f                       mode=-1 offset=18446744073709551615 len=1\n",
                tail(all));
    }

    @Test
    void utimesUseTheZoneLikeStrftimeAndDropNanoseconds() throws IOException {
        Command at = new Command.Utimes(s("old"), new Timespec(-50_000_000_000L, 5), new Timespec(400_000_000_000L, 999_999_999),
                new Timespec(1_795_295_978L, 668_430_964L), Optional.of(new Timespec(0, 0)));
        Command years = new Command.Utimes(s("y"), new Timespec(-62_167_219_200L, 0), new Timespec(-62_198_755_200L, 0),
                new Timespec(-30_000_000_000L, 0), Optional.empty());
        // The years and offsets of old/y are what progs 6.2 printed for files with these times (TZ=UTC,
        // Asia/Kolkata, America/New_York); the other times were checked with glibc's date(1).
        assertEquals("""
                utimes          ./snap1/old                     atime=385-07-25T07:06:40+0000 mtime=14645-06-30T15:06:40+0000 ctime=2026-11-21T21:19:38+0000
                utimes          ./snap1/y                       atime=0-01-01T00:00:00+0000 mtime=-1-01-01T00:00:00+0000 ctime=1019-05-04T18:40:00+0000
                """, tail(dump(ZoneOffset.UTC, subvol(), at, years)));
        assertEquals("utimes          ./snap1/old                     atime=385-07-25T13:00:08+0553 "
                + "mtime=14645-06-30T20:36:40+0530 ctime=2026-11-22T02:49:38+0530\n", tail(dump(ZoneId.of("Asia/Kolkata"), subvol(), at)));
        assertEquals("utimes          ./snap1/old                     atime=385-07-25T02:10:38-0456 "
                + "mtime=14645-06-30T11:06:40-0400 ctime=2026-11-21T16:19:38-0500\n", tail(dump(ZoneId.of("America/New_York"), subvol(), at)));
    }

    @Test
    void aTimeBeyondTheCalendarIsADumpError() {
        Command far = new Command.Utimes(s("f"), new Timespec(Long.MAX_VALUE, 0), new Timespec(0, 0), new Timespec(0, 0),
                Optional.empty());
        DumpException e = assertThrows(DumpException.class, () -> dump(ZoneOffset.UTC, subvol(), far));
        assertEquals(true, e.getMessage().startsWith("command 1 at byte 0: cannot print the time of utimes"), e.getMessage());
    }

    @Test
    void endPrintsNothingAndTheNextStreamStartsAfresh() throws IOException {
        assertEquals("""
                subvol          ./snap1                         uuid=ebde0678-4778-3b4d-a807-9e61e3b5ac34 transid=7
                unlink          ./x
                """, dump(subvol(), new Command.End(), new Command.Unknown(99, ByteString.EMPTY), new Command.Unlink(s("x"))));
    }

    @Test
    void pathsAreJoinedLikePathCatOut() {
        assertArrayEquals("./".getBytes(), TextDumper.join(s("."), ByteString.EMPTY).toByteArray());
        assertArrayEquals("./a".getBytes(), TextDumper.join(s("./"), s("a/")).toByteArray());
        assertArrayEquals("./s/a/".getBytes(), TextDumper.join(s("./s"), s("a//")).toByteArray());
        assertArrayEquals("./s/a".getBytes(), TextDumper.join(s("./s"), ByteString.of((byte) 'a', (byte) 0, (byte) 'b')).toByteArray());
    }

    /** Everything after the first line (the subvol line that sets the prefix). */
    private static String tail(String all) {
        return all.substring(all.indexOf('\n') + 1);
    }

    private static String tail(byte[] out) {
        return tail(new String(out, StandardCharsets.ISO_8859_1));
    }
}
