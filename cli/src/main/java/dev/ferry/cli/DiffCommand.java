package dev.ferry.cli;

import dev.ferry.send.SendException;
import dev.ferry.send.diff.DiffWriter;
import dev.ferry.send.diff.JsonDiffWriter;
import dev.ferry.send.diff.SnapshotDiff;
import dev.ferry.send.diff.TextDiffWriter;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry diff}: what changed between two read-only snapshots, path by path. */
@CommandLine.Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
                "Lists what changed between two read-only snapshots of a subvolume, one line per path, like `zfs diff -F`:",
                "  -  TYPE  PATH                  deleted (PATH as it was in PARENT)",
                "  +  TYPE  PATH                  added",
                "  R  TYPE  OLD -> NEW            renamed or moved (the same inode)",
                "  M  TYPE  PATH  WHAT            modified: data,size,mode,uid,gid,rdev,flags,nlink,atime,mtime,ctime,"
                        + "+xattr=NAME,-xattr=NAME",
                "  +/-  TYPE  PATH  link          a hard link added to or removed from a file that has others",
                "Fields are separated by tabs. TYPE: F file, / directory, @ symlink, B block, C char device, "
                        + "| fifo, = socket. Paths are relative to the snapshot root ('.' is the root), escaped "
                        + "as `btrfs receive --dump` escapes them. Lines are sorted by path.",
                "A file replaced by another of the same name (or a directory by a file) is a deletion and an addition.",
                "",
                "Finds the changes the way `ferry send -p` does, in time proportional to the change; when the "
                        + "snapshots are not closely related it compares both trees in full and says so on stderr.",
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
                "0:the differences were listed (none is not an error)",
                "1:a snapshot could not be read (not a read-only btrfs subvolume, permission, ...)",
                "2:usage error",
                "141:the output was closed early, e.g. by `| head`",
        })
final class DiffCommand implements Callable<Integer> {
    private static final int OUTPUT_BUFFER_SIZE = 64 << 10;

    @Parameters(index = "0", paramLabel = "PARENT", description = "The older read-only snapshot.")
    Path parent;

    @Parameters(index = "1", paramLabel = "SNAPSHOT", description = "The newer read-only snapshot.")
    Path snapshot;

    @Option(names = "--json", description = "One JSON object per change and line (JSON Lines) instead of text.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** File descriptor 1 itself, not System.out, which swallows write errors; replaced in tests. */
    OutputStream stdout = new FileOutputStream(FileDescriptor.out);

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            SnapshotDiff diff = SnapshotDiff.between(parent, snapshot, notice -> err.println("ferry diff: " + notice));
            err.flush();
            CheckedOutput out = new CheckedOutput(new BufferedOutputStream(stdout, OUTPUT_BUFFER_SIZE));
            DiffWriter writer = json ? new JsonDiffWriter(out) : new TextDiffWriter(out);
            writer.writeAll(diff);
            return 0;
        } catch (SendException e) {
            err.println("ferry diff: " + e.getMessage());
            return 1;
        } catch (CheckedOutput.OutputException e) {
            if (e.isClosedPipe()) {
                return DumpCommand.EXIT_OUTPUT_CLOSED;
            }
            err.println("ferry diff: cannot write output: " + e.getCause().getMessage());
            return 1;
        } finally {
            err.flush();
        }
    }
}
