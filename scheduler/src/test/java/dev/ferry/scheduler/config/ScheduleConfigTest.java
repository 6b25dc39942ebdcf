package dev.ferry.scheduler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config keys of ferry daemon: schedules per volume and target, and the daemon section. */
class ScheduleConfigTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            timezone: UTC
            daemon:
              store: jdbc
              jdbc:
                url: jdbc:postgresql://db.lan:5432/ferry
                user: ferry
                password: secret
              instance-id: backup-1
              state-dir: /var/lib/ferry-test
              overlap: skip
              grace: 90s
              threads: 2
              metrics: 127.0.0.1:9811
            volumes:
              - source: /mnt/pool/home
                snapshot-dir: /mnt/pool/snapshots
                schedule:
                  snapshot: "0 */15 * * * ?"
                  backup: "0 0 * * * ?"
                  prune: "0 30 3 * * ?"
                targets:
                  - target: /mnt/usb/ferry
                    schedule: "0 0 2 * * ?"
                  - target: ssh://nas/pool/ferry
            """;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("ferry.yaml"), yaml);
    }

    private ConfigException error(String yaml) throws IOException {
        Path file = write(yaml);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    }

    @Test
    void readsSchedulesAndTheDaemonSection() throws Exception {
        Config config = ConfigLoader.load(write(GOOD));
        VolumeSchedule home = config.schedule("home");
        assertEquals(Optional.of(new CronSchedule("0 */15 * * * ?")), home.snapshot());
        assertEquals(Optional.of(new CronSchedule("0 0 * * * ?")), home.backup());
        assertEquals(Optional.of(new CronSchedule("0 30 3 * * ?")), home.prune());
        assertEquals(Map.of("/mnt/usb/ferry", new CronSchedule("0 0 2 * * ?")), home.targets());
        DaemonSettings d = config.daemon();
        assertEquals(DaemonSettings.Store.JDBC, d.store());
        assertEquals(new DaemonSettings.Jdbc("jdbc:postgresql://db.lan:5432/ferry", "ferry", Optional.of("secret")),
                d.jdbc().orElseThrow());
        assertEquals(Optional.of("backup-1"), d.instanceId());
        assertEquals(Path.of("/var/lib/ferry-test"), d.stateDir());
        assertEquals(DaemonSettings.Overlap.SKIP, d.overlap());
        assertEquals(Duration.ofSeconds(90), d.grace());
        assertEquals(2, d.threads());
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 9811)), d.metrics());
        assertEquals(false, d.jdbc().orElseThrow().toString().contains("secret"), "a password is never printed");
    }

    @Test
    void withoutScheduleKeysAVolumeHasNoneAndTheDaemonItsDefaults() throws Exception {
        Config config = ConfigLoader.load(write("""
                volumes:
                  - source: /mnt/pool/home
                    snapshot-dir: /mnt/pool/snapshots
                """));
        assertTrue(config.schedule("home").isEmpty());
        assertEquals(DaemonSettings.defaults(), config.daemon());
    }

    @Test
    void aFiveFieldCronNamesItsLineAndFieldAndSaysSecondsComeFirst() throws IOException {
        ConfigException e = error(GOOD.replace("backup: \"0 0 * * * ?\"", "backup: \"0 * * * *\""));
        assertEquals(19, e.line(), e.getMessage());
        assertEquals("volumes[0].schedule.backup", e.field());
        assertTrue(e.getMessage().startsWith(dir.resolve("ferry.yaml") + ":19:"), e.getMessage());
        assertTrue(e.getMessage().contains("Quartz cron has seconds first: six or seven fields, e.g. '0 0 * * * ?'"),
                e.getMessage());
    }

    @Test
    void aBadTargetScheduleAndAnUnknownScheduleKeyAreNamed() throws IOException {
        ConfigException target = error(GOOD.replace("\"0 0 2 * * ?\"", "\"0 0 25 * * ?\""));
        assertEquals(23, target.line(), target.getMessage());
        assertEquals("volumes[0].targets[0].schedule", target.field());
        ConfigException key = error(GOOD.replace("      snapshot: ", "      snapshots: "));
        assertEquals(18, key.line(), key.getMessage());
        assertTrue(key.getMessage().contains("unknown field 'snapshots' (known: backup, prune, snapshot)"),
                key.getMessage());
    }

    @Test
    void theDaemonSectionIsChecked() throws IOException {
        assertEquals("daemon.store", error(GOOD.replace("store: jdbc", "store: redis")).field());
        assertEquals("daemon.grace", error(GOOD.replace("grace: 90s", "grace: soon")).field());
        assertEquals("daemon.metrics", error(GOOD.replace("127.0.0.1:9811", "localhost")).field());
        assertEquals("daemon.overlap", error(GOOD.replace("overlap: skip", "overlap: queue")).field());
        ConfigException url = error(GOOD.replace("jdbc:postgresql://db.lan:5432/ferry", "jdbc:mysql://db/ferry"));
        assertEquals("daemon.jdbc", url.field());
        assertTrue(url.getMessage().contains("runs on PostgreSQL"), url.getMessage());
        ConfigException noJdbc = error(GOOD.replaceAll("(?s)  jdbc:\n.*?password: secret\n", ""));
        assertEquals("daemon", noJdbc.field());
        assertTrue(noJdbc.getMessage().contains("store: jdbc needs a 'jdbc' section"), noJdbc.getMessage());
    }

    @Test
    void theDaemonExampleLoads() throws Exception {
        Config config = ConfigLoader.load(Path.of("..", "examples", "ferry-daemon.yaml"));
        assertEquals(Optional.of(new CronSchedule("0 5 * * * ?")), config.schedule("home").backup());
        assertEquals(Map.of("/mnt/usb-backup/ferry", new CronSchedule("0 0 2 * * ?")), config.schedule("home").targets());
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 9811)), config.daemon().metrics());
    }
}
