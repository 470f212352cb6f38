package dev.jbcachefs.btree;

import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeyFormat;
import dev.jbcachefs.format.Le;

/**
 * Writes a key header packed in a node's {@link BkeyFormat} (the inverse of {@link BkeyFormat#unpack}):
 * one little-endian integer of key_u64s words whose low 24 bits are u64s, format and type, with the six
 * fields stored minus their offsets from the most significant bit down. A key whose field falls outside
 * the format's range does not pack and is written unpacked instead.
 */
final class BkeyPack {
    private BkeyPack() {}

    /** Field values of {@code k} in format order. */
    private static long[] fields(Bkey k) {
        return new long[] {k.p().inode(), k.p().offset(), k.p().snapshotUnsigned(), k.sizeUnsigned(), k.versionHi() & 0xffffffffL, k.versionLo()};
    }

    /** True when every field of {@code k} fits {@code f}. */
    static boolean fits(BkeyFormat f, Bkey k) {
        long[] v = fields(k);
        for (int i = 0; i < v.length; i++) {
            if (Long.compareUnsigned(v[i], f.offset(i)) < 0) return false;
            long d = v[i] - f.offset(i);
            int b = f.bits(i);
            if (b < 64 && (d >>> b) != 0) return false;
        }
        return true;
    }

    /**
     * Writes {@code k} (with {@code valU64s} u64s of value to follow) packed in {@code f} at {@code off},
     * needs_whiteout clear. The caller has checked {@link #fits}. Returns the bytes of the key header.
     */
    static int pack(BkeyFormat f, Bkey k, int valU64s, byte[] b, int off) {
        int words = f.keyU64s();
        long[] w = new long[words];
        w[0] = (f.keyU64s() + valU64s) | (long) Bkey.FORMAT_LOCAL_BTREE << 8 | (long) (k.type() & 0xff) << 16;
        long[] v = fields(k);
        int hi = words * 64;
        for (int i = 0; i < v.length; i++) {
            int n = f.bits(i);
            hi -= n;
            if (n == 0) continue;
            long d = v[i] - f.offset(i);
            int word = hi >>> 6, sh = hi & 63;
            w[word] |= d << sh;
            if (sh != 0 && sh + n > 64) w[word + 1] |= d >>> (64 - sh);
        }
        for (int i = 0; i < words; i++) Le.put64(b, off + i * 8, w[i]);
        return words * 8;
    }
}
