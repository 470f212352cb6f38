package dev.jbcachefs.journal;

/**
 * Journal entry types ({@code BCH_JSET_ENTRY_TYPES()}) with their stable on-disk ids. Ids 14 and 15
 * (rewind_limit, rewind) are decoded structurally, but the 1.36.1 tools do not name them, so
 * {@link #printedByTools()} is false for them and they print as unknown types.
 */
public enum JsetEntryType {
    BTREE_KEYS(0, "btree_keys"),
    BTREE_ROOT(1, "btree_root"),
    PRIO_PTRS(2, "prio_ptrs"),
    BLACKLIST(3, "blacklist"),
    BLACKLIST_V2(4, "blacklist_v2"),
    USAGE(5, "usage"),
    DATA_USAGE(6, "data_usage"),
    CLOCK(7, "clock"),
    DEV_USAGE(8, "dev_usage"),
    LOG(9, "log"),
    OVERWRITE(10, "overwrite"),
    WRITE_BUFFER_KEYS(11, "write_buffer_keys"),
    DATETIME(12, "datetime"),
    LOG_BKEY(13, "log_bkey"),
    REWIND_LIMIT(14, "rewind_limit"),
    REWIND(15, "rewind");

    /** Number of types the 1.36.1 tools name ({@code BCH_JSET_ENTRY_NR}). */
    public static final int NR_PRINTED = 14;
    private static final JsetEntryType[] BY_ID = values();

    private final int id;
    private final String upstreamName;

    JsetEntryType(int id, String upstreamName) {
        this.id = id;
        this.upstreamName = upstreamName;
    }

    public int id() {
        return id;
    }

    public String upstreamName() {
        return upstreamName;
    }

    public boolean printedByTools() {
        return id < NR_PRINTED;
    }

    /** True for types whose payload is a list of {@code bkey_i}. */
    public boolean hasKeys() {
        return switch (this) {
            case BTREE_KEYS, BTREE_ROOT, OVERWRITE, WRITE_BUFFER_KEYS, LOG_BKEY -> true;
            default -> false;
        };
    }

    /** The type with this id, or null when unknown. */
    public static JsetEntryType byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** Upstream's {@code bch2_prt_jset_entry_type}: the name, or {@code (unknown jset_entry_type N)}. */
    public static void toText(StringBuilder out, int id) {
        if (id < NR_PRINTED) out.append(BY_ID[id].upstreamName);
        else out.append("(unknown jset_entry_type ").append(id).append(')');
    }
}
