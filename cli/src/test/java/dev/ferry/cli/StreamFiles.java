package dev.ferry.cli;

import dev.ferry.stream.Command;
import dev.ferry.stream.StreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A send stream in memory, decoded once: its commands with their positions, and where each concatenated stream ends. */
record StreamFiles(int version, List<Command> commands, List<Long> offsets, List<Integer> partEnds) {

    static StreamFiles decode(byte[] stream) throws IOException {
        List<Command> commands = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        List<Integer> partEnds = new ArrayList<>();
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream))) {
            for (Command c = reader.next(); c != null; c = reader.next()) {
                commands.add(c);
                offsets.add(reader.commandOffset());
                if (c instanceof Command.End) {
                    partEnds.add((int) reader.bytesRead());
                }
            }
            return new StreamFiles(reader.version(), commands, offsets, partEnds);
        }
    }

    /** The concatenated streams one by one, each from its header to its END. */
    List<byte[]> parts(byte[] stream) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int end : partEnds) {
            parts.add(java.util.Arrays.copyOfRange(stream, start, end));
            start = end;
        }
        return parts;
    }

    long count(dev.ferry.stream.CommandType type) {
        return commands.stream().filter(c -> c.type() == type).count();
    }
}
