package dev.ferry.scheduler.source;

import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.retention.Retention;
import dev.ferry.retention.SnapshotName;
import dev.ferry.scheduler.target.Series;
import dev.ferry.scheduler.transfer.NonClosingOutputStream;
import dev.ferry.send.SendException;
import dev.ferry.send.SendRequest;
import dev.ferry.send.SendSession;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The snapshots of one source subvolume in its snapshot directory: listing, taking and deleting
 * them. A snapshot belongs to the volume when its name parses in the series' scheme and it is a
 * read-only subvolume; everything else in the directory is left alone.
 */
public final class SnapshotStore implements SnapshotSource {
    private final Path source;
    private final Path dir;
    private final Series series;

    public SnapshotStore(Path source, Path dir, Series series) {
        this.source = Objects.requireNonNull(source, "source");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.series = Objects.requireNonNull(series, "series");
    }

    public Path source() {
        return source;
    }

    public Path dir() {
        return dir;
    }

    public Series series() {
        return series;
    }

    /** The volume's snapshots, oldest first ({@link Retention#CHRONOLOGICAL}). */
    @Override
    public List<SourceSnapshot> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<SourceSnapshot> snapshots = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Optional<SnapshotName> name = series.parse(entry.getFileName().toString());
                if (name.isPresent() && Subvolumes.isSubvolume(entry)) {
                    SubvolumeInfo info = SubvolumeIndex.info(entry);
                    if (info.readOnly()) {
                        snapshots.add(new SourceSnapshot(name.get().name(), entry, info.streamUuid(), info.parentUuid(),
                                info.ctransid(), name.get().time()));
                    }
                }
            }
        }
        snapshots.sort(Comparator.comparing(SourceSnapshot::toRetention, Retention.CHRONOLOGICAL));
        return List.copyOf(snapshots);
    }

    /** What btrfs says about the source subvolume now. */
    public SubvolumeInfo sourceInfo() throws NativeException {
        return SubvolumeIndex.info(source);
    }

    /**
     * Whether the source changed since {@code newest}, its newest snapshot.
     *
     * <p>The rule: a snapshot inherits the source's ctransid (the transid of its last change) at
     * the moment it is taken, and taking a snapshot does not change the source's ctransid. So the
     * source is unchanged exactly when {@code newest} is a snapshot of this very source (its
     * parent_uuid is the source's uuid) and the two ctransids are equal. A snapshot of another
     * subvolume (the source was replaced, or restored) always counts as changed. Comparing
     * generations would not do: snapshotting bumps the source's generation.
     */
    public static boolean changedSince(SubvolumeInfo source, SourceSnapshot newest) {
        return !(newest.parentUuid().equals(Optional.of(source.uuid())) && newest.ctransid() == source.ctransid());
    }

    /** The name a snapshot taken at {@code time} would get, given what the directory holds. */
    @Override
    public String nextName(Instant time) throws IOException {
        List<String> existing = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                entries.forEach(p -> existing.add(p.getFileName().toString()));
            }
        }
        return series.scheme().nextName(series.volume(), time, existing);
    }

    /** Takes a read-only snapshot of the source named for {@code time}, creating the directory if needed. */
    @Override
    public SourceSnapshot take(Instant time) throws IOException {
        Files.createDirectories(dir);
        String name = nextName(time);
        Path path = dir.resolve(name);
        Subvolumes.snapshot(source, path, Subvolumes.Access.READ_ONLY);
        SubvolumeInfo info = SubvolumeIndex.info(path);
        Instant stamped = series.parse(name).map(SnapshotName::time).orElse(time);
        return new SourceSnapshot(name, path, info.streamUuid(), info.parentUuid(), info.ctransid(), stamped);
    }

    @Override
    public void delete(SourceSnapshot snapshot) throws NativeException {
        Subvolumes.delete(snapshot.path());
    }

    /** ferry's own sender, in this process; the progress is of the stream before compression. */
    @Override
    public void send(SourceSnapshot snapshot, Optional<SourceSnapshot> parent, List<SourceSnapshot> cloneSources,
                     StreamOptions options, OutputStream out, LongConsumer progress, LongConsumer estimate,
                     Consumer<String> notices) throws IOException, SendException {
        SendRequest request = new SendRequest(snapshot.path(), parent.map(SourceSnapshot::path),
                cloneSources.stream().map(SourceSnapshot::path).toList(), options.protocol());
        WriterOptions zstd = WriterOptions.zstd(options.protocol(), options.level(), 0);
        try (StreamWriter w = options.resumeFrom().isPresent()
                ? StreamWriter.resume(new NonClosingOutputStream(out), zstd, options.resumeFrom().get())
                : StreamWriter.open(new NonClosingOutputStream(out), zstd)) {
            SendSession.send(request, command -> {
                w.write(command);
                progress.accept(w.bytesWritten());
            }, notices, e -> estimate.accept(e.bytes()));
        }
    }
}
