package dev.jbcachefs.data;

import dev.jbcachefs.bkey.BucketGens;
import dev.jbcachefs.btree.Btree;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bucket generation numbers from the {@code bucket_gens} btree, for telling stale pointers (the bucket was
 * reused since the pointer was written) from live ones. One key holds 256 gens: bucket {@code b} of device
 * {@code d} is entry {@code b & 255} of the key at {@code (d, b >> 8)}. Keys are cached (a bounded map; a
 * device of a million buckets has 4096 keys); a missing key means "unknown", never "stale".
 */
final class BucketGenCache {
    private static final int MAX_KEYS = 4096;
    private static final byte[] ABSENT = new byte[0];
    private final Btree tree;
    private final ConcurrentHashMap<Long, byte[]> keys = new ConcurrentHashMap<>();

    BucketGenCache(Btree tree) {
        this.tree = tree;
    }

    /** The gen of {@code bucket} on {@code dev}, or -1 when the btree has none. */
    int gen(int dev, long bucket) {
        if (bucket < 0) return -1;
        long idx = bucket >>> 8;
        long id = ((long) dev << 48) | idx;
        byte[] gens = keys.get(id);
        if (gens == null) {
            gens = load(dev, idx);
            if (keys.size() >= MAX_KEYS) keys.clear();
            keys.put(id, gens);
        }
        return gens == ABSENT ? -1 : gens[(int) (bucket & 255)] & 0xff;
    }

    private byte[] load(int dev, long idx) {
        BkeySC k = tree.iter(BtreeId.BUCKET_GENS, new Bpos(dev, idx, 0), 0).next();
        if (k == null || k.pos().inode() != dev || k.pos().offset() != idx || k.type() != KeyType.BUCKET_GENS) return ABSENT;
        BucketGens g = BucketGens.decode(k);
        byte[] out = new byte[BucketGens.NR];
        for (int i = 0; i < out.length; i++) out[i] = (byte) g.gen(i);
        return out;
    }
}
