package dev.jbcachefs.data;

import dev.jbcachefs.bkey.Dirent;
import dev.jbcachefs.bkey.Inode;
import dev.jbcachefs.btree.Btree;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.snapshot.SnapshotIter;
import dev.jbcachefs.snapshot.SnapshotTable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny dirent walk for tests (the namespace layer lives elsewhere): every regular file under a
 * directory, as {@code ./path → (inum, size)}, seen from one snapshot.
 */
final class FileTree {
    static final int DT_DIR = 4, DT_REG = 8;

    record FileRef(long inum, long size) {}

    private FileTree() {}

    static Map<String, FileRef> regularFiles(Btree tree, SnapshotTable t, long rootInum, int snapshot) {
        Map<String, FileRef> out = new TreeMap<>();
        walk(tree, t, rootInum, snapshot, ".", out);
        return out;
    }

    private static void walk(Btree tree, SnapshotTable t, long dir, int snapshot, String prefix, Map<String, FileRef> out) {
        SnapshotIter it = new SnapshotIter(tree, t, BtreeId.DIRENTS, dir, 0, snapshot);
        for (BkeySC k = it.next(); k != null && k.pos().inode() == dir; k = it.next()) {
            if (k.type() != dev.jbcachefs.format.KeyType.DIRENT) continue;
            Dirent d = Dirent.decode(k);
            String path = prefix + "/" + d.nameString();
            if (d.type() == DT_DIR) walk(tree, t, d.inum(), snapshot, path, out);
            else if (d.type() == DT_REG) out.put(path, new FileRef(d.inum(), inode(tree, t, d.inum(), snapshot).size()));
        }
    }

    static Inode inode(Btree tree, SnapshotTable t, long inum, int snapshot) {
        BkeySC k = SnapshotIter.get(tree, t, BtreeId.INODES, 0, inum, snapshot);
        if (k == null) throw new IllegalStateException("no inode " + inum);
        return Inode.decode(k);
    }
}
