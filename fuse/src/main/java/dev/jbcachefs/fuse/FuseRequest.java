package dev.jbcachefs.fuse;

import dev.jbcachefs.format.Le;
import java.nio.charset.StandardCharsets;

/**
 * One request read from {@code /dev/fuse}: the validated {@code fuse_in_header} fields and the argument
 * bytes after it. The accessors read the opcode-specific argument structs and refuse, with a
 * {@link FuseError} (EINVAL), anything that does not fit: a field past the end, a name without its NUL
 * terminator, a name with '/' or longer than 255 bytes. {@link #decode} refuses a malformed header the
 * same way, so a corrupt or hostile request becomes an error reply and never an exception of another kind.
 */
final class FuseRequest {
    static final int IN_HEADER = 40;
    static final int NAME_MAX = 255;

    final int len;
    /** The raw opcode number (also kept when it is unknown). */
    final int opcodeId;
    /** Null when the opcode is unknown. */
    final FuseOpcode opcode;
    final long unique;
    final long nodeid;
    final int uid, gid, pid;
    private final byte[] buf;
    private final int argOff;
    private final int argLen;

    private FuseRequest(byte[] buf, int off, int n) {
        this.buf = buf;
        this.len = Le.i32(buf, off);
        this.opcodeId = Le.i32(buf, off + 4);
        this.opcode = FuseOpcode.byId(opcodeId);
        this.unique = Le.u64(buf, off + 8);
        this.nodeid = Le.u64(buf, off + 16);
        this.uid = Le.i32(buf, off + 24);
        this.gid = Le.i32(buf, off + 28);
        this.pid = Le.i32(buf, off + 32);
        int extLen = Le.u16(buf, off + 36) * 8;
        this.argOff = off + IN_HEADER;
        this.argLen = n - IN_HEADER - extLen;
    }

    /**
     * Decodes the request in {@code buf[off, off+n)} (what one {@code read} of {@code /dev/fuse} returned).
     *
     * @throws FuseError EINVAL when the header is short, its length disagrees with {@code n}, or the
     *                   extension area does not fit; its message names the field
     */
    static FuseRequest decode(byte[] buf, int off, int n) {
        if (off < 0 || n < 0 || off > buf.length - n) throw new FuseError(Errno.EINVAL, "request of " + n + " bytes at " + off + " exceeds the buffer");
        if (n < IN_HEADER) throw new FuseError(Errno.EINVAL, "request of " + n + " bytes is shorter than fuse_in_header (" + IN_HEADER + ")");
        long declared = Le.u32(buf, off);
        if (declared != n) throw new FuseError(Errno.EINVAL, "fuse_in_header.len " + declared + " disagrees with the " + n + " bytes read");
        int extLen = Le.u16(buf, off + 36) * 8;
        if (extLen > n - IN_HEADER) throw new FuseError(Errno.EINVAL, "fuse_in_header.total_extlen " + extLen + " exceeds the " + (n - IN_HEADER) + " argument bytes");
        return new FuseRequest(buf, off, n);
    }

    /** The {@code unique} field of a possibly malformed request, or -1 when not even that was read. */
    static long uniqueOf(byte[] buf, int off, int n) {
        return n >= 16 && off >= 0 && off <= buf.length - 16 ? Le.u64(buf, off + 8) : -1;
    }

    int argLen() {
        return argLen;
    }

    private void need(int pos, int size, String what) {
        if (pos < 0 || size < 0 || pos > argLen - size) {
            throw new FuseError(Errno.EINVAL, name() + ": " + what + " at argument byte " + pos + " (" + size + " bytes) is past the " + argLen + " argument bytes");
        }
    }

    int u32(int pos, String what) {
        need(pos, 4, what);
        return Le.i32(buf, argOff + pos);
    }

    long u64(int pos, String what) {
        need(pos, 8, what);
        return Le.u64(buf, argOff + pos);
    }

    /** The NUL-terminated string at argument byte {@code pos}, as bytes without the NUL. */
    byte[] cstring(int pos, String what) {
        need(pos, 1, what);
        int start = argOff + pos, end = argOff + argLen;
        for (int i = start; i < end; i++) {
            if (buf[i] == 0) return java.util.Arrays.copyOfRange(buf, start, i);
        }
        throw new FuseError(Errno.EINVAL, name() + ": " + what + " is not NUL-terminated");
    }

    /** A directory entry name: a C string that is non-empty, at most 255 bytes and without '/'. */
    byte[] name(int pos) {
        byte[] n = cstring(pos, "name");
        if (n.length == 0) throw new FuseError(Errno.EINVAL, name() + ": empty name");
        if (n.length > NAME_MAX) throw new FuseError(Errno.ENAMETOOLONG, name() + ": name of " + n.length + " bytes");
        for (byte b : n) {
            if (b == '/') throw new FuseError(Errno.EINVAL, name() + ": name contains '/'");
        }
        return n;
    }

    /** An xattr name as a Java string (names are ASCII/UTF-8 by convention). */
    String xattrName(int pos) {
        byte[] n = cstring(pos, "xattr name");
        if (n.length == 0 || n.length > NAME_MAX) throw new FuseError(Errno.ERANGE, name() + ": xattr name of " + n.length + " bytes");
        return new String(n, StandardCharsets.UTF_8);
    }

    String name() {
        return opcode != null ? opcode.name() : "opcode " + opcodeId;
    }
}
