package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.util.Printbuf;

/**
 * A pointer to a btree node ({@code bch_btree_ptr_v2}): the node's sequence number, sectors written,
 * flags (bit 0: range updated), its minimum key and the device pointers. For the older
 * {@code btree_ptr} only the pointers are set.
 */
public record BtreePtrV2(long memPtr, long seq, int sectorsWritten, int flags, Bpos minKey, Extent ptrs) {
    public static final int FIXED_BYTES = 40;

    public boolean rangeUpdated() {
        return (flags & 1) != 0;
    }

    public static BtreePtrV2 decode(BkeySC k) {
        ValReader r = new ValReader(k);
        if (k.type() == KeyType.BTREE_PTR)
            return new BtreePtrV2(0, 0, 0, 0, Bpos.POS_MIN, Extent.decode(r, 0));
        r.need(FIXED_BYTES);
        return new BtreePtrV2(r.u64(0), r.u64(8), r.u16(16), r.u16(18), r.bpos(20), Extent.decode(r, FIXED_BYTES));
    }

    void toText(Printbuf out, PrintContext ctx) {
        out.prt("\nseq " + Long.toHexString(seq) + " written " + sectorsWritten + " min_key " + (rangeUpdated() ? "R " : ""));
        out.prt(minKey.toString());
        out.prt(" ");
        ptrs.toText(out, ctx);
    }
}
