package dev.jbcachefs.btree;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;

/**
 * Iterates the keys of one btree at one level in key order, from a start position, across nodes, with the
 * journal overlay merged in (every snapshot's keys: upstream's {@code BTREE_ITER_all_snapshots}). Keeps a
 * path of one cursor per level from the root down, so memory is the tree depth times the node size.
 * Not thread-safe; each thread makes its own.
 */
public final class BtreeIter {
    private final Btree tree;
    private final int level;
    private final NodeCursor[] path;
    private int top = -1; // index of the root cursor in path, or -1 when the btree is empty/exhausted
    private final int rootLevel;

    BtreeIter(Btree tree, BtreeId id, Bpos start, int level) {
        this.tree = tree;
        this.level = level;
        BtreeRoot r = tree.root(id);
        this.rootLevel = r == null ? -1 : r.level();
        this.path = new NodeCursor[Math.max(rootLevel + 1, 1)];
        if (r != null && r.level() >= level) {
            BtreeNode root = tree.node(id, r.level(), r.ptr());
            path[rootLevel] = new NodeCursor(root, tree.overlay(), start);
            top = rootLevel;
            descend(rootLevel, start);
        }
    }

    /** Fills the path below {@code from} down to the target level, following the first key at or after start. */
    private void descend(int from, Bpos start) {
        int l = from;
        while (l > level) {
            BkeySC k = path[l].peek();
            if (k == null) {
                if (!up(l)) return;
                l = lowestFilled();
                start = null;
                continue;
            }
            BtreeNode child = tree.child(path[l].node, k);
            Bpos s = start != null ? start : child.minKey();
            path[l - 1] = new NodeCursor(child, tree.overlay(), s);
            l--;
        }
    }

    private int lowestFilled() {
        int l = level;
        while (l <= rootLevel && path[l] == null) l++;
        return l;
    }

    /** Advances the cursor above level {@code l}; clears levels at and below it. Returns false at the end. */
    private boolean up(int l) {
        for (int j = level; j <= l; j++) path[j] = null;
        int p = l + 1;
        while (p <= rootLevel) {
            path[p].advance();
            if (path[p].peek() != null) return true;
            path[p] = null;
            p++;
        }
        top = -1;
        return false;
    }

    /** The current key, or null at the end. */
    public BkeySC peek() {
        while (top >= 0) {
            NodeCursor c = path[level];
            if (c == null) {
                descend(lowestFilled(), null);
                continue;
            }
            BkeySC k = c.peek();
            if (k != null) return k;
            if (!up(level)) return null;
            descend(lowestFilled(), null);
        }
        return null;
    }

    public void advance() {
        if (peek() != null) path[level].advance();
    }

    /** The current key then advance, or null at the end. */
    public BkeySC next() {
        BkeySC k = peek();
        if (k != null) path[level].advance();
        return k;
    }
}
