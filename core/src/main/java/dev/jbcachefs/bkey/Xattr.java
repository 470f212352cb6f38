package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/**
 * An extended attribute value: the namespace index ({@code x_type}: user 0, posix_acl_access 1,
 * posix_acl_default 2, trusted 3, security 4), the name without its namespace prefix, and the value.
 */
public record Xattr(int xType, byte[] name, byte[] value) {
    public static final String[] PREFIXES = {"user.", null, null, "trusted.", "security."};
    static final String[] ACL_TYPES = {null, "user_obj", "user", null, "group_obj", null, null, null, "group", null,
        null, null, null, null, null, null, "mask", null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, "other"};

    public Xattr {
        name = name.clone();
        value = value.clone();
    }

    @Override
    public byte[] name() {
        return name.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The full name as user space sees it ({@code user.foo}), or null for a type without a prefix. */
    public String fullName() {
        String p = xType < PREFIXES.length ? PREFIXES[xType] : null;
        if (xType == 1) p = "system.posix_acl_access";
        if (xType == 2) p = "system.posix_acl_default";
        if (p == null) return null;
        return xType == 1 || xType == 2 ? p : p + Names.bytes(name, 0, name.length);
    }

    /** Decodes with upstream's validation: name and value must fit in the value. */
    public static Xattr decode(BkeySC k) {
        ValReader r = new ValReader(k).need(4);
        int nameLen = r.u8(1), valLen = r.u16(2);
        if (4 + nameLen + valLen > r.len)
            throw r.corrupt("name (" + nameLen + ") and value (" + valLen + ") run past value end " + r.len);
        return new Xattr(r.u8(0), r.bytes(4, nameLen), r.bytes(4 + nameLen, valLen));
    }

    /** {@code bch2_xattr_to_text}; clamps lengths to the value as upstream does rather than failing. */
    static void toText(Printbuf out, BkeySC k) {
        ValReader r = new ValReader(k).need(4);
        int type = r.u8(0);
        if (type < PREFIXES.length && PREFIXES[type] != null) out.prt(PREFIXES[type]);
        else if (type == 1 || type == 2) out.prt("(type " + type + ")");
        else out.prt("(unknown type " + type + ")");
        int max = r.len - 4;
        int nameLen = r.u8(1);
        int valLen = Math.min(r.u16(2), max - nameLen);
        nameLen = Math.min(nameLen, max);
        String n = Names.cString(r.buf, r.off + 4, nameLen);
        String v = valLen > 0 ? Names.cString(r.buf, r.off + 4 + nameLen, valLen) : "";
        out.prt(n + ":" + v);
        if ((type == 1 || type == 2) && valLen >= 0) {
            out.raw(' ');
            aclToText(out, r, 4 + nameLen, r.u16(2));
        }
    }

    private static void aclToText(Printbuf out, ValReader r, int start, int size) {
        int end = Math.min(start + size, r.len);
        if (size < 4 || start + 4 > r.len || r.u32(start) != 2) return;
        int p = start + 4;
        while (p < end) {
            if (p + 4 > r.len) return;
            int tag = r.u16(p);
            int perm = r.u16(p + 2);
            out.prt(tag < ACL_TYPES.length && ACL_TYPES[tag] != null ? ACL_TYPES[tag] : "(null)");
            if (tag == 2 || tag == 8) {
                if (p + 8 > r.len) return;
                out.prt((tag == 2 ? " uid " : " gid ") + r.u32(p + 4));
                p += 8;
            } else if (tag == 1 || tag == 4 || tag == 16 || tag == 32) {
                p += 4;
            } else {
                return;
            }
            out.prt(" " + Integer.toOctalString(perm));
            if (p != end) out.raw(' ');
        }
    }
}
