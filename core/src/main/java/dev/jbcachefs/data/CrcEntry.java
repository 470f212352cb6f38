package dev.jbcachefs.data;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.bkey.ExtentEntry;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.format.Le;

/**
 * Encodes the crc entry of an extent value ({@code bch_extent_crc32/64/128}): picks the smallest kind whose
 * fields hold the checksum width, the uncompressed size and the nonce, and packs the fields (sizes stored
 * minus one) in that kind's bit layout, the inverse of the reader's decoding in {@code bkey.Extent}.
 */
public final class CrcEntry {
    private CrcEntry() {}

    /** The smallest entry kind that holds these fields ({@link ExtentEntry#CRC32}, CRC64 or CRC128). */
    public static int kindFor(CsumType csum, int uncompressedSize, int nonce) {
        int w = csum.bytes();
        if (w <= 4 && uncompressedSize <= 128 && nonce == 0) return ExtentEntry.CRC32;
        if (w <= 10 && uncompressedSize <= 512 && nonce <= 1023) return ExtentEntry.CRC64;
        if (w <= 16 && uncompressedSize <= 8192 && nonce <= 8191) return ExtentEntry.CRC128;
        throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "no crc entry holds " + uncompressedSize
                + " sectors with nonce " + nonce + " and checksum " + csum.upstreamName());
    }

    /** Size in bytes of an entry of {@code kind}. */
    public static int bytes(int kind) {
        return ExtentEntry.U64S[kind] * 8;
    }

    /** Writes {@code c} (of its {@code kind}) at {@code dst[off]}; returns the bytes written (8, 16 or 24). */
    public static int pack(ExtentEntry.Crc c, byte[] dst, int off) {
        long comp = c.compressedSize() - 1L, size = c.uncompressedSize() - 1L;
        long ct = c.csumType() & 15L, zt = c.compressionType() & 15L;
        switch (c.kind()) {
            case ExtentEntry.CRC32 -> {
                check(c, 128, 0);
                Le.put64(dst, off, 1L << 1 | comp << 2 | size << 9 | (long) c.offset() << 16 | ct << 24 | zt << 28
                        | (c.csumLo() & 0xffffffffL) << 32);
            }
            case ExtentEntry.CRC64 -> {
                check(c, 512, 1023);
                Le.put64(dst, off, 1L << 2 | comp << 3 | size << 12 | (long) c.offset() << 21 | (long) c.nonce() << 30
                        | ct << 40 | zt << 44 | (c.csumHi() & 0xffffL) << 48);
                Le.put64(dst, off + 8, c.csumLo());
            }
            case ExtentEntry.CRC128 -> {
                check(c, 8192, 8191);
                Le.put64(dst, off, 1L << 3 | comp << 4 | size << 17 | (long) c.offset() << 30 | (long) c.nonce() << 43
                        | ct << 56 | zt << 60);
                Le.put64(dst, off + 8, c.csumLo());
                Le.put64(dst, off + 16, c.csumHi());
            }
            default -> throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "not a crc entry kind: " + c.kind());
        }
        return bytes(c.kind());
    }

    private static void check(ExtentEntry.Crc c, int maxSize, int maxNonce) {
        if (c.compressedSize() < 1 || c.compressedSize() > maxSize || c.uncompressedSize() < 1 || c.uncompressedSize() > maxSize
                || c.offset() < 0 || c.offset() >= maxSize || c.nonce() < 0 || c.nonce() > maxNonce) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "crc fields do not fit a crc entry of kind " + c.kind() + ": " + c);
        }
    }
}
