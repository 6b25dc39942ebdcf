package dev.ferry.btrfs.testing.scenario;

import java.util.List;

/** Fifos, sockets and device nodes. */
final class SpecialFileScenarios {
    private SpecialFileScenarios() {
    }

    static List<Scenario> all() {
        return List.of(fifosAndSockets(), devices(), specialTypeSwaps());
    }

    static Scenario fifosAndSockets() {
        return Scenario.named("fifos-sockets")
                .step("fifo and socket", v -> {
                    v.mkfifo("fifo", 0644);
                    v.mksock("sock", 0755);
                    v.mkdirs("d");
                    v.mkfifo("d/fifo2", 0600);
                })
                .step("chmod, chown, rename", v -> {
                    v.chmod("fifo", 0600);
                    v.chown("sock", 1000, 1001);
                    v.rename("d/fifo2", "fifo2");
                })
                .step("delete and recreate", v -> {
                    v.delete("sock");
                    v.mksock("sock", 0700);
                    v.delete("fifo2");
                })
                .build();
    }

    static Scenario devices() {
        return Scenario.named("devices")
                .step("char and block devices, small and large numbers", v -> {
                    v.mkchar("null", 0666, 1, 3);
                    v.mkblock("loop", 0660, 7, 0);
                    v.mkchar("big", 0600, 4000, 1_000_000);
                    v.mkblock("huge", 0600, 4095, 1_048_575);
                })
                .step("a device number changed (recreated), chown", v -> {
                    v.delete("null");
                    v.mkchar("null", 0666, 1, 5);
                    v.chown("loop", 0, 6);
                })
                .step("renamed, char becomes block with the same numbers", v -> {
                    v.rename("big", "bigger");
                    v.delete("huge");
                    v.mkchar("huge", 0600, 4095, 1_048_575);
                })
                .build();
    }

    static Scenario specialTypeSwaps() {
        return Scenario.named("special-type-swaps")
                .step("fifo named x, socket named y", v -> {
                    v.mkfifo("x", 0644);
                    v.mksock("y", 0644);
                })
                .step("x becomes a socket, y a char device", v -> {
                    v.delete("x");
                    v.mksock("x", 0644);
                    v.delete("y");
                    v.mkchar("y", 0644, 10, 20);
                })
                .step("x becomes a file, y a fifo; names swapped", v -> {
                    v.delete("x");
                    v.writeRandom("x", 10, 300);
                    v.delete("y");
                    v.mkfifo("y", 0644);
                    v.rename("x", "tmp");
                    v.rename("y", "x");
                    v.rename("tmp", "y");
                })
                .build();
    }
}
