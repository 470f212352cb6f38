package dev.jbcachefs.fs;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.bkey.Inode;
import dev.jbcachefs.btree.Btree;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.snapshot.SnapshotTable;

/**
 * What every subvolume view of one opened filesystem shares: the filesystem, its snapshot table, the
 * file data reader and the superblock's time base. Inode reads live here because each view only
 * differs in the snapshot it reads them at.
 */
final class FsContext {
    final BchFs fs;
    final Btree tree;
    final SnapshotTable table;
    final FileData data;
    private final long timeBaseUnits;
    private final long nsPerUnit;

    FsContext(BchFs fs) {
        this.fs = fs;
        this.tree = fs.btree();
        this.table = SnapshotTable.load(tree);
        this.data = FileData.of(fs, table);
        Superblock sb = fs.superblock();
        long prec = sb.timePrecision();
        if (prec <= 0 || prec > 1_000_000_000L) {
            throw BcachefsException.corrupt("time_precision " + prec + " out of range 1..1000000000", sb.deviceName() + " superblock");
        }
        this.nsPerUnit = prec;
        this.timeBaseUnits = Long.divideUnsigned(sb.timeBaseLo(), prec);
    }

    /** An inode time (superblock units relative to time_base) as nanoseconds since the epoch. */
    long timeNs(long t) {
        return timeNs(t, timeBaseUnits, nsPerUnit);
    }

    /** {@code bch2_time_to_timespec}: add the base (in units), split into seconds and units, units to ns. */
    static long timeNs(long t, long baseUnits, long nsPerUnit) {
        long unitsPerSec = 1_000_000_000L / nsPerUnit;
        long units = t + baseUnits;
        long sec = Math.floorDiv(units, unitsPerSec);
        long rem = Math.floorMod(units, unitsPerSec);
        return sec * 1_000_000_000L + rem * nsPerUnit;
    }

    /** The inode {@code inum} as seen from {@code snapshot}, or null when it does not exist there. */
    Inode inode(long inum, long snapshot) {
        BkeySC k = dev.jbcachefs.snapshot.SnapshotIter.get(tree, table, BtreeId.INODES, 0, inum, (int) snapshot);
        if (k == null) return null;
        int t = k.k().type();
        if (t != KeyType.INODE.id() && t != KeyType.INODE_V2.id() && t != KeyType.INODE_V3.id()) return null;
        return Inode.decode(k);
    }

    Inode inodeOrThrow(long inum, long snapshot, long subvol) {
        Inode in = inode(inum, snapshot);
        if (in == null) {
            throw new BcachefsException(ErrorCode.NOT_FOUND, "inode " + Long.toUnsignedString(inum) + " not found in subvolume "
                    + subvol + " (snapshot " + snapshot + ")");
        }
        return in;
    }
}
