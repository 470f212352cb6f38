package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** A fallocate reservation in the extents btree: generation and replica count, no data. */
public record Reservation(long generation, int nrReplicas) {
    public static Reservation decode(BkeySC k) {
        ValReader r = new ValReader(k).need(5);
        return new Reservation(r.u32(0), r.u8(4));
    }

    void toText(Printbuf out) {
        out.prt("generation " + generation + " replicas " + nrReplicas);
    }
}
