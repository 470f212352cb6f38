package dev.jbcachefs.btree;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import java.util.Map;
import java.util.function.Consumer;

/**
 * All btrees of an opened filesystem: their roots, the shared node cache and the journal overlay. Hands
 * out iterators over keys ({@link #iter}) and walks nodes ({@link #forEachNode}); the same object will take
 * updates once the write path exists.
 */
public final class Btree {
    private final BtreeContext ctx;
    private final Map<BtreeId, BtreeRoot> roots;
    private final KeyOverlay overlay;
    private final BtreeCache cache;

    public Btree(BtreeContext ctx, Map<BtreeId, BtreeRoot> roots, KeyOverlay overlay, BtreeCache cache) {
        this.ctx = ctx;
        this.roots = Map.copyOf(roots);
        this.overlay = overlay;
        this.cache = cache;
    }

    /** The root of {@code id}, or null when the filesystem has no such btree (an empty btree). */
    public BtreeRoot root(BtreeId id) {
        return roots.get(id);
    }

    public Map<BtreeId, BtreeRoot> roots() {
        return roots;
    }

    public KeyOverlay overlay() {
        return overlay;
    }

    public BtreeCache cache() {
        return cache;
    }

    /** Reads (or finds in the cache) the node {@code ptr} points at. */
    public BtreeNode node(BtreeId id, int level, BtreePtr ptr) {
        return cache.get(BtreeCache.keyOf(id.id(), level, ptr), () -> BtreeRead.read(ctx, id, level, ptr));
    }

    BtreeNode child(BtreeNode parent, BkeySC key) {
        if (parent.level() == 0) throw new IllegalStateException("leaf has no children");
        BtreePtr p;
        try {
            p = BtreePtr.decode(key);
        } catch (BcachefsException e) {
            throw BcachefsException.corrupt(e.getMessage(), "in btree " + parent.btree().upstreamName() + " level " + parent.level() + " node " + parent.maxKey());
        }
        return node(parent.btree(), parent.level() - 1, p);
    }

    /** An iterator over the keys of {@code id} at {@code level} from {@code start}, all snapshots. */
    public BtreeIter iter(BtreeId id, Bpos start, int level) {
        return new BtreeIter(this, id, start, level);
    }

    /**
     * Visits every node at levels {@code >= level} whose range reaches {@code start}, children before
     * their parent (the order of upstream's node iterator), stopping after the first node past
     * {@code end}.
     */
    public void forEachNode(BtreeId id, Bpos start, Bpos end, int level, Consumer<BtreeNode> visitor) {
        BtreeRoot r = roots.get(id);
        if (r == null || r.level() < level) return;
        walk(node(id, r.level(), r.ptr()), start, end, level, visitor);
    }

    private boolean walk(BtreeNode n, Bpos start, Bpos end, int level, Consumer<BtreeNode> visitor) {
        if (n.level() > level) {
            NodeCursor c = new NodeCursor(n, overlay, start);
            for (BkeySC k = c.peek(); k != null; c.advance(), k = c.peek()) {
                if (!walk(child(n, k), start, end, level, visitor)) return false;
            }
        }
        if (n.maxKey().compareTo(end) > 0) return false;
        visitor.accept(n);
        return true;
    }
}
