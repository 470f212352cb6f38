package dev.jbcachefs.snapshot;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.bkey.Snapshot;
import dev.jbcachefs.bkey.Subvolume;
import dev.jbcachefs.btree.Btree;
import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The snapshot tree and the subvolumes, loaded from the {@code snapshots} and {@code subvolumes} btrees
 * (upstream keeps the same table in memory: one small entry per snapshot). Answers the one question
 * snapshot visibility needs — is A an ancestor of (or equal to) S — by walking parents, which is bounded
 * by the tree depth because a parent's id is always greater than its child's.
 */
public final class SnapshotTable {
    /** Ids are u32; the depth guard stops a corrupt parent cycle from looping. */
    static final int MAX_DEPTH = 1 << 16;

    private final Map<Long, Snapshot> snapshots;
    private final Map<Long, Subvolume> subvolumes;

    SnapshotTable(Map<Long, Snapshot> snapshots, Map<Long, Subvolume> subvolumes) {
        this.snapshots = Collections.unmodifiableMap(snapshots);
        this.subvolumes = Collections.unmodifiableMap(subvolumes);
    }

    public static SnapshotTable load(Btree tree) {
        Map<Long, Snapshot> snaps = new TreeMap<>();
        BtreeIter it = tree.iter(BtreeId.SNAPSHOTS, Bpos.POS_MIN, 0);
        for (BkeySC k = it.next(); k != null; k = it.next()) {
            if (k.k().type() != KeyType.SNAPSHOT.id()) continue;
            if (k.pos().inode() != 0 || Long.compareUnsigned(k.pos().offset(), 0xffffffffL) > 0 || k.pos().offset() == 0) {
                throw BcachefsException.corrupt("snapshot key at bad position " + k.pos(), "btree snapshots");
            }
            snaps.put(k.pos().offset(), Snapshot.decode(k));
        }
        Map<Long, Subvolume> subs = new TreeMap<>();
        it = tree.iter(BtreeId.SUBVOLUMES, Bpos.POS_MIN, 0);
        for (BkeySC k = it.next(); k != null; k = it.next()) {
            if (k.k().type() != KeyType.SUBVOLUME.id()) continue;
            subs.put(k.pos().offset(), Subvolume.decode(k));
        }
        return new SnapshotTable(snaps, subs);
    }

    /** The snapshot with this id, or null. */
    public Snapshot snapshot(long id) {
        return snapshots.get(id);
    }

    public Map<Long, Snapshot> snapshots() {
        return snapshots;
    }

    /** The subvolume with this id, or null. */
    public Subvolume subvolume(long id) {
        return subvolumes.get(id);
    }

    public Map<Long, Subvolume> subvolumes() {
        return subvolumes;
    }

    /** True when {@code ancestor} is {@code id} itself or one of its ancestors. Ids are unsigned 32-bit. */
    public boolean isAncestor(long id, long ancestor) {
        long cur = id & 0xffffffffL;
        long anc = ancestor & 0xffffffffL;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            if (cur == anc) return true;
            if (cur > anc || cur == 0) return false;
            Snapshot s = snapshots.get(cur);
            if (s == null) return false;
            long parent = s.parent();
            if (parent != 0 && parent <= cur) {
                throw BcachefsException.corrupt("snapshot " + cur + " has parent " + parent + " (parents must have larger ids)", "btree snapshots");
            }
            cur = parent;
        }
        throw BcachefsException.corrupt("snapshot " + id + " has an ancestry deeper than " + MAX_DEPTH, "btree snapshots");
    }
}
