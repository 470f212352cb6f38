package dev.jbcachefs.bkey;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.format.Le;

/**
 * Bounds-checked little-endian reads inside one key's value. Every decoder in this package reads through
 * it, so a value shorter than its type needs becomes a {@link BcachefsException} naming the key instead
 * of an index error.
 */
final class ValReader {
    final BkeySC k;
    final byte[] buf;
    final int off;
    final int len;

    ValReader(BkeySC k) {
        this.k = k;
        this.buf = k.buf();
        this.off = k.valOff();
        this.len = k.valLen();
        if (off < 0 || len < 0 || off + len > buf.length || off + len < 0)
            throw corrupt("value slice outside its buffer");
    }

    String typeName() {
        KeyType t = k.type();
        return t != null ? t.upstreamName() : "key type " + k.k().type();
    }

    BcachefsException corrupt(String what) {
        return BcachefsException.corrupt(typeName() + ": " + what, "key " + k.k());
    }

    /** Requires at least {@code bytes} value bytes. */
    ValReader need(int bytes) {
        if (len < bytes) throw corrupt("value too short: " + len + " < " + bytes + " bytes");
        return this;
    }

    private void check(int at, int n) {
        if (at < 0 || at + n > len) throw corrupt("field at value byte " + at + " (+" + n + ") beyond value end " + len);
    }

    int u8(int at) {
        check(at, 1);
        return Le.u8(buf, off + at);
    }

    int u16(int at) {
        check(at, 2);
        return Le.u16(buf, off + at);
    }

    long u32(int at) {
        check(at, 4);
        return Le.u32(buf, off + at);
    }

    int i32(int at) {
        check(at, 4);
        return Le.i32(buf, off + at);
    }

    long u64(int at) {
        check(at, 8);
        return Le.u64(buf, off + at);
    }

    Bpos bpos(int at) {
        check(at, Bpos.BYTES);
        return Bpos.read(buf, off + at);
    }

    byte[] bytes(int at, int n) {
        check(at, n);
        byte[] r = new byte[n];
        System.arraycopy(buf, off + at, r, 0, n);
        return r;
    }
}
