package dev.jbcachefs.alloc;

import dev.jbcachefs.bkey.Accounting;
import dev.jbcachefs.format.Bpos;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums the disk accounting counters of a filesystem being built — the same counters upstream's triggers
 * keep (inodes, replicas sectors, per-device usage, compression, snapshot and per-inode usage, btree
 * nodes) — keyed by the accounting position ({@code struct disk_accounting_pos}, 20 bytes whose
 * big-endian reading is the key's bpos). The upstream fsck recomputes the in-memory kinds from the keys
 * and compares, so every counter here is added at the moment the key or pointer it counts is made.
 * Per-inode counters are one entry per file with data, so a huge tree's accounting is bounded by
 * spilling them through the caller (see {@link #drainInum}).
 */
public final class AccountingBuilder {
    private final TreeMap<Bpos, long[]> counters = new TreeMap<>();

    private void add(byte[] acc, int nr, long... d) {
        Bpos p = pos(acc);
        long[] c = counters.computeIfAbsent(p, k -> new long[nr]);
        for (int i = 0; i < d.length; i++) c[i] += d[i];
    }

    /** The key position of accounting-position bytes (the inverse of {@link Accounting#accPos}). */
    public static Bpos pos(byte[] acc) {
        byte[] a = Arrays.copyOf(acc, 20);
        long inode = 0, offset = 0;
        int snap = 0;
        for (int i = 0; i < 8; i++) inode = (inode << 8) | (a[i] & 0xff);
        for (int i = 8; i < 16; i++) offset = (offset << 8) | (a[i] & 0xff);
        for (int i = 16; i < 20; i++) snap = (snap << 8) | (a[i] & 0xff);
        return new Bpos(inode, offset, snap);
    }

    public void nrInodes(long n) {
        add(new byte[] {Accounting.NR_INODES}, 1, n);
    }

    /** Sectors of a replicas entry: data type, required replicas, and the sorted device list. */
    public void replicas(DataType t, int nrRequired, int[] devsSorted, long sectors) {
        byte[] acc = new byte[4 + devsSorted.length];
        acc[0] = Accounting.REPLICAS;
        acc[1] = (byte) t.id;
        acc[2] = (byte) devsSorted.length;
        acc[3] = (byte) nrRequired;
        for (int i = 0; i < devsSorted.length; i++) acc[4 + i] = (byte) devsSorted[i];
        add(acc, 1, sectors);
    }

    public void devDataType(int dev, DataType t, long buckets, long sectors, long fragmented) {
        add(new byte[] {Accounting.DEV_DATA_TYPE, (byte) dev, (byte) t.id}, 3, buckets, sectors, fragmented);
    }

    /** One extent of compression type {@code type}: its live (uncompressed) and on-disk (compressed) sectors. */
    public void compression(int type, long uncompressedSectors, long compressedSectors) {
        add(new byte[] {Accounting.COMPRESSION, (byte) type}, 3, 1, uncompressedSectors, compressedSectors);
    }

    public void snapshot(int id, long sectors) {
        add(le(Accounting.SNAPSHOT, id, 4), 1, sectors);
    }

    public void btree(int btreeId, long sectors, boolean interior) {
        add(le(Accounting.BTREE, btreeId, 4), 3, sectors, 1, interior ? 1 : 0);
    }

    public void inum(long inum, long sizeSectors, long diskSectors) {
        add(le(Accounting.INUM, inum, 8), 3, 1, sizeSectors, diskSectors);
    }

    private static byte[] le(int type, long v, int n) {
        byte[] a = new byte[1 + n];
        a[0] = (byte) type;
        for (int i = 0; i < n; i++) a[1 + i] = (byte) (v >>> (8 * i));
        return a;
    }

    /** Every counter in key order. */
    public Map<Bpos, long[]> entries() {
        return counters;
    }

    /** Removes and returns the per-inode counters (the only kind that grows with the tree). */
    public Map<Bpos, long[]> drainInum() {
        Bpos from = pos(new byte[] {Accounting.INUM});
        Bpos to = pos(new byte[] {Accounting.INUM + 1});
        Map<Bpos, long[]> sub = new TreeMap<>(counters.subMap(from, to));
        counters.subMap(from, to).clear();
        return sub;
    }

    /** A copy, for the fixed-point rounds of the allocation btrees that must not disturb the running sums. */
    public AccountingBuilder copy() {
        AccountingBuilder c = new AccountingBuilder();
        counters.forEach((k, v) -> c.counters.put(k, v.clone()));
        return c;
    }
}
