package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** Where inode number allocation continues ({@code bch_inode_alloc_cursor}: bits, generation, idx). */
public record InodeAllocCursor(int bits, long gen, long idx) {
    public static InodeAllocCursor decode(BkeySC k) {
        ValReader r = new ValReader(k).need(16);
        return new InodeAllocCursor(r.u8(0), r.u32(4), r.u64(8));
    }

    void toText(Printbuf out) {
        out.prt("idx " + Long.toUnsignedString(idx) + " generation " + gen);
    }
}
