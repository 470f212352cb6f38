package dev.jbcachefs.sb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * Damaged superblock fields that still carry a valid checksum (so the reader must rely on its own
 * validation): show-super and JSON either print or throw {@link BcachefsException}, never anything else.
 */
class SbFuzzTest {
    /** The first 1 MiB of an image in memory (holds the layout and the primary copy). */
    record MemDevice(byte[] b) implements BlockDevice {
        public String name() {
            return "fuzz.img";
        }

        public String path() {
            return "fuzz.img";
        }

        public long size() {
            return b.length;
        }

        public void read(long pos, byte[] dst, int off, int len) {
            if (pos < 0 || pos + len > b.length) throw BcachefsException.corrupt("read past end at " + pos, "fuzz.img");
            System.arraycopy(b, (int) pos, dst, off, len);
        }

        public void close() {}
    }

    @Test
    void corruptFieldsNeverCrash() throws IOException {
        byte[] img;
        try (var in = Files.newInputStream(Fixtures.imageFile("snapshot"))) {
            img = in.readNBytes(1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int sbOff = 8 * 512;
        int sbLen = Superblock.FIELDS_OFFSET + (int) Le.u32(img, sbOff + 124) * 8;
        Random r = new Random(1234);
        int printed = 0, refused = 0;
        for (int iter = 0; iter < 100; iter++) {
            byte[] d = Arrays.copyOf(img, img.length);
            int flips = 1 + r.nextInt(8);
            for (int i = 0; i < flips; i++) {
                // mostly field bytes, sometimes the header
                int o = r.nextInt(4) == 0 ? 100 + r.nextInt(Superblock.FIELDS_OFFSET - 100) : Superblock.FIELDS_OFFSET + r.nextInt(sbLen - Superblock.FIELDS_OFFSET);
                d[sbOff + o] = (byte) r.nextInt(256);
            }
            CRC32C c = new CRC32C();
            int len = Superblock.FIELDS_OFFSET + (int) Math.min(Le.u32(d, sbOff + 124) * 8, (1 << 20) - sbOff - Superblock.FIELDS_OFFSET);
            c.update(d, sbOff + 16, len - 16);
            Le.put32(d, sbOff, (int) c.getValue());
            try {
                Superblock sb = Superblock.readCopy(new MemDevice(d), 8, null);
                String text = SuperblockText.showSuper(sb, true, SuperblockText.ALL_FIELDS, SuperblockText.deviceContext(sb));
                String json = SuperblockJson.toJson(sb, SuperblockText.ALL_FIELDS, SuperblockText.deviceContext(sb));
                assertThat(text).startsWith("External UUID:");
                assertThat(json).startsWith("{");
                printed++;
            } catch (BcachefsException e) {
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
                refused++;
            }
        }
        System.out.println("sb fuzz: printed " + printed + ", refused " + refused);
        assertThat(printed + refused).isEqualTo(100);
    }
}
