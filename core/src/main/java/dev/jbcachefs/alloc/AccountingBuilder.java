package dev.jbcachefs.alloc;

import dev.jbcachefs.bkey.AccountingPack;
import dev.jbcachefs.format.Bpos;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums the disk accounting counters of a filesystem being built — the same counters upstream's triggers
 * keep (inodes, replicas sectors, per-device usage, compression, snapshot and per-inode usage, btree
 * nodes) — keyed by the accounting position ({@code struct disk_accounting_pos}, 20 bytes whose
 * big-endian reading is the key's bpos). The upstream fsck recomputes the in-memory kinds from the keys
 * and compares, so every counter here is added at the moment the key or pointer it counts is made.
 * Per-inode counters (one per file with data) are not kept here: the data path writes them as keys as
 * each file ends, so memory does not grow with the tree.
 */
public final class AccountingBuilder {
    private final TreeMap<Bpos, long[]> counters = new TreeMap<>();

    private void add(byte[] acc, int nr, long... d) {
        long[] c = counters.computeIfAbsent(AccountingPack.pos(acc), k -> new long[nr]);
        for (int i = 0; i < d.length; i++) c[i] += d[i];
    }

    public void nrInodes(long n) {
        add(AccountingPack.nrInodes(), 1, n);
    }

    /** Sectors of a replicas entry: data type, required replicas, and the sorted device list. */
    public void replicas(DataType t, int nrRequired, int[] devsSorted, long sectors) {
        add(AccountingPack.replicas(t.id, nrRequired, devsSorted), 1, sectors);
    }

    public void devDataType(int dev, DataType t, long buckets, long sectors, long fragmented) {
        add(AccountingPack.devDataType(dev, t.id), 3, buckets, sectors, fragmented);
    }

    /** One extent of compression type {@code type}: its live (uncompressed) and on-disk (compressed) sectors. */
    public void compression(int type, long uncompressedSectors, long compressedSectors) {
        add(AccountingPack.compression(type), 3, 1, uncompressedSectors, compressedSectors);
    }

    public void snapshot(int id, long sectors) {
        add(AccountingPack.snapshot(id & 0xffffffffL), 1, sectors);
    }

    public void btree(int btreeId, long sectors, boolean interior) {
        add(AccountingPack.btree(btreeId), 3, sectors, 1, interior ? 1 : 0);
    }

    /** Every counter in key order. */
    public Map<Bpos, long[]> entries() {
        return counters;
    }

    /** A copy, for the fixed-point rounds of the allocation btrees that must not disturb the running sums. */
    public AccountingBuilder copy() {
        AccountingBuilder c = new AccountingBuilder();
        counters.forEach((k, v) -> c.counters.put(k, v.clone()));
        return c;
    }
}
