package dev.ferry.receive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The state file of a directory mirror: {@code .<mirror name>.ferry-state} in the directory that
 * holds the mirror, so it is never part of the mirrored tree. Written atomically: a temporary file
 * is written and fsynced, renamed over the old one, and the directory fsynced.
 */
final class MirrorStateFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final int READ_CHUNK = 64 << 10;
    private static final int MAX_SIZE = 1 << 20;

    private final Fd dir;
    private final byte[] name;
    private final byte[] temporaryName;
    private final Path shown;

    MirrorStateFile(Fd dir, Path mirror) {
        String mirrorName = mirror.getFileName().toString();
        this.dir = dir;
        this.name = ("." + mirrorName + ".ferry-state").getBytes(StandardCharsets.UTF_8);
        this.temporaryName = ("." + mirrorName + ".ferry-state.tmp").getBytes(StandardCharsets.UTF_8);
        this.shown = mirror.resolveSibling("." + mirrorName + ".ferry-state");
    }

    Path path() {
        return shown;
    }

    Optional<MirrorState> read() throws IOException {
        Fd fd;
        try {
            fd = Posix.openat(dir, name, Posix.O_RDONLY, 0);
        } catch (NativeException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
        try (fd) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (long at = 0; ; ) {
                byte[] chunk = Posix.pread(fd, READ_CHUNK, at);
                bytes.write(chunk);
                at += chunk.length;
                if (chunk.length < READ_CHUNK || at > MAX_SIZE) {
                    break;
                }
            }
            return Optional.of(JSON.readValue(bytes.toByteArray(), MirrorState.class));
        } catch (JsonProcessingException e) {
            throw new IOException("the mirror's state file " + shown + " is unreadable (" + e.getOriginalMessage()
                    + "); remove the mirror and its state file, then receive a full stream", e);
        }
    }

    void write(MirrorState state) throws IOException {
        byte[] json = JSON.writeValueAsBytes(state);
        try (Fd fd = Posix.openat(dir, temporaryName, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_TRUNC, 0600)) {
            Posix.pwrite(fd, json, 0);
            Posix.fsync(fd);
        }
        Posix.renameat(dir, temporaryName, dir, name);
        Posix.fsync(dir);
    }
}
