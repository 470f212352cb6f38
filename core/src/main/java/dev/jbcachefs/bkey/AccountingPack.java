package dev.jbcachefs.bkey;

import dev.jbcachefs.format.Bpos;

/**
 * Encodes accounting keys. A {@code disk_accounting_pos} is 20 bytes (the type, then the type's fields in
 * little-endian order) that upstream byte-reverses into the key position, so they read as the big-endian
 * inode, offset and snapshot; {@link #pos} does that mapping (the reverse of {@link Accounting#accPos}),
 * the typed builders give the 20 bytes, and {@link #value} the signed counters.
 */
public final class AccountingPack {
    static final int ACC_BYTES = 20;

    private AccountingPack() {}

    /** The key position of accounting-position bytes. */
    public static Bpos pos(byte[] acc) {
        if (acc.length != ACC_BYTES) throw new IllegalArgumentException("accounting position needs " + ACC_BYTES + " bytes");
        long inode = 0, offset = 0;
        int snap = 0;
        for (int i = 0; i < 8; i++) inode = inode << 8 | (acc[i] & 0xff);
        for (int i = 8; i < 16; i++) offset = offset << 8 | (acc[i] & 0xff);
        for (int i = 16; i < 20; i++) snap = snap << 8 | (acc[i] & 0xff);
        return new Bpos(inode, offset, snap);
    }

    /** The counters as the value (one u64 each). */
    public static byte[] value(long... counters) {
        ValWriter w = new ValWriter(counters.length * 8);
        for (int i = 0; i < counters.length; i++) w.u64(i * 8, counters[i]);
        return w.get();
    }

    private static byte[] acc(int type) {
        byte[] a = new byte[ACC_BYTES];
        a[0] = (byte) type;
        return a;
    }

    private static void le(byte[] a, int at, long v, int n) {
        for (int i = 0; i < n; i++) a[at + i] = (byte) (v >>> (8 * i));
    }

    public static byte[] nrInodes() {
        return acc(Accounting.NR_INODES);
    }

    public static byte[] persistentReserved(int nrReplicas) {
        byte[] a = acc(Accounting.PERSISTENT_RESERVED);
        a[1] = (byte) ValWriter.fit("nr_replicas", nrReplicas, 8);
        return a;
    }

    /** A replicas entry: data type, {@code nrRequired}, and the devices (sorted, as upstream keeps them). */
    public static byte[] replicas(int dataType, int nrRequired, int... devs) {
        if (devs.length > ACC_BYTES - 4) throw new IllegalArgumentException("replicas entry with " + devs.length + " devices");
        byte[] a = acc(Accounting.REPLICAS);
        a[1] = (byte) ValWriter.fit("data_type", dataType, 8);
        a[2] = (byte) devs.length;
        a[3] = (byte) ValWriter.fit("nr_required", nrRequired, 8);
        for (int i = 0; i < devs.length; i++) a[4 + i] = (byte) ValWriter.fit("dev", devs[i], 8);
        return a;
    }

    public static byte[] devDataType(int dev, int dataType) {
        byte[] a = acc(Accounting.DEV_DATA_TYPE);
        a[1] = (byte) ValWriter.fit("dev", dev, 8);
        a[2] = (byte) ValWriter.fit("data_type", dataType, 8);
        return a;
    }

    public static byte[] compression(int compressionType) {
        byte[] a = acc(Accounting.COMPRESSION);
        a[1] = (byte) ValWriter.fit("compression type", compressionType, 8);
        return a;
    }

    public static byte[] snapshot(long id) {
        byte[] a = acc(Accounting.SNAPSHOT);
        le(a, 1, ValWriter.fit("snapshot id", id, 32), 4);
        return a;
    }

    public static byte[] btree(int btreeId) {
        byte[] a = acc(Accounting.BTREE);
        le(a, 1, ValWriter.fit("btree id", btreeId, 32), 4);
        return a;
    }

    public static byte[] rebalanceWork() {
        return acc(Accounting.REBALANCE_WORK);
    }

    public static byte[] inum(long inum) {
        byte[] a = acc(Accounting.INUM);
        le(a, 1, inum, 8);
        return a;
    }

    public static byte[] reconcileWork(int type) {
        byte[] a = acc(Accounting.RECONCILE_WORK);
        a[1] = (byte) ValWriter.fit("reconcile type", type, 8);
        return a;
    }

    public static byte[] devLeaving(long dev) {
        byte[] a = acc(Accounting.DEV_LEAVING);
        le(a, 1, ValWriter.fit("dev", dev, 32), 4);
        return a;
    }

    /** Counters per type ({@code BCH_DISK_ACCOUNTING_TYPES()} third column), -1 for an unknown type. */
    public static int nrCounters(int type) {
        int[] n = {1, 1, 1, 3, 3, 1, 3, 1, 3, 2, 1};
        return type >= 0 && type < n.length ? n[type] : -1;
    }
}
