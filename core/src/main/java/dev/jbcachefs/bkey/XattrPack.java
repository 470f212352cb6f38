package dev.jbcachefs.bkey;

/**
 * Encodes {@code xattr} values ({@code x_type}, {@code x_name_len}, {@code x_val_len}, name, value,
 * zero-padded to whole u64s) as upstream's {@code bch2_xattr_set}. The name is without its namespace
 * prefix ({@code user.} etc.); {@link Xattr#PREFIXES} gives the types.
 */
public final class XattrPack {
    public static final int USER = 0, POSIX_ACL_ACCESS = 1, POSIX_ACL_DEFAULT = 2, TRUSTED = 3, SECURITY = 4;
    /** Bytes before the name ({@code offsetof(struct bch_xattr, x_name_and_value)}). */
    static final int NAME_OFFSET = 4;

    private XattrPack() {}

    public static byte[] encode(int xType, byte[] name, byte[] value) {
        ValWriter.fit("x_type", xType, 8);
        ValWriter.fit("x_name_len", name.length, 8);
        ValWriter.fit("x_val_len", value.length, 16);
        for (byte b : name) if (b == 0) throw new IllegalArgumentException("xattr name holds a NUL byte");
        return new ValWriter(NAME_OFFSET + name.length + value.length).u8(0, xType).u8(1, name.length)
                .u16(2, value.length).bytes(NAME_OFFSET, name).bytes(NAME_OFFSET + name.length, value).get();
    }

    public static byte[] encode(Xattr x) {
        return encode(x.xType(), x.name(), x.value());
    }
}
