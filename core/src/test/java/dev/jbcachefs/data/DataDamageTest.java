package dev.jbcachefs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.bkey.Extent;
import dev.jbcachefs.bkey.ExtentEntry;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import dev.jbcachefs.snapshot.SnapshotIter;
import dev.jbcachefs.snapshot.SnapshotTable;
import dev.jbcachefs.testkit.Fixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One flipped byte inside a file's data extent: the read must fail with a checksum error, or use the other replica. */
class DataDamageTest {
    static final String FILE = "./b4097.txt";

    /** The data pointers of the first extent of {@link #FILE}, and its inode. */
    static List<ExtentEntry.Ptr> ptrs(List<Path> devs, OpenOptions o, long[] inumOut) {
        long[] out = new long[2];
        List<ExtentEntry.Ptr> p = ptrs(devs, o, FILE, out);
        inumOut[0] = out[0];
        return p;
    }

    /** The data pointers of the first extent of file {@code path}; its inode and size in bytes go to {@code inumOut[0..1]}. */
    static List<ExtentEntry.Ptr> ptrs(List<Path> devs, OpenOptions o, String path, long[] inumOut) {
        try (BchFs fs = BchFs.open(devs, o)) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            int snap = (int) t.subvolume(1).snapshot();
            long inum = FileTree.regularFiles(fs.btree(), t, DataReaderTest.ROOT, snap).get(path).inum();
            inumOut[0] = inum;
            BkeySC k = new SnapshotIter(fs.btree(), t, BtreeId.EXTENTS, inum, 1, snap).next();
            assertThat(k.pos().inode()).isEqualTo(inum);
            inumOut[1] = k.k().sizeUnsigned() * 512;
            return Extent.decode(k).ptrs();
        }
    }

    /**
     * A whole plain extent read straight into native memory (the mount's reply path) and failing its
     * checksum: the read throws CHECKSUM and leaves zeros where the extent was read, never the unverified bytes.
     */
    @Test
    void flippedByteReadIntoNativeMemoryLeavesNoUnverifiedBytes(@TempDir Path dir) throws IOException {
        Path img = Fixtures.copy("default", dir);
        long[] inum = new long[2];
        List<ExtentEntry.Ptr> ptrs = ptrs(List.of(img), OpenOptions.DEFAULTS, "./random-5MiB.bin", inum);
        long extentBytes = inum[1];
        flip(img, ptrs.get(0).offset() * 512 + 1000);
        try (BchFs fs = BchFs.open(List.of(img), OpenOptions.DEFAULTS); Arena a = Arena.ofConfined()) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            int snap = (int) t.subvolume(1).snapshot();
            DataReader r = new DataReader(fs, t);
            FileTree.FileRef f = FileTree.regularFiles(fs.btree(), t, DataReaderTest.ROOT, snap).get("./random-5MiB.bin");
            MemorySegment seg = a.allocate(1 << 20);
            seg.fill((byte) 0x5a);
            BcachefsException ex = catchThrowableOfType(BcachefsException.class, () -> r.read(f.inum(), snap, f.size(), 0, seg));
            assertThat(ex.code()).isEqualTo(ErrorCode.CHECKSUM);
            assertThat(ex.getMessage()).contains("inode " + inum[0]).contains("offset 0").contains("device 0 sector " + ptrs.get(0).offset());
            for (long i = 0; i < seg.byteSize(); i++) {
                byte b = seg.get(ValueLayout.JAVA_BYTE, i);
                if (i < extentBytes) assertThat(b).as("byte %d of the failed extent", i).isZero();
                else assertThat(b).as("byte %d of a failed read", i).isIn((byte) 0, (byte) 0x5a);
            }
            // the bytes past the damaged extent still read correctly into native memory
            MemorySegment tail = a.allocate(1 << 20);
            long at = 4L << 20;
            assertThat(r.read(f.inum(), snap, f.size(), at, tail)).isEqualTo((int) Math.min(1 << 20, f.size() - at));
        }
    }

    static void flip(Path img, long pos) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x40);
        }
    }

    @Test
    void flippedByteIsAChecksumErrorNamingInodeAndOffset(@TempDir Path dir) throws IOException {
        Path img = Fixtures.copy("default", dir);
        long[] inum = new long[1];
        List<ExtentEntry.Ptr> ptrs = ptrs(List.of(img), OpenOptions.DEFAULTS, inum);
        assertThat(ptrs).hasSize(1);
        flip(img, ptrs.get(0).offset() * 512 + 4096 + 7);
        try (BchFs fs = BchFs.open(List.of(img), OpenOptions.DEFAULTS)) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            int snap = (int) t.subvolume(1).snapshot();
            DataReader r = new DataReader(fs, t);
            Map<String, FileTree.FileRef> files = FileTree.regularFiles(fs.btree(), t, DataReaderTest.ROOT, snap);
            Map<String, String> want = DataReaderTest.expected("files.sha256");
            int ok = 0;
            for (var e : files.entrySet()) {
                if (e.getKey().equals(FILE)) continue;
                assertThat(DataReaderTest.sha256(r, e.getValue().inum(), snap, e.getValue().size(), 65536)).as(e.getKey()).isEqualTo(want.get(e.getKey()));
                ok++;
            }
            FileTree.FileRef f = files.get(FILE);
            BcachefsException ex = catchThrowableOfType(BcachefsException.class,
                    () -> r.read(f.inum(), snap, f.size(), 4096, new byte[100], 0, 100));
            System.out.println("data damage: " + ok + " other files read correctly; " + FILE + ": " + ex.getMessage());
            assertThat(ex.code()).isEqualTo(ErrorCode.CHECKSUM);
            assertThat(ex.getMessage()).doesNotContain("\n").contains("inode " + inum[0]).contains("offset 4096")
                    .contains("checksum").contains("device 0 sector " + ptrs.get(0).offset());
            assertThat(ok).isEqualTo(1011);
        }
    }

    @Test
    void damagedReplicaFallsBackToTheOtherDevice(@TempDir Path dir) throws IOException {
        // a file whose first extent is read from dev0 first (its first pointer), with a second replica on dev1
        Path dev0 = Fixtures.copy("replicas2-dev0", dir);
        List<Path> devs = List.of(dev0, Fixtures.imageFile("replicas2-dev1"));
        String file = null;
        long inum = 0;
        ExtentEntry.Ptr p0 = null;
        try (BchFs fs = BchFs.open(devs, OpenOptions.DEFAULTS)) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            int snap = (int) t.subvolume(1).snapshot();
            for (var e : FileTree.regularFiles(fs.btree(), t, DataReaderTest.ROOT, snap).entrySet()) {
                if (e.getValue().size() == 0) continue;
                BkeySC k = new SnapshotIter(fs.btree(), t, BtreeId.EXTENTS, e.getValue().inum(), 1, snap).next();
                if (k == null || k.pos().inode() != e.getValue().inum() || k.type() != dev.jbcachefs.format.KeyType.EXTENT) continue;
                List<ExtentEntry.Ptr> ptrs = Extent.decode(k).ptrs();
                if (ptrs.size() == 2 && ptrs.get(0).dev() == 0 && ptrs.get(1).dev() == 1) {
                    file = e.getKey();
                    inum = e.getValue().inum();
                    p0 = ptrs.get(0);
                    break;
                }
            }
        }
        assertThat(file).isNotNull();
        flip(dev0, p0.offset() * 512 + 11);
        try (BchFs fs = BchFs.open(devs, OpenOptions.DEFAULTS)) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            int snap = (int) t.subvolume(1).snapshot();
            DataReader r = new DataReader(fs, t);
            FileTree.FileRef f = FileTree.regularFiles(fs.btree(), t, DataReaderTest.ROOT, snap).get(file);
            assertThat(DataReaderTest.sha256(r, f.inum(), snap, f.size(), 4096)).isEqualTo(DataReaderTest.expected("files.sha256").get(file));
            System.out.println("data damage replicas2 (" + file + "): warnings " + fs.warnings());
            long ino = inum;
            long sector = p0.offset();
            assertThat(fs.warnings()).anyMatch(w -> w.contains("replica") && w.contains("checksum") && w.contains("inode " + ino)
                    && w.contains("device 0 sector " + sector));
        }
        // dev0 alone (degraded): the damaged replica is the only one left, so the read fails naming it
        try (BchFs fs = BchFs.open(List.of(dev0), OpenOptions.DEFAULTS.withDegraded(true))) {
            SnapshotTable t = SnapshotTable.load(fs.btree());
            int snap = (int) t.subvolume(1).snapshot();
            FileTree.FileRef f = FileTree.regularFiles(fs.btree(), t, DataReaderTest.ROOT, snap).get(file);
            BcachefsException ex = catchThrowableOfType(BcachefsException.class,
                    () -> new DataReader(fs, t).read(f.inum(), snap, f.size(), 0, new byte[4096], 0, 4096));
            assertThat(ex.code()).isEqualTo(ErrorCode.CHECKSUM);
            assertThat(ex.getMessage()).contains("checksum").contains("device 0 sector " + p0.offset()).contains("device 1 sector");
        }
    }
}
