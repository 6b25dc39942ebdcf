package dev.ferry.scheduler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.retention.NamingScheme;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.target.TargetAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("ferry.yaml"), yaml);
    }

    private static final String GOOD = """
            timezone: Europe/Berlin
            week-start: sunday
            target-keep: "7d 4w"
            volumes:
              - source: /mnt/pool/home
                snapshot-dir: /mnt/pool/snapshots
                keep: "min 1d, 24h"
                targets:
                  - target: /mnt/usb/ferry
                  - target: ssh://backup@nas:2222/pool/ferry
                    keep: "*y"
              - name: share
                source: /mnt/pool/share
                snapshot-dir: /mnt/pool/share-snapshots
                scheme: samba
                if-changed: true
                targets:
                  - target: file:///srv/streams/share
            """;

    @Test
    void readsVolumesTargetsAndFillsDefaults() throws Exception {
        Config config = ConfigLoader.load(write(GOOD));
        assertEquals(ZoneId.of("Europe/Berlin"), config.zone());
        assertEquals(DayOfWeek.SUNDAY, config.weekStart());
        VolumeJob home = config.volumes().get(0);
        assertEquals("home", home.name());
        assertEquals(Policy.parse("min 1d, 24h"), home.keep());
        assertEquals(NamingScheme.ferry(), home.scheme());
        assertEquals(List.of(new VolumeJob.TargetJob(TargetAddress.parse("/mnt/usb/ferry"), Policy.parse("7d 4w")),
                new VolumeJob.TargetJob(TargetAddress.parse("ssh://backup@nas:2222/pool/ferry"), Policy.parse("*y"))),
                home.targets());
        VolumeJob share = config.volumes().get(1);
        assertEquals(NamingScheme.shadowCopy(), share.scheme());
        assertEquals(VolumeJob.DEFAULT_KEEP, share.keep());
        assertEquals(true, share.ifChanged());
        assertEquals(List.of(share), config.select(List.of("share")));
    }

    private ConfigException error(String yaml) throws IOException {
        Path file = write(yaml);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    }

    @Test
    void aBadPolicyNamesFileLineAndField() throws IOException {
        ConfigException e = error(GOOD.replace("keep: \"*y\"", "keep: \"7x\""));
        assertEquals(11, e.line());
        assertEquals("volumes[0].targets[1].keep", e.field());
        assertEquals(true, e.getMessage().startsWith(dir.resolve("ferry.yaml") + ":11:"), e.getMessage());
    }

    @Test
    void aBadTargetNamesItsField() throws IOException {
        ConfigException e = error(GOOD.replace("file:///srv/streams/share", "ftp://x/y"));
        assertEquals(18, e.line());
        assertEquals("volumes[1].targets[0].target", e.field());
        assertEquals(true, e.getMessage().contains("not a target: 'ftp://x/y'"), e.getMessage());
    }

    @Test
    void anUnknownFieldListsTheKnownOnes() throws IOException {
        ConfigException e = error(GOOD.replace("    if-changed: true", "    if_changed: true"));
        assertEquals(16, e.line());
        assertEquals("volumes[1].if_changed", e.field());
        assertEquals(true, e.getMessage().contains("unknown field 'if_changed' (known: "), e.getMessage());
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws IOException {
        ConfigException e = error(GOOD.replace("    snapshot-dir: /mnt/pool/snapshots\n", ""));
        assertEquals("volumes[0]", e.field());
        assertEquals(true, e.getMessage().contains("'snapshot-dir' is required"), e.getMessage());
        assertEquals(true, e.line() > 0, e.getMessage());
    }

    @Test
    void aRelativePathAZoneAndASchemeAreChecked() throws IOException {
        assertEquals("volumes[0].source", error(GOOD.replace("/mnt/pool/home", "pool/home")).field());
        assertEquals("timezone", error(GOOD.replace("Europe/Berlin", "Mars/Olympus")).field());
        ConfigException scheme = error(GOOD.replace("scheme: samba", "scheme: zfs"));
        assertEquals("volumes[1].scheme", scheme.field());
        assertEquals(true, scheme.getMessage().contains("expected one of ferry, btrbk, samba"), scheme.getMessage());
    }

    @Test
    void duplicateVolumeNamesAndUnknownSelectionsAreRefused() throws Exception {
        assertEquals("volumes[1].name", error(GOOD.replace("name: share", "name: home")).field());
        Config config = ConfigLoader.load(write(GOOD));
        ConfigException e = assertThrows(ConfigException.class, () -> config.select(List.of("nope")));
        assertEquals(true, e.getMessage().contains("no volume named 'nope' (the config has home, share)"), e.getMessage());
    }
}
