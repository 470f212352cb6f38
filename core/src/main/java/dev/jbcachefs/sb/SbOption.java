package dev.jbcachefs.sb;

import dev.jbcachefs.bkey.Names;
import dev.jbcachefs.util.Printbuf;
import java.util.List;

/**
 * The filesystem options stored in the superblock ({@code BCH_OPTS()} entries that have a superblock
 * field), in upstream's table order, with where each lives ({@code flags[word]} bits {@code lo..hi}, or the
 * {@code block_size} field) and how its raw value is scaled and printed. {@link #value} gives the option's
 * value as upstream's {@code bch2_opt_from_sb} does; {@link #toText} prints it as show-super does.
 */
public enum SbOption {
    BLOCK_SIZE("block_size", Kind.UINT, -1, 0, 16, F.HR | F.SECTORS),
    BTREE_NODE_SIZE("btree_node_size", Kind.UINT, 0, 12, 28, F.HR | F.SECTORS),
    ERRORS("errors", Kind.STR, 0, 8, 12, 0, SbNames.ERROR_ACTIONS),
    WRITE_ERROR_TIMEOUT("write_error_timeout", Kind.UINT, 6, 4, 14, 0),
    METADATA_REPLICAS("metadata_replicas", Kind.UINT, 0, 48, 52, 0),
    DATA_REPLICAS("data_replicas", Kind.UINT, 0, 52, 56, 0),
    ENCODED_EXTENT_MAX("encoded_extent_max", Kind.UINT, 1, 14, 20, F.HR | F.SECTORS | F.ILOG2),
    METADATA_CHECKSUM("metadata_checksum", Kind.STR, 0, 40, 44, 0, Names.CSUM_OPTS),
    DATA_CHECKSUM("data_checksum", Kind.STR, 0, 44, 48, 0, Names.CSUM_OPTS),
    CHECKSUM_ERR_RETRY_NR("checksum_err_retry_nr", Kind.UINT, 6, 14, 20, 0),
    COMPRESSION("compression", Kind.COMPRESSION, 1, 4, 8, 0),
    BACKGROUND_COMPRESSION("background_compression", Kind.COMPRESSION, 2, 0, 4, 0),
    STR_HASH("str_hash", Kind.STR, 1, 0, 4, 0, SbNames.STR_HASH_OPTS),
    METADATA_TARGET("metadata_target", Kind.TARGET, 3, 16, 28, 0),
    FOREGROUND_TARGET("foreground_target", Kind.TARGET, 1, 40, 52, 0),
    BACKGROUND_TARGET("background_target", Kind.TARGET, 1, 52, 64, 0),
    PROMOTE_TARGET("promote_target", Kind.TARGET, 1, 28, 40, 0),
    ERASURE_CODE("erasure_code", Kind.UINT, 3, 0, 16, 0),
    CASEFOLD("casefold", Kind.UINT, 6, 22, 23, 0),
    INODES_32BIT("inodes_32bit", Kind.UINT, 1, 8, 9, 0),
    SHARD_INODE_NUMBERS_BITS("shard_inode_numbers_bits", Kind.UINT, 6, 0, 4, 0),
    GC_RESERVE_PERCENT("gc_reserve_percent", Kind.UINT, 0, 28, 33, 0),
    GC_RESERVE_BYTES("gc_reserve_bytes", Kind.UINT, 2, 4, 64, F.HR | F.SECTORS),
    ROOT_RESERVE_PERCENT("root_reserve_percent", Kind.UINT, 0, 33, 40, 0),
    WIDE_MACS("wide_macs", Kind.UINT, 1, 9, 10, 0),
    PROMOTE_WHOLE_EXTENTS("promote_whole_extents", Kind.UINT, 0, 63, 64, 0),
    ACL("acl", Kind.UINT, 0, 56, 57, 0),
    USRQUOTA("usrquota", Kind.UINT, 0, 57, 58, 0),
    GRPQUOTA("grpquota", Kind.UINT, 0, 58, 59, 0),
    PRJQUOTA("prjquota", Kind.UINT, 0, 59, 60, 0),
    DEGRADED("degraded", Kind.STR, 6, 20, 22, 0, SbNames.DEGRADED_ACTIONS),
    JOURNAL_FLUSH_DELAY("journal_flush_delay", Kind.UINT, 3, 30, 62, 0),
    JOURNAL_FLUSH_DISABLED("journal_flush_disabled", Kind.UINT, 3, 62, 63, 0),
    JOURNAL_RECLAIM_DELAY("journal_reclaim_delay", Kind.UINT, 4, 0, 32, 0),
    WRITEBACK_TIMEOUT("writeback_timeout", Kind.UINT, 6, 24, 40, 0),
    JOURNAL_TRANSACTION_NAMES("journal_transaction_names", Kind.UINT, 4, 32, 33, 0),
    ALLOCATOR_STUCK_TIMEOUT("allocator_stuck_timeout", Kind.UINT, 5, 16, 32, 0),
    VERSION_UPGRADE("version_upgrade", Kind.STR, 4, 54, 56, 0, SbNames.VERSION_UPGRADE_OPTS),
    NOCOW("nocow", Kind.UINT, 4, 33, 34, 0),
    RECONCILE_ON_AC_ONLY("reconcile_on_ac_only", Kind.UINT, 6, 23, 24, 0);

