package dev.ferry.receive;

import static dev.ferry.receive.Streams.b;
import static dev.ferry.receive.Streams.end;
import static dev.ferry.receive.Streams.mkdir;
import static dev.ferry.receive.Streams.mkfile;
import static dev.ferry.receive.Streams.subvol;
import static dev.ferry.receive.Streams.symlink;
import static dev.ferry.receive.Streams.utimes;
import static dev.ferry.receive.Streams.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.stream.Command;
import dev.ferry.stream.ResumeToken;
import dev.ferry.stream.StreamReader;
import dev.ferry.stream.testing.ResumeTokens;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The replay rule, command by command, on a hand-made stream with every namespace command: an
 * interruption after each command, resumed both from there and from the record a kill right after a
 * namespace command leaves (the command applied, the record still just before it, or before the
 * create a RENAME shares its record with), must end exactly like the uninterrupted receive.
 */
@ExtendWith(LoopBtrfsExtension.class)
class ResumeReplayTest {
    /** As ferry receive and ferry target receive run: an input that ends early keeps the partial. */
    private static final ReceiveOptions KEEP = ReceiveOptions.defaults().withKeepInterrupted(true);
    private static final UUID UUID_1 = UUID.fromString("aaaaaaaa-0000-0000-0000-000000000001");

    private static final List<Command> COMMANDS = List.of(
            subvol("vol", UUID_1, 10),
            mkdir("o257-5-0"), new Command.Rename(b("o257-5-0"), b("d")),
            mkfile("d/f"), write("d/f", 0, "first"), write("d/f", 5, " second"), new Command.Truncate(b("d/f"), 8),
            new Command.Rename(b("d/f"), b("d/g")),
            new Command.Link(b("d/h"), b("d/g")),
            symlink("s", "d/g"),
            mkfile("x"), write("x", 0, "gone soon"), new Command.Unlink(b("x")),
            mkdir("e"), new Command.Rmdir(b("e")),
            new Command.SetXattr(b("d/g"), b("user.k"), b("v")), new Command.RemoveXattr(b("d/g"), b("user.k")),
            new Command.SetXattr(b("d/g"), b("user.kept"), b("yes")),
            new Command.Chmod(b("d/g"), 0640), new Command.Chown(b("d/g"), 12, 34),
            new Command.Clone(b("d/c"), 0, 0, UUID_1, 10, b("d/g"), 0),
            utimes("d/g", 1_000_000), utimes("d/c", 1_100_000), utimes("s", 1_200_000), utimes("d", 2_000_000),
            utimes("", 3_000_000),
            mkfile("o260-5-0"), new Command.Rename(b("o260-5-0"), b("d/new")), write("d/new", 0, "paired"),
            utimes("d/new", 4_000_000), utimes("d", 4_100_000),
            end());

    private static byte[] stream() {
        List<Command> commands = new java.util.ArrayList<>(COMMANDS);
        commands.add(20, mkfile("d/c")); // CLONE needs its destination
        return Streams.of(1, commands);
    }

    @Test
    void everyInterruptionPointResumesToTheSameTree(@LoopFs(sizeMiB = 256) LoopBtrfs fs) throws Exception {
        byte[] full = stream();
        Path reference = Files.createDirectory(fs.path("reference"));
        Receiver.receive(new ByteArrayInputStream(full), reference, KEEP);
        List<Long> offsets = Interrupted.commandOffsets(full);
        int commands = offsets.size() - 1;
        for (int cut = 2; cut < commands; cut++) { // after the first command after SUBVOL, up to before END
            for (int rewound = 0; rewound <= 2; rewound++) {
                if (rewound > 0 && !recordMayBeBehind(full, cut, rewound)) {
                    continue;
                }
                String where = "cut before command " + cut + (rewound > 0 ? ", record left " + rewound + " command(s) behind" : "");
                Path dest = Files.createDirectory(fs.path("cut" + cut + "-" + rewound));
                long at = offsets.get(cut);
                assertThrows(ReceiveException.class, () -> Receiver.receive(
                        Interrupted.cut(full, (int) at, Interrupted.Ending.EOF), dest, KEEP), where);
                assertFalse(Files.exists(dest.resolve("vol")), where);
                if (rewound > 0) {
                    rewindRecord(dest, ResumeTokens.after(full, cut - rewound));
                }
                ResumeToken token = Receiver.partial(dest, "vol", KEEP).flatMap(PartialReceive::token)
                        .orElseThrow(() -> new AssertionError(where + ": no token"));
                assertEquals(cut - rewound, token.index(), where);
                Receiver.receive(new ByteArrayInputStream(Interrupted.resumed(full, token)), dest, KEEP);
                TreeDigest.assertSame(reference.resolve("vol"), dest.resolve("vol"), true);
            }
        }
    }

    /**
     * Whether a kill right before command {@code cut} can leave the record {@code rewound} commands
     * behind: one, just before the namespace command {@code cut - 1}; two, just before a MKFILE or
     * MKDIR whose name {@code cut - 1} renamed (the pair shares the record).
     */
    private static boolean recordMayBeBehind(byte[] full, int cut, int rewound) throws Exception {
        Command last = commandAt(full, cut - 1);
        if (rewound == 1) {
            return last instanceof Command.OnPath p && ReplayRule.of(p.type()) == ReplayRule.NAMESPACE;
        }
        Command before = commandAt(full, cut - 2);
        return last instanceof Command.Rename r && (before instanceof Command.MkFile || before instanceof Command.MkDir)
                && ((Command.OnPath) before).path().equals(r.path());
    }

    @Test
    void fileAttrMakesThePartialUnresumable(@LoopFs(sizeMiB = 256) LoopBtrfs fs) throws Exception {
        byte[] full = Streams.of(2, List.of(subvol("vol", UUID_1, 10), mkfile("f"), write("f", 0, "x"),
                new Command.FileAttr(b("f"), 0), write("f", 1, "y"), mkfile("g"), end()));
        Path dest = Files.createDirectory(fs.path("d"));
        long at = Interrupted.commandOffsets(full).get(5);
        assertThrows(ReceiveException.class, () -> Receiver.receive(
                Interrupted.cut(full, (int) at, Interrupted.Ending.EOF), dest, KEEP));
        assertFalse(Files.exists(dest.resolve(".ferry-partial.vol")), "an unresumable partial is abandoned as before");
        assertEquals(Optional.empty(), Receiver.partial(dest, "vol", KEEP));
        Receiver.receive(new ByteArrayInputStream(full), dest, KEEP);
        assertTrue(Files.exists(dest.resolve("vol/g")));
    }

    /** Puts the record back to {@code token}, as a kill just after the namespace command at its index leaves it. */
    private static void rewindRecord(Path dest, ResumeToken token) throws Exception {
        try (Fd dir = Fd.openDirectory(dest)) {
            byte[] name = SubvolumeNames.resumeRecord("vol".getBytes());
            ResumeRecord now = ResumeLog.read(dir, name).orElseThrow();
            try (ResumeLog log = ResumeLog.reopen(dir, name, dest.resolve(".ferry-resume.vol"), now)) {
                log.write(now.withToken(token, now.rootTimes()));
            }
        }
    }

    private static Command commandAt(byte[] stream, int index) throws Exception {
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream))) {
            Command c = reader.next();
            for (int i = 0; i < index; i++) {
                c = reader.next();
            }
            return c;
        }
    }

}
