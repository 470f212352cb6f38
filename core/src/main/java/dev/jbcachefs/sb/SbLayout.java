package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Le;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code struct bch_sb_layout} (512 bytes, at sector 7 and embedded in every superblock): magic, layout
 * type, log2 of the maximum superblock size in sectors, and the sector offsets of every superblock copy.
 */
public record SbLayout(int layoutType, int sbMaxSizeBits, List<Long> sbOffsets) {
    public static final int MAX_COPIES = 61;

    static SbLayout read(byte[] b, int off, String where) {
        if (!Arrays.equals(b, off, off + 16, Superblock.MAGIC, 0, 16)) throw BcachefsException.corrupt("bad superblock layout magic", where);
        int type = Le.u8(b, off + 16);
        int bits = Le.u8(b, off + 17);
        int nr = Le.u8(b, off + 18);
        if (type != 0) throw BcachefsException.corrupt("unknown superblock layout type " + type, where);
        if (nr == 0 || nr > MAX_COPIES) throw BcachefsException.corrupt("superblock layout names " + nr + " copies (1.." + MAX_COPIES + " allowed)", where);
        if (bits > 16) throw BcachefsException.corrupt("superblock layout max size bits " + bits + " > 16", where);
        List<Long> offs = new ArrayList<>(nr);
        for (int i = 0; i < nr; i++) offs.add(Le.u64(b, off + 24 + i * 8));
        return new SbLayout(type, bits, List.copyOf(offs));
    }
}
