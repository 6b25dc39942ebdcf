package dev.ferry.receive;

import dev.ferry.btrfs.testing.Shell;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link ReceiveMain} in a JVM of its own, as root or as the user nobody. For nobody the
 * test classpath is first copied to a world-readable temp directory: the Maven repository under
 * /root is not readable by other users.
 */
final class ReceiveProcess {
    private ReceiveProcess() {
    }

    static Process start(Path dest, String... options) throws IOException {
        return new ProcessBuilder(command(classpath(), List.of(), dest, options)).start();
    }

    /** As nobody (uid and gid 65534, no supplementary groups), with the classpath copied beneath {@code scratch}. */
    static Process startAsNobody(Path scratch, Path dest, String... options) throws IOException {
        List<String> setpriv = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        return new ProcessBuilder(command(readableCopy(scratch), setpriv, dest, options)).start();
    }

    private static List<String> command(String classpath, List<String> prefix, Path dest, String... options) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xshare:off", "-cp", classpath, ReceiveMain.class.getName(),
                dest.toString()));
        command.addAll(List.of(options));
        return command;
    }

    /** Surefire runs tests from a booter jar; the real classpath is in a property of its own. */
    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String readableCopy(Path scratch) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("classpath"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : classpath().split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = dir.resolve(n++ + (Files.isDirectory(from) ? "" : ".jar"));
            Shell.run("cp", "-r", from.toString(), to.toString());
            entries.add(to.toString());
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
        for (Path p = dir.toRealPath(); p.startsWith(tmp) && !p.equals(tmp); p = p.getParent()) {
            Shell.run("chmod", "a+rx", p.toString()); // the test's own temp directories on the way
        }
        Shell.run("chmod", "-R", "a+rX", dir.toString());
        return String.join(File.pathSeparator, entries);
    }
}
