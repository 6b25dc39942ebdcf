package dev.ferry.receive;

import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.Timespec;
import dev.ferry.stream.WriterOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Hand-made send streams (through StreamWriter, so every crc is right unless a test breaks it). */
final class Streams {
    private Streams() {
    }

    static byte[] of(int version, List<Command> commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamWriter writer = StreamWriter.open(out, WriterOptions.raw(version))) {
            for (Command c : commands) {
                writer.write(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static ByteString b(String s) {
        return ByteString.utf8(s);
    }

    static Command.Subvol subvol(String name, UUID uuid, long ctransid) {
        return new Command.Subvol(b(name), uuid, ctransid);
    }

    static Command.Snapshot snapshot(String name, UUID uuid, long ctransid, UUID parent, long parentCtransid) {
        return new Command.Snapshot(b(name), uuid, ctransid, parent, parentCtransid);
    }

    static Command.MkFile mkfile(String path) {
        return new Command.MkFile(b(path), 300);
    }

    static Command.MkDir mkdir(String path) {
        return new Command.MkDir(b(path), 301);
    }

    static Command.Symlink symlink(String path, String target) {
        return new Command.Symlink(b(path), 302, b(target));
    }

    static Command.Write write(String path, long offset, String data) {
        return new Command.Write(b(path), offset, b(data));
    }

    static Command.Write write(String path, long offset, byte[] data) {
        return new Command.Write(b(path), offset, ByteString.of(data));
    }

    static Command.Utimes utimes(String path, long seconds) {
        Timespec t = new Timespec(seconds, 0);
        return new Command.Utimes(b(path), t, t, t, Optional.empty());
    }

    static Command.End end() {
        return new Command.End();
    }
}
