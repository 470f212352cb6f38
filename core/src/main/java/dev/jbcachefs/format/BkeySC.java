package dev.jbcachefs.format;

/**
 * A key with its value, as read: the header plus a view of the value bytes inside a larger buffer (a node
 * or journal entry), named after upstream's {@code bkey_s_c}. The buffer is shared and must not be
 * modified; {@link #valueCopy()} gives an owned copy.
 */
public record BkeySC(Bkey k, byte[] buf, int valOff, int valLen) {
    public byte[] valueCopy() {
        byte[] v = new byte[valLen];
        System.arraycopy(buf, valOff, v, 0, valLen);
        return v;
    }

    public KeyType type() {
        return KeyType.byId(k.type());
    }

    public Bpos pos() {
        return k.p();
    }

    /**
     * A new unpacked key of {@code type} at {@code p} with the given extent size, version and value (whose
     * length must be a whole number of u64s), as the write paths make them.
     */
    public static BkeySC of(KeyType type, Bpos p, int size, long version, byte[] value) {
        if ((value.length & 7) != 0) throw new IllegalArgumentException(type + " value of " + value.length + " bytes is not u64-aligned");
        int u64s = Bkey.U64S + value.length / 8;
        if (u64s > 255) throw new IllegalArgumentException(type + " key of " + u64s + " u64s is too big");
        return new BkeySC(new Bkey(u64s, Bkey.U64S, false, type.id(), 0, version, size, p), value, 0, value.length);
    }

    /** A copy whose value no longer aliases the source buffer. */
    public BkeySC detach() {
        return new BkeySC(k, valueCopy(), 0, valLen);
    }
}
