package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** An LRU entry: the bucket index it stands for ({@code bch_lru}). */
public record Lru(long idx) {
    public static Lru decode(BkeySC k) {
        return new Lru(new ValReader(k).need(8).u64(0));
    }

    void toText(Printbuf out) {
        out.prt("idx " + Long.toUnsignedString(idx));
    }
}
