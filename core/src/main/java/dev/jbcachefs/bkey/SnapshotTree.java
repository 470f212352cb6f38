package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** A snapshot tree ({@code bch_snapshot_tree}): its master subvolume and root snapshot id. */
public record SnapshotTree(long masterSubvol, long rootSnapshot) {
    public static SnapshotTree decode(BkeySC k) {
        ValReader r = new ValReader(k).need(8);
        return new SnapshotTree(r.u32(0), r.u32(4));
    }

    void toText(Printbuf out) {
        out.prt("subvol " + masterSubvol + " root snapshot " + rootSnapshot);
    }
}
