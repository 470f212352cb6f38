package dev.jbcachefs.format;

/**
 * An unpacked key header ({@code struct bkey}, 40 bytes on disk when unpacked): size of key plus value in
 * u64s, the needs_whiteout bit, the key type, the 96-bit version, the extent size in sectors and the
 * position. Packed keys are turned into this by {@link BkeyFormat#unpack}.
 *
 * @param u64s          key plus value, in u64s (as stored: for a packed key, the packed size)
 * @param keyU64s       size of the key part alone in u64s (5 unpacked, the format's key_u64s when packed)
 * @param type          key type id ({@link KeyType})
 * @param versionHi     high 32 bits of the version (unsigned)
 * @param versionLo     low 64 bits of the version
 * @param size          extent size in sectors (unsigned 32-bit)
 * @param p             position
 */
public record Bkey(int u64s, int keyU64s, boolean needsWhiteout, int type, int versionHi, long versionLo, int size, Bpos p) {
    /** Size of an unpacked key in u64s. */
    public static final int U64S = 5;
    public static final int BYTES = 40;
    /** {@code KEY_FORMAT_LOCAL_BTREE}: packed in the node's format. */
    public static final int FORMAT_LOCAL_BTREE = 0;
    /** {@code KEY_FORMAT_CURRENT}: unpacked. */
    public static final int FORMAT_CURRENT = 1;

    /** Value size in u64s. */
    public int valU64s() {
        return u64s - keyU64s;
    }

    public int valBytes() {
        return valU64s() * 8;
    }

    public long sizeUnsigned() {
        return size & 0xffffffffL;
    }

    /** Start of an extent key: {@code p.offset - size}. */
    public long start() {
        return p.offset() - sizeUnsigned();
    }

    public boolean isDeleted() {
        return type == KeyType.DELETED.id();
    }

    /** Decodes an unpacked key header at {@code off}; the caller has checked {@code BYTES} are there. */
    public static Bkey readUnpacked(byte[] b, int off) {
        int u64s = Le.u8(b, off);
        int fmt = Le.u8(b, off + 1);
        return new Bkey(u64s, U64S, (fmt & 0x80) != 0, Le.u8(b, off + 2),
                Le.i32(b, off + 12), Le.u64(b, off + 4), Le.i32(b, off + 16), Bpos.read(b, off + 20));
    }

    /** Writes this header unpacked (format {@code KEY_FORMAT_CURRENT}) at {@code off}. */
    public void writeUnpacked(byte[] b, int off) {
        b[off] = (byte) u64s;
        b[off + 1] = (byte) (FORMAT_CURRENT | (needsWhiteout ? 0x80 : 0));
        b[off + 2] = (byte) type;
        b[off + 3] = 0;
        Le.put64(b, off + 4, versionLo);
        Le.put32(b, off + 12, versionHi);
        Le.put32(b, off + 16, size);
        p.write(b, off + 20);
    }

    /** Upstream's header text: {@code u64s N type T POS len L ver V}. */
    public void toText(StringBuilder out) {
        // upstream prints the size of the unpacked key: value plus the 5-u64 unpacked header
        out.append("u64s ").append(valU64s() + U64S).append(" type ");
        KeyType t = KeyType.byId(type);
        if (t != null) out.append(t.upstreamName()).append(' ');
        else out.append(type).append(' ');
        p.toText(out);
        out.append(" len ").append(Integer.toUnsignedString(size)).append(" ver ").append(Long.toUnsignedString(versionLo));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        toText(sb);
        return sb.toString();
    }
}
