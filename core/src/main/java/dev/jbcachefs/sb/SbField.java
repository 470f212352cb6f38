package dev.jbcachefs.sb;

/**
 * One variable superblock field ({@code struct bch_sb_field}): {@code le32 u64s; le32 type}, then the
 * body. {@code off} is the header's offset inside the superblock bytes, {@code len} the whole field's
 * length in bytes (header included); the parser has checked it lies inside the superblock.
 */
public record SbField(int type, byte[] sb, int off, int len) {
    public static final int HEADER_BYTES = 8;

    /** Offset of the body (after the 8-byte header). */
    public int bodyOff() {
        return off + HEADER_BYTES;
    }

    public int bodyLen() {
        return len - HEADER_BYTES;
    }

    public SbFieldType knownType() {
        return SbFieldType.byId(type);
    }
}
