package dev.jbcachefs.fs;

import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;

/**
 * The keys of one inode in a snapshot-aware btree (a directory's dirents, a file's xattrs) as one
 * snapshot sees them: like {@code SnapshotIter}, but it stops at the first key of another inode instead of
 * searching on for a visible one, so listing an empty directory never walks the rest of the btree.
 */
final class InodeKeys {
    private final BtreeIter it;
    private final FsContext ctx;
    private final long inum;
    private final long snapshot;

    InodeKeys(FsContext ctx, BtreeId btree, long inum, long snapshot) {
        this.it = ctx.tree.iter(btree, new Bpos(inum, 0, 0), 0);
        this.ctx = ctx;
        this.inum = inum;
        this.snapshot = snapshot;
    }

    /** The next visible key of this inode, or null. */
    BkeySC next() {
        while (true) {
            BkeySC k = it.peek();
            if (k == null || k.pos().inode() != inum) return null;
            long off = k.pos().offset();
            BkeySC found = null;
            for (; k != null && k.pos().inode() == inum && k.pos().offset() == off; k = it.peek()) {
                if (found == null && ctx.table.isAncestor(snapshot, k.pos().snapshotUnsigned())) found = k.detach();
                it.advance();
            }
            if (found == null) continue;
            int t = found.k().type();
            if (t == KeyType.WHITEOUT.id() || t == KeyType.EXTENT_WHITEOUT.id()) continue;
            return found;
        }
    }
}
