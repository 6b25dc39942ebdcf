package dev.ferry.receive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.stream.Command;
import dev.ferry.stream.StreamReader;
import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * v2 streams with {@code --compressed-data} from zstd, lzo and zlib mounts: ENCODED_WRITE passed
 * through onto btrfs, decompressed with --force-decompress and into an ext4 mirror; and every
 * ENCODED_WRITE of the stream decoded by ferry equals the source file's bytes.
 */
@ExtendWith(LoopBtrfsExtension.class)
class CompressedDataTest {
    private static final String CONTENT = """
            set -e
            cd "$1"
            for i in $(seq 1 3000); do echo "line $i of a compressible text file"; done > text
            head -c 2000000 /dev/urandom | base64 > base64
            printf 'small and compressible %.0s' $(seq 1 20) > small
            truncate -s 4M holey; for o in 0 1 3; do yes "block $o" | head -c 300000 | dd of=holey bs=1M seek=$o conv=notrunc status=none; done
            head -c 1M /dev/urandom > random
            """;
    private static final String CHANGE = """
            set -e
            cd "$1"
            yes appended | head -c 500000 >> text
            yes middle | head -c 200000 | dd of=base64 bs=4096 seek=40 conv=notrunc status=none
            cp --reflink=always text text-clone
            """;

    @ParameterizedTest(name = "compress={0}")
    @ValueSource(strings = {"zstd", "lzo", "zlib"})
    void passedThroughOrDecompressedTheContentIsTheSame(String algorithm, @LoopFs(sizeMiB = 512) LoopBtrfs target,
            @LoopFs(type = "ext4", sizeMiB = 256, mountOptions = "noatime") LoopBtrfs ext4) throws Exception {
        try (LoopBtrfs source = LoopBtrfs.create(512, "btrfs", "compress-force=" + algorithm)) {
            Path vol = source.path("vol");
            Shell.run("btrfs", "-q", "subvolume", "create", vol.toString());
            Shell.run("bash", "-c", CONTENT, "content", vol.toString());
            Shell.run("btrfs", "-q", "subvolume", "snapshot", "-r", vol.toString(), source.path("c1").toString());
            Shell.run("bash", "-c", CHANGE, "change", vol.toString());
            Shell.run("btrfs", "-q", "subvolume", "snapshot", "-r", vol.toString(), source.path("c2").toString());
            byte[] full = Send.bytes(source.path("c1"), Optional.empty(), 2, "--compressed-data");
            byte[] incremental = Send.bytes(source.path("c2"), Optional.of(source.path("c1")), 2, "--compressed-data");

            assertTrue(decodesEveryEncodedWrite(full, source.path("c1")) > 10, "too few ENCODED_WRITEs to test anything");
            decodesEveryEncodedWrite(incremental, source.path("c2"));

            Path passed = Files.createDirectory(target.path("passed"));
            Path decompressed = Files.createDirectory(target.path("decompressed"));
            Path mirror = ext4.path("mirror");
            for (byte[] stream : new byte[][] {full, incremental}) {
                Receiver.receive(new ByteArrayInputStream(stream), passed, ReceiveOptions.defaults());
                Receiver.receive(new ByteArrayInputStream(stream), decompressed,
                        ReceiveOptions.defaults().withForceDecompress(true));
                Receiver.receive(new ByteArrayInputStream(stream), mirror, ReceiveOptions.defaults());
            }
            for (Path received : new Path[] {passed.resolve("c2"), decompressed.resolve("c2"), mirror}) {
                TreeDigest.assertSame(source.path("c2"), received, true);
            }
            // (c1 rather than c2: both c2s are snapshots of passed/c1, the first subvolume received from c1.)
            assertTrue(Shell.run("filefrag", "-v", passed.resolve("c1/text").toString()).contains("encoded"),
                    "ENCODED_WRITE was not passed through: no encoded extent in the received file");
            assertTrue(!Shell.run("filefrag", "-v", decompressed.resolve("c1/text").toString()).contains("encoded"),
                    "--force-decompress still wrote encoded extents");
        }
    }

    /** Decodes each ENCODED_WRITE with ferry's decoders and compares with the file in {@code snapshot}; returns how many. */
    private static int decodesEveryEncodedWrite(byte[] stream, Path snapshot) throws Exception {
        int count = 0;
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream))) {
            for (Command c = reader.next(); c != null; c = reader.next()) {
                if (c instanceof Command.EncodedWrite e) {
                    byte[] plain = EncodedData.decode(e.compression().orElse(0), e.data().toByteArray(), (int) e.unencodedLen());
                    byte[] expected = new byte[(int) e.unencodedFileLen()];
                    try (RandomAccessFile file = new RandomAccessFile(snapshot.resolve(e.path().utf8()).toFile(), "r")) {
                        file.seek(e.offset());
                        file.readFully(expected);
                    }
                    int from = (int) e.unencodedOffset();
                    assertArrayEquals(expected, Arrays.copyOfRange(plain, from, from + expected.length),
                            e.path() + " @" + e.offset() + " compression " + e.compression());
                    count++;
                }
            }
        }
        return count;
    }
}
