package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** A truncate in progress, replayed on recovery ({@code bch_logged_op_truncate}). */
public record LoggedOpTruncate(long subvol, long inum, long newISize) {
    public static LoggedOpTruncate decode(BkeySC k) {
        ValReader r = new ValReader(k).need(24);
        return new LoggedOpTruncate(r.u32(0), r.u64(8), r.u64(16));
    }

    void toText(Printbuf out) {
        out.prt("subvol=" + subvol).prt(" inum=" + Long.toUnsignedString(inum)).prt(" new_i_size=" + Long.toUnsignedString(newISize));
    }
}
