package dev.ferry.scheduler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.retention.NamingScheme;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.target.SshSettings;
import dev.ferry.scheduler.target.StreamFileTarget;
import dev.ferry.scheduler.target.TargetAddress;
import dev.ferry.scheduler.target.TargetSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
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

    /** GOOD with ssh settings on the ssh target and a max-chain on the file target; the key is {@code key}. */
    private String withTargetSettings(Path key) {
        return GOOD.replace("    keep: \"*y\"\n", "    keep: \"*y\"\n"
                        + "        ssh:\n"
                        + "          identity: " + key + "\n"
                        + "          options: [\"Compression=no\", \"ConnectTimeout=10\"]\n"
                        + "          remote-ferry: sudo /usr/local/bin/ferry\n")
                .replace("  - target: file:///srv/streams/share\n",
                        "  - target: file:///srv/streams/share\n        max-chain: 7\n");
    }

    @Test
    void readsSshSettingsAndMaxChainPerTarget() throws Exception {
        Path key = Files.writeString(dir.resolve("backup_ed25519"), "a key");
        Config config = ConfigLoader.load(write(withTargetSettings(key)));
        List<VolumeJob.TargetJob> home = config.volumes().get(0).targets();
        assertEquals(TargetSettings.defaults(), home.get(0).settings());
        assertEquals(new SshSettings(Optional.of(key), List.of("Compression=no", "ConnectTimeout=10"),
                "sudo /usr/local/bin/ferry"), home.get(1).settings().ssh());
        assertEquals(StreamFileTarget.DEFAULT_MAX_CHAIN, home.get(1).settings().maxChain());
        assertEquals(7, config.volumes().get(1).targets().get(0).settings().maxChain());
    }

    @Test
    void sshSettingsDefaultEachKey() throws Exception {
        String yaml = GOOD.replace("    keep: \"*y\"\n", "    keep: \"*y\"\n        ssh: {options: [\"Port=22\"]}\n");
        SshSettings ssh = ConfigLoader.load(write(yaml)).volumes().get(0).targets().get(1).settings().ssh();
        assertEquals(SshSettings.defaults().withOptions(List.of("Port=22")), ssh);
    }

    @Test
    void badTargetSettingsNameTheirField() throws IOException {
        Path key = dir.resolve("backup_ed25519");
        ConfigException missingKey = error(withTargetSettings(key));
        assertEquals("volumes[0].targets[1].ssh.identity", missingKey.field());
        assertEquals(13, missingKey.line());
        assertTrue(missingKey.getMessage().contains("no such identity file: " + key), missingKey.getMessage());

        Files.writeString(key, "a key");
        String good = withTargetSettings(key);
        ConfigException relative = error(good.replace("identity: " + key, "identity: .ssh/key"));
        assertEquals("volumes[0].targets[1].ssh.identity", relative.field());

        ConfigException option = error(good.replace("\"Compression=no\"", "\"-C\""));
        assertEquals("volumes[0].targets[1].ssh", option.field());
        assertTrue(option.getMessage().contains("an ssh option is written Name=value (as after -o), not '-C'"),
                option.getMessage());

        ConfigException unknown = error(good.replace("remote-ferry:", "remote_ferry:"));
        assertTrue(unknown.getMessage().contains("unknown field 'remote_ferry' (known: cipher, identity, options, remote-ferry, reuse)"),
                unknown.getMessage());
        assertEquals(15, unknown.line());

        for (String chain : List.of("0", "-3", "lots")) {
            ConfigException e = error(good.replace("max-chain: 7", "max-chain: " + chain));
            assertEquals("volumes[1].targets[0].max-chain", e.field(), e.getMessage());
            assertTrue(e.getMessage().contains("max-chain is a number of streams, at least 1, not '" + chain + "'"),
                    e.getMessage());
            assertTrue(e.getMessage().startsWith(dir.resolve("ferry.yaml") + ":23:"), e.getMessage());
        }
    }

    @Test
    void targetSettingsOfAnotherKindOfTargetAreRefused() throws IOException {
        ConfigException chain = error(GOOD.replace("    keep: \"*y\"\n", "    keep: \"*y\"\n        max-chain: 5\n"));
        assertEquals("volumes[0].targets[1]", chain.field());
        assertTrue(chain.getMessage().contains("'max-chain' applies to file:// targets only, not to ssh://backup@nas:2222/pool/ferry"),
                chain.getMessage());
        ConfigException ssh = error(GOOD.replace("  - target: /mnt/usb/ferry\n",
                "  - target: /mnt/usb/ferry\n        ssh: {options: [\"Port=22\"]}\n"));
        assertEquals("volumes[0].targets[0]", ssh.field());
        assertTrue(ssh.getMessage().contains("'ssh' applies to ssh:// targets only, not to /mnt/usb/ferry"), ssh.getMessage());
        assertTrue(ssh.line() > 0, ssh.getMessage());
    }

    @Test
    void aSourceOnAnotherHostIsPulledWithItsOwnSshSettings() throws Exception {
        Config config = ConfigLoader.load(write("""
                volumes:
                  - source: ssh://ferry@laptop.lan/pool/@home
                    source-ssh: {options: ["ConnectTimeout=10"], cipher: aes128-gcm@openssh.com, reuse: 60}
                    snapshot-dir: /pool/.snapshots
                    targets:
                      - target: /backups/laptop
                """));
        VolumeJob home = config.volumes().get(0);
        assertEquals("@home", home.name());
        assertEquals(Path.of("/pool/@home"), home.source());
        assertEquals("ssh://ferry@laptop.lan/pool/@home", home.sourceLabel());
        List<String> options = home.remote().orElseThrow().ssh().options();
        assertEquals(List.of("ConnectTimeout=10", "Ciphers=aes128-gcm@openssh.com", "ControlMaster=auto"),
                options.subList(0, 3));
        assertEquals("ControlPersist=60", options.get(4));
        assertEquals(VolumeJob.REMOTE_LOCK_DIR, home.lockDir());

        ConfigException local = error(GOOD.replace("  - source: /mnt/pool/home\n",
                "  - source: /mnt/pool/home\n    source-ssh: {options: [\"Port=22\"]}\n"));
        assertTrue(local.getMessage().contains("'source-ssh' applies to ssh:// sources (pull mode) only, not to /mnt/pool/home"),
                local.getMessage());
    }

    /** examples/ferry.yaml stays loadable; only its key file is one this machine does not have. */
    @Test
    void theExampleConfigLoads() throws Exception {
        Path key = Files.writeString(dir.resolve("ferry_backup"), "a key");
        String example = Files.readString(Path.of("..", "examples", "ferry.yaml"));
        assertTrue(example.contains("identity: /root/.ssh/ferry_backup"), "the example shows an identity");
        Config config = ConfigLoader.load(write(example.replace("/root/.ssh/ferry_backup", key.toString())));
        assertEquals(Optional.of(key), config.volumes().get(0).targets().get(1).settings().ssh().identity());
        assertEquals(14, config.volumes().get(1).targets().get(0).settings().maxChain());
    }
}
