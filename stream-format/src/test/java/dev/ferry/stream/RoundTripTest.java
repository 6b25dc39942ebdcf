package dev.ferry.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property-style round trips over random commands of every type: write then read gives equal
 * records, and read then write gives identical bytes. A fixed seed runs every time, plus a fresh
 * one (or {@code -Dferry.seed=...} to replay a failure); the seed is in every failure message.
 */
class RoundTripTest {
    private static final long FIXED_SEED = 0x5EED_F00DL;
    private static final int STREAMS = 25;
    private static final int COMMANDS_PER_STREAM = 50;

    @ParameterizedTest(name = "v{0}")
    @ValueSource(ints = {1, 2, 3})
    void randomCommandsSurviveWriteThenRead(int version) throws IOException {
        for (long seed : seeds()) {
            Random random = new Random(seed);
            RandomCommands generator = new RandomCommands(random, version);
            for (int s = 0; s < STREAMS; s++) {
                List<Command> commands = new ArrayList<>(s == 0 ? generator.everyType() : List.of());
                commands.addAll(generator.commands(COMMANDS_PER_STREAM));
                commands.add(new Command.End());
                roundTrip(version, commands, "seed " + seed + ", stream " + s);
            }
        }
    }

    private static void roundTrip(int version, List<Command> commands, String where) throws IOException {
        byte[] written = TestBytes.writeAll(WriterOptions.raw(version), commands);
        List<Command> read = TestBytes.readAll(written);
        assertEquals(commands.size(), read.size(), where);
        for (int i = 0; i < commands.size(); i++) {
            assertEquals(commands.get(i), read.get(i), where + ", command " + i);
        }
        assertArrayEquals(written, TestBytes.writeAll(WriterOptions.raw(version), read), where + ": re-encoding differs");
    }

    private static long[] seeds() {
        Long replay = Long.getLong("ferry.seed");
        return replay != null ? new long[] {replay} : new long[] {FIXED_SEED, new Random().nextLong()};
    }
}
