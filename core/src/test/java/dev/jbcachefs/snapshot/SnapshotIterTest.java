package dev.jbcachefs.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.bkey.Dirent;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Visibility on the snapshot image: the read-only snapshot sees the original tree, the root its changes. */
class SnapshotIterTest {
    static final int ROOT_SNAP = (int) 4294967293L, SNAP_RO = (int) 4294967294L, EMPTY = (int) 4294967292L;

    @Test
    void tableMatchesManifest() {
        try (BchFs fs = BchFs.open(Fixtures.devices("snapshot"), OpenOptions.DEFAULTS)) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            assertThat(t.subvolumes()).containsOnlyKeys(1L, 2L, 3L);
            assertThat(t.subvolume(1).snapshot()).isEqualTo(4294967293L);
            assertThat(t.subvolume(2).snapshot()).isEqualTo(4294967294L);
            assertThat(t.subvolume(2).readOnly()).isTrue();
            assertThat(t.subvolume(3).snapshot()).isEqualTo(4294967292L);
            assertThat(t.isAncestor(4294967293L, 4294967295L)).isTrue();
            assertThat(t.isAncestor(4294967294L, 4294967295L)).isTrue();
            assertThat(t.isAncestor(4294967293L, 4294967294L)).isFalse();
            assertThat(t.isAncestor(4294967292L, 4294967295L)).isFalse();
        }
    }

    @Test
    void visibleInodesPerSnapshot() {
        try (BchFs fs = BchFs.open(Fixtures.devices("snapshot"), OpenOptions.DEFAULTS);
                BchFs plain = BchFs.open(Fixtures.devices("default"), OpenOptions.DEFAULTS)) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            int original = count(plain, SnapshotTable.load(plain.btree()), BtreeId.INODES, -1);
            // the read-only snapshot holds the original tree, plus nothing else
            assertThat(count(fs, t, BtreeId.INODES, SNAP_RO)).isEqualTo(original);
            // root: one-byte.bin and dir1000/f0500..f0599 deleted, new-after-snapshot.txt created
            assertThat(count(fs, t, BtreeId.INODES, ROOT_SNAP)).isEqualTo(original - 1 - 100 + 1);
            // root directory names in each view
            assertThat(rootNames(fs, t, SNAP_RO)).contains("one-byte.bin").doesNotContain("new-after-snapshot.txt");
            assertThat(rootNames(fs, t, ROOT_SNAP)).contains("new-after-snapshot.txt", "snap-ro", "subvol-empty").doesNotContain("one-byte.bin");
            long emptyRoot = t.subvolume(3).inode();
            assertThat(SnapshotIter.get(fs.btree(), t, BtreeId.INODES, 0, emptyRoot, EMPTY)).isNotNull();
            assertThat(SnapshotIter.get(fs.btree(), t, BtreeId.INODES, 0, emptyRoot, ROOT_SNAP)).isNull();
        }
    }

    static int count(BchFs fs, SnapshotTable t, BtreeId id, int snap) {
        SnapshotIter it = new SnapshotIter(fs.btree(), t, id, 0, 0, snap);
        int n = 0;
        for (BkeySC k = it.next(); k != null; k = it.next()) n++;
        return n;
    }

    static List<String> rootNames(BchFs fs, SnapshotTable t, int snap) {
        List<String> names = new ArrayList<>();
        SnapshotIter it = new SnapshotIter(fs.btree(), t, BtreeId.DIRENTS, 4096, 0, snap);
        for (BkeySC k = it.next(); k != null && k.pos().inode() == 4096; k = it.next()) {
            names.add(new String(Dirent.decode(k).name(), StandardCharsets.UTF_8));
        }
        return names;
    }
}
