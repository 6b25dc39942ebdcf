package dev.ferry.btrfs.testing.scenario;

import static dev.ferry.btrfs.testing.scenario.Volume.randomBytes;

import java.time.Instant;
import java.util.List;

/** Extended attributes, ACLs, capabilities, modes, owners and times. */
final class MetadataScenarios {
    private MetadataScenarios() {
    }

    static List<Scenario> all() {
        return List.of(userXattrs(), trustedAndSecurityXattrs(), capabilities(), acls(), chmodOnly(),
                chownClearsSetId(), utimesOnly(), rootMetadata());
    }

    static Scenario userXattrs() {
        return Scenario.named("user-xattrs")
                .step("text, binary, empty and 3 KiB values on a file and a dir", v -> {
                    v.writeRandom("f", 100, 400);
                    v.mkdirs("d");
                    v.setXattr("f", "user.text", "blue");
                    v.setXattr("f", "user.binary", new byte[] {0, 1, 2, (byte) 0xff, 0, '\n'});
                    v.setXattr("f", "user.empty", new byte[0]);
                    v.setXattr("d", "user.big", randomBytes(3000, 401));
                })
                .step("change one, remove one, add one", v -> {
                    v.setXattr("f", "user.text", "green");
                    v.removeXattr("f", "user.binary");
                    v.setXattr("d", "user.new", "1");
                })
                .step("only xattrs change, value grows and shrinks", v -> {
                    v.setXattr("d", "user.big", randomBytes(10, 402));
                    v.setXattr("f", "user.empty", randomBytes(2000, 403));
                })
                .build();
    }

    static Scenario trustedAndSecurityXattrs() {
        return Scenario.named("trusted-security-xattrs")
                .step("trusted and security xattrs on a file, dir, symlink and fifo", v -> {
                    v.writeRandom("f", 100, 410);
                    v.mkdirs("d");
                    v.symlink("l", "f");
                    v.mkfifo("p", 0644);
                    v.setXattr("f", "trusted.t", "1");
                    v.setXattr("d", "trusted.t", "2");
                    v.setXattr("l", "trusted.on-link", "3");
                    v.setXattr("p", "trusted.on-fifo", "4");
                    v.setXattr("f", "security.ferry", "5");
                })
                .step("changed and removed", v -> {
                    v.setXattr("l", "trusted.on-link", "33");
                    v.removeXattr("f", "trusted.t");
                    v.setXattr("d", "security.ferry", randomBytes(64, 411));
                })
                .step("renamed file keeps its xattrs, one added", v -> {
                    v.rename("f", "d/f");
                    v.setXattr("d/f", "trusted.t", "again");
                })
                .build();
    }

    static Scenario capabilities() {
        return Scenario.named("capabilities")
                .step("setcap", v -> {
                    v.writeRandom("ping", 1000, 420);
                    v.chmod("ping", 0755);
                    v.setcap("ping", "cap_net_raw+ep");
                    v.writeRandom("other", 1000, 421);
                    v.setcap("other", "cap_sys_admin,cap_chown+eip");
                })
                .step("chown clears the capability on one, the other gets a new owner and caps again", v -> {
                    v.chown("ping", 1000, 1000);
                    v.chown("other", 1000, 1000);
                    v.setcap("other", "cap_net_bind_service+ep");
                })
                .step("capability removed, data changed under a capability", v -> {
                    v.setcap("ping", "cap_net_raw+ep");
                    v.sh("setcap -r other");
                    v.overwriteRandom("ping", 0, 10, 422);
                })
                .build();
    }

    static Scenario acls() {
        return Scenario.named("acls")
                .step("access ACL on a file, default ACL on a dir, inherited by a new file", v -> {
                    v.writeRandom("f", 100, 430);
                    v.setfacl("f", "-m", "u:1000:rw,g:2000:r");
                    v.mkdirs("d");
                    v.setfacl("d", "-m", "u:1000:rwx");
                    v.setfacl("d", "-d", "-m", "u:1001:rx,g:2001:rwx");
                    v.writeRandom("d/inherits", 10, 431);
                    v.mkdirs("d/sub");
                })
                .step("ACLs changed, mask narrowed by chmod; a new file and dir moved in, inheriting nothing", v -> {
                    v.setfacl("f", "-m", "u:1002:r");
                    v.setfacl("f", "-x", "g:2000");
                    v.chmod("d/inherits", 0600);
                    // Made outside d, so without its default ACL: a receiver that made them in d would add one.
                    v.writeRandom("moved-in", 10, 433);
                    v.rename("moved-in", "d/moved-in");
                    v.mkdirs("dir-moved-in");
                    v.rename("dir-moved-in", "d/dir-moved-in");
                })
                .step("ACLs removed: access ACL (-b) and default ACL (-k)", v -> {
                    v.setfacl("f", "-b");
                    v.setfacl("d", "-k");
                    v.writeRandom("d/plain", 10, 432);
                })
                .build();
    }

