package dev.jbcachefs.fs;

import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import java.util.function.Predicate;

/**
 * Upstream's hash-table lookup over a btree ({@code bch2_hash_lookup_in_snapshot}): start at the name's
 * hash position and probe consecutive offsets. At each slot the version of the nearest ancestor snapshot
 * counts; a matching key ends the search, a {@code hash_whiteout} or a key of the right type with another
 * name moves on to the next slot, and anything else — an empty slot, a slot only other snapshots fill,
 * a snapshot whiteout — means the name is not there.
 */
final class HashProbe {
    private HashProbe() {}

    /** The visible key for which {@code match} holds, or null. {@code match} sees keys of {@code keyType} only. */
    static BkeySC lookup(FsContext ctx, BtreeId btree, KeyType keyType, long inum, long hash, long snapshot, Predicate<BkeySC> match) {
        BtreeIter it = ctx.tree.iter(btree, new Bpos(inum, hash, 0), 0);
        long expect = hash;
        BkeySC k = it.next();
        for (int probes = 0; probes < 1 << 20; probes++) {
            if (k == null || k.pos().inode() != inum || k.pos().offset() != expect) return null;
            BkeySC visible = null;
            while (k != null && k.pos().inode() == inum && k.pos().offset() == expect) {
                if (visible == null && ctx.table.isAncestor(snapshot, k.pos().snapshotUnsigned())) visible = k.detach();
                k = it.next();
            }
            if (visible == null) return null;
            int t = visible.k().type();
            if (t == keyType.id()) {
                if (match.test(visible)) return visible;
            } else if (t != KeyType.HASH_WHITEOUT.id()) {
                return null;
            }
            if (expect == -1L) return null;
            expect++;
        }
        return null;
    }
}
