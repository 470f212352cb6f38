package dev.jbcachefs.format;

/**
 * The btree registry of format 1.36 ({@code BCH_BTREE_IDS()}, ids 0..26) with stable ids and the flags
 * that change how keys are read: extent btrees key by end offset, snapshot btrees carry a snapshot in
 * the position, write-buffer btrees may have keys still in the journal.
 */
public enum BtreeId {
    EXTENTS(0, "extents", Flags.SNAPSHOTS | Flags.EXTENTS | Flags.DATA),
    INODES(1, "inodes", Flags.SNAPSHOTS),
    DIRENTS(2, "dirents", Flags.SNAPSHOTS),
    XATTRS(3, "xattrs", Flags.SNAPSHOTS),
    ALLOC(4, "alloc", 0),
    QUOTAS(5, "quotas", 0),
    STRIPES(6, "stripes", Flags.DATA),
    REFLINK(7, "reflink", Flags.EXTENTS | Flags.DATA),
    SUBVOLUMES(8, "subvolumes", 0),
    SNAPSHOTS(9, "snapshots", 0),
    LRU(10, "lru", Flags.WRITE_BUFFER),
    FREESPACE(11, "freespace", Flags.EXTENTS),
    NEED_DISCARD(12, "need_discard", 0),
    BACKPOINTERS(13, "backpointers", Flags.WRITE_BUFFER),
    BUCKET_GENS(14, "bucket_gens", 0),
    SNAPSHOT_TREES(15, "snapshot_trees", 0),
    DELETED_INODES(16, "deleted_inodes", Flags.SNAPSHOT_FIELD | Flags.WRITE_BUFFER),
    LOGGED_OPS(17, "logged_ops", 0),
    RECONCILE_WORK(18, "reconcile_work", Flags.SNAPSHOT_FIELD | Flags.WRITE_BUFFER),
    SUBVOLUME_CHILDREN(19, "subvolume_children", 0),
    ACCOUNTING(20, "accounting", Flags.SNAPSHOT_FIELD | Flags.WRITE_BUFFER),
    RECONCILE_HIPRI(21, "reconcile_hipri", Flags.SNAPSHOT_FIELD | Flags.WRITE_BUFFER),
    RECONCILE_PENDING(22, "reconcile_pending", Flags.SNAPSHOT_FIELD | Flags.WRITE_BUFFER),
    RECONCILE_SCAN(23, "reconcile_scan", 0),
    RECONCILE_WORK_PHYS(24, "reconcile_work_phys", Flags.WRITE_BUFFER),
    RECONCILE_HIPRI_PHYS(25, "reconcile_hipri_phys", Flags.WRITE_BUFFER),
    BUCKET_TO_STRIPE(26, "bucket_to_stripe", 0);

    /** Btree flags ({@code BTREE_IS_*}). */
    static final class Flags {
        static final int EXTENTS = 1, SNAPSHOTS = 2, SNAPSHOT_FIELD = 4, DATA = 8, WRITE_BUFFER = 16;

        private Flags() {}
    }

    /** Number of btrees in format 1.36. */
    public static final int NR = 27;
    /** Largest btree id the format can name ({@code BTREE_ID_NR_MAX}). */
    public static final int NR_MAX = 63;

    private static final BtreeId[] BY_ID = values();

    private final int id;
    private final String upstreamName;
    private final int flags;

    BtreeId(int id, String upstreamName, int flags) {
        this.id = id;
        this.upstreamName = upstreamName;
        this.flags = flags;
    }

    public int id() {
        return id;
    }

    public String upstreamName() {
        return upstreamName;
    }

    public boolean isExtents() {
        return (flags & Flags.EXTENTS) != 0;
    }

    public boolean hasSnapshots() {
        return (flags & Flags.SNAPSHOTS) != 0;
    }

    public boolean isWriteBuffer() {
        return (flags & Flags.WRITE_BUFFER) != 0;
    }

    /** The btree with this id, or null when 1.36 defines none. */
    public static BtreeId byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** Looks a btree up by its upstream name; null when there is none. */
    public static BtreeId byName(String name) {
        for (BtreeId b : BY_ID) if (b.upstreamName.equals(name)) return b;
        return null;
    }

    /** Upstream's text for a btree id: its name, or {@code (unknown btree N)}. */
    public static String nameOf(int id) {
        BtreeId b = byId(id);
        return b != null ? b.upstreamName : "(unknown btree " + id + ")";
    }
}
