package dev.jbcachefs.fs;

import dev.jbcachefs.bkey.Dirent;
import dev.jbcachefs.bkey.Inode;
import dev.jbcachefs.bkey.Subvolume;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.snapshot.SnapshotIter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds each subvolume's path from the filesystem root by following back-pointers: a subvolume's root
 * inode names its parent subvolume ({@code bi_parent_subvol}) and the dirent that leads to it
 * ({@code bi_dir}, {@code bi_dir_offset}); every directory inode in the parent names its own dirent the
 * same way, up to the parent subvolume's root. Subvolume 1 is the filesystem root ("/").
 */
final class SubvolPaths {
    static final long ROOT_SUBVOL = 1;
    private static final int MAX_DEPTH = 4096;

    private SubvolPaths() {}

    static List<Subvol> list(FsContext ctx) {
        List<Subvol> out = new ArrayList<>();
        for (Map.Entry<Long, Subvolume> e : ctx.table.subvolumes().entrySet()) {
            Subvolume s = e.getValue();
            long parent = 0;
            Inode root = ctx.inode(s.inode(), s.snapshot());
            if (root != null) parent = root.parentSubvol();
            if (parent == 0) parent = s.fsPathParent();
            out.add(new Subvol(e.getKey(), path(ctx, e.getKey(), 0), s.snapshot(), s.inode(), s.creationParent(), parent,
                    s.readOnly(), s.isSnapshot()));
        }
        return out;
    }

    /** The path of subvolume {@code id} from the filesystem root, or null when it cannot be reached. */
    static String path(FsContext ctx, long id, int depth) {
        if (id == ROOT_SUBVOL) return "/";
        if (depth > 64) return null;
        Subvolume s = ctx.table.subvolume(id);
        if (s == null || s.unlinked()) return null;
        Inode root = ctx.inode(s.inode(), s.snapshot());
        if (root == null || root.parentSubvol() == 0) return null;
        Subvolume parent = ctx.table.subvolume(root.parentSubvol());
        if (parent == null) return null;
        StringBuilder rel = new StringBuilder();
        long dir = root.dir(), off = root.dirOffset();
        for (int i = 0; i < MAX_DEPTH; i++) {
            BkeySC k = SnapshotIter.get(ctx.tree, ctx.table, BtreeId.DIRENTS, dir, off, (int) parent.snapshot());
            if (k == null || k.k().type() != KeyType.DIRENT.id()) return null;
            rel.insert(0, "/" + new String(Dirent.decode(k).name(), StandardCharsets.UTF_8));
            if (dir == parent.inode()) {
                String base = path(ctx, root.parentSubvol(), depth + 1);
                if (base == null) return null;
                return base.equals("/") ? rel.toString() : base + rel;
            }
            Inode d = ctx.inode(dir, parent.snapshot());
            if (d == null) return null;
            dir = d.dir();
            off = d.dirOffset();
        }
        return null;
    }
}
