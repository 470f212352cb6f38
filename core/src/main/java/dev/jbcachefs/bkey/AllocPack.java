package dev.jbcachefs.bkey;

import dev.jbcachefs.format.Bpos;

/**
 * Encodes the allocator's keys: {@code alloc_v4} values, {@code bucket_gens} values and positions (256
 * generations per key), and the positions of the bucket index btrees, whose keys carry no value
 * ({@code set}): freespace (an extents btree; the generation bits {@code (gen - oldest_gen) >> 4} sit in
 * the top byte of the offset), need_discard, and lru (LRU id and time in the inode field, the bucket as
 * {@code dev << 48 | bucket} in the offset).
 */
public final class AllocPack {
    /** {@code BCH_ALLOC_V4_U64s}: the current fixed part, where backpointers would start. */
    public static final int ALLOC_V4_U64S = 8;
    /** {@code BCH_ALLOC_V4_U64s_V0}: the fixed part of the first alloc_v4 version. */
    static final int ALLOC_V4_U64S_V0 = 6;
    /** {@code BCH_LRU_BUCKET_FRAGMENTATION} and {@code BCH_LRU_STRIPE_FRAGMENTATION} LRU ids. */
    public static final int LRU_BUCKET_FRAGMENTATION = 0xffff, LRU_STRIPE_FRAGMENTATION = 0xfffe;
    /** {@code LRU_TIME_BITS}. */
    static final int LRU_TIME_BITS = 48;
    static final int BUCKET_GENS_BITS = 8;

    private AllocPack() {}

    /**
     * The {@code alloc_v4} value of {@code a} (its {@code valBytes} is ignored): the size is the
     * backpointers start from the flags ({@link Alloc#backpointersStart()}, 6 when 0) in u64s; fields past
     * that size are left out.
     */
    public static byte[] allocV4(Alloc a) {
        int u64s = a.backpointersStart() != 0 ? a.backpointersStart() : ALLOC_V4_U64S_V0;
        if (u64s < ALLOC_V4_U64S_V0) throw new IllegalArgumentException("alloc_v4 bp_start " + u64s + " below " + ALLOC_V4_U64S_V0);
        if ((a.flags() >>> 8 & 63) != 0) throw new IllegalArgumentException("alloc_v4 with inline backpointers");
        ValWriter w = new ValWriter(u64s * 8);
        w.u64(0, a.journalSeqNonempty()).u32(8, ValWriter.fit("alloc flags", a.flags(), 32))
                .u8(12, (int) ValWriter.fit("gen", a.gen(), 8)).u8(13, (int) ValWriter.fit("oldest_gen", a.oldestGen(), 8))
                .u8(14, (int) ValWriter.fit("data_type", a.dataType(), 8))
                .u32(16, ValWriter.fit("dirty_sectors", a.dirtySectors(), 32)).u32(20, ValWriter.fit("cached_sectors", a.cachedSectors(), 32))
                .u64(24, a.ioTimeRead()).u64(32, a.ioTimeWrite()).u32(40, ValWriter.fit("stripe_refcount", a.stripeRefcount(), 32));
        if (u64s * 8 >= 56) w.u64(48, a.journalSeqEmpty());
        if (u64s * 8 >= 64) w.u32(56, ValWriter.fit("stripe_sectors", a.stripeSectors(), 32));
        return w.get();
    }

    /** The flags word: need_discard, need_inc_gen and the backpointers start (u64s). */
    public static long allocFlags(boolean needDiscard, boolean needIncGen, int bpStart) {
        return (needDiscard ? 1 : 0) | (needIncGen ? 2 : 0) | ValWriter.fit("bp_start", bpStart, 6) << 2;
    }

    /** Position of bucket {@code bucket} of device {@code dev} in the alloc and need_discard btrees. */
    public static Bpos bucketPos(int dev, long bucket) {
        return new Bpos(dev, bucket, 0);
    }

    /** Position of the {@code bucket_gens} key holding {@code bucket}'s generation. */
    public static Bpos bucketGensPos(int dev, long bucket) {
        return new Bpos(dev, bucket >>> BUCKET_GENS_BITS, 0);
    }

    /** Index of {@code bucket} inside its {@code bucket_gens} key. */
    public static int bucketGensOffset(long bucket) {
        return (int) (bucket & ((1 << BUCKET_GENS_BITS) - 1));
    }

    /** A {@code bucket_gens} value: exactly 256 generations. */
    public static byte[] bucketGens(byte[] gens) {
        if (gens.length != BucketGens.NR) throw new IllegalArgumentException("bucket_gens needs " + BucketGens.NR + " gens, got " + gens.length);
        return new ValWriter(BucketGens.NR).bytes(0, gens).get();
    }

    /** {@code alloc_freespace_genbits}: {@code ((gen - oldest_gen) & 0xff) >> 4} in bits 56..63. */
    public static long freespaceGenBits(int gen, int oldestGen) {
        return (long) (((gen - oldestGen) & 0xff) >>> 4) << 56;
    }

    /**
     * Position of a freespace key (an extent, so its position is its end): free buckets up to but not
     * including {@code bucketEnd} of device {@code dev} whose generation bits are {@code genBits}.
     */
    public static Bpos freespacePos(int dev, long bucketEnd, long genBits) {
        ValWriter.fit("freespace bucket", bucketEnd, 56);
        return new Bpos(dev, bucketEnd | genBits, 0);
    }

    /** {@code bucket_to_u64}: the device in the top 16 bits, the bucket below. */
    public static long bucketToU64(int dev, long bucket) {
        return (long) dev << 48 | ValWriter.fit("bucket", bucket, 48);
    }

    /** {@code lru_pos}: LRU {@code lruId} at {@code time} for bucket {@code devBucket} ({@link #bucketToU64}). */
    public static Bpos lruPos(int lruId, long devBucket, long time) {
        ValWriter.fit("lru id", lruId, 16);
        ValWriter.fit("lru time", time, LRU_TIME_BITS);
        return new Bpos((long) lruId << LRU_TIME_BITS | time, devBucket, 0);
    }

    /**
     * The fragmentation LRU position of a bucket ({@code alloc_lru_idx_fragmentation} as the time), or
     * null when the bucket does not belong on that LRU (index 0).
     */
    public static Bpos fragmentationLruPos(int dev, long bucket, Alloc a, int bucketSize) {
        long idx = a.fragmentation(bucketSize);
        return idx == 0 ? null : lruPos(LRU_BUCKET_FRAGMENTATION, bucketToU64(dev, bucket), idx);
    }

    /** A {@code bch_lru} value (the older LRU key type that stores the index). */
    public static byte[] lru(long idx) {
        return new ValWriter(8).u64(0, idx).get();
    }
}
