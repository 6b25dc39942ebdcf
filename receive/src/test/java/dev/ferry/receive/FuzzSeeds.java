package dev.ferry.receive;

import static dev.ferry.receive.Streams.b;
import static dev.ferry.receive.Streams.end;
import static dev.ferry.receive.Streams.mkdir;
import static dev.ferry.receive.Streams.mkfile;
import static dev.ferry.receive.Streams.subvol;
import static dev.ferry.receive.Streams.symlink;
import static dev.ferry.receive.Streams.utimes;
import static dev.ferry.receive.Streams.write;

import dev.ferry.btrfs.Posix;
import dev.ferry.stream.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The ferry-written seeds of the fuzz targets (the others are real {@code btrfs send} output, see
 * the README in the seed directories): one well-formed stream that uses most commands, and one per
 * kind of attack, each small. The symlinks point at {@code ../../../outside}, which is where
 * {@link ReceiverFuzzTest} keeps its canary. Regenerate with
 * {@code java -cp <test classpath> dev.ferry.receive.FuzzSeeds DIR}.
 */
final class FuzzSeeds {
    static final String OUT = "../../../outside";
    private static final UUID UUID_A = UUID.fromString("5eed5eed-0000-4000-8000-000000000001");

    private FuzzSeeds() {
    }

    static Map<String, byte[]> all() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("ferry-good-v1", Streams.of(1, body(good())));
        seeds.put("ferry-good-v2", Streams.of(2, body(good())));
        seeds.put("ferry-write-through-symlink", Streams.of(1, body(symlink("l", OUT), write("l/canary", 0, "pwned"))));
        seeds.put("ferry-mkfile-through-symlink", Streams.of(1, body(symlink("l", OUT), mkfile("l/x"))));
        seeds.put("ferry-mkdir-through-symlink", Streams.of(1, body(symlink("l", OUT), mkdir("l/x"))));
        seeds.put("ferry-rename-through-symlink", Streams.of(1, body(mkfile("f"), symlink("l", OUT),
                new Command.Rename(b("f"), b("l/x")))));
        seeds.put("ferry-link-through-symlink", Streams.of(1, body(symlink("l", OUT), new Command.Link(b("x"), b("l/canary")))));
        seeds.put("ferry-clone-through-symlink", Streams.of(1, body(mkfile("f"), symlink("l", OUT),
                new Command.Clone(b("f"), 0, 6, UUID_A, 1, b("l/canary"), 0))));
        seeds.put("ferry-dot-dot", Streams.of(1, body(mkfile("../x"), mkdir("d"), mkfile("d/../../x"))));
        seeds.put("ferry-rename-root", Streams.of(1, body(mkdir("d"), new Command.Rename(b(""), b("d/x")))));
        seeds.put("ferry-device-write", Streams.of(1, body(new Command.MkNod(b("n"), 9, 0x103, Posix.S_IFCHR | 0600),
                write("n", 0, "x"))));
        return seeds;
    }

    private static List<Command> good() {
        return List.of(mkdir("d"), mkfile("d/f"), write("d/f", 0, "hello"), new Command.Truncate(b("d/f"), 9000),
                new Command.SetXattr(b("d/f"), b("user.k"), b("v")), new Command.Chmod(b("d/f"), 0640),
                new Command.Chown(b("d/f"), 1, 2), new Command.Link(b("hard"), b("d/f")), symlink("s", "d/f"),
                new Command.Rename(b("d/f"), b("g")), mkfile("c"),
                new Command.Clone(b("c"), 0, 5, UUID_A, 1, b("g"), 0),
                new Command.MkFifo(b("p"), 10, OptionalLong.empty(), OptionalLong.empty()),
                new Command.Unlink(b("hard")), new Command.Rmdir(b("d")), utimes("", 1000));
    }

    private static List<Command> body(Command... commands) {
        return body(Arrays.asList(commands));
    }

    private static List<Command> body(List<Command> commands) {
        List<Command> all = new ArrayList<>();
        all.add(subvol("vol", UUID_A, 1));
        all.addAll(commands);
        all.add(end());
        return all;
    }

    public static void main(String[] args) throws IOException {
        for (String dir : args) {
            for (Map.Entry<String, byte[]> seed : all().entrySet()) {
                Files.write(Path.of(dir, seed.getKey()), seed.getValue());
            }
        }
    }
}
