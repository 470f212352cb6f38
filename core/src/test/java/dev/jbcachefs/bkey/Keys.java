package dev.jbcachefs.bkey;

import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds keys from hand-assembled value bytes for printer and decoder tests. */
final class Keys {
    private Keys() {}

    /** A key of {@code type} at {@code pos} whose value is {@code val} zero-padded to whole u64s. */
    static BkeySC key(int type, Bpos pos, int size, byte[] val) {
        int padded = (val.length + 7) / 8 * 8;
        byte[] v = new byte[padded];
        System.arraycopy(val, 0, v, 0, val.length);
        return new BkeySC(new Bkey(Bkey.U64S + padded / 8, Bkey.U64S, false, type, 0, 0, size, pos), v, 0, padded);
    }

    static BkeySC key(int type, byte[] val) {
        return key(type, new Bpos(1, 2, 0), 0, val);
    }

    /** Little-endian value builder. */
    static final class Val {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Val u8(int v) {
            out.write(v);
            return this;
        }

        Val u16(int v) {
            return u8(v & 0xff).u8((v >> 8) & 0xff);
        }

        Val u32(long v) {
            return u16((int) v & 0xffff).u16((int) (v >>> 16) & 0xffff);
        }

        Val u64(long v) {
            return u32(v & 0xffffffffL).u32(v >>> 32);
        }

        Val bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Val str(String s) {
            return bytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        Val bpos(Bpos p) {
            byte[] b = new byte[Bpos.BYTES];
            p.write(b, 0);
            return bytes(b);
        }

        /** bcachefs varint: n = bytes needed for 7n bits, n-1 trailing one bits; 9 bytes = 0xff + 8. */
        Val varint(long v) {
            int bits = 64 - Long.numberOfLeadingZeros(v | 1);
            int n = (bits + 6) / 7;
            if (n > 8) {
                u8(0xff);
                return u64(v);
            }
            long enc = (v << n) | ((1L << (n - 1)) - 1);
            ByteBuffer bb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(enc);
            for (int i = 0; i < n; i++) u8(bb.get(i) & 0xff);
            return this;
        }

        byte[] get() {
            return out.toByteArray();
        }
    }
}
