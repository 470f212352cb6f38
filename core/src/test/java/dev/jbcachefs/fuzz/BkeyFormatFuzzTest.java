package dev.jbcachefs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeyFormat;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * {@code bkey_format} validation and key unpacking: the input is a 56-byte format followed by a packed
 * key. Whenever {@link BkeyFormat#validate} accepts a format, unpacking any key of key_u64s words must
 * not throw, and every unpacked field must lie within {@code offset .. offset + 2^bits - 1} of its field
 * (no wrap-around, nothing wider than the unpacked field) — the property whose absence let crafted
 * formats corrupt memory upstream.
 */
class BkeyFormatFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void formatUnpack(byte[] input) {
        if (input.length < BkeyFormat.BYTES) return;
        BkeyFormat f = BkeyFormat.read(input, 0);
        if (f.validate() != null) return;
        int keyBytes = f.keyU64s() * 8;
        if (input.length < BkeyFormat.BYTES + keyBytes) return;
        Bkey k = f.unpack(input, BkeyFormat.BYTES);
        long[] v = {k.p().inode(), k.p().offset(), k.p().snapshot() & 0xffffffffL, k.sizeUnsigned(), k.versionHi() & 0xffffffffL, k.versionLo()};
        for (int i = 0; i < BkeyFormat.NR_FIELDS; i++) {
            long rel = v[i] - f.offset(i);
            int bits = f.bits(i);
            assertThat(Long.compareUnsigned(v[i], f.offset(i))).as("field %d below its offset in %s", i, f).isGreaterThanOrEqualTo(0);
            if (bits < 64) assertThat(Long.compareUnsigned(rel, 1L << bits)).as("field %d wider than %d bits in %s", i, bits, f).isLessThan(0);
        }
    }
}
