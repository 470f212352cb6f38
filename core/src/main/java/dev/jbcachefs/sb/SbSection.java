package dev.jbcachefs.sb;

/**
 * One variable superblock field ready to write: its type id and its encoded body (without the 8-byte
 * {@code bch_sb_field} header). The writer adds the header and pads the body with zeros to a whole number
 * of u64s, the unit {@code bch_sb_field.u64s} counts in.
 */
public record SbSection(int type, byte[] body) {
    public SbSection {
        body = body.clone();
    }

    public SbSection(SbFieldType type, byte[] body) {
        this(type.id(), body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** u64s of the whole field, header included, after padding. */
    public int u64s() {
        return 1 + (body.length + 7) / 8;
    }

    /** Appends header + body + zero padding at {@code off}; returns the offset after it. */
    int writeTo(byte[] b, int off) {
        dev.jbcachefs.format.Le.put32(b, off, u64s());
        dev.jbcachefs.format.Le.put32(b, off + 4, type);
        System.arraycopy(body, 0, b, off + 8, body.length);
        return off + u64s() * 8;
    }
}
