package dev.jbcachefs.checksum;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Computes the non-cryptographic checksum types over byte ranges. Type 1 (crc32c_nonzero) is exactly
 * {@link CRC32C}; type 5 (crc32c, init 0, no xorout) is derived from the JDK intrinsic through
 * {@code raw0(d) = CRC32C(d) ^ CRC32C(zeros(len))}, where the zero term depends only on the length and is
 * computed by CRC32C combination in O(log n). The encrypted types need a key and live in the crypto
 * package.
 */
public final class Checksum {
    private static final XXHash64 XXH64 = XXHashFactory.safeInstance().hash64();

    private Checksum() {}

    /** True for the types this class computes without a key. */
    public static boolean isPlain(CsumType t) {
        return !t.isEncryption();
    }

    /** Checksums {@code len} bytes at {@code off} with a keyless type. */
    public static Csum compute(CsumType type, byte[] b, int off, int len) {
        return switch (type) {
            case NONE -> Csum.ZERO;
            case CRC32C_NONZERO -> new Csum(crc32cStandard(b, off, len), 0);
            case CRC32C -> new Csum(crc32cRaw(b, off, len), 0);
            case CRC64_NONZERO -> new Csum(~Crc64.update(-1L, b, off, len), 0);
            case CRC64 -> new Csum(Crc64.update(0, b, off, len), 0);
            case XXHASH -> new Csum(XXH64.hash(b, off, len, 0), 0);
            case CHACHA20_POLY1305_80, CHACHA20_POLY1305_128 ->
                throw new IllegalArgumentException("checksum type " + type.upstreamName() + " needs the encryption key");
        };
    }

    /**
     * Checksums the bytes of {@code s} (on or off the heap) with a keyless type: the crc32c types and xxhash
     * read native memory in place (how the mount verifies data read straight into its reply buffer); crc64
     * goes through a small bounce array.
     */
    public static Csum compute(CsumType type, MemorySegment s) {
        if (s.byteSize() > Integer.MAX_VALUE) throw new IllegalArgumentException("checksum of " + s.byteSize() + " bytes");
        int len = (int) s.byteSize();
        return switch (type) {
            case NONE -> Csum.ZERO;
            case CRC32C_NONZERO -> new Csum(crc32cStandard(s), 0);
            case CRC32C -> new Csum((crc32cStandard(s) ^ crc32cOfZeros(len)) & 0xffffffffL, 0);
            case CRC64_NONZERO -> new Csum(~crc64(-1L, s), 0);
            case CRC64 -> new Csum(crc64(0, s), 0);
            case XXHASH -> new Csum(XXH64.hash(s.asByteBuffer(), 0, len, 0), 0);
            case CHACHA20_POLY1305_80, CHACHA20_POLY1305_128 ->
                throw new IllegalArgumentException("checksum type " + type.upstreamName() + " needs the encryption key");
        };
    }

    private static long crc32cStandard(MemorySegment s) {
        CRC32C c = new CRC32C();
        c.update(s.asByteBuffer());
        return c.getValue();
    }

    private static long crc64(long crc, MemorySegment s) {
        byte[] bounce = new byte[(int) Math.min(s.byteSize(), 64 << 10)];
        for (long at = 0; at < s.byteSize(); at += bounce.length) {
            int n = (int) Math.min(bounce.length, s.byteSize() - at);
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at, bounce, 0, n);
            crc = Crc64.update(crc, bounce, 0, n);
        }
        return crc;
    }

    public static long crc32cStandard(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return c.getValue();
    }

    /** Raw CRC-32C with init 0 and no final xor ({@code crc32c(0, ...)} in the kernel). */
    public static long crc32cRaw(byte[] b, int off, int len) {
        return (crc32cStandard(b, off, len) ^ crc32cOfZeros(len)) & 0xffffffffL;
    }

    // --- CRC32C of n zero bytes (standard init/xorout), by GF(2) matrix squaring -------------------------
    private static final int CRC32C_POLY_REFLECTED = 0x82F63B78;
    private static final int ZERO_CACHE_SIZE = 64;
    private static final long[] zeroLen = new long[ZERO_CACHE_SIZE];
    private static final long[] zeroVal = new long[ZERO_CACHE_SIZE];

    /** Results for whole sectors up to the largest encoded extent (8192 sectors), stored +1 (0: not yet known): no collisions. */
    private static final java.util.concurrent.atomic.AtomicLongArray SECTOR_ZEROS = new java.util.concurrent.atomic.AtomicLongArray(8193);

    static long crc32cOfZeros(long n) {
        if ((n & 511) == 0 && n >>> 9 < SECTOR_ZEROS.length()) {
            int i = (int) (n >>> 9);
            long v = SECTOR_ZEROS.get(i);
            if (v != 0) return v - 1;
            v = (shiftZeros(0xFFFFFFFFL, n) ^ 0xFFFFFFFFL) & 0xffffffffL;
            SECTOR_ZEROS.set(i, v + 1);
            return v;
        }
        int slot = (int) ((n ^ (n >>> 9) ^ (n >>> 17)) & (ZERO_CACHE_SIZE - 1));
        synchronized (zeroLen) {
            if (zeroLen[slot] == n + 1) return zeroVal[slot];
        }
        // standard crc over zeros: start register 0xFFFFFFFF, feed n zero bytes, xor out.
        long reg = shiftZeros(0xFFFFFFFFL, n);
        long v = (reg ^ 0xFFFFFFFFL) & 0xffffffffL;
        synchronized (zeroLen) {
            zeroLen[slot] = n + 1;
            zeroVal[slot] = v;
        }
        return v;
    }

    /** Advances a reflected CRC32C register over {@code n} zero bytes. */
    private static long shiftZeros(long reg, long n) {
        // operator for one zero bit
        int[] odd = new int[32];
        int[] even = new int[32];
        odd[0] = CRC32C_POLY_REFLECTED;
        int row = 1;
        for (int i = 1; i < 32; i++) {
            odd[i] = row;
            row <<= 1;
        }
        gf2Square(even, odd); // 2 bits
        gf2Square(odd, even); // 4 bits
        int r = (int) reg;
        long len = n;
        // first squaring gives 8 bits (one byte)
        do {
            gf2Square(even, odd);
            if ((len & 1) != 0) r = gf2Times(even, r);
            len >>>= 1;
            if (len == 0) break;
            gf2Square(odd, even);
            if ((len & 1) != 0) r = gf2Times(odd, r);
            len >>>= 1;
        } while (len != 0);
        return r & 0xffffffffL;
    }

    private static int gf2Times(int[] mat, int vec) {
        int sum = 0;
        int i = 0;
        while (vec != 0) {
            if ((vec & 1) != 0) sum ^= mat[i];
            vec >>>= 1;
            i++;
        }
        return sum;
    }

    private static void gf2Square(int[] square, int[] mat) {
        for (int n = 0; n < 32; n++) square[n] = gf2Times(mat, mat[n]);
    }
}
