package dev.jbcachefs.format;

/**
 * A node's key packing format ({@code struct bkey_format}, 56 bytes): key_u64s, nr_fields, bits per field
 * and an offset per field for the six fields inode, offset, snapshot, size, version_hi, version_lo.
 * A packed key is read as one little-endian integer of key_u64s words; bits 0..23 hold u64s,
 * format/needs_whiteout and type, and the fields are packed from the most significant bit downward.
 *
 * <p>{@link #validate} must pass before {@link #unpack} is used: it guarantees that no field can exceed
 * its unpacked width and that key_u64s matches the field bits — the checks whose absence crashed the
 * kernel on crafted images.
 */
public final class BkeyFormat {
    public static final int BYTES = 56;
    public static final int NR_FIELDS = 6;
    /** Unpacked width of each field, in bits. */
    static final int[] UNPACKED_BITS = {64, 64, 32, 32, 32, 64};
    static final String[] FIELD_NAMES = {"inode", "offset", "snapshot", "size", "version_hi", "version_lo"};
    public static final int PACKED_BITS_START = 24;

    /** The format of unpacked keys ({@code bch2_bkey_format_current}). */
    public static final BkeyFormat CURRENT = new BkeyFormat(5, 6, new int[] {64, 64, 32, 32, 32, 64}, new long[6]);

    private final int keyU64s;
    private final int nrFields;
    private final int[] bits;
    private final long[] offsets;
    /** Bit position (from bit 0 of the packed integer) of the lowest bit of each field. */
    private final int[] lowBit;

    public BkeyFormat(int keyU64s, int nrFields, int[] bits, long[] offsets) {
        this.keyU64s = keyU64s;
        this.nrFields = nrFields;
        this.bits = bits.clone();
        this.offsets = offsets.clone();
        this.lowBit = new int[NR_FIELDS];
        int hi = keyU64s * 64;
        for (int i = 0; i < NR_FIELDS; i++) {
            hi -= bits[i];
            lowBit[i] = hi;
        }
    }

    public static BkeyFormat read(byte[] b, int off) {
        int[] bits = new int[NR_FIELDS];
        long[] offs = new long[NR_FIELDS];
        for (int i = 0; i < NR_FIELDS; i++) {
            bits[i] = Le.u8(b, off + 2 + i);
            offs[i] = Le.u64(b, off + 8 + i * 8);
        }
        return new BkeyFormat(Le.u8(b, off), Le.u8(b, off + 1), bits, offs);
    }

    public void write(byte[] b, int off) {
        b[off] = (byte) keyU64s;
        b[off + 1] = (byte) nrFields;
        for (int i = 0; i < NR_FIELDS; i++) {
            b[off + 2 + i] = (byte) bits[i];
            Le.put64(b, off + 8 + i * 8, offsets[i]);
        }
    }

    public int keyU64s() {
        return keyU64s;
    }

    public int nrFields() {
        return nrFields;
    }

    public int bits(int field) {
        return bits[field];
    }

    public long offset(int field) {
        return offsets[field];
    }

    /** Returns null when the format is valid, else a description of the first problem. */
    public String validate() {
        if (nrFields != NR_FIELDS) return "incorrect number of fields: got " + nrFields + ", should be " + NR_FIELDS;
        int total = PACKED_BITS_START;
        for (int i = 0; i < NR_FIELDS; i++) {
            int ub = UNPACKED_BITS[i];
            if (bits[i] > ub) return "field " + i + " too large: " + bits[i] + " bits > " + ub;
            long unpackedMax = ub == 64 ? -1L : (1L << ub) - 1;
            long packedMax = bits[i] == 0 ? 0 : bits[i] == 64 ? -1L : (1L << bits[i]) - 1;
            // offset + packedMax must not exceed unpackedMax (unsigned, without wrapping)
            if (Long.compareUnsigned(offsets[i], unpackedMax) > 0
                    || Long.compareUnsigned(packedMax, unpackedMax - offsets[i]) > 0) {
                return "field " + i + " too large: " + Long.toUnsignedString(packedMax) + " + "
                        + Long.toUnsignedString(offsets[i]) + " > " + Long.toUnsignedString(unpackedMax);
            }
            total += bits[i];
        }
        int want = (total + 63) / 64;
        if (keyU64s != want) return "incorrect key_u64s: got " + keyU64s + ", should be " + want;
        return null;
    }

    /** Extracts {@code n} (0..64) bits starting at bit {@code lo} of the packed integer at {@code off}. */
    private static long extract(byte[] b, int off, int lo, int n) {
        if (n == 0) return 0;
        int w = lo >>> 6;
        int sh = lo & 63;
        long v = Le.u64(b, off + w * 8) >>> sh;
        if (sh != 0 && sh + n > 64) v |= Le.u64(b, off + (w + 1) * 8) << (64 - sh);
        return n == 64 ? v : v & ((1L << n) - 1);
    }

    /** The u64s byte of a key at {@code off}, packed or not (it is always the first byte). */
    public static int keyU64sAt(byte[] b, int off) {
        return b[off] & 0xff;
    }

    /** True when the key at {@code off} is packed in this node's format. */
    public static boolean isPacked(byte[] b, int off) {
        return (b[off + 1] & 0x7f) == Bkey.FORMAT_LOCAL_BTREE;
    }

    /**
     * Unpacks the packed key at {@code off}; the caller has validated this format and checked that
     * {@code keyU64s * 8} bytes are in bounds and that the key's u64s is at least keyU64s.
     */
    public Bkey unpack(byte[] b, int off) {
        int u64s = b[off] & 0xff;
        int fmt = b[off + 1] & 0xff;
        int type = b[off + 2] & 0xff;
        long inode = extract(b, off, lowBit[0], bits[0]) + offsets[0];
        long offset = extract(b, off, lowBit[1], bits[1]) + offsets[1];
        long snapshot = extract(b, off, lowBit[2], bits[2]) + offsets[2];
        long size = extract(b, off, lowBit[3], bits[3]) + offsets[3];
        long vhi = extract(b, off, lowBit[4], bits[4]) + offsets[4];
        long vlo = extract(b, off, lowBit[5], bits[5]) + offsets[5];
        return new Bkey(u64s, keyU64s, (fmt & 0x80) != 0, type, (int) vhi, vlo, (int) size,
                new Bpos(inode, offset, (int) snapshot));
    }

    /** Upstream's text: {@code u64s 3 fields 64:0, 64:0, ...} (bits:offset per field). */
    public void toText(StringBuilder out) {
        out.append("u64s ").append(keyU64s).append(" fields ");
        for (int i = 0; i < NR_FIELDS; i++) {
            if (i > 0) out.append(", ");
            out.append(bits[i]).append(':').append(Long.toUnsignedString(offsets[i]));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        toText(sb);
        return sb.toString();
    }
}
