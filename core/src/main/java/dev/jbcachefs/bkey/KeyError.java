package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** An {@code error} key: data known lost, with the reason (zero when the value is empty or short). */
public record KeyError(int err) {
    public static KeyError decode(BkeySC k) {
        ValReader r = new ValReader(k);
        return new KeyError(r.len >= 1 ? r.u8(0) : 0);
    }

    void toText(Printbuf out) {
        out.prt(Names.opt(Names.KEY_ERRORS, "key_type_error_reason", err));
    }
}
