package dev.jbcachefs.fuse;

import dev.jbcachefs.fs.FsView;
import java.util.HashMap;
import java.util.Map;

/**
 * The FUSE node ids the kernel holds, each naming one (subvolume, inode) pair: bcachefs inode numbers are
 * unique only within a subvolume (a snapshot repeats its origin's numbers), so the pair, not the inode
 * number, is the identity. Node id 1 is the root directory of the mounted subvolume and is never
 * forgotten. Every LOOKUP reply (and every READDIRPLUS entry) adds one to the node's lookup count and
 * FORGET subtracts; a node whose count reaches zero leaves the table. Hard links resolve to the same
 * pair and so to the same node id. Thread-safe (one lock; the operations are tiny).
 */
final class NodeTable {
    static final long ROOT = 1;

    /**
     * One node: the view of its subvolume, its inode number there, and the {@code st_ino} of the directory
     * it was first looked up in (what readdir reports for a directory's {@code ..}; the root's own number
     * for the root, as on any filesystem).
     */
    record Node(long nodeid, FsView view, long subvol, long ino, long parentStIno) {}

    private record Key(long subvol, long ino) {}

    private static final class Entry {
        final Node node;
        long lookups;

        Entry(Node node) {
            this.node = node;
        }
    }

    private final Map<Long, Entry> byId = new HashMap<>();
    private final Map<Key, Entry> byKey = new HashMap<>();
    private long next = ROOT + 1;

    NodeTable(FsView root) {
        Entry e = new Entry(new Node(ROOT, root, root.subvolId(), root.rootIno(), root.rootIno()));
        e.lookups = 1;
        byId.put(ROOT, e);
        byKey.put(new Key(root.subvolId(), root.rootIno()), e);
    }

    /** The node with this id, or a FuseError ENOENT when the kernel names one it was never given or forgot. */
    synchronized Node get(long nodeid) {
        Entry e = byId.get(nodeid);
        if (e == null) throw new FuseError(Errno.ENOENT, "unknown node id " + nodeid);
        return e.node;
    }

    /**
     * The node for (subvolume, inode), created if new (remembering {@code parentStIno}, the st_ino of the
     * directory it was found in); its lookup count goes up by one.
     */
    synchronized Node lookup(FsView view, long ino, long parentStIno) {
        Key k = new Key(view.subvolId(), ino);
        Entry e = byKey.get(k);
        if (e == null) {
            e = new Entry(new Node(next++, view, view.subvolId(), ino, parentStIno));
            byKey.put(k, e);
            byId.put(e.node.nodeid(), e);
        }
        e.lookups++;
        return e.node;
    }

    /** Drops {@code n} lookups of {@code nodeid}; unknown ids are ignored (FORGET has no reply). */
    synchronized void forget(long nodeid, long n) {
        if (nodeid == ROOT) return;
        Entry e = byId.get(nodeid);
        if (e == null) return;
        e.lookups -= Math.min(Math.max(n, 0), e.lookups);
        if (e.lookups == 0) {
            byId.remove(nodeid);
            byKey.remove(new Key(e.node.subvol(), e.node.ino()));
        }
    }

    synchronized int size() {
        return byId.size();
    }
}
