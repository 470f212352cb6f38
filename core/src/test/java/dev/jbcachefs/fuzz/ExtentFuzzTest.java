package dev.jbcachefs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.github.luben.zstd.Zstd;
import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.bkey.Extent;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.crypto.BchKey;
import dev.jbcachefs.crypto.Crypto;
import dev.jbcachefs.crypto.KeyedNodeCrypto;
import dev.jbcachefs.crypto.Nonce;
import dev.jbcachefs.data.DataReader;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.ExtentPtr;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.testkit.Fixtures;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

/**
 * Extent entry decoding and the read of a crafted extent from a memory device. The fuzz target (run in
 * regression mode on its seed corpus in normal builds, {@code JAZZER_FUZZ=1} to fuzz) must only ever fail
 * with a {@link BcachefsException}; the crafted round trips check every codec and checksum type, the
 * encrypted path and damage detection.
 */
class ExtentFuzzTest {
    /** Sectors of the fuzz target's memory device; its bytes are {@link #pattern}. */
    static final int FUZZ_DEVICE_SECTORS = 32;

    static byte pattern(int i) {
        return (byte) (i * 31 + (i >> 9));
    }

    /** A device held in memory. */
    record MemDevice(byte[] data) implements BlockDevice {
        public String name() {
            return "mem";
        }

        public String path() {
            return "mem";
        }

        public long size() {
            return data.length;
        }

        public void read(long pos, byte[] dst, int off, int len) {
            if (pos < 0 || pos + len > data.length) throw new BcachefsException(ErrorCode.IO, "mem: read past end at " + pos);
            System.arraycopy(data, (int) pos, dst, off, len);
        }

        public void close() {}
    }

    static BkeySC key(int type, int sizeSectors, long versionLo, byte[] value) {
        int u64s = Bkey.U64S + value.length / 8;
        Bkey k = new Bkey(u64s, Bkey.U64S, false, type, 0, versionLo, sizeSectors, new Bpos(4096, 100 + sizeSectors, 0));
        return new BkeySC(k, value, 0, value.length);
    }

    /**
     * Input: byte 0 = key size - 1 (low 4 bits), byte 1 = version, the rest the extent value (whole u64s,
     * at most 16). Device 0 is a memory device of {@link #FUZZ_DEVICE_SECTORS} sectors.
     */
    @FuzzTest(maxDuration = "30s")
    void decodeAndRead(byte[] data) {
        if (data.length < 2) return;
        int size = (data[0] & 15) + 1;
        int vlen = Math.min((data.length - 2) / 8, 16) * 8;
        byte[] value = Arrays.copyOfRange(data, 2, 2 + vlen);
        byte[] dev = new byte[FUZZ_DEVICE_SECTORS * 512];
        for (int i = 0; i < dev.length; i++) dev[i] = pattern(i);
        MemDevice d = new MemDevice(dev);
        BkeySC k = key(KeyType.EXTENT.id(), size, data[1] & 0xff, value);
        try {
            Extent.decode(k);
            byte[] out = DataReader.readExtentKey(k, i -> i == 0 ? d : null, null);
            assertThat(out).hasSize(size * 512);
        } catch (BcachefsException expected) {
            // corrupt input must be reported this way, and only this way
        }
    }

    // --- crafted extents ----------------------------------------------------------------------------------

    static long crc32Entry(int csize, int size, int offset, int csumType, int comp, long csum) {
        return 2L | (long) (csize - 1) << 2 | (long) (size - 1) << 9 | (long) offset << 16 | (long) csumType << 24
                | (long) comp << 28 | (csum & 0xffffffffL) << 32;
    }

    static long[] crc64Entry(int csize, int size, int offset, int nonce, int csumType, int comp, Csum c) {
        return new long[] {4L | (long) (csize - 1) << 3 | (long) (size - 1) << 12 | (long) offset << 21 | (long) nonce << 30
                | (long) csumType << 40 | (long) comp << 44 | (c.hi() & 0xffff) << 48, c.lo()};
    }

