package dev.ferry.btrfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.search.ItemType;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Files;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LoopBtrfsExtension.class)
class SubvolumeIndexTest {

    /** vol, a nested subvolume two directories deep, snapshots, a received subvolume and a deleted one. */
    static void makeSubvolumes(LoopBtrfs fs) {
        String m = fs.mountPoint().toString();
        Shell.sh("cd " + m + " && set -e\n"
                + "btrfs -q subvolume create vol && echo hi > vol/f && mkdir -p vol/a/b\n"
                + "btrfs -q subvolume create vol/a/b/inner && echo in > vol/a/b/inner/g\n"
                + "btrfs -q subvolume snapshot -r vol snap-ro && btrfs -q subvolume snapshot vol snap-rw\n"
                + "mkdir -p backup/recv && btrfs send -q snap-ro | btrfs receive -q backup/recv\n"
                + "btrfs -q subvolume snapshot -r backup/recv/snap-ro backup/recv-copy\n"
                + "btrfs -q subvolume create doomed && btrfs -q subvolume delete doomed\n");
    }

    @Test
    void listAgreesWithProgs(LoopBtrfs fs) throws Exception {
        makeSubvolumes(fs);
        List<ProgsSubvolumes.Listed> progs = ProgsSubvolumes.list(fs.mountPoint());

        List<SubvolumeInfo> ours;
        try (SubvolumeIndex index = SubvolumeIndex.open(fs.mountPoint())) {
            ours = index.list();
        }

        assertEquals(progs.size(), ours.size(), "subvolumes " + ours);
        for (int i = 0; i < progs.size(); i++) {
            ProgsSubvolumes.Listed p = progs.get(i);
            SubvolumeInfo s = ours.get(i);
            assertEquals(p.id(), s.id());
            assertEquals(p.gen(), s.generation(), p.path());
            assertEquals(p.topLevel(), s.parentId(), p.path());
            assertEquals(p.path(), s.path());
            assertEquals(p.uuid(), s.uuid().toString());
            assertEquals(p.parentUuid(), s.parentUuid().map(UUID::toString).orElse("-"), p.path());
            assertEquals(p.receivedUuid(), s.receivedUuid().map(UUID::toString).orElse("-"), p.path());
        }
        assertEquals(ProgsSubvolumes.readOnlyIds(fs.mountPoint()),
                ours.stream().filter(SubvolumeInfo::readOnly).map(SubvolumeInfo::id).toList());
        assertTrue(ours.stream().anyMatch(s -> s.path().equals("vol/a/b/inner")));
        assertFalse(ours.stream().anyMatch(s -> s.path().equals("doomed")), "deleted subvolumes are not listed");
    }

    @Test
    void infoAgreesWithProgsShow(LoopBtrfs fs) throws Exception {
        makeSubvolumes(fs);
        DateTimeFormatter progsTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z").withZone(ZoneId.systemDefault());
        for (String path : List.of("vol", "vol/a/b/inner", "snap-ro", "snap-rw", "backup/recv/snap-ro", "backup/recv-copy")) {
            Map<String, String> p = ProgsSubvolumes.show(fs.path(path));
            SubvolumeInfo s = SubvolumeIndex.info(fs.path(path));
            assertEquals(path, s.path());
            assertEquals(p.get("path"), s.path());
            assertEquals(p.get("Name"), s.name());
            assertEquals(p.get("UUID"), s.uuid().toString());
            assertEquals(p.get("Parent UUID"), s.parentUuid().map(UUID::toString).orElse("-"), path);
            assertEquals(p.get("Received UUID"), s.receivedUuid().map(UUID::toString).orElse("-"), path);
            assertEquals(p.get("Creation time"), progsTime.format(s.otime()), path);
            assertEquals(p.get("Subvolume ID"), Long.toString(s.id()));
            assertEquals(p.get("Generation"), Long.toString(s.generation()), path);
            assertEquals(p.get("Gen at creation"), Long.toString(s.otransid()), path);
            assertEquals(p.get("Parent ID"), Long.toString(s.parentId()), path);
            assertEquals(p.get("Flags"), s.readOnly() ? "readonly" : "-", path);
            assertEquals(p.get("Send transid"), Long.toString(s.stransid()), path);
            assertEquals(p.get("Receive transid"), Long.toString(s.rtransid()), path);
            try (SubvolumeIndex index = SubvolumeIndex.open(fs.mountPoint())) {
                assertEquals(Optional.of(s), index.byId(s.id()), "root tree and GET_SUBVOL_INFO agree for " + path);
            }
        }
    }

