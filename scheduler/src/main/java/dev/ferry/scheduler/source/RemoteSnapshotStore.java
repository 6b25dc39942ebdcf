package dev.ferry.scheduler.source;

import dev.ferry.retention.Retention;
import dev.ferry.scheduler.target.RemoteFerry;
import dev.ferry.scheduler.target.Series;
import dev.ferry.scheduler.target.TargetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A volume's snapshots on a source host, for a backup host that pulls: every operation is one ssh
 * session running {@code ferry target ...} there, as for an ssh target. Snapshots are listed,
 * taken and deleted there; a send streams the zstd stream back over ssh's standard output.
 * Failures are one line naming the host, like an ssh target's.
 */
public final class RemoteSnapshotStore implements SnapshotSource {
    private static final int COPY = 256 << 10;

    private final RemoteSource source;
    private final Path dir;
    private final Series series;
    private final RemoteFerry remote;

    public RemoteSnapshotStore(RemoteSource source, Path dir, Series series) {
        this.source = Objects.requireNonNull(source, "source");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.series = Objects.requireNonNull(series, "series");
        this.remote = new RemoteFerry(source.address(), source.ssh());
    }

    private List<SnapshotEntry> entries() throws IOException {
        String output = run("snapshots", dir.toString());
        try {
            return SnapshotEntry.decode(output);
        } catch (IOException | RuntimeException e) {
            throw new IOException(source + ": ferry on " + source.address().host()
                    + " listed something unreadable: " + e.getMessage(), e);
        }
    }

    /** One session; its failure, already one line naming the host, as an IOException. */
    private String run(String... args) throws IOException {
        try {
            return remote.run(args);
        } catch (TargetException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public List<SourceSnapshot> list() throws IOException {
        List<SourceSnapshot> snapshots = new ArrayList<>();
        for (SnapshotEntry e : entries()) {
            e.toSnapshot(series, dir).ifPresent(snapshots::add);
        }
        snapshots.sort(Comparator.comparing(SourceSnapshot::toRetention, Retention.CHRONOLOGICAL));
        return List.copyOf(snapshots);
    }

    @Override
    public String nextName(Instant time) throws IOException {
        List<String> existing = entries().stream().map(SnapshotEntry::name).toList();
        return series.scheme().nextName(series.volume(), time, existing);
    }

    @Override
    public SourceSnapshot take(Instant time) throws IOException {
        String name = nextName(time);
        run("snapshot", source.address().dir().toString(), dir.toString(), name);
        return list().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new IOException(
                source + ": the snapshot " + name + " was taken but is not listed in " + dir));
    }

    @Override
    public void delete(SourceSnapshot snapshot) throws IOException {
        run("delete", dir.toString(), snapshot.name());
    }

    /** No estimate: the change scan runs on the other host. Progress counts compressed bytes. */
    @Override
    public void send(SourceSnapshot snapshot, Optional<SourceSnapshot> parent, List<SourceSnapshot> cloneSources,
                     StreamOptions options, OutputStream out, LongConsumer progress, LongConsumer estimate,
                     Consumer<String> notices) throws IOException {
        if (options.resumeFrom().isPresent()) {
            // The remote side's send takes no token yet; the caller sends in full instead.
            throw new dev.ferry.stream.ResumeMismatchException("resuming from a pulled (remote) source is not supported; "
                    + "sending " + snapshot.name() + " in full");
        }
        List<String> args = new ArrayList<>(List.of("send", dir.toString(), snapshot.name()));
        parent.ifPresent(p -> args.addAll(List.of("--parent", p.name())));
        cloneSources.forEach(c -> args.addAll(List.of("--clone", c.name())));
        args.addAll(List.of("--level", Integer.toString(options.level())));
        Process process;
        try {
            process = remote.startReading(args.toArray(String[]::new));
        } catch (TargetException e) {
            throw new IOException(e.getMessage(), e);
        }
        RemoteFerry.StderrTail stderr = RemoteFerry.StderrTail.collect(process);
        long bytes = 0;
        try (InputStream in = process.getInputStream()) {
            byte[] buffer = new byte[COPY];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                bytes += n;
                progress.accept(bytes);
            }
            int status = waitFor(process);
            if (status != 0) {
                throw new IOException(remote.failure(status, stderr.text()).getMessage());
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static int waitFor(Process process) throws IOException {
        try {
            if (process.waitFor(1, TimeUnit.HOURS)) {
                return process.exitValue();
            }
            process.destroyForcibly();
            throw new IOException("ssh did not exit an hour after the stream ended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new java.io.InterruptedIOException("interrupted while waiting for ssh");
        }
    }

    @Override
    public String toString() {
        return source.toString();
    }
}
