package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/**
 * A snapshot node ({@code bch_snapshot}): flags, parent, two children, owning subvolume, snapshot tree,
 * depth, the skiplist of ancestors and the creation time ({@code btime}, 128 bits as two words). A short
 * value reads as zero-padded, as upstream does.
 */
public record Snapshot(long flags, long parent, long child0, long child1, long subvol, long tree, long depth,
                       long skip0, long skip1, long skip2, long btimeLo, long btimeHi) {
    public static Snapshot decode(BkeySC k) {
        ValReader r = new ValReader(k);
        long[] f = new long[10];
        for (int i = 0; i < 10; i++) f[i] = (i + 1) * 4 <= r.len ? r.u32(i * 4) : 0;
        return new Snapshot(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], r.len >= 48 ? r.u64(40) : 0,
                r.len >= 56 ? r.u64(48) : 0);
    }

    void toText(Printbuf out) {
        if ((flags & 2) != 0) out.prt("subvol ");
        if ((flags & 1) != 0) out.prt("will_delete ");
        if ((flags & 4) != 0) out.prt("deleted ");
        if ((flags & 8) != 0) out.prt("no_keys ");
        out.prt(String.format("parent %10d children %10d %10d subvol %d tree %d", parent, child0, child1, subvol, tree));
        out.prt(" depth " + depth + " skiplist " + skip0 + " " + skip1 + " " + skip2);
    }
}