    static Scenario chmodOnly() {
        return Scenario.named("chmod-only")
                .step("files and dirs with ordinary modes", v -> {
                    v.writeRandom("f", 100, 440);
                    v.writeRandom("g", 100, 441);
                    v.mkdirs("d");
                    v.mkdirs("e");
                })
                .step("setuid, setgid, sticky", v -> {
                    v.chmod("f", 04755);
                    v.chmod("g", 02711);
                    v.chmod("d", 01777);
                    v.chmod("e", 02750);
                })
                .step("all 12 bits, none, odd combinations", v -> {
                    v.chmod("f", 07777);
                    v.chmod("g", 0);
                    v.chmod("d", 03505);
                    v.chmod("e", 0700);
                })
                .build();
    }

    static Scenario chownClearsSetId() {
        return Scenario.named("chown-clears-setid")
                .step("setuid/setgid files", v -> {
                    v.writeRandom("chmod-then-chown", 100, 450);
                    v.writeRandom("chown-then-chmod", 100, 451);
                    v.chmod("chmod-then-chown", 06755);
                    v.chmod("chown-then-chmod", 06755);
                    v.mkdirs("dir");
                    v.chmod("dir", 02775);
                })
                .step("owners changed: the kernel clears set-id bits, except where chmod comes after", v -> {
                    v.chown("chmod-then-chown", 1000, 1000);
                    v.chown("chown-then-chmod", 1000, 1000);
                    v.chmod("chown-then-chmod", 06755);
                    v.chown("dir", 1000, 1000);
                })
                .step("only the group changes, set-id bits restored", v -> {
                    v.chmod("chmod-then-chown", 06755);
                    v.chown("chmod-then-chown", 1000, 2000);
                    v.chown("chown-then-chmod", 0, 0);
                    v.chmod("chown-then-chmod", 04711);
                })
                .build();
    }

    static Scenario utimesOnly() {
        return Scenario.named("utimes-only")
                .step("explicit times with nanoseconds on every type", v -> {
                    v.writeRandom("f", 100, 460);
                    v.mkdirs("d");
                    v.symlink("l", "f");
                    v.mkfifo("p", 0644);
                    v.setTimes("f", Instant.ofEpochSecond(1_000_000_000, 123_456_789), Instant.ofEpochSecond(1_100_000_000, 1));
                    v.setTimes("d", Instant.ofEpochSecond(1_200_000_000, 999_999_999), Instant.ofEpochSecond(1_300_000_000, 0));
                    v.setTimes("l", Instant.ofEpochSecond(1_400_000_000, 5), Instant.ofEpochSecond(1_500_000_000, 6));
                    v.setTimes("p", Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(4_102_444_800L, 7));
                })
                .step("only atimes change", v -> {
                    v.setTimes("f", Instant.ofEpochSecond(1_000_000_000, 123_456_789), Instant.ofEpochSecond(1_100_000_000, 2));
                    v.setTimes("l", Instant.ofEpochSecond(1_400_000_000, 5), Instant.ofEpochSecond(1_500_000_001, 6));
                })
                .step("only mtimes change, by one nanosecond", v -> {
                    v.setTimes("f", Instant.ofEpochSecond(1_000_000_000, 123_456_790), Instant.ofEpochSecond(1_100_000_000, 2));
                    v.setTimes("d", Instant.ofEpochSecond(1_200_000_001, 0), Instant.ofEpochSecond(1_300_000_000, 0));
                })
                .build();
    }

    static Scenario rootMetadata() {
        return Scenario.named("root-metadata")
                .step("root chmod, chown, xattr, times", v -> {
                    v.writeRandom("f", 10, 470);
                    v.chmod(".", 01770);
                    v.chown(".", 1000, 2000);
                    v.setXattr(".", "user.root", "r");
                    v.setTimes(".", Instant.ofEpochSecond(1_600_000_000, 42), Instant.ofEpochSecond(1_600_000_001, 43));
                })
                .step("root times only", v ->
                        v.setTimes(".", Instant.ofEpochSecond(1_600_000_000, 44), Instant.ofEpochSecond(1_600_000_002, 43)))
                .step("root ACL and owner", v -> {
                    v.setfacl(".", "-m", "u:1000:rwx");
                    v.setfacl(".", "-d", "-m", "g:3000:rx");
                    v.chown(".", 0, 0);
                })
                .build();
    }
}
