package dev.jbcachefs.bkey;

/**
 * Encodes the snapshot bookkeeping values: {@code subvolume} (flags, snapshot id, root inode, creation
 * and path parents, otime), {@code snapshot} (flags, parent, children, subvolume, tree, depth, skiplist,
 * btime) and {@code snapshot_tree} (master subvolume, root snapshot), at their full current sizes. Their
 * positions are plain ids in the offset field ({@code POS(0, id)}).
 */
public final class SnapshotPack {
    /** {@code BCH_SUBVOLUME_RO}, {@code BCH_SUBVOLUME_SNAP}, {@code BCH_SUBVOLUME_UNLINKED}. */
    public static final int SUBVOL_RO = 1, SUBVOL_SNAP = 2, SUBVOL_UNLINKED = 4;
    /** {@code BCH_SNAPSHOT_WILL_DELETE}, {@code BCH_SNAPSHOT_SUBVOL}, {@code BCH_SNAPSHOT_DELETED}, {@code BCH_SNAPSHOT_NO_KEYS}. */
    public static final int SNAPSHOT_WILL_DELETE = 1, SNAPSHOT_SUBVOL = 2, SNAPSHOT_DELETED = 4, SNAPSHOT_NO_KEYS = 8;

    private SnapshotPack() {}

    public static byte[] subvolume(long flags, long snapshot, long rootInode, long creationParent, long fsPathParent,
                                   long otimeLo, long otimeHi) {
        return new ValWriter(40).u32(0, ValWriter.fit("subvol flags", flags, 32)).u32(4, ValWriter.fit("snapshot", snapshot, 32))
                .u64(8, rootInode).u32(16, ValWriter.fit("creation_parent", creationParent, 32))
                .u32(20, ValWriter.fit("fs_path_parent", fsPathParent, 32)).u64(24, otimeLo).u64(32, otimeHi).get();
    }

    public static byte[] subvolume(Subvolume s) {
        return subvolume(s.flags(), s.snapshot(), s.inode(), s.creationParent(), s.fsPathParent(), s.otimeLo(), s.otimeHi());
    }

    /** A snapshot node; {@code children} and {@code skip} are 2 and 3 ids. */
    public static byte[] snapshot(long flags, long parent, long[] children, long subvol, long tree, long depth, long[] skip,
                                  long btimeLo, long btimeHi) {
        if (children.length != 2 || skip.length != 3) throw new IllegalArgumentException("snapshot needs 2 children and 3 skiplist ids");
        long[] f = {flags, parent, children[0], children[1], subvol, tree, depth, skip[0], skip[1], skip[2]};
        ValWriter w = new ValWriter(56);
        for (int i = 0; i < f.length; i++) w.u32(i * 4, ValWriter.fit("snapshot field " + i, f[i], 32));
        return w.u64(40, btimeLo).u64(48, btimeHi).get();
    }

    public static byte[] snapshot(Snapshot s) {
        return snapshot(s.flags(), s.parent(), new long[] {s.child0(), s.child1()}, s.subvol(), s.tree(), s.depth(),
                new long[] {s.skip0(), s.skip1(), s.skip2()}, s.btimeLo(), s.btimeHi());
    }

    public static byte[] snapshotTree(long masterSubvol, long rootSnapshot) {
        return new ValWriter(8).u32(0, ValWriter.fit("master_subvol", masterSubvol, 32))
                .u32(4, ValWriter.fit("root_snapshot", rootSnapshot, 32)).get();
    }

    public static byte[] snapshotTree(SnapshotTree t) {
        return snapshotTree(t.masterSubvol(), t.rootSnapshot());
    }
}
