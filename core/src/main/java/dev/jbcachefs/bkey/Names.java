package dev.jbcachefs.bkey;

import java.nio.charset.StandardCharsets;

/**
 * The name tables upstream prints for enumerations (data types, checksum and compression types, directory
 * entry types, inode flags, ...), with upstream's fallback text for out-of-range values.
 */
public final class Names {
    private Names() {}

    public static final String[] DATA_TYPES = {"free", "sb", "journal", "btree", "user", "cached", "parity",
        "stripe", "need_gc_gens", "need_discard", "unstriped"};
    public static final String[] CSUM_TYPES = {"none", "crc32c_nonzero", "crc64_nonzero", "chacha20_poly1305_80",
        "chacha20_poly1305_128", "crc32c", "crc64", "xxhash"};
    public static final String[] FS_USAGE_TYPES = {"reserved", "inodes", "key_version"};
    public static final String[] CSUM_OPTS = {"none", "crc32c", "crc64", "xxhash"};
    public static final String[] COMPRESSION_TYPES = {"none", "lz4_old", "gzip", "lz4", "zstd", "incompressible"};
    public static final String[] COMPRESSION_OPTS = {"none", "lz4", "gzip", "zstd"};
    public static final String[] STR_HASH_TYPES = {"crc32c", "crc64", "siphash_old", "siphash"};
    public static final String[] INODE_FLAGS = {"sync", "immutable", "append", "nodump", "noatime", "i_size_dirty",
        "i_sectors_dirty", "unlinked", "backptr_untrusted", "has_child_snapshot", "has_case_insensitive",
        "31bit_dirent_offset"};
    public static final String[] ACCOUNTING_TYPES = {"nr_inodes", "persistent_reserved", "replicas", "dev_data_type",
        "compression", "snapshot", "btree", "rebalance_work", "inum", "reconcile_work", "dev_leaving"};
    public static final String[] RECONCILE_ACCOUNTING = {"replicas", "checksum", "erasure_code", "compression",
        "target", "high_priority", "pending"};
    public static final String[] RECONCILE_OPTS = {"data_replicas", "data_checksum", "erasure_code",
        "background_compression", "background_target", "promote_target"};
    public static final String[] KEY_ERRORS = {"unknown", "device_removed", "double_allocation", "no_valid_pointers_repair"};
    public static final String[] EXTENT_FLAGS = {"poisoned"};
    public static final String[] EXTENT_ENTRY_TYPES = {"ptr", "crc32", "crc64", "crc128", "stripe_ptr",
        "rebalance_v1", "flags", "reconcile", "reconcile_bp"};
    /** Directory entry types by {@code d_type} (null where upstream has no name); 16 is a subvolume. */
    private static final String[] D_TYPES = new String[17];

    static {
        D_TYPES[0] = "unknown";
        D_TYPES[1] = "fifo";
        D_TYPES[2] = "chr";
        D_TYPES[4] = "dir";
        D_TYPES[6] = "blk";
        D_TYPES[8] = "reg";
        D_TYPES[10] = "lnk";
        D_TYPES[12] = "sock";
        D_TYPES[14] = "whiteout";
        D_TYPES[16] = "subvol";
    }

    /** {@code bch2_prt_<name>}: the name, or {@code (unknown <kind> N)}. */
    public static String opt(String[] table, String kind, long idx) {
        return idx >= 0 && idx < table.length ? table[(int) idx] : "(unknown " + kind + " " + idx + ")";
    }

    public static String dataType(int t) {
        return opt(DATA_TYPES, "data_type", t);
    }

    public static String csumType(int t) {
        return opt(CSUM_TYPES, "csum_type", t);
    }

    public static String compressionType(int t) {
        return opt(COMPRESSION_TYPES, "compression_type", t);
    }

    /** The directory entry type text dirents print: the name or {@code (bad d_type)}. */
    public static String dType(int t) {
        String s = t >= 0 && t < D_TYPES.length ? D_TYPES[t] : null;
        return s != null ? s : "(bad d_type)";
    }

    /** The type name inodes print after their mode: the name, {@code (null)} for a gap, {@code unknown} past the end. */
    static String inodeModeType(int t) {
        if (t >= D_TYPES.length) return "unknown";
        return D_TYPES[t] != null ? D_TYPES[t] : "(null)";
    }

    /** A compression option byte (type in the low 4 bits, level in the high 4). */
    public static String compressionOpt(int v) {
        int type = v & 15, level = (v >> 4) & 15;
        String s = type < COMPRESSION_OPTS.length ? COMPRESSION_OPTS[type] : "(unknown compression opt " + type + ")";
        return level != 0 ? s + ":" + level : s;
    }

    /** Bytes as C's {@code %.*s} prints them: up to the first NUL, decoded as UTF-8 with replacement. */
    static String cString(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && b[off + n] != 0) n++;
        return new String(b, off, n, StandardCharsets.UTF_8);
    }

    /** Bytes printed verbatim (upstream {@code prt_bytes}), decoded as UTF-8 with replacement. */
    static String bytes(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }
}
