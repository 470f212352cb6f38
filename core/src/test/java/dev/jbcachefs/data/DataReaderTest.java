package dev.jbcachefs.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import dev.jbcachefs.snapshot.SnapshotTable;
import dev.jbcachefs.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every regular file of every reference image read through {@link DataReader}, compared by sha256. */
class DataReaderTest {
    static final long ROOT = 4096;

    static Map<String, String> expected(String file) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Fixtures.dir().resolve(file))) {
                if (line.isBlank()) continue;
                String[] f = line.trim().split("\\s+", 2);
                // "sha256  ./path" (sha256sum) or "./path sha256"
                if (f[0].startsWith("./")) m.put(f[0], f[1]);
                else m.put(f[1].startsWith("*") ? f[1].substring(1) : f[1], f[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    static String sha256(DataReader r, long inum, int snapshot, long size, int chunk) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[chunk];
            long off = 0;
            while (off < size) {
                int n = r.read(inum, snapshot, size, off, buf, 0, chunk);
                assertThat(n).isPositive();
                md.update(buf, 0, n);
                off += n;
            }
            assertThat(r.read(inum, snapshot, size, size, buf, 0, chunk)).isZero();
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #sha256} reading into native memory ({@link DataReader#read(long, int, long, long, MemorySegment)}). */
    static String sha256Native(DataReader r, long inum, int snapshot, long size, int chunk) {
        try (Arena a = Arena.ofConfined()) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            MemorySegment buf = a.allocate(chunk, 4096);
            buf.fill((byte) 0x5a); // stale bytes a read must overwrite
            long off = 0;
            while (off < size) {
                int n = r.read(inum, snapshot, size, off, buf);
                assertThat(n).isPositive();
                md.update(buf.asSlice(0, n).asByteBuffer());
                off += n;
            }
            assertThat(r.read(inum, snapshot, size, size, buf)).isZero();
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads every regular file of subvolume {@code subvol}; returns the mismatches (path: got). */
    static List<String> verify(BchFs fs, long subvol, Map<String, String> want, int chunk) {
        SnapshotTable t = SnapshotTable.load(fs.btree());
        int snap = (int) t.subvolume(subvol).snapshot();
        long root = t.subvolume(subvol).inode();
        DataReader r = new DataReader(fs, t);
        Map<String, FileTree.FileRef> files = FileTree.regularFiles(fs.btree(), t, root, snap);
        List<String> bad = new ArrayList<>();
        assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(want.keySet());
        for (var e : files.entrySet()) {
            String got = sha256(r, e.getValue().inum(), snap, e.getValue().size(), chunk);
            if (!got.equals(want.get(e.getKey()))) bad.add(e.getKey() + ": " + got);
        }
        System.out.println("data: " + files.size() + " files verified in subvolume " + subvol + " (" + bad.size() + " mismatches)");
        return bad;
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "zstd", "lz4", "gzip", "crc64", "encrypted", "replicas2", "dirty-journal"})
    void everyFileMatches(String image) {
        try (BchFs fs = BchFs.open(Fixtures.devices(image), Fixtures.options(image))) {
            assertThat(verify(fs, 1, expected("files.sha256"), 100_000)).isEmpty();
            assertThat(fs.warnings().stream().filter(w -> w.contains("replica"))).isEmpty();
        }
    }

    /**
     * The native-memory read (the mount's reply path): plain crc32c extents go from the device straight
     * into the segment, compressed ones through the decoded-extent cache, crc64 and encrypted ones through
     * a bounce array; whole 1 MiB requests and unaligned 100,000-byte ones must give the same bytes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"default", "zstd", "lz4", "crc64", "encrypted"})
    void everyFileMatchesReadIntoNativeMemory(String image) {
        Map<String, String> want = expected("files.sha256");
        try (BchFs fs = BchFs.open(Fixtures.devices(image), Fixtures.options(image))) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            int snap = (int) t.subvolume(1).snapshot();
            DataReader r = new DataReader(fs, t);
            Map<String, FileTree.FileRef> files = FileTree.regularFiles(fs.btree(), t, ROOT, snap);
            assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(want.keySet());
            for (int chunk : new int[] {1 << 20, 100_000}) {
                for (var e : files.entrySet()) {
                    assertThat(sha256Native(r, e.getValue().inum(), snap, e.getValue().size(), chunk)).as(e.getKey() + " in " + chunk + "-byte reads")
                            .isEqualTo(want.get(e.getKey()));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"replicas2-dev0", "replicas2-dev1"})
    void eachReplicaDeviceAloneReadsEverything(String device) {
        // some extents of the image have one replica only (their second ptr is the dropped-replica
        // placeholder, device 255): those files must fail with MISSING_DEVICE, every other file must match
        Map<String, String> want = expected("files.sha256");
        try (BchFs fs = BchFs.open(List.of(Fixtures.imageFile(device)), OpenOptions.DEFAULTS.withDegraded(true))) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            int snap = (int) t.subvolume(1).snapshot();
            DataReader r = new DataReader(fs, t);
            Map<String, FileTree.FileRef> files = FileTree.regularFiles(fs.btree(), t, ROOT, snap);
            assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(want.keySet());
            int ok = 0, missing = 0;
            for (var e : files.entrySet()) {
                try {
                    assertThat(sha256(r, e.getValue().inum(), snap, e.getValue().size(), 65536)).as(e.getKey()).isEqualTo(want.get(e.getKey()));
                    ok++;
                } catch (BcachefsException ex) {
                    assertThat(ex.code()).as(ex.getMessage()).isEqualTo(ErrorCode.MISSING_DEVICE);
                    assertThat(ex.getMessage()).contains("inode " + e.getValue().inum()).contains("is not present");
                    missing++;
                }
            }
            System.out.println("data: " + device + " alone: " + ok + " files verified, " + missing + " with a single replica on the missing device");
            assertThat(ok).isGreaterThan(1000);
            assertThat(fs.warnings()).anyMatch(w -> w.contains("replica") && w.contains("not present"));
        }
    }

    @Test
    void snapshotSubvolumes() {
        try (BchFs fs = BchFs.open(Fixtures.devices("snapshot"), OpenOptions.DEFAULTS)) {
            assertThat(verify(fs, 1, expected("snapshot-root.sha256"), 4096)).isEmpty();
            assertThat(verify(fs, 2, expected("files.sha256"), 1 << 20)).isEmpty();
        }
    }

    @Test
    void smallUnalignedReadsOfCompressedFile() {
        try (BchFs fs = BchFs.open(Fixtures.devices("zstd"), OpenOptions.DEFAULTS)) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            int snap = (int) t.subvolume(1).snapshot();
            var f = FileTree.regularFiles(fs.btree(), t, ROOT, snap).get("./compressible-2MiB.txt");
            DataReader r = new DataReader(fs, t);
            assertThat(sha256(r, f.inum(), snap, f.size(), 777)).isEqualTo(expected("files.sha256").get("./compressible-2MiB.txt"));
            long[] stats = r.cacheStats();
            // a sequential reader drops each extent once its last bytes are read, so none is left at the end
            assertThat(stats[0]).isZero();
            assertThat(stats[1]).isZero();
            byte[] b = new byte[40];
            assertThat(r.read(f.inum(), snap, f.size(), 56 * 1000, b, 0, 40)).isEqualTo(40);
            assertThat(new String(b, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(
                    "line 001000 the quick brown fox jumps ov");
            stats = r.cacheStats(); // the head of an extent: kept for the reads that follow
            assertThat(stats[0]).isEqualTo(1);
            assertThat(stats[1]).isBetween(1L, DataReader.CACHE_BYTES);
        }
    }

    @Test
    void sparseFileDataRanges() {
        try (BchFs fs = BchFs.open(Fixtures.devices("default"), OpenOptions.DEFAULTS)) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            int snap = (int) t.subvolume(1).snapshot();
            var f = FileTree.regularFiles(fs.btree(), t, ROOT, snap).get("./sparse-8MiB.bin");
            DataReader r = new DataReader(fs, t);
            List<long[]> ranges = r.dataRanges(f.inum(), snap, 0, f.size());
            assertThat(ranges).containsExactly(new long[] {1 << 20, (1 << 20) + 4096}, new long[] {6 << 20, (6 << 20) + 4096});
            assertThat(r.dataRanges(f.inum(), snap, (1 << 20) + 100, 6 << 20)).containsExactly(new long[] {(1 << 20) + 100, (1 << 20) + 4096});
            assertThat(r.dataRanges(f.inum(), snap, 2 << 20, 6 << 20)).isEmpty();
        }
    }

    @Test
    void concurrentReadersShareOneDataReader() throws Exception {
        try (BchFs fs = BchFs.open(Fixtures.devices("gzip"), OpenOptions.DEFAULTS)) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            int snap = (int) t.subvolume(1).snapshot();
            Map<String, FileTree.FileRef> files = FileTree.regularFiles(fs.btree(), t, ROOT, snap);
            Map<String, String> want = expected("files.sha256");
            DataReader r = new DataReader(fs, t);
            List<String> names = List.of("./compressible-2MiB.txt", "./random-5MiB.bin", "./compressible-2MiB.txt", "./sparse-8MiB.bin");
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
                List<java.util.concurrent.Future<String>> got = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    String n = names.get(i);
                    int chunk = 3000 + 1000 * i;
                    got.add(pool.submit(() -> sha256(r, files.get(n).inum(), snap, files.get(n).size(), chunk)));
                }
                for (int i = 0; i < names.size(); i++) assertThat(got.get(i).get()).as(names.get(i)).isEqualTo(want.get(names.get(i)));
            }
        }
    }
}
