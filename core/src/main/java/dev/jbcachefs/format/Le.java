package dev.jbcachefs.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian field access on byte arrays. Everything bcachefs writes is little-endian; these are the
 * only primitives the codecs use to read fields, so bounds are checked in one place (an
 * {@link IndexOutOfBoundsException} from here means a decoder forgot to validate a length first).
 */
public final class Le {
    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Le() {}

    public static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static int u16(byte[] b, int off) {
        return ((short) U16.get(b, off)) & 0xffff;
    }

    /** Unsigned 32-bit value widened to long. */
    public static long u32(byte[] b, int off) {
        return ((int) U32.get(b, off)) & 0xffffffffL;
    }

    public static int i32(byte[] b, int off) {
        return (int) U32.get(b, off);
    }

    public static long u64(byte[] b, int off) {
        return (long) U64.get(b, off);
    }

    public static void put16(byte[] b, int off, int v) {
        U16.set(b, off, (short) v);
    }

    public static void put32(byte[] b, int off, int v) {
        U32.set(b, off, v);
    }

    /** Stores the low 32 bits of {@code v} (for unsigned 32-bit fields held in longs). */
    public static void put32(byte[] b, int off, long v) {
        U32.set(b, off, (int) v);
    }

    public static void put64(byte[] b, int off, long v) {
        U64.set(b, off, v);
    }

    /** Unsigned decimal text of a u64, as C's {@code %llu} prints it. */
    public static String u64Text(long v) {
        return Long.toUnsignedString(v);
    }
}
