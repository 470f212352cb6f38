package dev.jbcachefs.alloc;

/**
 * {@code enum bch_data_type}: what a bucket (or a pointer into it) holds. The ids are on-disk values used
 * by alloc_v4 keys, backpointers, accounting keys and replicas entries, so they are explicit and stable.
 */
public enum DataType {
    FREE(0), SB(1), JOURNAL(2), BTREE(3), USER(4), CACHED(5), PARITY(6), STRIPE(7), NEED_GC_GENS(8), NEED_DISCARD(9), UNSTRIPED(10);

    public final int id;

    DataType(int id) {
        this.id = id;
    }

    /** Buckets of these types may be moved by copygc, so partly filled ones get a fragmentation LRU entry. */
    public boolean movable() {
        return this == BTREE || this == USER || this == STRIPE;
    }

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
