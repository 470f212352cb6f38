package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** A reflink pointer: where in the reflink btree the data lives, plus padding of the referenced range. */
public record ReflinkP(long idxFlags, long frontPad, long backPad) {
    public long idx() {
        return idxFlags & ((1L << 56) - 1);
    }

    public boolean error() {
        return ((idxFlags >>> 56) & 1) != 0;
    }

    public boolean mayUpdateOptions() {
        return ((idxFlags >>> 57) & 1) != 0;
    }

    public static ReflinkP decode(BkeySC k) {
        ValReader r = new ValReader(k).need(16);
        return new ReflinkP(r.u64(0), r.u32(8), r.u32(12));
    }

    void toText(Printbuf out) {
        out.prt("idx " + idx() + " front_pad " + frontPad + " back_pad " + backPad);
        if (error()) out.prt(" error");
    }
}
