package dev.ferry.scheduler.daemon;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The daemon's signals: SIGTERM (and SIGINT) stop it with the grace period, through a JVM
 * shutdown hook; SIGHUP reloads the config. SIGHUP has no public JDK API; {@code sun.misc.Signal}
 * (module jdk.unsupported) is the supported way to catch it.
 */
public final class Signals {
    private Signals() {
    }

    /** Installs both; returns at once. */
    public static void install(Daemon daemon, Duration grace, Consumer<String> log) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.accept("stopping: no new jobs; running jobs get " + grace.toSeconds() + " s to finish");
            daemon.stop(grace);
            log.accept("stopped");
        }, "ferry-daemon-stop"));
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                log.accept("SIGHUP: reloading the config");
                new Thread(daemon::reload, "ferry-daemon-reload").start();
            });
        } catch (IllegalArgumentException e) {
            log.accept("SIGHUP cannot be caught here (" + e.getMessage() + "); config changes are still picked up");
        }
    }
}
