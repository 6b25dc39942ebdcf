package dev.ferry.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.stream.testing.ResumeTokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A resumed stream is the header, the SUBVOL/SNAPSHOT, the marker and the original commands from the token's index. */
class ResumedStreamTest {
    private static final UUID SNAPSHOT = UUID.fromString("0d3c6a2e-8b1f-4c59-9e0a-5a1b2c3d4e5f");
    private static final UUID PARENT = UUID.fromString("11111111-2222-3333-4444-555555555555");

    private static List<Command> original(long seed) {
        List<Command> commands = new ArrayList<>();
        commands.add(new Command.Snapshot(ByteString.utf8("snap"), SNAPSHOT, 10, PARENT, 7));
        for (Command c : new RandomCommands(new Random(seed), 1).commands(200)) {
            if (!(c instanceof Command.Subvol || c instanceof Command.Snapshot || c instanceof Command.Unknown)) {
                commands.add(c);
            }
        }
        commands.add(new Command.End());
        return commands;
    }

    private static byte[] write(List<Command> commands, Optional<ResumeToken> token) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WriterOptions options = WriterOptions.raw(1);
        try (StreamWriter w = token.isPresent() ? StreamWriter.resume(out, options, token.get()) : StreamWriter.open(out, options)) {
            for (Command c : commands) {
                w.write(c);
            }
        }
        return out.toByteArray();
    }

    private static List<Command> read(byte[] stream) throws IOException {
        List<Command> commands = new ArrayList<>();
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream))) {
            for (Command c = reader.next(); c != null; c = reader.next()) {
                commands.add(c);
            }
        }
        return commands;
    }

    @Test
    void resumedStreamCarriesStartMarkerAndTheRest() throws IOException {
        Random random = new Random(42);
        List<Command> commands = original(7);
        byte[] full = write(commands, Optional.empty());
        List<Command> decoded = read(full);
        for (int trial = 0; trial < 20; trial++) {
            long applied = 1 + random.nextInt(decoded.size() - 1);
            ResumeToken token = ResumeTokens.after(full, applied);
            List<Command> resumed = read(write(commands, Optional.of(token)));
            List<Command> expected = new ArrayList<>();
            expected.add(decoded.get(0));
            expected.add(ResumeMarker.of(token));
            expected.addAll(decoded.subList((int) applied, decoded.size()));
            assertEquals(expected, resumed, "resumed at " + applied);
        }
    }

    @Test
    void aDifferentPrefixIsRefused() throws IOException {
        List<Command> commands = original(7);
        ResumeToken token = ResumeTokens.after(write(commands, Optional.empty()), 50);
        List<Command> changed = new ArrayList<>(commands);
        changed.set(20, new Command.Chmod(ByteString.utf8("other"), 0644));
        ResumeMismatchException e = assertThrows(ResumeMismatchException.class, () -> write(changed, Optional.of(token)));
        assertTrue(e.getMessage().contains("differs") && e.getMessage().contains("0..49"), e.getMessage());
    }

    @Test
    void anotherSubvolumeOrVersionIsRefused() throws IOException {
        List<Command> commands = original(7);
        ResumeToken token = ResumeTokens.after(write(commands, Optional.empty()), 5);
        List<Command> other = new ArrayList<>(commands);
        other.set(0, new Command.Snapshot(ByteString.utf8("snap"), SNAPSHOT, 10, PARENT, 8));
        assertThrows(ResumeMismatchException.class, () -> write(other, Optional.of(token)));
        assertThrows(ResumeMismatchException.class,
                () -> StreamWriter.resume(new ByteArrayOutputStream(), WriterOptions.raw(2), token));
        List<Command> shorter = List.of(commands.get(0), commands.get(1), new Command.End());
        assertTrue(assertThrows(ResumeMismatchException.class, () -> write(shorter, Optional.of(token)))
                .getMessage().contains("ends at command 2"));
    }
}