    static long[] crc128Entry(int csize, int size, int offset, int nonce, int csumType, int comp, Csum c) {
        return new long[] {8L | (long) (csize - 1) << 4 | (long) (size - 1) << 17 | (long) offset << 30 | (long) nonce << 43
                | (long) csumType << 56 | (long) comp << 60, c.lo(), c.hi()};
    }

    static byte[] value(long... words) {
        byte[] b = new byte[words.length * 8];
        for (int i = 0; i < words.length; i++) Le.put64(b, i * 8, words[i]);
        return b;
    }

    static long[] concat(long[] a, long... b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static long ptr(int dev, long sector) {
        return new ExtentPtr(false, false, sector, dev, 0).encode();
    }

    /** 16 KiB of text-like data (compressible), the plaintext of every crafted extent. */
    static byte[] plain() {
        byte[] p = new byte[16384];
        byte[] line = "line of the crafted extent, fairly compressible\n".getBytes();
        for (int i = 0; i < p.length; i++) p[i] = (byte) (line[i % line.length] + (i / 4096));
        return p;
    }

    static byte[] compress(int type, byte[] p) {
        return switch (type) {
            case 3 -> LZ4Factory.safeInstance().fastCompressor().compress(p);
            case 2 -> {
                Deflater d = new Deflater(6, true);
                d.setInput(p);
                d.finish();
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                byte[] buf = new byte[4096];
                while (!d.finished()) o.write(buf, 0, d.deflate(buf));
                d.end();
                yield o.toByteArray();
            }
            case 4 -> {
                byte[] z = Zstd.compress(p, 3);
                byte[] r = new byte[4 + z.length];
                Le.put32(r, 0, z.length);
                System.arraycopy(z, 0, r, 4, z.length);
                yield r;
            }
            default -> p.clone();
        };
    }

    /** Pads to whole sectors (zeros, as the writer does) and places at sector 8 of a fresh device. */
    static MemDevice deviceWith(byte[] stored) {
        int sectors = (stored.length + 511) / 512;
        byte[] dev = new byte[(8 + sectors + 8) * 512];
        System.arraycopy(stored, 0, dev, 8 * 512, stored.length);
        return new MemDevice(dev);
    }

    @Test
    void craftedExtentsOfEveryCodecAndChecksumRoundTrip() {
        byte[] p = plain();
        int sizeSectors = p.length / 512;
        for (int comp : new int[] {0, 2, 3, 4, 5}) {
            for (CsumType t : new CsumType[] {CsumType.NONE, CsumType.CRC32C, CsumType.CRC32C_NONZERO, CsumType.CRC64,
                    CsumType.CRC64_NONZERO, CsumType.XXHASH}) {
                byte[] stored = compress(comp, p);
                int csize = (stored.length + 511) / 512;
                byte[] padded = Arrays.copyOf(stored, csize * 512);
                Csum c = Checksum.compute(t, padded, 0, padded.length);
                MemDevice d = deviceWith(stored);
                // live part: sectors [3, 3 + 20) of the 32-sector extent
                int off = 3, live = 20;
                long[] words = t.bytes() <= 4
                        ? new long[] {crc32Entry(csize, sizeSectors, off, t.id(), comp, c.lo()), ptr(0, 8)}
                        : concat(crc64Entry(csize, sizeSectors, off, 0, t.id(), comp, c), ptr(0, 8));
                BkeySC k = key(KeyType.EXTENT.id(), live, 1, value(words));
                byte[] out = DataReader.readExtentKey(k, i -> i == 0 ? d : null, null);
                assertThat(out).as("comp %d csum %s", comp, t).isEqualTo(Arrays.copyOfRange(p, off * 512, (off + live) * 512));
                if (t != CsumType.NONE) {
                    d.data()[8 * 512 + 5] ^= 1;
                    BcachefsException ex = catchThrowableOfType(BcachefsException.class, () -> DataReader.readExtentKey(k, i -> i == 0 ? d : null, null));
                    assertThat(ex.code()).as("comp %d csum %s", comp, t).isEqualTo(ErrorCode.CHECKSUM);
                    assertThat(ex.getMessage()).contains("checksum mismatch").contains("device 0 sector 8");
                }
            }
        }
    }

    @Test
    void craftedEncryptedExtentsDecryptWithTheExtentNonce() {
        BchKey key;
        try (BchFs fs = BchFs.open(Fixtures.devices("encrypted"), Fixtures.options("encrypted"))) {
            key = ((KeyedNodeCrypto) fs.crypto()).key();
        }
        byte[] p = plain();
        int sizeSectors = p.length / 512;
        long version = 0x1234_5678_9abcL;
        for (int comp : new int[] {0, 4, 3}) {
            for (CsumType t : new CsumType[] {CsumType.CHACHA20_POLY1305_80, CsumType.CHACHA20_POLY1305_128}) {
                int crcNonce = 3;
                byte[] stored = compress(comp, p);
                int csize = (stored.length + 511) / 512;
                byte[] enc = Arrays.copyOf(stored, csize * 512);
                Nonce n = Nonce.extent(0, version, comp, sizeSectors, crcNonce);
                Crypto.crypt(key, n, enc, 0, enc.length);
                Csum c = Crypto.checksum(t, key, n, enc, 0, enc.length);
                MemDevice d = deviceWith(enc);
                long[] words = t == CsumType.CHACHA20_POLY1305_80
                        ? concat(crc64Entry(csize, sizeSectors, 0, crcNonce, t.id(), comp, c), ptr(0, 8))
                        : concat(crc128Entry(csize, sizeSectors, 0, crcNonce, t.id(), comp, c), ptr(0, 8));
                BkeySC k = key(KeyType.EXTENT.id(), sizeSectors, version, value(words));
                assertThat(DataReader.readExtentKey(k, i -> i == 0 ? d : null, key)).as("comp %d %s", comp, t).isEqualTo(p);
                BkeySC wrongVersion = key(KeyType.EXTENT.id(), sizeSectors, version + 1, value(words));
                BcachefsException ex = catchThrowableOfType(BcachefsException.class,
                        () -> DataReader.readExtentKey(wrongVersion, i -> i == 0 ? d : null, key));
                assertThat(ex.code()).isEqualTo(ErrorCode.CHECKSUM);
            }
        }
    }

    @Test
    void poisonedStripedAndInconsistentExtentsAreClearErrors() {
        MemDevice d = deviceWith(plain());
        long crc = crc32Entry(8, 8, 0, 0, 0, 0);
        // poisoned
        BkeySC poisoned = key(KeyType.EXTENT.id(), 8, 1, value(crc, ptr(0, 8), 1L << 6 | 1L << 7));
        assertThat(catchThrowableOfType(BcachefsException.class, () -> DataReader.readExtentKey(poisoned, i -> d, null)).getMessage()).contains("poisoned");
        // stripe pointer after the ptr
        BkeySC striped = key(KeyType.EXTENT.id(), 8, 1, value(crc, ptr(0, 8), 1L << 4 | 3L << 17));
        BcachefsException ec = catchThrowableOfType(BcachefsException.class, () -> DataReader.readExtentKey(striped, i -> d, null));
        assertThat(ec.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(ec.getMessage()).contains("erasure-coded data (stripe pointers) is not supported yet");
        // live size beyond the uncompressed size
        BkeySC tooBig = key(KeyType.EXTENT.id(), 9, 1, value(crc, ptr(0, 8)));
        assertThat(catchThrowableOfType(BcachefsException.class, () -> DataReader.readExtentKey(tooBig, i -> d, null)).code()).isEqualTo(ErrorCode.CORRUPT);
        // missing device
        BkeySC missing = key(KeyType.EXTENT.id(), 8, 1, value(crc, ptr(3, 8)));
        BcachefsException md = catchThrowableOfType(BcachefsException.class, () -> DataReader.readExtentKey(missing, i -> i == 0 ? d : null, null));
        assertThat(md.code()).isEqualTo(ErrorCode.MISSING_DEVICE);
        assertThat(md.getMessage()).contains("device 3 sector 8");
        // plain ptr without crc reads the device directly
        BkeySC plainPtr = key(KeyType.EXTENT.id(), 2, 1, value(ptr(0, 9)));
        assertThat(DataReader.readExtentKey(plainPtr, i -> d, null)).isEqualTo(Arrays.copyOfRange(plain(), 512, 1536));
    }
}
