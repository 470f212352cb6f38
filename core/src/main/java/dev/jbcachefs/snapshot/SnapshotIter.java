package dev.jbcachefs.snapshot;

import dev.jbcachefs.btree.Btree;
import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;

/**
 * Iterates a snapshot-aware btree as seen from one snapshot (upstream's {@code BTREE_ITER_filter_snapshots}):
 * at each {@code (inode, offset)} the key of the nearest ancestor-or-self snapshot wins, and if that key
 * is a whiteout (or extent_whiteout) nothing is visible there. Keys of one position are sorted by
 * snapshot id and ancestors have larger ids, so the first key whose snapshot is an ancestor-or-self is
 * the nearest one.
 */
public final class SnapshotIter {
    private final BtreeIter it;
    private final SnapshotTable table;
    private final long snapshot;

    public SnapshotIter(Btree tree, SnapshotTable table, BtreeId id, long inode, long offset, int snapshot) {
        this.it = tree.iter(id, new Bpos(inode, offset, 0), 0);
        this.table = table;
        this.snapshot = snapshot & 0xffffffffL;
    }

    /** The next visible key, or null at the end of the btree. */
    public BkeySC next() {
        while (true) {
            BkeySC k = it.next();
            if (k == null) return null;
            long inode = k.pos().inode(), offset = k.pos().offset();
            BkeySC found = table.isAncestor(snapshot, k.pos().snapshotUnsigned()) ? k : null;
            // consume the rest of this position's versions
            for (BkeySC n = it.peek(); n != null && n.pos().inode() == inode && n.pos().offset() == offset; n = it.peek()) {
                if (found == null && table.isAncestor(snapshot, n.pos().snapshotUnsigned())) found = n;
                it.advance();
            }
            if (found == null) continue;
            int t = found.k().type();
            if (t == KeyType.WHITEOUT.id() || t == KeyType.EXTENT_WHITEOUT.id()) continue;
            return found;
        }
    }

    /** The visible key exactly at {@code (inode, offset)}, or null; reads only that position's versions. */
    public static BkeySC get(Btree tree, SnapshotTable table, BtreeId id, long inode, long offset, int snapshot) {
        long snap = snapshot & 0xffffffffL;
        BtreeIter it = tree.iter(id, new Bpos(inode, offset, 0), 0);
        for (BkeySC k = it.next(); k != null && k.pos().inode() == inode && k.pos().offset() == offset; k = it.next()) {
            if (!table.isAncestor(snap, k.pos().snapshotUnsigned())) continue;
            int t = k.k().type();
            return t == KeyType.WHITEOUT.id() || t == KeyType.EXTENT_WHITEOUT.id() ? null : k;
        }
        return null;
    }
}
