package dev.ferry.cli;

import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.retention.NamingScheme;
import dev.ferry.scheduler.target.Backup;
import dev.ferry.scheduler.target.Incoming;
import dev.ferry.scheduler.target.Series;
import dev.ferry.scheduler.target.StreamDescription;
import dev.ferry.scheduler.target.Target;
import dev.ferry.scheduler.target.TargetException;
import dev.ferry.send.SendException;
import dev.ferry.send.SendRequest;
import dev.ferry.send.SendSession;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sends a snapshot into a target the way the backup job does: a zstd stream into {@link Target#receive}. */
final class TargetSends {
    static final Series SERIES = new Series("vol", NamingScheme.ferry());

    private TargetSends() {
    }

    /** The name of the n-th test snapshot in ferry's scheme. */
    static String name(int n) {
        return NamingScheme.ferry().format("vol", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * n));
    }

    static Backup send(Target target, Path snapshot, Optional<Path> parent) throws IOException, TargetException, SendException {
        var info = SubvolumeIndex.info(snapshot);
        Optional<java.util.UUID> parentUuid = parent.isEmpty() ? Optional.empty()
                : Optional.of(SubvolumeIndex.info(parent.get()).uuid());
        String name = snapshot.getFileName().toString();
        StreamDescription description = new StreamDescription(name, info.uuid(), 0,
                SERIES.parse(name).orElseThrow().time(), parentUuid);
        try (Incoming incoming = target.receive(SERIES, description)) {
            try (StreamWriter writer = StreamWriter.open(new NonClosing(incoming), WriterOptions.zstd(1))) {
                SendSession.send(new SendRequest(snapshot, parent, List.of(), 1), writer::write, notice -> { });
            } catch (IOException | SendException | RuntimeException e) {
                incoming.abort(e);
                throw e;
            }
            return incoming.commit();
        }
    }

    /** The Incoming's stream is the target's to close, at commit. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(Incoming incoming) {
            super(incoming.stream());
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
