package dev.jbcachefs.checksum;

import dev.jbcachefs.format.Le;

/**
 * A {@code struct bch_csum}: 128 bits stored as {@code le64 lo; le64 hi}. Checksums narrower than 128 bits
 * live in the low bytes of {@code lo} (then {@code hi}).
 */
public record Csum(long lo, long hi) {
    public static final int BYTES = 16;
    public static final Csum ZERO = new Csum(0, 0);

    public static Csum read(byte[] b, int off) {
        return new Csum(Le.u64(b, off), Le.u64(b, off + 8));
    }

    public void write(byte[] b, int off) {
        Le.put64(b, off, lo);
        Le.put64(b, off + 8, hi);
    }

    /** Upstream's {@code hi:lo} hex text, as {@code bch2_csum_to_text} prints it. */
    public void toText(StringBuilder out) {
        out.append(Long.toHexString(hi)).append(':').append(Long.toHexString(lo));
    }

    @Override
    public String toString() {
        return Long.toHexString(hi) + ":" + Long.toHexString(lo);
    }
}
