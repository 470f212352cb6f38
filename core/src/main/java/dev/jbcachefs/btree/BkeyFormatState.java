package dev.jbcachefs.btree;

import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeyFormat;
import dev.jbcachefs.format.Bpos;

/**
 * The running minimum and maximum of each packed key field over the keys of a node being built (upstream's
 * {@code struct bkey_format_state}), and the packing format chosen from them. A node's format is derived
 * from its keys plus its min and max key, so a key of the node always packs and a search position inside
 * the node's range does too. {@link #done} makes the same choices upstream makes: the narrowest offset and
 * width per field, four spare bits on a non-zero size field for extent merging, and, when the key's last
 * u64 has room to spare, fields rounded up to whole bytes in field order.
 */
final class BkeyFormatState {
    static final int INODE = 0, OFFSET = 1, SNAPSHOT = 2, SIZE = 3, VERSION_HI = 4, VERSION_LO = 5;
    /** Unpacked widths, as {@link BkeyFormat#CURRENT}. */
    private static final int[] UNPACKED_BITS = {64, 64, 32, 32, 32, 64};

    private final long[] min = new long[BkeyFormat.NR_FIELDS];
    private final long[] max = new long[BkeyFormat.NR_FIELDS];

    /** An empty state: every minimum at U64_MAX except size (so that a size of 0 always packs). */
    BkeyFormatState() {
        java.util.Arrays.fill(min, -1L);
        min[SIZE] = 0;
    }

    BkeyFormatState copy() {
        BkeyFormatState s = new BkeyFormatState();
        System.arraycopy(min, 0, s.min, 0, min.length);
        System.arraycopy(max, 0, s.max, 0, max.length);
        return s;
    }

    private void add(int field, long v) {
        if (Long.compareUnsigned(v, min[field]) < 0) min[field] = v;
        if (Long.compareUnsigned(v, max[field]) > 0) max[field] = v;
    }

    /** Widens the state so that {@code p} packs (the node's min and max key). */
    BkeyFormatState addPos(Bpos p) {
        add(INODE, p.inode());
        add(OFFSET, p.offset());
        add(SNAPSHOT, p.snapshotUnsigned());
        return this;
    }

    /** Widens the state so that every field of {@code k} packs. */
    BkeyFormatState addKey(Bkey k) {
        addPos(k.p());
        add(SIZE, k.sizeUnsigned());
        add(VERSION_HI, k.versionHi() & 0xffffffffL);
        add(VERSION_LO, k.versionLo());
        return this;
    }

    /** The format for the keys and positions added so far; does not change this state. */
    BkeyFormat done() {
        int[] bits = new int[BkeyFormat.NR_FIELDS];
        long[] offs = new long[BkeyFormat.NR_FIELDS];
        int total = BkeyFormat.PACKED_BITS_START;
        for (int i = 0; i < bits.length; i++) {
            long lo = Long.compareUnsigned(min[i], max[i]) <= 0 ? min[i] : max[i];
            setField(bits, offs, i, 64 - Long.numberOfLeadingZeros(max[i] - lo), lo);
            total += bits[i];
        }
        if (bits[SIZE] != 0) {
            int extra = Math.min(4, 32 - bits[SIZE]); // room for extents to grow by merging
            bits[SIZE] += extra;
            total += extra;
        }
        int keyU64s = (total + 63) / 64;
        int spare = keyU64s * 64 - total;
        for (int i = 0; i < bits.length; i++) {
            int r = (bits[i] + 7) / 8 * 8 - bits[i];
            if (r <= spare) {
                setField(bits, offs, i, bits[i] + r, offs[i]);
                spare -= r;
            }
        }
        return new BkeyFormat(keyU64s, BkeyFormat.NR_FIELDS, bits, offs);
    }

    /** Sets one field so that it can never unpack past its unpacked width: full width means offset 0. */
    private static void setField(int[] bits, long[] offs, int i, int b, long offset) {
        int ub = UNPACKED_BITS[i];
        long unpackedMax = ub == 64 ? -1L : (1L << ub) - 1;
        b = Math.min(b, ub);
        long packedMax = b == 64 ? -1L : (1L << b) - 1;
        bits[i] = b;
        offs[i] = b == ub ? 0 : (Long.compareUnsigned(offset, unpackedMax - packedMax) <= 0 ? offset : unpackedMax - packedMax);
    }

    /** The format of a node holding {@code keys} between {@code minKey} and {@code maxKey}. */
    static BkeyFormat of(Bpos minKey, Bpos maxKey, Iterable<Bkey> keys) {
        BkeyFormatState s = new BkeyFormatState().addPos(minKey).addPos(maxKey);
        for (Bkey k : keys) s.addKey(k);
        return s.done();
    }
}
