package dev.jbcachefs.bkey;

/**
 * bcachefs's variable-length integer ({@code bch2_varint_decode_fast}): the number of trailing one bits of
 * the first byte plus one gives the length; up to 8 bytes hold the value shifted left by the length, a
 * first byte of 0xff is followed by the 8-byte value.
 */
final class Varint {
    private Varint() {}

    /** Decodes at {@code pos}, returning the value and setting {@code len[0]} to the byte count; -1 length if it runs past {@code end}. */
    static long decode(byte[] b, int pos, int end, int[] len) {
        int first = b[pos] & 0xff;
        int bytes = Integer.numberOfTrailingZeros(~first) + 1;
        if (bytes > 9 || pos + bytes > end) {
            len[0] = -1;
            return 0;
        }
        long v;
        if (bytes < 9) {
            v = 0;
            for (int i = 0; i < bytes; i++) v |= (long) (b[pos + i] & 0xff) << (8 * i);
            v >>>= bytes;
            v &= ~(-1L << (7 * bytes));
        } else {
            v = 0;
            for (int i = 0; i < 8; i++) v |= (long) (b[pos + 1 + i] & 0xff) << (8 * i);
        }
        len[0] = bytes;
        return v;
    }
}
