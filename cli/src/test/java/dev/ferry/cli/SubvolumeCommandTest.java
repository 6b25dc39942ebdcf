package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.btrfs.ProgsSubvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ferry subvolume list|show}, text and JSON, checked against btrfs-progs on the same filesystem. */
@ExtendWith(LoopBtrfsExtension.class)
class SubvolumeCommandTest {

    static FerryRun ferry(String... args) {
        return FerryRun.of(args);
    }

    static void makeSubvolumes(LoopBtrfs fs) {
        Shell.sh("cd " + fs.mountPoint() + " && set -e\n"
                + "btrfs -q subvolume create vol && echo hi > vol/f && mkdir -p vol/a\n"
                + "btrfs -q subvolume create vol/a/inner\n"
                + "btrfs -q subvolume snapshot -r vol snap1 && btrfs -q subvolume snapshot -r vol snap2\n"
                + "mkdir -p backup && btrfs send -q snap1 | btrfs receive -q backup\n");
    }

    @Test
    void listPrintsWhatProgsListsPlusFlags(LoopBtrfs fs) throws Exception {
        makeSubvolumes(fs);
        FerryRun run = ferry("subvolume", "list", fs.mountPoint().toString());
        assertEquals(0, run.exitCode(), run.err());

        String withoutFlags = run.out().replaceAll(" flags (readonly|-) path ", " path ");
        assertEquals(ProgsSubvolumes.list(fs.mountPoint()), ProgsSubvolumes.parseList(withoutFlags));
        List<Long> readOnly = run.out().lines().filter(l -> l.contains(" flags readonly path "))
                .map(l -> Long.parseLong(l.split(" ")[1])).toList();
        assertEquals(ProgsSubvolumes.readOnlyIds(fs.mountPoint()), readOnly);
    }

    @Test
    void listJsonCarriesTheSameFacts(LoopBtrfs fs) throws Exception {
        makeSubvolumes(fs);
        FerryRun run = ferry("subvolume", "list", "--json", fs.path("vol").toString());
        assertEquals(0, run.exitCode(), run.err());

        JsonNode json = new ObjectMapper().readTree(run.out());
        List<ProgsSubvolumes.Listed> progs = ProgsSubvolumes.list(fs.mountPoint());
        assertEquals(progs.size(), json.size());
        List<Long> readOnly = ProgsSubvolumes.readOnlyIds(fs.mountPoint());
        for (int i = 0; i < progs.size(); i++) {
            ProgsSubvolumes.Listed p = progs.get(i);
            JsonNode s = json.get(i);
            assertEquals(p.id(), s.get("id").asLong());
            assertEquals(p.gen(), s.get("generation").asLong());
            assertEquals(p.topLevel(), s.get("topLevelId").asLong());
            assertEquals(p.path(), s.get("path").asText());
            assertEquals(p.uuid(), s.get("uuid").asText());
            assertEquals(p.parentUuid(), s.get("parentUuid").isNull() ? "-" : s.get("parentUuid").asText());
            assertEquals(p.receivedUuid(), s.get("receivedUuid").isNull() ? "-" : s.get("receivedUuid").asText());
            assertEquals(readOnly.contains(p.id()), s.get("readOnly").asBoolean());
        }
    }

    @Test
    void showPrintsWhatProgsShows(LoopBtrfs fs) throws Exception {
        makeSubvolumes(fs);
        for (String path : List.of("vol", "vol/a/inner", "snap1", "backup/snap1")) {
            FerryRun run = ferry("subvolume", "show", fs.path(path).toString());
            assertEquals(0, run.exitCode(), run.err());
            Map<String, String> progs = new HashMap<>(ProgsSubvolumes.show(fs.path(path)));
            Map<String, String> ours = new HashMap<>(ProgsSubvolumes.parseShow(run.out()));
            progs.remove("Quota group"); // progs 6.2 prints it only with quotas on
            // progs 6.2 prints the creation time as "Send time" (it prints its time buffer before
            // formatting stime into it); ferry prints the real stime.
            progs.remove("Send time");
            String sendTime = ours.remove("Send time");
            assertEquals(progs, ours, path);
            // No stime anywhere: btrfs receive sets only the uuid and stransid with SET_RECEIVED_SUBVOL.
            assertEquals("-", sendTime, path);
        }
        assertEquals("snap1,snap2", ProgsSubvolumes.parseShow(ferry("subvolume", "show", fs.path("vol").toString()).out())
                .get("Snapshot(s)"));
    }

    @Test
    void showJsonCarriesTheSameFacts(LoopBtrfs fs) throws Exception {
        makeSubvolumes(fs);
        FerryRun run = ferry("subvolume", "show", "--json", fs.path("backup/snap1").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode s = new ObjectMapper().readTree(run.out());
        Map<String, String> p = ProgsSubvolumes.show(fs.path("backup/snap1"));
        assertEquals(p.get("Name"), s.get("name").asText());
        assertEquals("backup/snap1", s.get("path").asText());
        assertEquals(p.get("UUID"), s.get("uuid").asText());
        assertTrue(s.get("parentUuid").isNull());
        assertEquals(p.get("Received UUID"), s.get("receivedUuid").asText());
        assertEquals(p.get("Subvolume ID"), s.get("id").asText());
        assertEquals(p.get("Generation"), s.get("generation").asText());
        assertEquals(p.get("Gen at creation"), s.get("otransid").asText());
        assertEquals(p.get("Send transid"), s.get("stransid").asText());
        assertEquals(p.get("Receive transid"), s.get("rtransid").asText());
        assertTrue(s.get("readOnly").asBoolean());
        assertNotEquals(0, s.get("rtransid").asLong());
        assertEquals(0, s.get("snapshots").size());
    }

    @Test
    void aPathNotOnBtrfsIsOneClearLine(@LoopFs(type = "ext4", sizeMiB = 64) LoopBtrfs ext4) {
        for (String command : List.of("list", "show")) {
            FerryRun run = ferry("subvolume", command, ext4.mountPoint().toString());
            assertEquals(1, run.exitCode());
            assertEquals("", run.out());
            assertEquals("ferry: " + ext4.mountPoint() + " is not on a btrfs filesystem\n", run.err());
        }
        FerryRun missing = ferry("subvolume", "show", "/nonexistent/ferry");
        assertEquals(1, missing.exitCode());
        assertEquals("ferry: /nonexistent/ferry: no such file or directory\n", missing.err());
    }
}
