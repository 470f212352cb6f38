package dev.jbcachefs.btree;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A bounded LRU cache of read nodes, keyed by the node's identity (btree, level, first pointer, seq). Its
 * byte budget is what keeps memory bounded however large the filesystem is: a node that falls out is
 * simply read again. Thread-safe; two threads missing the same node may both read it (harmless).
 */
public final class BtreeCache {
    record Key(int btree, int level, long dev, long offset, long seq) {}

    private final long maxBytes;
    private long bytes;
    private long hits;
    private long misses;
    private final LinkedHashMap<Key, BtreeNode> map = new LinkedHashMap<>(64, 0.75f, true);

    public BtreeCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static Key keyOf(int btree, int level, BtreePtr ptr) {
        var p = ptr.ptrs().get(0);
        return new Key(btree, level, p.dev(), p.offset(), ptr.seq());
    }

    BtreeNode get(Key key, Supplier<BtreeNode> reader) {
        synchronized (this) {
            BtreeNode n = map.get(key);
            if (n != null) {
                hits++;
                return n;
            }
            misses++;
        }
        BtreeNode n = reader.get();
        synchronized (this) {
            BtreeNode old = map.put(key, n);
            if (old != null) bytes -= old.footprint();
            bytes += n.footprint();
            var it = map.entrySet().iterator();
            while (bytes > maxBytes && it.hasNext()) {
                Map.Entry<Key, BtreeNode> e = it.next();
                if (e.getValue() == n) continue;
                bytes -= e.getValue().footprint();
                it.remove();
            }
        }
        return n;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    public synchronized long bytes() {
        return bytes;
    }
}
