package dev.jbcachefs.init;

import dev.jbcachefs.sb.SbFlag;
import dev.jbcachefs.sb.SbMember;
import dev.jbcachefs.sb.SbModel;
import dev.jbcachefs.sb.SbSections;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * The superblock option fields {@code bcachefs format} writes, as raw stored values (sizes in sectors or
 * log2 sectors as the superblock keeps them): every option's default ({@code opts.h} of v1.36.1), the
 * fields format fixes (replicas_required 1, extent_bp_shift 16, incompat_allowed = the version), and the
 * member fields a new device gets. Callers override entries (compression, checksums, replicas) before
 * {@link #apply}.
 */
public final class FormatSbOptions {
    /** {@code BCH_CSUM_OPT_*}: none 0, crc32c 1, crc64 2, xxhash 3. */
    public static final int CSUM_OPT_NONE = 0, CSUM_OPT_CRC32C = 1, CSUM_OPT_CRC64 = 2, CSUM_OPT_XXHASH = 3;
    /** {@code BCH_COMPRESSION_OPT_*}: none 0, lz4 1, gzip 2, zstd 3. */
    public static final int COMPRESSION_NONE = 0, COMPRESSION_LZ4 = 1, COMPRESSION_GZIP = 2, COMPRESSION_ZSTD = 3;
    /** {@code BCH_STR_HASH_OPT_*}: crc32c 0, crc64 1, siphash 2. */
    public static final int STR_HASH_SIPHASH = 2;

    private FormatSbOptions() {}

    /** Every superblock option field format writes, at its default, for this geometry and on-disk version. */
    public static EnumMap<SbFlag, Long> defaults(FormatGeometry g, int version) {
        EnumMap<SbFlag, Long> m = new EnumMap<>(SbFlag.class);
        m.put(SbFlag.ERROR_ACTION, 1L); // fix_safe
        m.put(SbFlag.BTREE_NODE_SIZE, (long) (g.btreeNodeSize() >>> 9));
        m.put(SbFlag.GC_RESERVE, 8L);
        m.put(SbFlag.ROOT_RESERVE, 0L);
        m.put(SbFlag.META_CSUM_TYPE, (long) CSUM_OPT_CRC32C);
        m.put(SbFlag.DATA_CSUM_TYPE, (long) CSUM_OPT_CRC32C);
        m.put(SbFlag.META_REPLICAS_WANT, 1L);
        m.put(SbFlag.DATA_REPLICAS_WANT, 1L);
        m.put(SbFlag.POSIX_ACL, 1L);
        m.put(SbFlag.USRQUOTA, 0L);
        m.put(SbFlag.GRPQUOTA, 0L);
        m.put(SbFlag.PRJQUOTA, 0L);
        m.put(SbFlag.PROMOTE_WHOLE_EXTENTS, 1L);
        m.put(SbFlag.STR_HASH_TYPE, (long) STR_HASH_SIPHASH);
        m.put(SbFlag.INODE_32BIT, 0L);
        m.put(SbFlag.WIDE_MACS, 0L);
        m.put(SbFlag.ENCODED_EXTENT_MAX_BITS, (long) Integer.numberOfTrailingZeros(g.encodedExtentMax() >>> 9));
        m.put(SbFlag.PROMOTE_TARGET, 0L);
        m.put(SbFlag.FOREGROUND_TARGET, 0L);
        m.put(SbFlag.BACKGROUND_TARGET, 0L);
        m.put(SbFlag.METADATA_TARGET, 0L);
        m.put(SbFlag.GC_RESERVE_BYTES, 0L);
        m.put(SbFlag.ERASURE_CODE, 0L);
        m.put(SbFlag.SHARD_INUMS_NBITS, 0L);
        m.put(SbFlag.JOURNAL_FLUSH_DELAY, 1000L);
        m.put(SbFlag.JOURNAL_FLUSH_DISABLED, 0L);
        m.put(SbFlag.JOURNAL_RECLAIM_DELAY, 100L);
        m.put(SbFlag.JOURNAL_TRANSACTION_NAMES, 1L);
        m.put(SbFlag.NOCOW, 0L);
        m.put(SbFlag.VERSION_UPGRADE, 0L); // compatible
        m.put(SbFlag.ALLOCATOR_STUCK_TIMEOUT, 30L);
        m.put(SbFlag.WRITE_ERROR_TIMEOUT, 30L);
        m.put(SbFlag.CSUM_ERR_RETRY_NR, 3L);
        m.put(SbFlag.DEGRADED_ACTION, 0L); // ask
        m.put(SbFlag.CASEFOLD, 0L);
        m.put(SbFlag.REBALANCE_AC_ONLY, 0L);
        m.put(SbFlag.WRITEBACK_TIMEOUT, 0L);
        compression(m, false, COMPRESSION_NONE, 0);
        compression(m, true, COMPRESSION_NONE, 0);
        // not options: fixed by format
        m.put(SbFlag.META_REPLICAS_REQ, 1L);
        m.put(SbFlag.DATA_REPLICAS_REQ, 1L);
        m.put(SbFlag.EXTENT_BP_SHIFT, 16L);
        m.put(SbFlag.VERSION_INCOMPAT_ALLOWED, (long) version);
        return m;
    }

    /** Sets the (background) compression option: type in the low field, level in the high one. */
    public static void compression(Map<SbFlag, Long> m, boolean background, int type, int level) {
        m.put(background ? SbFlag.BACKGROUND_COMPRESSION_TYPE_LO : SbFlag.COMPRESSION_TYPE_LO, (long) type);
        m.put(background ? SbFlag.BACKGROUND_COMPRESSION_TYPE_HI : SbFlag.COMPRESSION_TYPE_HI, (long) level);
    }

    /** {@code --replicas=N}: metadata and data replicas wanted. */
    public static void replicas(Map<SbFlag, Long> m, int n) {
        m.put(SbFlag.META_REPLICAS_WANT, (long) n);
        m.put(SbFlag.DATA_REPLICAS_WANT, (long) n);
    }

    /** Writes every entry into the model's flags words. */
    public static void apply(SbModel model, Map<SbFlag, Long> values) {
        values.forEach(model::set);
    }

    /** The superblock's own checksum type for a metadata_checksum option (crc32c → crc32c_nonzero, crc64 → crc64_nonzero). */
    public static int sbCsumType(int metadataChecksumOpt) {
        return switch (metadataChecksumOpt) {
            case CSUM_OPT_NONE -> 0;
            case CSUM_OPT_CRC32C -> 1;
            case CSUM_OPT_CRC64 -> 2;
            case CSUM_OPT_XXHASH -> 7;
            default -> throw new IllegalArgumentException("metadata_checksum option " + metadataChecksumOpt);
        };
    }

    /**
     * The member a device gets at format: its uuid, nbuckets, bucket size, first bucket 0, state rw,
     * durability 1 (stored 2), discard, data allowed journal+btree+user, rotational (an image file counts
     * as rotational) and rotational_set. The first mount adds freespace_initialized, last_mount, seq,
     * the device name and the btree bitmap.
     */
    public static SbMember member(UUID uuid, FormatGeometry.Device d, boolean rotational) {
        SbMember m = new SbMember();
        m.uuid = uuid;
        m.nbuckets = d.nbuckets();
        m.firstBucket = d.firstBucket();
        m.bucketSize = d.bucketSectors();
        m.state(SbMember.STATE_RW).durabilityField(2).discard(true).dataAllowed(SbSections.DATA_ALLOWED_DEFAULT)
                .rotational(rotational).rotationalSet(true);
        return m;
    }
}
