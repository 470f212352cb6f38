package dev.jbcachefs.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.jbcachefs.format.Le;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A compressor reuses its zstd contexts: the output of every call — after successes, after failures
 * (output too large for the room, incompressible input) — must be byte for byte what a brand-new context
 * gives, and must decompress to the input.
 */
class CompressorTest {
    private static final int BLOCK = 4096, MAX = 256 << 10;

    private static byte[] text(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] words = {"bucket", "extent", "btree", "journal", "superblock", "inode", "dirent", "alloc", "snapshot", "replica"};
        StringBuilder sb = new StringBuilder();
        while (sb.length() < len) sb.append(words[r.nextInt(words.length)]).append(r.nextInt(7) == 0 ? '\n' : ' ');
        return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), len);
    }

    private static byte[] random(int len, long seed) {
        byte[] b = new byte[len];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void reusedZstdContextsGiveTheBytesOfFreshOnes() {
        Compressor reused = new Compressor(Compression.ZSTD, 0, BLOCK, MAX);
        byte[][] inputs = {text(MAX, 1), random(MAX, 2), text(64 << 10, 3), random(32 << 10, 4), text(MAX, 5), text(MAX, 5)};
        int[] rooms = {MAX, MAX, 64 << 10, 32 << 10, 2 * BLOCK, MAX};
        int compressed = 0, refused = 0, shortened = 0;
        for (int i = 0; i < inputs.length; i++) {
            byte[] a = new byte[rooms[i]], b = new byte[rooms[i]];
            Compressor.Result ra = reused.compress(inputs[i], 0, inputs[i].length, a, rooms[i]);
            Compressor.Result rb = new Compressor(Compression.ZSTD, 0, BLOCK, MAX).compress(inputs[i], 0, inputs[i].length, b, rooms[i]);
            assertThat(ra).as("call %d", i).isEqualTo(rb);
            if (ra.type() == Codecs.INCOMPRESSIBLE) {
                refused++;
                continue;
            }
            compressed++;
            if (ra.srcLen() < inputs[i].length) shortened++;
            assertThat(Arrays.copyOf(a, ra.dstLen())).as("call %d", i).isEqualTo(Arrays.copyOf(b, rb.dstLen()));
            int n = (int) Le.u32(a, 0);
            byte[] back = Zstd.decompress(Arrays.copyOfRange(a, 4, 4 + n), ra.srcLen());
            assertThat(back).isEqualTo(Arrays.copyOf(inputs[i], ra.srcLen()));
        }
        assertThat(compressed).isGreaterThanOrEqualTo(3);
        assertThat(refused).isGreaterThanOrEqualTo(2);
        assertThat(shortened).isEqualTo(1);
    }
}