    @Test
    void findsByUuidAndReceivedUuidLikeProgsLists(LoopBtrfs fs) throws Exception {
        makeSubvolumes(fs);
        try (SubvolumeIndex index = SubvolumeIndex.open(fs.mountPoint())) {
            for (ProgsSubvolumes.Listed p : ProgsSubvolumes.list(fs.mountPoint())) {
                assertEquals(p.id(), index.findByUuid(UUID.fromString(p.uuid())).orElseThrow().id());
            }
            UUID snapRo = SubvolumeIndex.info(fs.path("snap-ro")).uuid();
            long received = SubvolumeIndex.info(fs.path("backup/recv/snap-ro")).id();
            long copy = SubvolumeIndex.info(fs.path("backup/recv-copy")).id();
            // The read-only snapshot of the received subvolume keeps its received_uuid: two ids, the first wins.
            assertEquals(List.of(received, copy), index.subvolumeIds(snapRo, ItemType.UUID_KEY_RECEIVED_SUBVOL));
            assertEquals(received, index.findByReceivedUuid(snapRo).orElseThrow().id());
            assertEquals(received, index.findReceiveSource(snapRo).orElseThrow().id());
            UUID vol = SubvolumeIndex.info(fs.path("vol")).uuid();
            assertEquals(Optional.empty(), index.findByReceivedUuid(vol));
            assertEquals("vol", index.findReceiveSource(vol).orElseThrow().path());

            UUID unknown = UUID.randomUUID();
            assertEquals(Optional.empty(), index.findByUuid(unknown));
            assertEquals(Optional.empty(), index.findByReceivedUuid(unknown));
            assertEquals(Optional.empty(), index.findReceiveSource(unknown));
            assertEquals(Optional.empty(), index.byId(999_999));
        }
    }

    @Test
    void resolvesPathsOfSubvolumesAndInodes(LoopBtrfs fs) throws Exception {
        makeSubvolumes(fs);
        try (SubvolumeIndex index = SubvolumeIndex.open(fs.path("vol/a"))) {
            long vol = SubvolumeIndex.info(fs.path("vol")).id();
            long inner = SubvolumeIndex.info(fs.path("vol/a/b/inner")).id();
            assertEquals(vol, index.containingId());
            assertEquals("vol", index.containing().path());
            assertEquals("vol/a/b/inner", index.pathOf(inner));
            assertEquals("", index.pathOf(5));
            long b = ((Number) Files.getAttribute(fs.path("vol/a/b"), "unix:ino")).longValue();
            assertEquals("a/b", index.inodePath(vol, b));
            assertEquals("", index.inodePath(vol, 256));
            assertEquals("g", index.inodePath(inner, ((Number) Files.getAttribute(fs.path("vol/a/b/inner/g"), "unix:ino")).longValue()));
            SubvolumeInfo top = index.byId(5).orElseThrow();
            assertEquals("", top.path());
            assertEquals(0, top.parentId());
        }
    }

    @Test
    void infoOfAPathNotOnBtrfsIsENOTTY(@LoopFs(type = "ext4", sizeMiB = 64) LoopBtrfs ext4) {
        NativeException e = assertThrows(NativeException.class, () -> SubvolumeIndex.info(ext4.mountPoint()));
        assertEquals(Errno.ENOTTY, e.errno());
    }
}
