package dev.jbcachefs.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.testkit.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every regular file read through the view, walked by readdir, hashes to the fixtures' sha256 lists. */
class FileContentTest {
    static TreeMap<String, String> expected(String file) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        for (String l : Files.readAllLines(Fixtures.dir().resolve(file), StandardCharsets.UTF_8)) {
            if (l.isBlank()) continue;
            m.put(l.substring(66), l.substring(0, 64));
        }
        return m;
    }

    /** sha256 of every regular file under {@code dir}, read in 64 KiB chunks; skips subvolume entries. */
    static void hashAll(FsView v, long dir, String path, TreeMap<String, String> out) throws Exception {
        byte[] buf = new byte[65536];
        for (DirEntry e : v.readdir(dir)) {
            if (e.isSubvolume() || e.name().equals("lost+found")) continue;
            String p = path + "/" + e.name();
            FileStat st = v.stat(e.ino());
            if (st.isDirectory()) {
                hashAll(v, e.ino(), p, out);
            } else if (st.isRegular()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                long off = 0;
                while (true) {
                    int n = v.read(e.ino(), off, buf, 0, buf.length);
                    if (n <= 0) break;
                    md.update(buf, 0, n);
                    off += n;
                }
                assertThat(off).as(p).isEqualTo(st.size());
                out.put(p, HexFormat.of().formatHex(md.digest()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "zstd", "lz4", "gzip", "crc64", "encrypted", "replicas2", "dirty-journal"})
    void everyFileMatches(String image) throws Exception {
        TreeMap<String, String> want = expected("files.sha256");
        try (FsView v = Bcachefs.open(Fixtures.devices(image), Fixtures.options(image))) {
            TreeMap<String, String> got = new TreeMap<>();
            hashAll(v, v.rootIno(), ".", got);
            assertThat(diff(want, got)).isEmpty();
            assertThat(got).hasSize(1012);
        }
    }

    @Test
    void snapshotRootAndReadOnlySnapshot() throws Exception {
        try (FsView v = Bcachefs.open(Fixtures.devices("snapshot"), Fixtures.options("snapshot"))) {
            TreeMap<String, String> root = new TreeMap<>();
            hashAll(v, v.rootIno(), ".", root);
            assertThat(diff(expected("snapshot-root.sha256"), root)).isEmpty();
            assertThat(root).hasSize(912);
            FsView.Node snap = v.resolve("/snap-ro");
            TreeMap<String, String> ro = new TreeMap<>();
            hashAll(snap.view(), snap.ino(), ".", ro);
            assertThat(diff(expected("files.sha256"), ro)).isEmpty();
            assertThat(ro).hasSize(1012);
        }
    }

    @Test
    void dataRangesOfSparseFile() {
        try (FsView v = Bcachefs.open(Fixtures.devices("default"), Fixtures.options("default"))) {
            long ino = v.lookup("sparse-8MiB.bin");
            List<long[]> r = v.dataRanges(ino, 0, Long.MAX_VALUE);
            List<String> s = new ArrayList<>();
            for (long[] x : r) s.add(x[0] + "-" + x[1]);
            // DATA-AT-1MiB in the block at 1 MiB, 4096 x 'S' at 6 MiB
            assertThat(s).containsExactly("1048576-1052672", "6291456-6295552");
            assertThat(v.dataRanges(ino, 0, 1 << 20)).isEmpty();
        }
    }

    static List<String> diff(TreeMap<String, String> want, TreeMap<String, String> got) {
        List<String> out = new ArrayList<>();
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(want.keySet());
        keys.addAll(got.keySet());
        for (String k : keys) {
            if (java.util.Objects.equals(want.get(k), got.get(k))) continue;
            if (out.size() < 20) out.add(k + ": want " + want.get(k) + " got " + got.get(k));
        }
        return out;
    }

}
