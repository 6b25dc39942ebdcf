package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ferry.scheduler.backup.Inventory;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.config.ConfigException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry list}: snapshots and backups per volume and target, which are in sync, which is the common parent. */
@Command(name = "list", sortOptions = false, exitCodeOnInvalidInput = 1,
        description = {"Lists each volume's snapshots and, per target, which are backed up (same uuid), "
                + "which one is the common parent of the next incremental, and ages.",
                "Exit status: 0 listed, 1 a source or target could not be listed (or bad arguments)."})
public final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    VolumeOptions volumes = new VolumeOptions();

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            VolumeOptions.Selection selection = volumes.select(spec.commandLine(), false);
            Instant now = clock.instant();
            ArrayNode all = new ObjectMapper().createArrayNode();
            boolean failed = false;
            for (VolumeJob job : selection.volumes()) {
                Inventory inventory = Inventory.of(job);
                failed |= inventory.error().isPresent()
                        || inventory.targets().stream().anyMatch(t -> t.error().isPresent());
                if (json) {
                    all.add(inventory.json(now));
                } else {
                    inventory.text(now).forEach(out::println);
                }
            }
            if (json) {
                out.println(all);
            }
            return failed ? 1 : 0;
        } catch (ConfigException e) {
            err.println("ferry list: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