    /** How the value prints: a number, one of a list of names, a compression option, a target. */
    enum Kind { UINT, STR, COMPRESSION, TARGET }

    /** Option flag bits (a holder class, so enum constants may use them). */
    static final class F {
        static final int HR = 1, SECTORS = 2, ILOG2 = 4;
    }
    /** Upper 4 bits of the compression options live in {@code flags[4]} bits 56..64 (see {@link #value}). */
    private static final int COMPRESSION_HI_WORD = 4;

    private final String upstreamName;
    private final Kind kind;
    private final int word, lo, hi, flags;
    private final String[] choices;

    SbOption(String name, Kind kind, int word, int lo, int hi, int flags) {
        this(name, kind, word, lo, hi, flags, null);
    }

    SbOption(String name, Kind kind, int word, int lo, int hi, int flags, String[] choices) {
        this.upstreamName = name;
        this.kind = kind;
        this.word = word;
        this.lo = lo;
        this.hi = hi;
        this.flags = flags;
        this.choices = choices;
    }

    public String upstreamName() {
        return upstreamName;
    }

    public static List<SbOption> all() {
        return List.of(values());
    }

    /** The raw field as stored. */
    long raw(Superblock sb) {
        if (word < 0) return sb.blockSize();
        long v = Superblock.bits(sb.flags(word), lo, hi);
        if (this == COMPRESSION) v |= Superblock.bits(sb.flags(COMPRESSION_HI_WORD), 56, 60) << 4;
        if (this == BACKGROUND_COMPRESSION) v |= Superblock.bits(sb.flags(COMPRESSION_HI_WORD), 60, 64) << 4;
        return v;
    }

    /** The option's value ({@code bch2_opt_from_sb}): scaled to bytes where the field stores sectors or a log2. */
    public long value(Superblock sb) {
        long v = raw(sb);
        if ((flags & F.ILOG2) != 0) v = v >= 64 ? 0 : 1L << v;
        if ((flags & F.SECTORS) != 0) v <<= 9;
        return v;
    }

    /** Prints the value as {@code bch2_opt_to_text} with a full choice list. */
    void toText(Printbuf out, Superblock sb) {
        long v = value(sb);
        switch (kind) {
            case UINT -> {
                if ((flags & F.HR) != 0) out.humanReadableU64(v);
                else out.prt(Long.toString(v));
            }
            case STR -> {
                if (v < 0 || v >= choices.length) out.prt("(invalid option " + v + ")");
                else out.stringOption(choices, v);
            }
            case COMPRESSION -> out.prt(Names.compressionOpt((int) v));
            case TARGET -> SbTargets.toText(out, sb, (int) v);
        }
    }

    /** The option as plain text (the JSON writer's form): no choice list. */
    String valueText(Superblock sb) {
        long v = value(sb);
        return switch (kind) {
            case UINT -> Long.toString(v);
            case STR -> v >= 0 && v < choices.length ? choices[(int) v] : "(invalid option " + v + ")";
            case COMPRESSION -> Names.compressionOpt((int) v);
            case TARGET -> {
                Printbuf p = new Printbuf();
                SbTargets.toText(p, sb, (int) v);
                yield p.toString();
            }
        };
    }

}
