package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** An insert/collapse range in progress ({@code bch_logged_op_finsert}). */
public record LoggedOpFinsert(int state, long subvol, long inum, long dstOffset, long srcOffset, long pos) {
    public static LoggedOpFinsert decode(BkeySC k) {
        ValReader r = new ValReader(k).need(40);
        return new LoggedOpFinsert(r.u8(0), r.u32(4), r.u64(8), r.u64(16), r.u64(24), r.u64(32));
    }

    void toText(Printbuf out) {
        out.prt("subvol=" + subvol).prt(" inum=" + Long.toUnsignedString(inum)).prt(" dst_offset=" + dstOffset)
                .prt(" src_offset=" + Long.toUnsignedString(srcOffset));
    }
}
