package dev.ferry.receive;

import static dev.ferry.receive.Streams.end;
import static dev.ferry.receive.Streams.mkfile;
import static dev.ferry.receive.Streams.subvol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bugs the fuzz targets found, as plain regression tests (their inputs stay in the seed directories too). */
@ExtendWith(LoopBtrfsExtension.class)
class FuzzFindingsTest {
    private static final long BTRFS_INODE_NODUMP = 1L << 8;

    /**
     * FILEATTR on the subvolume root (the empty path) failed the whole receive at its end: the root
     * was reopened with Posix.openat(root, "."), which refuses "." as a name (IllegalArgumentException).
     */
    @ParameterizedTest(name = "btrfs={0}")
    @ValueSource(booleans = {true, false})
    void aFileAttrOnTheRootIsApplied(boolean btrfs, LoopBtrfs fs) throws Exception {
        Path dest = btrfs ? Files.createDirectory(fs.path("dest")) : fs.path("dest");
        byte[] stream = Streams.of(2, List.of(subvol("vol", UUID.randomUUID(), 10), mkfile("f"),
                new Command.FileAttr(ByteString.EMPTY, BTRFS_INODE_NODUMP), end()));
        ReceiveOptions options = ReceiveOptions.defaults()
                .withTargetKind(btrfs ? ReceiveOptions.TargetKind.AUTO : ReceiveOptions.TargetKind.DIRECTORY);

        Receiver.receive(new ByteArrayInputStream(stream), dest, options);

        Path root = btrfs ? dest.resolve("vol") : dest;
        assertEquals(List.of("f"), Shell.run("ls", "-A", root.toString()).lines().toList());
        String attributes = Shell.run("lsattr", "-d", root.toString());
        assertTrue(attributes.substring(0, attributes.indexOf(' ')).contains("d"), attributes);
    }
}
