package dev.jbcachefs.format;

/**
 * {@code struct bch_extent_ptr} (one u64, bits LSB first): type marker 1 bit (set), cached 1, unused 1,
 * unwritten 1, offset 44 (sectors from the device start), dev 8, gen 8. Used by extents and by btree
 * node pointers.
 */
public record ExtentPtr(boolean cached, boolean unwritten, long offset, int dev, int gen) {
    public static ExtentPtr decode(long v) {
        return new ExtentPtr((v & 2) != 0, (v & 8) != 0, (v >>> 4) & ((1L << 44) - 1), (int) ((v >>> 48) & 0xff), (int) (v >>> 56) & 0xff);
    }

    public long encode() {
        return 1L | (cached ? 2 : 0) | (unwritten ? 8 : 0) | ((offset & ((1L << 44) - 1)) << 4) | ((long) (dev & 0xff) << 48) | ((long) (gen & 0xff) << 56);
    }
}
