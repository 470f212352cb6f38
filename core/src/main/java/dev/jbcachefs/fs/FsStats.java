package dev.jbcachefs.fs;

import dev.jbcachefs.bkey.Accounting;
import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.sb.Members;

/**
 * {@code statfs} as the kernel computes it ({@code bch2_statfs}), from what is on disk: capacity is the
 * members' usable buckets, used space the accounting counters (replicas = data and btree sectors, plus
 * persistent reservations), superblock and journal sectors (per-device accounting) hidden from capacity, inodes the {@code nr_inodes} counter; free inodes are estimated from the free
 * space as upstream does (one per 256 bytes). Upstream also holds back a few buckets per device it
 * reserves for itself, which this count does not model.
 */
final class FsStats {
    static final int NAME_MAX = 512;
    private static final int RESERVE_FACTOR = 6;
    private static final int DATA_SB = 1, DATA_JOURNAL = 2;

    private FsStats() {}

    static FsStat read(FsContext ctx) {
        long capacity = 0;
        for (Members.Member m : ctx.fs.members().all()) {
            if (!m.exists()) continue;
            capacity += (m.nbuckets() - m.firstBucket()) * (long) m.bucketSize();
        }
        long used = 0, reserved = 0, inodes = 0, hidden = 0;
        BtreeIter it = ctx.tree.iter(BtreeId.ACCOUNTING, Bpos.POS_MIN, 0);
        for (BkeySC k = it.next(); k != null; k = it.next()) {
            if (k.k().type() != KeyType.ACCOUNTING.id()) continue;
            Accounting a = Accounting.decode(k);
            long[] c = a.counters();
            if (c.length == 0) continue;
            switch (a.accType()) {
                case Accounting.NR_INODES -> inodes += c[0];
                case Accounting.REPLICAS -> used += c[0];
                case Accounting.PERSISTENT_RESERVED -> reserved += c[0];
                case Accounting.DEV_DATA_TYPE -> {
                    // superblock and journal space is hidden from capacity (upstream's usage->hidden)
                    int dataType = a.acc()[2] & 0xff;
                    if ((dataType == DATA_SB || dataType == DATA_JOURNAL) && c.length > 1) hidden += c[1];
                }
                default -> { }
            }
        }
        capacity = Math.max(0, capacity - hidden);
        used = Math.min(capacity, used + reserved + (reserved >> RESERVE_FACTOR));
        long free = capacity - used;
        long avail = free * (1L << RESERVE_FACTOR) / ((1L << RESERVE_FACTOR) + 1);
        long availInodes = free << 1;
        int block = ctx.fs.superblock().blockSize() * 512;
        return new FsStat(block, capacity * 512, free * 512, avail * 512, inodes + availInodes, availInodes, NAME_MAX);
    }
}
