package dev.ferry.receive;

import static dev.ferry.receive.Streams.end;
import static dev.ferry.receive.Streams.mkfile;
import static dev.ferry.receive.Streams.snapshot;
import static dev.ferry.receive.Streams.subvol;
import static dev.ferry.receive.Streams.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A SNAPSHOT naming a parent that the receiving user may not read. The receive runs as the user
 * nobody in a JVM of its own; the parent exists (received by root, its root directory mode 0700)
 * and DEST is writable by everyone, so only the parent stands in the way. It must fail with an
 * error that names the command and the errno, and create nothing: no snapshot of a parent the user
 * could not read, under any name.
 *
 * <p>Onto btrfs, finding a parent needs the UUID tree (a tree search, CAP_SYS_ADMIN), so an
 * unprivileged receive onto btrfs fails there whatever the parent's mode; into a directory mirror
 * the parent is the mirror itself, and opening it fails.
 */
@ExtendWith(LoopBtrfsExtension.class)
class UnprivilegedReceiveTest {
    private static final UUID A = UUID.fromString("aaaaaaaa-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("bbbbbbbb-0000-0000-0000-00000000000b");

    private static byte[] privateParent() {
        return Streams.of(1, List.of(subvol("vol", A, 10), mkfile("secret"), write("secret", 0, "secret"),
                new Command.Chmod(ByteString.EMPTY, 0700), end()));
    }

    private static byte[] incremental() {
        return Streams.of(1, List.of(snapshot("vol2", B, 20, A, 10), mkfile("new"), end()));
    }

    @Test
    void ontoBtrfs(LoopBtrfs fs) throws Exception {
        Path dest = Files.createDirectory(fs.path("dest"));
        Receiver.receive(new ByteArrayInputStream(privateParent()), dest, ReceiveOptions.defaults());
        openToEveryone(fs, dest);

        String error = receiveAsNobody(fs, dest, incremental());

        assertTrue(error.startsWith("ferry receive: command 0 (SNAPSHOT) at byte 17, path vol2: ") && error.contains("EPERM"),
                error);
        assertEquals(List.of("vol"), Shell.run("ls", "-A", dest.toString()).lines().toList());
        assertEquals(1, Shell.run("btrfs", "subvolume", "list", fs.mountPoint().toString()).lines().count());
    }

    @Test
    void intoADirectoryMirror(LoopBtrfs fs) throws Exception {
        Path holder = Files.createDirectory(fs.path("mirrors"));
        Path dest = holder.resolve("dest");
        Receiver.receive(new ByteArrayInputStream(privateParent()), dest,
                ReceiveOptions.defaults().withTargetKind(ReceiveOptions.TargetKind.DIRECTORY));
        openToEveryone(fs, holder);
        String stateBefore = Files.readString(holder.resolve(".dest.ferry-state"));

        String error = receiveAsNobody(fs, dest, incremental(), "--dir");

        assertTrue(error.startsWith("ferry receive: command 0 (SNAPSHOT) at byte 17, path vol2: ") && error.contains("EACCES"),
                error);
        assertEquals(List.of(".dest.ferry-state", "dest"), Shell.run("ls", "-A", holder.toString()).lines().toList());
        assertEquals(List.of("secret"), Shell.run("ls", "-A", dest.toString()).lines().toList());
        assertEquals(stateBefore, Files.readString(holder.resolve(".dest.ferry-state")), "the mirror's state changed");
    }

    /** DEST (or the mirrors' directory) writable by all, and the way to it passable. */
    private static void openToEveryone(LoopBtrfs fs, Path dir) {
        Shell.run("chmod", "1777", dir.toString());
        Shell.run("chmod", "a+x", fs.mountPoint().getParent().toString(), fs.mountPoint().toString());
    }

    /** Runs the receive as nobody; it must fail (exit 1): returns its stderr's first line. */
    private static String receiveAsNobody(LoopBtrfs fs, Path dest, byte[] stream, String... options) throws Exception {
        Process p = ReceiveProcess.startAsNobody(fs.scratch(), dest, options);
        try (OutputStream in = p.getOutputStream()) {
            in.write(stream);
        } catch (java.io.IOException closedEarly) {
            // the receiver may stop reading at the first command
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), "exit status; stderr: " + err);
        return err.lines().filter(l -> l.startsWith("ferry receive:")).findFirst().orElse(err);
    }
}
