package dev.jbcachefs.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.testkit.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The snapshot image: subvolume entries, the read-only snapshot's original tree, the root's changes. */
class SnapshotViewTest {
    static FsView open() {
        return Bcachefs.open(Fixtures.devices("snapshot"), Fixtures.options("snapshot"));
    }

    @Test
    void rootHasSubvolumeEntries() {
        try (FsView v = open()) {
            assertThat(v.subvolId()).isEqualTo(1);
            assertThat(v.snapshot()).isEqualTo(4294967293L);
            Map<String, DirEntry> byName = new TreeMap<>();
            for (DirEntry e : v.readdir(v.rootIno())) byName.put(e.name(), e);
            assertThat(byName.get("snap-ro").subvol()).isEqualTo(2);
            assertThat(byName.get("snap-ro").type()).isEqualTo(DirEntry.DT_DIR);
            assertThat(byName.get("subvol-empty").subvol()).isEqualTo(3);
            assertThat(byName).containsKey("new-after-snapshot.txt").doesNotContainKey("one-byte.bin");
            FsView.Node empty = v.resolve("/subvol-empty");
            assertThat(empty.view().subvolId()).isEqualTo(3);
            assertThat(empty.view().readdir(empty.ino())).isEmpty();
            assertThat(empty.stat().isDirectory()).isTrue();
            // lookup through the hash table agrees with readdir
            DirEntry snap = v.lookup(v.rootIno(), "snap-ro".getBytes());
            assertThat(snap.subvol()).isEqualTo(2);
            assertThat(v.lookup(v.rootIno(), "one-byte.bin".getBytes())).isNull();
            assertThat(v.resolve("/snap-ro/one-byte.bin").stat().size()).isEqualTo(1);
            assertThat(v.resolve("/snap-ro/hello.txt").stat().size()).isEqualTo(12);
            assertThat(v.resolve("/hello.txt").stat().size()).isEqualTo(30);
            assertThat(v.resolve("/snap-ro/dir1000/f0550").stat().size()).isEqualTo(11);
            assertThatThrownBy(() -> v.resolve("/dir1000/f0550")).isInstanceOf(BcachefsException.class)
                    .hasMessageContaining("/dir1000/f0550")
                    .satisfies(e -> assertThat(((BcachefsException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void readOnlySnapshotHoldsTheOriginalTree() {
        TreeMap<String, String> expected = TreeDump.expectedMeta(Fixtures.dir().resolve("files.meta.txt"));
        try (FsView root = open()) {
            FsView v = root.subvolume(2);
            TreeMap<String, String> got = TreeDump.meta(v);
            assertThat(got.remove("./lost+found")).startsWith("d ");
            assertThat(TreeDump.diff(expected, got)).isEmpty();
        }
    }

    @Test
    void rootSubvolumeHasTheChanges() {
        TreeMap<String, String> expected = TreeDump.expectedMeta(Fixtures.dir().resolve("files.meta.txt"));
        expected.remove("./one-byte.bin");
        for (int i = 500; i < 600; i++) expected.remove("./dir1000/f0" + i);
        expected.put("./hello.txt", "f mode=600 nlink=1 size=30 ./hello.txt -> ");
        expected.put("./new-after-snapshot.txt", "f mode=644 nlink=1 size=23 ./new-after-snapshot.txt -> ");
        try (FsView v = open()) {
            TreeMap<String, String> got = TreeDump.meta(v);
            assertThat(got.remove("./lost+found")).startsWith("d ");
            assertThat(got.remove("./snap-ro")).startsWith("d ");
            assertThat(got.remove("./subvol-empty")).startsWith("d mode=755 nlink=2 ");
            int inSnap = 0;
            for (String k : List.copyOf(got.keySet())) {
                if (k.startsWith("./snap-ro/")) {
                    got.remove(k);
                    inSnap++;
                }
            }
            assertThat(inSnap).isEqualTo(1019);
            assertThat(TreeDump.diff(expected, got)).isEmpty();
            assertThat(got).hasSize(1018 - 1 - 100 + 1);
        }
    }

    @Test
    void subvolumeListHasPaths() {
        try (FsView v = open()) {
            List<Subvol> s = v.subvolumes();
            assertThat(s).extracting(Subvol::id).containsExactly(1L, 2L, 3L);
            assertThat(s).extracting(Subvol::path).containsExactly("/", "/snap-ro", "/subvol-empty");
            assertThat(s).extracting(Subvol::readOnly).containsExactly(false, true, false);
            assertThat(s).extracting(Subvol::snapshot).containsExactly(4294967293L, 4294967294L, 4294967292L);
            assertThat(s.get(1).parent()).isEqualTo(1);
            assertThat(s.get(2).parent()).isEqualTo(1);
            assertThat(s.get(1).isSnapshot()).isTrue();
        }
    }
}
