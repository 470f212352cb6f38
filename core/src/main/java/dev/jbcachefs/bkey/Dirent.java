package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/**
 * A directory entry value: target (an inode number, or for {@code DT_SUBVOL} the child and parent
 * subvolume ids), {@code d_type} and the name; casefolded entries also store the folded lookup name.
 * Names are raw bytes (bcachefs does not require UTF-8).
 */
public record Dirent(long inum, int type, boolean casefold, byte[] name, byte[] cfName) {
    public static final int DT_SUBVOL = 16;

    public Dirent {
        name = name.clone();
        cfName = cfName == null ? null : cfName.clone();
    }

    @Override
    public byte[] name() {
        return name.clone();
    }

    @Override
    public byte[] cfName() {
        return cfName == null ? null : cfName.clone();
    }

    public String nameString() {
        return Names.bytes(name, 0, name.length);
    }

    public boolean isSubvol() {
        return type == DT_SUBVOL;
    }

    /** For a subvolume entry: the subvolume it points at. */
    public long childSubvol() {
        return inum & 0xffffffffL;
    }

    /** For a subvolume entry: the subvolume holding the entry. */
    public long parentSubvol() {
        return inum >>> 32;
    }

    public static Dirent decode(BkeySC k) {
        ValReader r = new ValReader(k).need(9);
        long inum = r.u64(0);
        int t = r.u8(8);
        boolean cf = (t & 0x80) != 0;
        if (cf) {
            r.need(14);
            int nameLen = r.u16(10), cfLen = r.u16(12);
            if (14 + nameLen + cfLen > r.len)
                throw r.corrupt("casefold names (" + nameLen + " + " + cfLen + " bytes) run past value end " + r.len);
            return new Dirent(inum, t & 31, true, r.bytes(14, nameLen), r.bytes(14 + nameLen, cfLen));
        }
        int n = r.len;
        int trailing = 0;
        while (trailing < 8 && n - 1 - trailing >= 9 && r.buf[r.off + n - 1 - trailing] == 0) trailing++;
        int nameLen = Math.max(0, n - 9 - trailing);
        return new Dirent(inum, t & 31, false, r.bytes(9, nameLen), null);
    }

    void toText(Printbuf out) {
        out.raw(nameString());
        if (casefold) {
            out.prt(" (casefold ");
            out.raw(Names.bytes(cfName, 0, cfName.length));
            out.raw(')');
        }
        out.prt(" ->");
        if (type != DT_SUBVOL) out.prt(" " + Long.toUnsignedString(inum));
        else out.prt(" " + parentSubvol() + " -> " + childSubvol());
        out.prt(" type " + Names.dType(type));
    }
}
