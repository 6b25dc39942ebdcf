package dev.ferry.receive;

import static dev.ferry.receive.Streams.b;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.btrfs.Posix;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.Timespec;
import dev.ferry.stream.testing.FuzzStats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of {@link Receiver} with well-formed streams: the fuzzer picks a sequence
 * of up to 48 commands over a handful of names (nested paths, "..", absolute ones, and symlinks to
 * {@code ../../../outside}, where the {@link FuzzSandbox}'s canary is), so that it explores orders of
 * creates, renames, links, writes and clones rather than byte layouts. A receive must succeed or
 * throw a {@link ReceiveException}, and nothing outside the destination may change.
 */
class ReceiverCommandsFuzzTest {
    private static final FuzzStats STATS = new FuzzStats("Receiver (commands)");
    private static final ReceiveOptions OPTIONS = ReceiveOptions.defaults().withTargetKind(ReceiveOptions.TargetKind.DIRECTORY);
    private static final UUID SELF = UUID.fromString("5eed5eed-0000-4000-8000-000000000002");
    private static final String[] PATHS = {"a", "b", "l", "a/b", "a/l", "l/x", "l/canary", "a/b/c", "b/a", "", "..", "../x",
        "a/../b", "/tmp/ferry-fuzz-absolute", "a//b", "."};
    private static final Path ABSOLUTE = Path.of("/tmp/ferry-fuzz-absolute");
    private static final String[] LINK_TARGETS = {FuzzSandbox.OUTSIDE_FROM_DEST, FuzzSandbox.OUTSIDE_FROM_DEST + "/canary",
        "..", "a", "/", "l", "b/../.."};
    private static FuzzSandbox sandbox;

    @BeforeAll
    static void makeSandbox() throws IOException {
        sandbox = new FuzzSandbox();
    }

    @FuzzTest(maxDuration = "20s")
    void commandsOverAFewNamesNeverReachOutside(FuzzedDataProvider data) throws IOException {
        STATS.input();
        int version = data.consumeBoolean() ? 1 : 2;
        List<Command> commands = new ArrayList<>();
        commands.add(new Command.Subvol(b("vol"), SELF, 1));
        int count = data.consumeInt(0, 48);
        for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
            commands.add(command(data, version));
        }
        commands.add(new Command.End());
        try {
            ReceiveResult result = Receiver.receive(new ByteArrayInputStream(Streams.of(version, commands)), sandbox.dest(),
                    OPTIONS);
            STATS.accepted();
            STATS.steps(result.commands());
        } catch (ReceiveException e) {
            FuzzSandbox.requireNoBugInside(e);
            STATS.rejected();
        }
        sandbox.checkAndReset();
        if (Files.exists(ABSOLUTE, LinkOption.NOFOLLOW_LINKS)) {
            throw new AssertionError("the absolute path of a command was created: " + ABSOLUTE);
        }
    }

    private static Command command(FuzzedDataProvider data, int version) {
        ByteString path = path(data);
        return switch (data.consumeInt(0, version == 2 ? 18 : 16)) { // FILEATTR and FALLOCATE are v2 only
            case 0 -> new Command.MkDir(path, 300);
            case 1 -> new Command.MkFile(path, 301);
            case 2 -> new Command.Symlink(path, 302, b(data.pickValue(LINK_TARGETS)));
            case 3 -> new Command.Rename(path, path(data));
            case 4 -> new Command.Link(path, path(data));
            case 5 -> new Command.Unlink(path);
            case 6 -> new Command.Rmdir(path);
            case 7 -> new Command.Write(path, data.consumeLong(0, 1 << 20), ByteString.of(data.consumeBytes(64)));
            case 8 -> new Command.Truncate(path, data.consumeLong(0, 1 << 20));
            case 9 -> new Command.Clone(path, data.consumeLong(0, 8192), data.consumeLong(0, 8192), SELF, 1, path(data),
                    data.consumeLong(0, 8192));
            case 10 -> new Command.Chmod(path, data.consumeInt(0, 07777));
            case 11 -> new Command.Chown(path, data.consumeInt(0, 70000), data.consumeInt(0, 70000));
            case 12 -> new Command.Utimes(path, new Timespec(data.consumeInt(), 0), new Timespec(data.consumeInt(), 0),
                    new Timespec(0, 0), Optional.empty());
            case 13 -> new Command.SetXattr(path, b(data.pickValue(new String[] {"user.k", "trusted.t", "security.capability"})),
                    ByteString.of(data.consumeBytes(24)));
            case 14 -> new Command.MkNod(path, 303, data.consumeBoolean() ? 0x103 : 0, data.consumeBoolean()
                    ? Posix.S_IFCHR | 0600 : Posix.S_IFIFO | 0600);
            case 15 -> new Command.MkFifo(path, 304, OptionalLong.empty(), OptionalLong.empty());
            case 16 -> new Command.RemoveXattr(path, b("user.k"));
            case 17 -> new Command.FileAttr(path, data.consumeLong());
            default -> new Command.Fallocate(path, data.pickValue(new Integer[] {0, 1, 3}), data.consumeLong(0, 1 << 20),
                    data.consumeLong(0, 1 << 20));
        };
    }

    private static ByteString path(FuzzedDataProvider data) {
        return b(data.pickValue(PATHS));
    }

    @AfterAll
    static void report() throws IOException {
        STATS.report();
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
