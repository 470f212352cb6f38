package dev.jbcachefs.data;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.jbcachefs.format.Le;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.zip.Deflater;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Compresses one block-aligned input into a bounded output the way bcachefs decides it: a single block is
 * never compressed; when the output does not fit, the input is shortened (to the codec's hint of what fits,
 * else by half the excess) and compression retried; a result that does not save at least one block is
 * refused. Refusal is reported as the {@code incompressible} type, which the extent then records.
 *
 * <p>Codecs: lz4 levels below 3 as the fast block compressor (upstream's "dest size" variant is emulated: when
 * the whole input does not fit, the hint is the longest block-multiple prefix that does), higher levels as
 * LZ4 HC; gzip as raw deflate (level 0 = zlib's default, else clamped to 1..9); zstd at level × 3/2 with the
 * parameters of an {@code encoded_extent_max}-sized source ({@link ZstdParams}), its output prefixed by its
 * le32 length and bounded 11 bytes short of the room, as upstream does. zstd contexts are kept for reuse
 * (one per thread compressing at once; each call starts a fresh frame, so the output is the same as from a
 * new context) and closed when the compressor is collected: making a context per extent cost several per
 * cent of the compression time.
 */
final class Compressor {
    static final int LZ4HC_MIN_LEVEL = 3;
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    /** Outcome: the extent compression type, input bytes covered and output bytes (block-padded). */
    record Result(int type, int srcLen, int dstLen) {}

    private final Compression compression;
    private final int level;
    private final int block;
    private final int hint;
    private final ZstdPool zstdPool;
    private static final Cleaner CLEANER = Cleaner.create();

    Compressor(Compression compression, int level, int blockSize, int encodedExtentMax) {
        this.compression = compression;
        this.level = level;
        this.block = blockSize;
        this.hint = encodedExtentMax;
        if (compression == Compression.ZSTD) {
            zstdPool = new ZstdPool(ZstdParams.zstdLevel(level), encodedExtentMax);
            CLEANER.register(this, zstdPool);
        } else {
            zstdPool = null;
        }
    }

    /** Idle zstd contexts of one compressor; running it (the cleaner does) closes them. Holds no reference to the compressor. */
    private static final class ZstdPool implements Runnable {
        private static final int MAX_IDLE = 64;
        private final int zstdLevel;
        private final int hint;
        private final ArrayDeque<ZstdCompressCtx> idle = new ArrayDeque<>();
        private boolean closed;

        ZstdPool(int zstdLevel, int hint) {
            this.zstdLevel = zstdLevel;
            this.hint = hint;
        }

        synchronized ZstdCompressCtx take() {
            ZstdCompressCtx c = idle.poll();
            return c != null ? c : ZstdParams.context(zstdLevel, hint);
        }

        synchronized void give(ZstdCompressCtx c) {
            if (closed || idle.size() >= MAX_IDLE) c.close();
            else idle.push(c);
        }

        @Override
        public synchronized void run() {
            closed = true;
            for (ZstdCompressCtx c : idle) c.close();
            idle.clear();
        }
    }

    /**
     * Compresses {@code src[off, off+srcLen)} (block multiple) into {@code dst[0, dstRoom)} (block multiple).
     * On success the output is zero-padded to a block multiple; the result's type is then the codec's, else
     * {@link Codecs#INCOMPRESSIBLE} (dst content undefined).
     */
    Result compress(byte[] src, int off, int srcLen, byte[] dst, int dstRoom) {
        Result no = new Result(Codecs.INCOMPRESSIBLE, srcLen, srcLen);
        if (srcLen <= block) return no;
        int out;
        while (true) {
            if (srcLen <= block) return no;
            int ret = attempt(src, off, srcLen, dst, dstRoom);
            if (ret > 0) {
                out = ret;
                break;
            }
            if (srcLen <= dstRoom) return no;
            srcLen = ret < 0 ? -ret : srcLen - (srcLen - dstRoom) / 2;
            srcLen = srcLen / block * block;
        }
        int padded = (out + block - 1) / block * block;
        if (padded >= srcLen) return new Result(Codecs.INCOMPRESSIBLE, srcLen, srcLen);
        Arrays.fill(dst, out, padded, (byte) 0);
        return new Result(compression.typeId(), srcLen, padded);
    }

    /** One try: the output length (> 0), 0 when it did not fit, or minus a hint of how much input would fit. */
    private int attempt(byte[] src, int off, int len, byte[] dst, int room) {
        return switch (compression) {
            case LZ4 -> level < LZ4HC_MIN_LEVEL ? lz4Fast(src, off, len, dst, room) : lz4Hc(src, off, len, dst, room);
            case GZIP -> deflate(src, off, len, dst, room);
            case ZSTD -> zstd(src, off, len, dst, room);
            case NONE -> throw new IllegalStateException("no compression");
        };
    }

    private int lz4Fast(byte[] src, int off, int len, byte[] dst, int room) {
        LZ4Compressor c = LZ4.fastCompressor();
        byte[] tmp = new byte[c.maxCompressedLength(len)];
        int n = c.compress(src, off, len, tmp, 0, tmp.length);
        if (n <= room) {
            System.arraycopy(tmp, 0, dst, 0, n);
            return n;
        }
        int lo = 0, hi = len / block; // blocks: lo fits (trivially 0), hi does not
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (c.compress(src, off, mid * block, tmp, 0, tmp.length) <= room) lo = mid;
            else hi = mid;
        }
        return lo == 0 ? -1 : -(lo * block);
    }

    private int lz4Hc(byte[] src, int off, int len, byte[] dst, int room) {
        LZ4Compressor c = LZ4.highCompressor(level);
        byte[] tmp = new byte[c.maxCompressedLength(len)];
        int n = c.compress(src, off, len, tmp, 0, tmp.length);
        if (n > room) return -1;
        System.arraycopy(tmp, 0, dst, 0, n);
        return n;
    }

    private int deflate(byte[] src, int off, int len, byte[] dst, int room) {
        Deflater d = new Deflater(level == 0 ? Deflater.DEFAULT_COMPRESSION : Math.clamp(level, 1, 9), true);
        try {
            d.setInput(src, off, len);
            d.finish();
            int n = 0;
            while (!d.finished() && n < room) n += d.deflate(dst, n, room - n);
            return d.finished() ? n : 0;
        } finally {
            d.end();
        }
    }

    private int zstd(byte[] src, int off, int len, byte[] dst, int room) {
        int cap = room - 4 - 7;
        if (cap <= 0) return 0;
        ZstdCompressCtx ctx = zstdPool.take();
        try {
            int n = ctx.compressByteArray(dst, 4, cap, src, off, len);
            if (Zstd.isError(n)) return 0;
            Le.put32(dst, 0, n);
            return n + 4;
        } catch (ZstdException e) {
            return 0;
        } finally {
            zstdPool.give(ctx);
        }
    }
}
