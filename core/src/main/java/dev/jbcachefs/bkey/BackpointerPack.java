package dev.jbcachefs.bkey;

import dev.jbcachefs.format.Bpos;

/**
 * Encodes {@code backpointer} values (btree id, level, data type, bucket generation, flags, length in
 * sectors, position of the key pointing there) and their positions: the device in the inode field and
 * the pointer's sector shifted left by the superblock's {@code extent_bp_shift} plus the crc offset (the
 * sub-sector part that keeps the backpointers of several extents in one sector apart).
 */
public final class BackpointerPack {
    /** {@code sizeof(struct bch_backpointer)}. */
    static final int BYTES = 32;

    private BackpointerPack() {}

    public static byte[] encode(int btreeId, int level, int dataType, int bucketGen, long flags, long bucketLen, Bpos pos) {
        return new ValWriter(BYTES).u8(0, (int) ValWriter.fit("btree_id", btreeId, 8)).u8(1, (int) ValWriter.fit("level", level, 8))
                .u8(2, (int) ValWriter.fit("data_type", dataType, 8)).u8(3, (int) ValWriter.fit("bucket_gen", bucketGen, 8))
                .u32(4, ValWriter.fit("bp flags", flags, 32)).u32(8, ValWriter.fit("bucket_len", bucketLen, 32))
                .bpos(12, pos).get();
    }

    public static byte[] encode(Backpointer b) {
        return encode(b.btreeId(), b.level(), b.dataType(), b.bucketGen(), b.flags(), b.bucketLen(), b.pos());
    }

    /**
     * Position of the backpointer for a pointer to sector {@code ptrOffset} of device {@code dev} whose crc
     * entry has offset {@code crcOffset} ({@code bch2_extent_ptr_to_bp_pos}; 0 for plain extents and btree
     * nodes).
     */
    public static Bpos pos(int dev, long ptrOffset, int crcOffset, int extentBpShift) {
        return new Bpos(dev, (ptrOffset << extentBpShift) + crcOffset, 0);
    }

    /** {@code bucket_pos_to_bp}: position of the backpointer at {@code bucketOffset} inside a bucket. */
    public static Bpos bucketPos(int dev, long bucket, long bucketOffset, int bucketSize, int extentBpShift) {
        return new Bpos(dev, ((bucket * bucketSize) << extentBpShift) + bucketOffset, 0);
    }
}
