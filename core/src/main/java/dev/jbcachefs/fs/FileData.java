package dev.jbcachefs.fs;

import dev.jbcachefs.data.DataReader;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.snapshot.SnapshotTable;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The file-data side of a view: reading bytes and listing data ranges of one inode in one snapshot. Kept
 * behind this seam so the namespace code does not depend on how extents are read ({@link DataReader}
 * does that: extents, inline data, reflink, checksums, decryption, decompression).
 */
interface FileData {
    int read(long inum, long snapshot, long fileSize, long offset, MemorySegment dst);

    List<long[]> dataRanges(long inum, long snapshot, long from, long to);

    static FileData of(BchFs fs, SnapshotTable table) {
        DataReader reader = new DataReader(fs, table);
        return new FileData() {
            @Override
            public int read(long inum, long snapshot, long fileSize, long offset, MemorySegment dst) {
                return reader.read(inum, (int) snapshot, fileSize, offset, dst);
            }

            @Override
            public List<long[]> dataRanges(long inum, long snapshot, long from, long to) {
                return reader.dataRanges(inum, (int) snapshot, from, to);
            }
        };
    }
}
