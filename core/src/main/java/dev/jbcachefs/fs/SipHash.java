package dev.jbcachefs.fs;

/**
 * SipHash-2-4 (Aumasson and Bernstein), the keyed hash bcachefs uses for directory entry and xattr
 * positions. Written from the published algorithm: 64-bit key halves, little-endian message words, the
 * length in the top byte of the last word, 2 compression and 4 finalization rounds.
 */
final class SipHash {
    private SipHash() {}

    static long hash(long k0, long k1, byte[] m, int off, int len) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int end = off + len;
        int i = off;
        long[] v = {v0, v1, v2, v3};
        for (; end - i >= 8; i += 8) {
            long w = 0;
            for (int j = 7; j >= 0; j--) w = (w << 8) | (m[i + j] & 0xffL);
            compress(v, w);
        }
        long last = ((long) len & 0xff) << 56;
        for (int j = end - i - 1; j >= 0; j--) last |= (m[i + j] & 0xffL) << (8 * j);
        compress(v, last);
        v[2] ^= 0xff;
        for (int r = 0; r < 4; r++) round(v);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void compress(long[] v, long w) {
        v[3] ^= w;
        round(v);
        round(v);
        v[0] ^= w;
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }
}
