package dev.jbcachefs.data;

import com.github.luben.zstd.ZstdCompressCtx;

/**
 * The zstd compression parameters bcachefs compresses with: those zstd derives for a level and a source size
 * hint equal to {@code encoded_extent_max} ({@code ZSTD_getParams}), set explicitly on the context so that the
 * actual (possibly smaller) input size does not select another parameter table. The numbers are zstd's
 * public default parameter table for sources of at most 256 KiB (the default encoded_extent_max), in the
 * order windowLog, chainLog, hashLog, searchLog, minMatch, targetLength, strategy; for that hint zstd's
 * size adjustment leaves them unchanged. Other hints fall back to the level alone.
 */
final class ZstdParams {
    /** Row 0 is level 0's default (3); rows 1..22 are levels 1..22. */
    private static final int[][] UPTO_256K = {
        {18, 16, 16, 1, 4, 0, 2},
        {18, 13, 14, 1, 6, 0, 1}, {18, 14, 14, 1, 5, 0, 2}, {18, 16, 16, 1, 4, 0, 2}, {18, 16, 17, 3, 5, 2, 3},
        {18, 17, 18, 5, 5, 2, 3}, {18, 18, 19, 3, 5, 4, 4}, {18, 18, 19, 4, 4, 4, 4}, {18, 18, 19, 4, 4, 8, 5},
        {18, 18, 19, 5, 4, 8, 5}, {18, 18, 19, 6, 4, 8, 5}, {18, 18, 19, 5, 4, 12, 6}, {18, 19, 19, 7, 4, 12, 6},
        {18, 18, 19, 4, 4, 16, 7}, {18, 18, 19, 4, 3, 32, 7}, {18, 18, 19, 6, 3, 128, 7}, {18, 19, 19, 6, 3, 128, 8},
        {18, 19, 19, 8, 3, 256, 8}, {18, 19, 19, 6, 3, 128, 9}, {18, 19, 19, 8, 3, 256, 9}, {18, 19, 19, 10, 3, 512, 9},
        {18, 19, 19, 12, 3, 512, 9}, {18, 19, 19, 13, 3, 999, 9},
    };
    static final int MAX_LEVEL = 22;

    private ZstdParams() {}

    /** zstd level for a bcachefs zstd level (0..15): scaled by 3/2, at most 22; 0 stays 0 (zstd's default). */
    static int zstdLevel(int bchLevel) {
        return Math.min(bchLevel * 3 / 2, MAX_LEVEL);
    }

    /** A context for {@code zstdLevel} with the parameters of a {@code hint}-byte source. */
    static ZstdCompressCtx context(int zstdLevel, int hint) {
        ZstdCompressCtx c = new ZstdCompressCtx();
        c.setLevel(zstdLevel == 0 ? 3 : zstdLevel);
        c.setChecksum(false);
        c.setContentSize(true);
        c.setDictID(true);
        if (hint > 128 * 1024 && hint <= 256 * 1024) {
            int[] p = UPTO_256K[zstdLevel];
            c.setWindowLog(p[0]);
            c.setChainLog(p[1]);
            c.setHashLog(p[2]);
            c.setSearchLog(p[3]);
            c.setMinMatch(p[4]);
            c.setTargetLength(p[5]);
            c.setStrategy(p[6]);
        }
        return c;
    }
}
