package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.util.Printbuf;

/**
 * A backpointer: from a position in a bucket (the key position: device, sector shifted left by
 * {@code extent_bp_shift} plus a sub-offset) back to the btree key that points there.
 */
public record Backpointer(int btreeId, int level, int dataType, int bucketGen, long flags, long bucketLen, Bpos pos) {
    public static Backpointer decode(BkeySC k) {
        ValReader r = new ValReader(k).need(32);
        return new Backpointer(r.u8(0), r.u8(1), r.u8(2), r.u8(3), r.u32(4), r.u32(8), r.bpos(12));
    }

    void toText(Printbuf out, PrintContext ctx, Bpos kp) {
        int shift = ctx.extentBpShift();
        long sector = kp.offset() >>> shift;
        int dev = kp.inode() >= 0 && kp.inode() < 256 ? (int) kp.inode() : -1;
        int bs = dev >= 0 && ctx.deviceName(dev) != null ? ctx.bucketSize(dev) : 0;
        if (bs > 0) {
            out.prt("bucket=" + kp.inode() + ":" + Long.divideUnsigned(sector, bs) + ":" + Long.remainderUnsigned(sector, bs) + " ");
        } else {
            out.prt("sector=" + Long.toUnsignedString(kp.inode()) + ":" + Long.toUnsignedString(sector) + " ");
        }
        out.prt("btree=").prt(BtreeId.nameOf(btreeId)).prt(" level=" + level);
        out.prt(" data_type=").prt(Names.dataType(dataType));
        out.prt(" suboffset=" + (kp.offset() & ~(-1L << shift) & 0xffffffffL) + " len=" + bucketLen + " gen=" + bucketGen + " pos=");
        out.prt(pos.toString());
        if ((flags & 3) != 0) out.prt(" phys");
    }
}
