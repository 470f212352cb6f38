package dev.jbcachefs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import java.util.Arrays;
import java.util.Random;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

/**
 * LZ4 blocks padded with zeros to whole sectors, as bcachefs stores them: the block length is first guessed
 * from the last non-zero byte, so blocks whose last literals are zeros (the guess is short) must still decode
 * through the exact-length walk, and corrupt blocks must still fail as CORRUPT.
 */
class CodecsTest {
    private static final LZ4Compressor LZ4 = LZ4Factory.fastestInstance().fastCompressor();

    /** {@code data} LZ4-compressed and zero-padded to a multiple of 512 bytes. */
    private static byte[] padded(byte[] data) {
        byte[] c = LZ4.compress(data);
        return Arrays.copyOf(c, (c.length + 511) / 512 * 512 + 512);
    }

    private static byte[] text(int n) {
        byte[] d = new byte[n];
        for (int i = 0; i < n; i++) d[i] = (byte) ("line " + (i / 16) + "\n").charAt(i % 6);
        return d;
    }

    @Test
    void lz4BlockEndingInNonZeroLiteral() {
        byte[] data = text(64 << 10);
        data[data.length - 1] = 'x';
        byte[] src = padded(data);
        byte[] out = new byte[data.length];
        Codecs.decompress(Codecs.LZ4, src, 0, src.length, out);
        assertThat(out).isEqualTo(data);
    }

    @Test
    void lz4BlockEndingInZeroLiterals() {
        Random rnd = new Random(7);
        for (int zeros : new int[] {1, 3, 5, 12, 40}) {
            byte[] data = new byte[8192];
            rnd.nextBytes(data);
            Arrays.fill(data, data.length - zeros, data.length, (byte) 0);
            byte[] src = padded(data);
            byte[] out = new byte[data.length];
            Codecs.decompress(Codecs.LZ4, src, 0, src.length, out);
            assertThat(out).as("%d trailing zeros", zeros).isEqualTo(data);
        }
    }

    @Test
    void lz4TruncatedBlockIsCorrupt() {
        byte[] data = text(64 << 10);
        byte[] c = LZ4.compress(data);
        byte[] src = Arrays.copyOf(c, c.length / 2);
        assertThatThrownBy(() -> Codecs.decompress(Codecs.LZ4, src, 0, src.length, new byte[data.length]))
                .isInstanceOf(BcachefsException.class)
                .satisfies(e -> assertThat(((BcachefsException) e).code()).isEqualTo(ErrorCode.CORRUPT))
                .hasMessageContaining("lz4 decompression failed");
    }

    @Test
    void lz4ShortOutputIsCorrupt() {
        byte[] data = text(4096);
        byte[] src = padded(data);
        assertThatThrownBy(() -> Codecs.decompress(Codecs.LZ4, src, 0, src.length, new byte[data.length + 512]))
                .isInstanceOf(BcachefsException.class)
                .hasMessageContaining("lz4 decompression failed");
    }
}
