package dev.jbcachefs.format;

/**
 * The key type registry ({@code BCH_BKEY_TYPES()} of format 1.36) with its stable on-disk ids. An id
 * outside this table is not an error in itself: it prints as a number, and decoders treat it as opaque.
 */
public enum KeyType {
    DELETED(0, "deleted"),
    WHITEOUT(1, "whiteout"),
    ERROR(2, "error"),
    COOKIE(3, "cookie"),
    HASH_WHITEOUT(4, "hash_whiteout"),
    BTREE_PTR(5, "btree_ptr"),
    EXTENT(6, "extent"),
    RESERVATION(7, "reservation"),
    INODE(8, "inode"),
    INODE_GENERATION(9, "inode_generation"),
    DIRENT(10, "dirent"),
    XATTR(11, "xattr"),
    ALLOC(12, "alloc"),
    QUOTA(13, "quota"),
    STRIPE(14, "stripe"),
    REFLINK_P(15, "reflink_p"),
    REFLINK_V(16, "reflink_v"),
    INLINE_DATA(17, "inline_data"),
    BTREE_PTR_V2(18, "btree_ptr_v2"),
    INDIRECT_INLINE_DATA(19, "indirect_inline_data"),
    ALLOC_V2(20, "alloc_v2"),
    SUBVOLUME(21, "subvolume"),
    SNAPSHOT(22, "snapshot"),
    INODE_V2(23, "inode_v2"),
    ALLOC_V3(24, "alloc_v3"),
    SET(25, "set"),
    LRU(26, "lru"),
    ALLOC_V4(27, "alloc_v4"),
    BACKPOINTER(28, "backpointer"),
    INODE_V3(29, "inode_v3"),
    BUCKET_GENS(30, "bucket_gens"),
    SNAPSHOT_TREE(31, "snapshot_tree"),
    LOGGED_OP_TRUNCATE(32, "logged_op_truncate"),
    LOGGED_OP_FINSERT(33, "logged_op_finsert"),
    ACCOUNTING(34, "accounting"),
    INODE_ALLOC_CURSOR(35, "inode_alloc_cursor"),
    EXTENT_WHITEOUT(36, "extent_whiteout");

    private static final KeyType[] BY_ID = new KeyType[256];

    static {
        for (KeyType t : values()) BY_ID[t.id] = t;
    }

    private final int id;
    private final String upstreamName;

    KeyType(int id, String upstreamName) {
        this.id = id;
        this.upstreamName = upstreamName;
    }

    public int id() {
        return id;
    }

    /** The name upstream prints ({@code bch2_bkey_types[]}). */
    public String upstreamName() {
        return upstreamName;
    }

    /** The type with this id, or null when the id is not one 1.36 defines. */
    public static KeyType byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** Number of key types ({@code KEY_TYPE_MAX}). */
    public static final int MAX = 37;
}
