package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** An indirect (shared) extent in the reflink btree: a reference count and the usual extent entries. */
public record ReflinkV(long refcount, Extent extent) {
    public static ReflinkV decode(BkeySC k) {
        ValReader r = new ValReader(k).need(8);
        return new ReflinkV(r.u64(0), Extent.decode(r, 8));
    }

    void toText(Printbuf out, PrintContext ctx) {
        out.prt("refcount: " + Long.toUnsignedString(refcount) + " ");
        extent.toText(out, ctx);
    }
}
