package dev.jbcachefs.fs;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.snapshot.SnapshotTable;
import java.util.List;

/**
 * The file-data side of a view: reading bytes and listing data ranges of one inode in one snapshot. Kept
 * behind this seam so the namespace code does not depend on how extents are read.
 */
interface FileData {
    int read(long inum, long snapshot, long fileSize, long offset, byte[] dst, int dstOff, int len);

    List<long[]> dataRanges(long inum, long snapshot, long from, long to);

    static FileData of(BchFs fs, SnapshotTable table) {
        return new FileData() {
            @Override
            public int read(long inum, long snapshot, long fileSize, long offset, byte[] dst, int dstOff, int len) {
                throw new BcachefsException(ErrorCode.UNSUPPORTED, "reading file data is not available in this build");
            }

            @Override
            public List<long[]> dataRanges(long inum, long snapshot, long from, long to) {
                throw new BcachefsException(ErrorCode.UNSUPPORTED, "reading file data is not available in this build");
            }
        };
    }
}
