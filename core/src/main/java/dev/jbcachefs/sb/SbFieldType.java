package dev.jbcachefs.sb;

/** Superblock field types ({@code BCH_SB_FIELDS()} of 1.36) with their stable ids. */
public enum SbFieldType {
    JOURNAL(0, "journal"),
    MEMBERS_V1(1, "members_v1"),
    CRYPT(2, "crypt"),
    REPLICAS_V0(3, "replicas_v0"),
    QUOTA(4, "quota"),
    DISK_GROUPS(5, "disk_groups"),
    CLEAN(6, "clean"),
    REPLICAS(7, "replicas"),
    JOURNAL_SEQ_BLACKLIST(8, "journal_seq_blacklist"),
    JOURNAL_V2(9, "journal_v2"),
    COUNTERS(10, "counters"),
    MEMBERS_V2(11, "members_v2"),
    ERRORS(12, "errors"),
    EXT(13, "ext"),
    DOWNGRADE(14, "downgrade"),
    RECOVERY_PASSES(15, "recovery_passes"),
    EXTENT_TYPE_U64S(16, "extent_type_u64s");

    private static final SbFieldType[] BY_ID = values();
    private final int id;
    private final String upstreamName;

    SbFieldType(int id, String upstreamName) {
        this.id = id;
        this.upstreamName = upstreamName;
    }

    public int id() {
        return id;
    }

    public String upstreamName() {
        return upstreamName;
    }

    /** The field type with this id, or null when 1.36 defines none. */
    public static SbFieldType byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
