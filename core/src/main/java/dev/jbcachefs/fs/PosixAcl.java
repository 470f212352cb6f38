package dev.jbcachefs.fs;

import dev.jbcachefs.BcachefsException;

/**
 * Converts an ACL as bcachefs stores it (version 1: 4-byte entries for the owner, group, mask and other
 * tags, 8-byte ones carrying a uid/gid for named users and groups) to the Linux {@code system.posix_acl_*}
 * xattr format user space sees (version 2, every entry 8 bytes, id -1 where there is none), and back
 * for {@code format --source}.
 */
public final class PosixAcl {
    static final int BCH_ACL_VERSION = 1, POSIX_ACL_XATTR_VERSION = 2;
    static final int USER_OBJ = 1, USER = 2, GROUP_OBJ = 4, GROUP = 8, MASK = 0x10, OTHER = 0x20;

    private PosixAcl() {}

    static byte[] toXattr(byte[] v, String where) {
        if (v.length < 4 || u32(v, 0) != BCH_ACL_VERSION) {
            throw BcachefsException.corrupt("ACL xattr of " + v.length + " bytes without the version-1 header", where);
        }
        int n = 0;
        for (int p = 4; p < v.length; n++) p += entryLen(v, p, where);
        byte[] out = new byte[4 + 8 * n];
        put32(out, 0, POSIX_ACL_XATTR_VERSION);
        int o = 4;
        for (int p = 4; p < v.length; o += 8) {
            int len = entryLen(v, p, where);
            out[o] = v[p];
            out[o + 1] = v[p + 1];
            out[o + 2] = v[p + 2];
            out[o + 3] = v[p + 3];
            put32(out, o + 4, len == 8 ? (int) u32(v, p + 4) : -1);
            p += len;
        }
        return out;
    }

    /** The bcachefs form of a Linux {@code system.posix_acl_*} xattr value (what {@link #toXattr} reverses). */
    public static byte[] fromXattr(byte[] x, String where) {
        if (x.length < 4 || (x.length - 4) % 8 != 0 || u32(x, 0) != POSIX_ACL_XATTR_VERSION) {
            throw new BcachefsException(dev.jbcachefs.ErrorCode.INVALID_ARGUMENT, where + ": POSIX ACL xattr of " + x.length
                    + " bytes is not version 2 with 8-byte entries");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] hdr = new byte[4];
        put32(hdr, 0, BCH_ACL_VERSION);
        out.writeBytes(hdr);
        for (int p = 4; p < x.length; p += 8) {
            int tag = (x[p] & 0xff) | (x[p + 1] & 0xff) << 8;
            boolean withId = switch (tag) {
                case USER_OBJ, GROUP_OBJ, MASK, OTHER -> false;
                case USER, GROUP -> true;
                default -> throw new BcachefsException(dev.jbcachefs.ErrorCode.INVALID_ARGUMENT, where + ": POSIX ACL entry with unknown tag " + tag);
            };
            out.write(x, p, withId ? 8 : 4);
        }
        return out.toByteArray();
    }

    private static int entryLen(byte[] v, int p, String where) {
        if (p + 4 > v.length) throw BcachefsException.corrupt("ACL entry at byte " + p + " runs past the value end " + v.length, where);
        int tag = (v[p] & 0xff) | (v[p + 1] & 0xff) << 8;
        int len = switch (tag) {
            case USER_OBJ, GROUP_OBJ, MASK, OTHER -> 4;
            case USER, GROUP -> 8;
            default -> throw BcachefsException.corrupt("ACL entry at byte " + p + " has unknown tag " + tag, where);
        };
        if (p + len > v.length) throw BcachefsException.corrupt("ACL entry at byte " + p + " runs past the value end " + v.length, where);
        return len;
    }

    private static long u32(byte[] b, int o) {
        return (b[o] & 0xffL) | (b[o + 1] & 0xffL) << 8 | (b[o + 2] & 0xffL) << 16 | (b[o + 3] & 0xffL) << 24;
    }

    private static void put32(byte[] b, int o, int v) {
        for (int i = 0; i < 4; i++) b[o + i] = (byte) (v >>> (8 * i));
    }
}
