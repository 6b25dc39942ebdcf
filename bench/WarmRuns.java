import dev.ferry.cli.Ferry;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Runs one ferry command many times in one JVM and prints each run's wall time in seconds, one
 * per line: what the command costs once the JVM is warm, as in `ferry daemon`, which runs its
 * backups in-process. Standard output goes to /dev/null, so give the command `-f /dev/null` or
 * the like if it writes a stream. "{i}" in an argument becomes the run's number (0, 1, ...), for
 * commands that need a fresh destination each time.
 *
 *   java -cp cli/target/ferry.jar bench/WarmRuns.java RUNS COMMAND ARGS...
 */
public final class WarmRuns {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: WarmRuns RUNS COMMAND [ARGS...]");
            System.exit(2);
        }
        int runs = Integer.parseInt(args[0]);
        String[] template = Arrays.copyOfRange(args, 1, args.length);
        PrintStream report = System.out;
        System.setOut(new PrintStream(new FileOutputStream("/dev/null")));
        for (int i = 0; i < runs; i++) {
            String run = Integer.toString(i);
            String[] command = Arrays.stream(template).map(a -> a.replace("{i}", run)).toArray(String[]::new);
            long start = System.nanoTime();
            int status = Ferry.commandLine(command).execute(command);
            long end = System.nanoTime();
            if (status != 0) {
                System.err.println("WarmRuns: run " + i + " exited with " + status);
                System.exit(1);
            }
            report.printf("%.3f%n", (end - start) / 1e9);
        }
    }
}
