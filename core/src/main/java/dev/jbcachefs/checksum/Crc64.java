package dev.jbcachefs.checksum;

/**
 * {@code crc64_be}: the ECMA-182 polynomial 0x42F0E1EBA9EA3693, MSB first, table driven (slicing by 8).
 * The JDK has no CRC-64, and no library is worth a dependency for it. bcachefs type 2 uses init and
 * xorout all-ones, type 6 init 0 and no xorout: both are {@link #update} with a different seed and final
 * xor.
 */
public final class Crc64 {
    static final long POLY = 0x42F0E1EBA9EA3693L;
    private static final long[][] T = new long[8][256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = ((long) i) << 56;
            for (int j = 0; j < 8; j++) crc = (crc << 1) ^ ((crc & 0x8000000000000000L) != 0 ? POLY : 0);
            T[0][i] = crc;
        }
        for (int i = 0; i < 256; i++) {
            for (int k = 1; k < 8; k++) T[k][i] = (T[k - 1][i] << 8) ^ T[0][(int) (T[k - 1][i] >>> 56)];
        }
    }

    private Crc64() {}

    /** Continues {@code crc} (no pre/post inversion) over {@code len} bytes. */
    public static long update(long crc, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            long x = crc ^ (((long) (b[i] & 0xff) << 56) | ((long) (b[i + 1] & 0xff) << 48) | ((long) (b[i + 2] & 0xff) << 40)
                    | ((long) (b[i + 3] & 0xff) << 32) | ((long) (b[i + 4] & 0xff) << 24) | ((long) (b[i + 5] & 0xff) << 16)
                    | ((long) (b[i + 6] & 0xff) << 8) | ((long) (b[i + 7] & 0xff)));
            crc = T[7][(int) (x >>> 56)] ^ T[6][(int) (x >>> 48) & 0xff] ^ T[5][(int) (x >>> 40) & 0xff]
                    ^ T[4][(int) (x >>> 32) & 0xff] ^ T[3][(int) (x >>> 24) & 0xff] ^ T[2][(int) (x >>> 16) & 0xff]
                    ^ T[1][(int) (x >>> 8) & 0xff] ^ T[0][(int) x & 0xff];
            i += 8;
        }
        while (i < end) {
            crc = (crc << 8) ^ T[0][(int) ((crc >>> 56) ^ (b[i++] & 0xff)) & 0xff];
        }
        return crc;
    }
}
