package dev.jbcachefs.format;

/**
 * A btree position: {@code (inode, offset, snapshot)} compared as one 160-bit unsigned integer in that
 * order. On disk it is 20 bytes, low word first: snapshot at +0, offset at +4, inode at +12. All three
 * fields are unsigned; Java longs and ints hold their bit patterns.
 */
public record Bpos(long inode, long offset, int snapshot) implements Comparable<Bpos> {
    public static final int BYTES = 20;
    public static final Bpos POS_MIN = new Bpos(0, 0, 0);
    public static final Bpos POS_MAX = new Bpos(-1L, -1L, 0);
    public static final Bpos SPOS_MAX = new Bpos(-1L, -1L, -1);

    public static Bpos read(byte[] b, int off) {
        return new Bpos(Le.u64(b, off + 12), Le.u64(b, off + 4), Le.i32(b, off));
    }

    public void write(byte[] b, int off) {
        Le.put32(b, off, snapshot);
        Le.put64(b, off + 4, offset);
        Le.put64(b, off + 12, inode);
    }

    @Override
    public int compareTo(Bpos o) {
        int c = Long.compareUnsigned(inode, o.inode);
        if (c != 0) return c;
        c = Long.compareUnsigned(offset, o.offset);
        if (c != 0) return c;
        return Integer.compareUnsigned(snapshot, o.snapshot);
    }

    /** The next position in key order (snapshot, then offset, then inode carry). */
    public Bpos successor() {
        if (snapshot != -1) return new Bpos(inode, offset, snapshot + 1);
        if (offset != -1L) return new Bpos(inode, offset + 1, 0);
        if (inode != -1L) return new Bpos(inode + 1, 0, 0);
        return this;
    }

    /** The next position ignoring the snapshot field (for non-snapshot btrees whose keys use snapshot 0). */
    public Bpos successorNoSnapshot() {
        if (offset != -1L) return new Bpos(inode, offset + 1, snapshot);
        if (inode != -1L) return new Bpos(inode + 1, 0, snapshot);
        return this;
    }

    public long snapshotUnsigned() {
        return snapshot & 0xffffffffL;
    }

    /** The upstream text form: {@code POS_MIN}, {@code SPOS_MAX}, or {@code inode:offset:snapshot} with U64_MAX/U32_MAX. */
    public void toText(StringBuilder out) {
        if (equals(POS_MIN)) {
            out.append("POS_MIN");
        } else if (equals(POS_MAX)) {
            out.append("POS_MAX");
        } else if (equals(SPOS_MAX)) {
            out.append("SPOS_MAX");
        } else {
            out.append(inode == -1L ? "U64_MAX" : Long.toUnsignedString(inode)).append(':');
            out.append(offset == -1L ? "U64_MAX" : Long.toUnsignedString(offset)).append(':');
            out.append(snapshot == -1 ? "U32_MAX" : Integer.toUnsignedString(snapshot));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        toText(sb);
        return sb.toString();
    }

    /**
     * Parses the text form {@code toText} prints, and the CLI forms {@code inode:offset[:snapshot]} and
     * {@code inode:offset} (snapshot 0 unless given).
     */
    public static Bpos parse(String s) {
        switch (s) {
            case "POS_MIN": return POS_MIN;
            case "POS_MAX": return POS_MAX;
            case "SPOS_MAX": return SPOS_MAX;
            default: break;
        }
        String[] p = s.split(":", -1);
        if (p.length < 1 || p.length > 3) throw new IllegalArgumentException("bad position '" + s + "': want inode:offset[:snapshot]");
        long inode = parseU64(p[0], s);
        long offset = p.length > 1 ? parseU64(p[1], s) : 0;
        int snap = p.length > 2 ? (int) parseU32(p[2], s) : 0;
        return new Bpos(inode, offset, snap);
    }

    private static long parseU64(String t, String whole) {
        if (t.equals("U64_MAX")) return -1L;
        try {
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad position '" + whole + "': '" + t + "' is not an unsigned 64-bit number");
        }
    }

    private static long parseU32(String t, String whole) {
        if (t.equals("U32_MAX")) return 0xffffffffL;
        long v = parseU64(t, whole);
        if (Long.compareUnsigned(v, 0xffffffffL) > 0) throw new IllegalArgumentException("bad position '" + whole + "': snapshot over 32 bits");
        return v;
    }
}
