package dev.jbcachefs.data;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.format.Le;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The decompressors of the extent compression types ({@code bch_compression_type}): lz4 (and lz4_old) as
 * a raw LZ4 block, gzip as raw deflate, zstd as a le32 compressed length then a frame; none and
 * incompressible are stored as is. Every codec writes into a buffer of exactly the uncompressed size and
 * must fill it; anything else is a decompression error (code CORRUPT), never another exception. The zstd
 * context and the Inflater are per thread and reused (creating them per extent costs more than decoding a
 * small extent); every use starts them from a clean state.
 */
final class Codecs {
    static final int NONE = 0, LZ4_OLD = 1, GZIP = 2, LZ4 = 3, ZSTD = 4, INCOMPRESSIBLE = 5, MAX_TYPE = 5;
    static final String[] NAMES = {"none", "lz4_old", "gzip", "lz4", "zstd", "incompressible"};
    private static final LZ4SafeDecompressor LZ4_SAFE = LZ4Factory.fastestInstance().safeDecompressor();
    private static final ThreadLocal<ZstdDecompressCtx> ZSTD_CTX = ThreadLocal.withInitial(ZstdDecompressCtx::new);
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));

    private Codecs() {}

    static boolean isPlain(int type) {
        return type == NONE || type == INCOMPRESSIBLE;
    }

    static String name(int type) {
        return type >= 0 && type <= MAX_TYPE ? NAMES[type] : "type " + type;
    }

    /**
     * Decompresses {@code src[off, off+len)} of compression {@code type} into all of {@code dst}.
     *
     * @throws BcachefsException CORRUPT when the data does not decompress to exactly {@code dst.length} bytes
     */
    static void decompress(int type, byte[] src, int off, int len, byte[] dst) {
        decompress(type, src, off, len, dst, 0, dst.length);
    }

    /**
     * Decompresses {@code src[off, off+len)} of compression {@code type} into exactly {@code dst[dstOff,
     * dstOff+dstLen)}; bytes of {@code dst} outside that range are never written.
     *
     * @throws BcachefsException CORRUPT when the data does not decompress to exactly {@code dstLen} bytes
     */
    static void decompress(int type, byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) {
        switch (type) {
            case NONE, INCOMPRESSIBLE -> {
                if (len < dstLen) throw fail(type, "stored size " + len + " < " + dstLen);
                System.arraycopy(src, off, dst, dstOff, dstLen);
            }
            case LZ4, LZ4_OLD -> lz4(src, off, len, dst, dstOff, dstLen);
            case GZIP -> deflate(src, off, len, dst, dstOff, dstLen);
            case ZSTD -> zstd(src, off, len, dst, dstOff, dstLen);
            default -> throw fail(type, "unknown compression type");
        }
    }

    /**
     * An LZ4 block. The encoded extent is padded with zeros to whole sectors, so the block usually ends before
     * {@code len} (upstream decompresses "partially", stopping when the output is full), and the safe
     * decompressor (bounds-checked; of the fastest instance, native when available) needs its exact length.
     * The block's last byte is almost always its last non-zero byte, so that length is tried first; when it
     * does not decode to exactly {@code dst.length} bytes (the block ends in zero literals, or is corrupt),
     * the exact length is found by walking the sequences ({@link #lz4BlockLength}) and the block decoded again.
     * Any length that decodes to exactly {@code dst.length} bytes gives the same bytes as upstream's partial
     * decode, since the output is produced by the same leading sequences.
     */
    private static void lz4(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) {
        int guess = len;
        while (guess > 0 && src[off + guess - 1] == 0) guess--;
        if (guess > 0) {
            try {
                if (LZ4_SAFE.decompress(src, off, guess, dst, dstOff, dstLen) == dstLen) return;
            } catch (LZ4Exception | ArrayIndexOutOfBoundsException e) {
                // not the block's end (or corrupt): find the exact length below
            }
        }
        int n;
        try {
            n = LZ4_SAFE.decompress(src, off, lz4BlockLength(src, off, len, dstLen), dst, dstOff, dstLen);
        } catch (LZ4Exception | ArrayIndexOutOfBoundsException e) {
            throw fail(LZ4, e.getMessage());
        }
        if (n != dstLen) throw fail(LZ4, "decompressed " + n + " bytes, expected " + dstLen);
    }

    /**
     * The length of the LZ4 block at {@code src[off..]} that decodes to {@code outLen} bytes: walks the
     * sequences (token, literal length, literals, match offset, match length) counting output bytes only,
     * and stops after the literals that complete the output (the last sequence has no match).
     */
    static int lz4BlockLength(byte[] src, int off, int len, int outLen) {
        int p = off, end = off + len;
        long out = 0;
        while (true) {
            if (p >= end) throw fail(LZ4, "block runs past the stored extent");
            int token = src[p++] & 0xff;
            long lit = token >>> 4;
            if (lit == 15) {
                int b;
                do {
                    if (p >= end) throw fail(LZ4, "literal length runs past the stored extent");
                    b = src[p++] & 0xff;
                    lit += b;
                } while (b == 255 && lit < outLen);
            }
            if (lit > end - p) throw fail(LZ4, "literals run past the stored extent");
            p += (int) lit;
            out += lit;
            if (out >= outLen) return p - off;
            if (p + 2 > end) throw fail(LZ4, "match offset runs past the stored extent");
            p += 2;
            long match = (token & 15) + 4;
            if ((token & 15) == 15) {
                int b;
                do {
                    if (p >= end) throw fail(LZ4, "match length runs past the stored extent");
                    b = src[p++] & 0xff;
                    match += b;
                } while (b == 255 && match < outLen);
            }
            out += match;
            if (out >= outLen) return p - off;
        }
    }

    private static void deflate(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) {
        Inflater inf = INFLATER.get();
        inf.reset();
        try {
            inf.setInput(src, off, len);
            int n = 0;
            while (n < dstLen) {
                int r = inf.inflate(dst, dstOff + n, dstLen - n);
                if (r == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) break;
                n += r;
            }
            if (n != dstLen) throw fail(GZIP, "decompressed " + n + " bytes, expected " + dstLen);
        } catch (DataFormatException e) {
            throw fail(GZIP, e.getMessage());
        } finally {
            inf.reset(); // drops the reference to src
        }
    }

    private static void zstd(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) {
        if (len < 4) throw fail(ZSTD, "no length prefix");
        long real = Le.u32(src, off);
        if (real > len - 4) throw fail(ZSTD, "compressed length " + real + " exceeds stored " + (len - 4));
        long n;
        try {
            ZstdDecompressCtx ctx = ZSTD_CTX.get();
            ctx.reset();
            n = ctx.decompressByteArray(dst, dstOff, dstLen, src, off + 4, (int) real);
        } catch (RuntimeException e) {
            throw fail(ZSTD, e.getMessage());
        }
        if (Zstd.isError(n)) throw fail(ZSTD, Zstd.getErrorName(n));
        if (n != dstLen) throw fail(ZSTD, "decompressed " + n + " bytes, expected " + dstLen);
    }

    private static BcachefsException fail(int type, String why) {
        return new BcachefsException(ErrorCode.CORRUPT, name(type) + " decompression failed: " + why);
    }
}
