package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.SubvolumeInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry subvolume list|show}: what ferry sees of a filesystem's subvolumes, in the shape
 * of {@code btrfs subvolume list -u -q -R} and {@code btrfs subvolume show}, so the two can be
 * compared. Both need root (tree search).
 */
@Command(name = "subvolume", description = "Lists and shows subvolumes as ferry sees them.",
        subcommands = {SubvolumeCommand.ListCommand.class, SubvolumeCommand.ShowCommand.class, CommandLine.HelpCommand.class})
public final class SubvolumeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list or show");
    }

    /** Shared by both subcommands: the path argument, --json, and turning failures into one line. */
    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        abstract Path path();

        abstract void print(PrintWriter out) throws NativeException;

        @Override
        public Integer call() {
            try {
                print(spec.commandLine().getOut());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (NativeException e) {
                spec.commandLine().getErr().println("ferry: " + describe(e, path()));
                return 1;
            }
        }

        void printJson(PrintWriter out, Object value) {
            try {
                out.println(Json.MAPPER.writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write JSON", e);
            }
        }
    }

    @Command(name = "list", description = "Lists the subvolumes of the filesystem PATH is on "
            + "(columns of btrfs subvolume list -u -q -R, plus flags).")
    static final class ListCommand extends Base {
        @Parameters(paramLabel = "PATH", description = "Any directory on the filesystem.")
        Path path;

        @Override
        Path path() {
            return path;
        }

        @Override
        void print(PrintWriter out) throws NativeException {
            List<SubvolumeInfo> all;
            try (SubvolumeIndex index = SubvolumeIndex.open(path)) {
                all = index.list();
            }
            if (json) {
                printJson(out, all.stream().map(s -> SubvolumeJson.of(s, null)).toList());
                return;
            }
            for (SubvolumeInfo s : all) {
                out.printf("ID %d gen %d top level %d parent_uuid %-36s received_uuid %-36s uuid %s flags %s path %s%n",
                        s.id(), s.generation(), s.parentId(), uuid(s.parentUuid()), uuid(s.receivedUuid()), s.uuid(),
                        s.readOnly() ? "readonly" : "-", s.path());
            }
        }
    }

    @Command(name = "show", description = "Shows the subvolume that contains PATH (the fields of btrfs subvolume show).")
    static final class ShowCommand extends Base {
        @Parameters(paramLabel = "PATH", description = "A subvolume, or any directory in it.")
        Path path;

        @Override
        Path path() {
            return path;
        }

        @Override
        void print(PrintWriter out) throws NativeException {
            SubvolumeInfo s;
            List<SubvolumeInfo> snapshots;
            try (SubvolumeIndex index = SubvolumeIndex.open(path)) {
                s = index.containing();
                snapshots = index.list().stream().filter(c -> c.parentUuid().equals(Optional.of(s.uuid()))).toList();
            }
            List<String> snapshotPaths = snapshots.stream().map(SubvolumeInfo::path).toList();
            if (json) {
                printJson(out, SubvolumeJson.of(s, snapshotPaths));
                return;
            }
            boolean top = s.id() == SubvolumeInfo.TOP_LEVEL_ID;
            out.println(top ? "/" : s.path());
            field(out, "Name", top ? "<FS_TREE>" : s.name());
            field(out, "UUID", s.uuid().toString());
            field(out, "Parent UUID", uuid(s.parentUuid()));
            field(out, "Received UUID", uuid(s.receivedUuid()));
            field(out, "Creation time", time(s.otime()));
            field(out, "Subvolume ID", s.id());
            field(out, "Generation", s.generation());
            field(out, "Gen at creation", s.otransid());
            field(out, "Parent ID", s.parentId());
            field(out, "Top level ID", s.parentId());
            field(out, "Flags", s.readOnly() ? "readonly" : "-");
            field(out, "Send transid", s.stransid());
            field(out, "Send time", time(s.stime()));
            field(out, "Receive transid", s.rtransid());
            field(out, "Receive time", time(s.rtime()));
            out.println("\tSnapshot(s):");
            snapshotPaths.forEach(p -> out.println("\t\t\t\t" + p));
        }

        private static void field(PrintWriter out, String name, Object value) {
            out.println("\t" + name + ": \t" + value);
        }
    }

    /** The JSON form of a subvolume; absent uuids and zero times are null. */
    record SubvolumeJson(long id, String name, String path, long parentId, long topLevelId, long dirId, String uuid,
            String parentUuid, String receivedUuid, long generation, long ctransid, long otransid, long stransid,
            long rtransid, String ctime, String otime, String stime, String rtime, boolean readOnly,
            List<String> snapshots) {

        static SubvolumeJson of(SubvolumeInfo s, List<String> snapshots) {
            return new SubvolumeJson(s.id(), s.name(), s.path(), s.parentId(), s.parentId(), s.dirId(),
                    s.uuid().toString(), s.parentUuid().map(UUID::toString).orElse(null),
                    s.receivedUuid().map(UUID::toString).orElse(null), s.generation(), s.ctransid(), s.otransid(),
                    s.stransid(), s.rtransid(), iso(s.ctime()), iso(s.otime()), iso(s.stime()), iso(s.rtime()),
                    s.readOnly(), snapshots);
        }

        private static String iso(Instant t) {
            return t.getEpochSecond() == 0 ? null : t.toString();
        }
    }

    /**
     * Built on first use, not when the class is initialized: picocli instantiates every command at
     * start-up, and an ObjectMapper costs a few hundred classes and about 0.2 s that most runs never need.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** progs' date format, in the local time zone. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z")
            .withZone(ZoneId.systemDefault());

    private static String uuid(Optional<UUID> uuid) {
        return uuid.map(UUID::toString).orElse("-");
    }

    private static String time(Instant t) {
        return t.getEpochSecond() == 0 ? "-" : TIME.format(t);
    }

    /** One line for a failure, naming the path the user gave. */
    static String describe(NativeException e, Path path) {
        return switch (e.errno()) {
            case ENOTTY -> path + " is not on a btrfs filesystem";
            case ENOENT -> e.operation().equals("open") ? path + ": no such file or directory" : e.getMessage();
            case ENOTDIR -> path + " is not a directory";
            case EPERM -> path + ": reading the subvolume trees needs root (CAP_SYS_ADMIN)";
            case EACCES -> path + ": permission denied";
            default -> e.getMessage();
        };
    }
}
