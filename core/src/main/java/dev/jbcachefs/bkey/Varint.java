package dev.jbcachefs.bkey;

/**
 * bcachefs's variable-length integer ({@code bch2_varint_decode_fast}): the number of trailing one bits of
 * the first byte plus one gives the length; up to 8 bytes hold the value shifted left by the length, a
 * first byte of 0xff is followed by the 8-byte value. {@link #encode} writes the shortest form
 * ({@code bch2_varint_encode_fast}).
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

    /** Bytes {@link #encode} writes for {@code v}: one per started 7 bits, 9 past 56 bits. */
    static int length(long v) {
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        int bytes = (bits + 6) / 7;
        return bytes < 9 ? bytes : 9;
    }

    /** Encodes {@code v} at {@code pos} (the buffer must have room); returns the byte count. */
    static int encode(long v, byte[] b, int pos) {
        int bytes = length(v);
        if (bytes == 9) {
            b[pos] = (byte) 0xff;
            for (int i = 0; i < 8; i++) b[pos + 1 + i] = (byte) (v >>> (8 * i));
            return 9;
        }
        long enc = (v << bytes) | ((1L << (bytes - 1)) - 1);
        for (int i = 0; i < bytes; i++) b[pos + i] = (byte) (enc >>> (8 * i));
        return bytes;
    }
}
