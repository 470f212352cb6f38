package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** A cookie key: one 64-bit number (used by tests and scan cookies). */
public record Cookie(long cookie) {
    public static Cookie decode(BkeySC k) {
        return new Cookie(new ValReader(k).need(8).u64(0));
    }

    void toText(Printbuf out) {
        out.prt(Long.toUnsignedString(cookie));
    }
}
