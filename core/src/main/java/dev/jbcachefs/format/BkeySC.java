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

    /** A copy whose value no longer aliases the source buffer. */
    public BkeySC detach() {
        return new BkeySC(k, valueCopy(), 0, valLen);
    }
}
