package dev.jbcachefs.bkey;

import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.Le;

/**
 * Little-endian writes into a value buffer that is sized in whole u64s and zero-filled, so every
 * encoder in this package returns a value padded the way upstream pads ({@code memset_u64s_tail}). The
 * mirror of {@link ValReader}.
 */
final class ValWriter {
    final byte[] buf;

    /** A zeroed value of {@code bytes} rounded up to whole u64s. */
    ValWriter(int bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative value size " + bytes);
        buf = new byte[u64sOf(bytes) * 8];
    }

    /** Whole u64s needed for {@code bytes}. */
    static int u64sOf(int bytes) {
        return (bytes + 7) / 8;
    }

    ValWriter u8(int at, int v) {
        buf[at] = (byte) v;
        return this;
    }

    ValWriter u16(int at, int v) {
        Le.put16(buf, at, v);
        return this;
    }

    ValWriter u32(int at, long v) {
        Le.put32(buf, at, v);
        return this;
    }

    ValWriter u64(int at, long v) {
        Le.put64(buf, at, v);
        return this;
    }

    ValWriter bpos(int at, Bpos p) {
        p.write(buf, at);
        return this;
    }

    ValWriter bytes(int at, byte[] b) {
        System.arraycopy(b, 0, buf, at, b.length);
        return this;
    }

    byte[] get() {
        return buf;
    }

    /** Checks that an unsigned field fits {@code bits}; encoders refuse values upstream could not store. */
    static long fit(String what, long v, int bits) {
        if (bits < 64 && (v >>> bits) != 0)
            throw new IllegalArgumentException(what + " " + Long.toUnsignedString(v) + " does not fit in " + bits + " bits");
        return v;
    }
}
