package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** Quota limits: hard and soft limit for space and for inodes ({@code bch_quota}). */
public record Quota(long spaceHard, long spaceSoft, long inodesHard, long inodesSoft) {
    public static Quota decode(BkeySC k) {
        ValReader r = new ValReader(k).need(32);
        return new Quota(r.u64(0), r.u64(8), r.u64(16), r.u64(24));
    }

    void toText(Printbuf out) {
        out.prt("space hardlimit " + Long.toUnsignedString(spaceHard) + " softlimit " + Long.toUnsignedString(spaceSoft));
        out.prt("inodes hardlimit " + Long.toUnsignedString(inodesHard) + " softlimit " + Long.toUnsignedString(inodesSoft));
    }
}
