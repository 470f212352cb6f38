package dev.jbcachefs.sb;

/**
 * The named bitfields of the superblock's {@code flags[7]} words ({@code BCH_SB_*} of 1.36): word index
 * and bit range {@code lo..hi} (exclusive). Options that live in the superblock are stored here; the
 * writer sets them by name through {@link SbModel#set}.
 */
public enum SbFlag {
    INITIALIZED(0, 0, 1), CLEAN(0, 1, 2), CSUM_TYPE(0, 2, 8), ERROR_ACTION(0, 8, 12), BTREE_NODE_SIZE(0, 12, 28),
    GC_RESERVE(0, 28, 33), ROOT_RESERVE(0, 33, 40), META_CSUM_TYPE(0, 40, 44), DATA_CSUM_TYPE(0, 44, 48),
    META_REPLICAS_WANT(0, 48, 52), DATA_REPLICAS_WANT(0, 52, 56), POSIX_ACL(0, 56, 57), USRQUOTA(0, 57, 58),
    GRPQUOTA(0, 58, 59), PRJQUOTA(0, 59, 60), HAS_ERRORS(0, 60, 61), HAS_TOPOLOGY_ERRORS(0, 61, 62),
    BIG_ENDIAN(0, 62, 63), PROMOTE_WHOLE_EXTENTS(0, 63, 64),
    STR_HASH_TYPE(1, 0, 4), COMPRESSION_TYPE_LO(1, 4, 8), INODE_32BIT(1, 8, 9), WIDE_MACS(1, 9, 10),
    ENCRYPTION_TYPE(1, 10, 14), ENCODED_EXTENT_MAX_BITS(1, 14, 20), META_REPLICAS_REQ(1, 20, 24),
    DATA_REPLICAS_REQ(1, 24, 28), PROMOTE_TARGET(1, 28, 40), FOREGROUND_TARGET(1, 40, 52), BACKGROUND_TARGET(1, 52, 64),
    BACKGROUND_COMPRESSION_TYPE_LO(2, 0, 4), GC_RESERVE_BYTES(2, 4, 64),
    ERASURE_CODE(3, 0, 16), METADATA_TARGET(3, 16, 28), SHARD_INUMS(3, 28, 29), JOURNAL_FLUSH_DELAY(3, 30, 62),
    JOURNAL_FLUSH_DISABLED(3, 62, 63), MULTI_DEVICE(3, 63, 64),
    JOURNAL_RECLAIM_DELAY(4, 0, 32), JOURNAL_TRANSACTION_NAMES(4, 32, 33), NOCOW(4, 33, 34),
    WRITE_BUFFER_SIZE(4, 34, 54), VERSION_UPGRADE(4, 54, 56), COMPRESSION_TYPE_HI(4, 56, 60),
    BACKGROUND_COMPRESSION_TYPE_HI(4, 60, 64),
    VERSION_UPGRADE_COMPLETE(5, 0, 16), ALLOCATOR_STUCK_TIMEOUT(5, 16, 32), VERSION_INCOMPAT(5, 32, 48),
    VERSION_INCOMPAT_ALLOWED(5, 48, 64),
    SHARD_INUMS_NBITS(6, 0, 4), WRITE_ERROR_TIMEOUT(6, 4, 14), CSUM_ERR_RETRY_NR(6, 14, 20), DEGRADED_ACTION(6, 20, 22),
    CASEFOLD(6, 22, 23), REBALANCE_AC_ONLY(6, 23, 24), WRITEBACK_TIMEOUT(6, 24, 40), EXTENT_BP_SHIFT(6, 40, 48);

    private final int word, lo, hi;

    SbFlag(int word, int lo, int hi) {
        this.word = word;
        this.lo = lo;
        this.hi = hi;
    }

    public int word() {
        return word;
    }

    public int lo() {
        return lo;
    }

    public int hi() {
        return hi;
    }
}
