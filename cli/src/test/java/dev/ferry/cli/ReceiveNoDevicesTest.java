package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ferry receive --no-devices}: a real stream with a device node is refused, naming the device
 * (by the orphan name the kernel first creates it under); without the flag, received.
 */
@ExtendWith(LoopBtrfsExtension.class)
class ReceiveNoDevicesTest {

    @Test
    void refusesTheDeviceOfARealStreamAndMakesNothing(LoopBtrfs fs) throws Exception {
        Shell.sh("cd " + fs.mountPoint() + " && set -e\n"
                + "btrfs -q subvolume create vol && mknod vol/disk b 8 0 && mkfifo vol/fifo\n"
                + "btrfs -q subvolume snapshot -r vol s1 && btrfs -q send -f s1.stream s1\n");
        Path dest = Files.createDirectory(fs.path("dest"));
        String stream = fs.path("s1.stream").toString();

        FerryRun refused = ReceiveCommandTest.ferry(null, "receive", "--no-devices", "-f", stream, dest.toString());
        assertEquals(1, refused.exitCode());
        assertEquals(true, refused.err().matches("At subvol s1\nferry receive: command \\d+ \\(MKNOD\\) at byte \\d+, path [^:]+: "
                + "refusing to make block device [^ ]+ \\(8:0\\): --no-devices is set\n"), refused.toString());
        assertEquals("", Shell.run("ls", "-A", dest.toString()));

        assertEquals(0, ReceiveCommandTest.ferry(null, "receive", "-q", "-f", stream, dest.toString()).exitCode());
        assertEquals("block special file\n", Shell.run("stat", "-c", "%F", dest.resolve("s1/disk").toString()));
    }
}
