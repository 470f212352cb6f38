package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/**
 * A subvolume ({@code bch_subvolume}): flags (read-only, snapshot, unlinked), its snapshot id, root inode,
 * and where present the subvolume it was snapshotted from, its parent in the directory tree and its
 * creation time ({@code otime}, 128 bits as two words; absent fields read as 0).
 */
public record Subvolume(long flags, long snapshot, long inode, long creationParent, long fsPathParent,
                        boolean hasParents, long otimeLo, long otimeHi) {
    public boolean readOnly() {
        return (flags & 1) != 0;
    }

    public boolean isSnapshot() {
        return (flags & 2) != 0;
    }

    public boolean unlinked() {
        return (flags & 4) != 0;
    }

    public static Subvolume decode(BkeySC k) {
        ValReader r = new ValReader(k).need(16);
        boolean parents = r.len > 16;
        return new Subvolume(r.u32(0), r.u32(4), r.u64(8), r.len >= 20 ? r.u32(16) : 0, r.len >= 24 ? r.u32(20) : 0,
                parents, r.len >= 32 ? r.u64(24) : 0, r.len >= 40 ? r.u64(32) : 0);
    }

    void toText(Printbuf out) {
        out.prt("root " + Long.toUnsignedString(inode) + " snapshot id " + snapshot);
        if (hasParents) out.prt(" creation_parent " + creationParent).prt(" fs_parent " + fsPathParent);
        if (readOnly()) out.prt(" ro");
        if (isSnapshot()) out.prt(" snapshot");
        if (unlinked()) out.prt(" unlinked");
    }
}
