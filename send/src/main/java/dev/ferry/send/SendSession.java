package dev.ferry.send;

import dev.ferry.btrfs.Filesystem;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One subvolume's stream, start to END: opens the snapshot, parent and clone sources (all must
 * be read-only), finds the changes ({@link ChangeSet}), then writes SUBVOL or SNAPSHOT, the
 * namespace phases ({@link NamespacePlan}), the content phase ({@link ContentPlan}) and END.
 *
 * <p>The output depends only on the two trees: every collection is walked in a defined order, so
 * the same parent and snapshot give byte-identical streams.
 */
public final class SendSession {
    private SendSession() {
    }

    /**
     * Writes the stream for {@code request} to {@code out}; {@code notices} gets one-line remarks
     * for the user (e.g. that a full compare is needed).
     */
    public static SendReport send(SendRequest request, CommandSink out, java.util.function.Consumer<String> notices)
            throws SendException, IOException {
        return send(request, out, notices, estimate -> { });
    }

    /**
     * Like {@link #send(SendRequest, CommandSink, java.util.function.Consumer)}, and tells
     * {@code estimated} the stream's expected size once the changes are known, before the first
     * command is written: the change scan that the stream needs anyway, not a pass of its own.
     */
    public static SendReport send(SendRequest request, CommandSink out, java.util.function.Consumer<String> notices,
                                  java.util.function.Consumer<StreamEstimate> estimated)
            throws SendException, IOException {
        List<SnapshotView> opened = new ArrayList<>();
        try {
            SnapshotView snapshot = open(request.snapshot(), opened);
            Optional<SnapshotView> parent = Optional.empty();
            if (request.parent().isPresent()) {
                parent = Optional.of(open(request.parent().get(), opened));
            }
            List<SnapshotView> cloneSources = new ArrayList<>();
            for (var path : request.cloneSources()) {
                cloneSources.add(open(path, opened));
            }
            parent.ifPresent(cloneSources::add);
            return send(snapshot, parent, cloneSources, request.protocolVersion(), out, notices, estimated);
        } catch (NativeException e) {
            throw new SendException(e.getMessage(), e);
        } finally {
            for (SnapshotView v : opened) {
                try {
                    v.close();
                } catch (NativeException ignored) {
                    // closing a read-only directory fd cannot lose data
                }
            }
        }
    }

    private static SnapshotView open(java.nio.file.Path path, List<SnapshotView> opened) throws SendException {
        SnapshotView view = SnapshotView.open(path);
        opened.add(view);
        return view;
    }

    private static SendReport send(SnapshotView snapshot, Optional<SnapshotView> parent, List<SnapshotView> cloneSources,
                                   int version, CommandSink sink, java.util.function.Consumer<String> notices,
                                   java.util.function.Consumer<StreamEstimate> estimated)
            throws IOException {
        Lineage lineage = parent.isPresent() ? Lineage.between(snapshot.info(), parent.get().info()) : Lineage.none();
        if (parent.isPresent() && !lineage.isProven()) {
            notices.accept(snapshot.path() + ": " + lineage.explanation());
        }
        ChangeSet changes = ChangeSet.compute(snapshot, parent, lineage);
        estimated.accept(StreamEstimate.of(changes, version));
        Counting out = new Counting(sink);
        out.accept(header(snapshot.info(), parent.map(SnapshotView::info)));
        Trees trees = new Trees(snapshot, parent, changes);
        ReceiverModel model = new ReceiverModel(trees);
        NamespacePlan namespace = new NamespacePlan(changes, trees, model, out);
        namespace.run();
        CloneFinder clones = new CloneFinder(trees, changes, model, cloneSources);
        int sectorSize = Filesystem.info(snapshot.fd()).sectorSize();
        DataPlanner data = new DataPlanner(snapshot, clones, out, version, sectorSize);
        new ContentPlan(changes, trees, model, data, clones, out, version, namespace.inheritedAcl(),
                namespace.defaultAclSent()).run();
        out.accept(new Command.End());
        return new SendReport(lineage, changes.candidates(), changes.diffs().size(), out.count);
    }

    /**
     * SUBVOL or SNAPSHOT as the kernel writes them: the subvolume's name, its stream identity
     * (received_uuid when it was received, else its uuid) and ctransid; for SNAPSHOT the parent's.
     */
    static Command header(SubvolumeInfo s, Optional<SubvolumeInfo> p) {
        ByteString name = ByteString.utf8(s.name());
        if (p.isEmpty()) {
            return new Command.Subvol(name, s.streamUuid(), s.ctransid());
        }
        return new Command.Snapshot(name, s.streamUuid(), s.ctransid(), p.get().streamUuid(), p.get().ctransid());
    }

    private static final class Counting implements CommandSink {
        private final CommandSink sink;
        long count;

        Counting(CommandSink sink) {
            this.sink = sink;
        }

        @Override
        public void accept(Command command) throws IOException {
            sink.accept(command);
            count++;
        }
    }
}
