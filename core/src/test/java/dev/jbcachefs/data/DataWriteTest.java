package dev.jbcachefs.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.bkey.Extent;
import dev.jbcachefs.bkey.ExtentEntry;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.crypto.BchKey;
import dev.jbcachefs.crypto.KeyedNodeCrypto;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.testkit.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DataWrite} output decoded by the read path ({@link ExtentDecoder}), and re-encoding of the reference images' extents. */
class DataWriteTest {
    static final int BLOCK = 4096, EEM = 256 << 10;
    static BchKey key;

    @BeforeAll
    static void unlock() {
        try (BchFs fs = BchFs.open(Fixtures.devices("encrypted"), Fixtures.options("encrypted"))) {
            key = ((KeyedNodeCrypto) fs.crypto()).key();
        }
    }

    /** An in-memory device holding one encoded extent at sector 0. */
    record Mem(byte[] b) implements BlockDevice {
        public String name() { return "mem"; }
        public String path() { return "mem"; }
        public long size() { return b.length; }
        public void read(long pos, byte[] dst, int off, int len) { System.arraycopy(b, (int) pos, dst, off, len); }
        public void close() { }
    }

    static byte[] decode(DataWrite.Encoded e) {
        byte[] disk = Arrays.copyOfRange(e.buf(), e.off(), e.off() + e.len());
        if (!e.needsCrcEntry()) return disk;
        Replica r = new Replica(new ExtentEntry.Ptr(false, false, 0, 0, 0), e.crc(), false);
        return ExtentDecoder.decode(i -> new Mem(disk), r, e.versionHi(), e.versionLo(), key);
    }

    /** Encodes all of {@code data} in extents (room {@code room} each), decodes them and returns the extents. */
    static List<DataWrite.Encoded> roundTrip(DataWrite w, byte[] data, int room) {
        List<DataWrite.Encoded> out = new ArrayList<>();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int off = 0;
        long version = 1;
        while (off < data.length) {
            DataWrite.Encoded e = w.encode(data, off, data.length - off, room, 0, version++, 0);
            assertThat(e.len() % BLOCK).isZero();
            assertThat(e.srcLen() % BLOCK).isZero();
            assertThat(e.crc().uncompressedSize() * 512).isEqualTo(e.srcLen());
            assertThat(e.crc().compressedSize() * 512).isEqualTo(e.len());
            got.writeBytes(decode(e));
            out.add(e);
            off += e.srcLen();
        }
        byte[] want = Arrays.copyOf(data, (data.length + BLOCK - 1) / BLOCK * BLOCK);
        assertThat(got.toByteArray()).isEqualTo(want);
        return out;
    }

    static byte[] data(String kind) {
        Random r = new Random(kind.hashCode());
        return switch (kind) {
            case "random" -> { byte[] b = new byte[600 << 10]; r.nextBytes(b); yield b; }
            case "compressible" -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; sb.length() < (700 << 10) + 123; i++) sb.append(String.format("line %06d the quick brown fox jumps over the lazy dog%n", i));
                yield sb.toString().getBytes(StandardCharsets.US_ASCII);
            }
            case "zeros" -> new byte[300 << 10];
            case "one-byte" -> new byte[] {'x'};
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"CRC32C", "CRC64", "XXHASH", "NONE", "CHACHA20_POLY1305_80", "CHACHA20_POLY1305_128"})
    void everyCombinationDecodesThroughTheReadPath(String csumName) {
        CsumType csum = CsumType.valueOf(csumName);
        int n = 0;
        for (Compression c : Compression.values()) {
            DataWrite w = new DataWrite(new DataWrite.Options(csum, c, 0, csum.isEncryption() ? key : null, BLOCK, EEM));
            for (String kind : List.of("random", "compressible", "zeros", "one-byte")) {
                List<DataWrite.Encoded> es = roundTrip(w, data(kind), 1 << 20);
                n += es.size();
                for (DataWrite.Encoded e : es) {
                    int type = e.crc().compressionType();
                    if (c == Compression.NONE) assertThat(type).isEqualTo(Codecs.NONE);
                    else if (kind.equals("random") || kind.equals("one-byte")) assertThat(type).as(kind).isEqualTo(Codecs.INCOMPRESSIBLE);
                    else if (e.srcLen() > BLOCK) assertThat(type).as(kind + " " + c).isEqualTo(c.typeId());
                    if (csum != CsumType.NONE || !Codecs.isPlain(type)) assertThat(e.srcLen()).isLessThanOrEqualTo(EEM);
                    assertThat(e.needsCrcEntry()).isEqualTo(csum != CsumType.NONE || c != Compression.NONE);
                }
            }
        }
        System.out.println("datawrite " + csumName + ": " + n + " extents round-tripped");
    }

    @Test
    void uncompressedUnencryptedDataIsNotCopied() {
        byte[] data = data("random");
        DataWrite.Encoded e = new DataWrite(new DataWrite.Options(CsumType.CRC32C, Compression.NONE, 0, null, BLOCK, EEM))
                .encode(data, 8192, data.length - 8192, 1 << 20, 0, 0, 0);
        assertThat(e.buf()).isSameAs(data);
        assertThat(e.off()).isEqualTo(8192);
        assertThat(e.srcLen()).isEqualTo(EEM);
        DataWrite.Encoded plain = new DataWrite(new DataWrite.Options(CsumType.NONE, Compression.NONE, 0, null, BLOCK, EEM))
                .encode(data, 0, data.length / BLOCK * BLOCK, 1 << 20, 0, 0, 0);
        assertThat(plain.srcLen()).as("unchecksummed extents are not bounded by encoded_extent_max").isEqualTo(data.length / BLOCK * BLOCK);
        assertThat(plain.needsCrcEntry()).isFalse();
    }

    @Test
    void limitedRoomShortensTheInputLikeUpstream() {
        // gzip fixture: 512 sectors of the compressible file with 16 sectors of room became 264 -> 16 sectors
        byte[] data = data("compressible");
        DataWrite w = new DataWrite(new DataWrite.Options(CsumType.CRC32C, Compression.GZIP, 0, null, BLOCK, EEM));
        DataWrite.Encoded e = w.encode(data, 0, EEM, 16 * 512, 0, 0, 0);
        assertThat(e.crc().compressionType()).isEqualTo(Codecs.GZIP);
        assertThat(e.srcLen()).isEqualTo(264 * 512);
        assertThat(e.len()).isEqualTo(16 * 512);
        for (Compression c : List.of(Compression.LZ4, Compression.ZSTD)) {
            roundTrip(new DataWrite(new DataWrite.Options(CsumType.XXHASH, c, 0, null, BLOCK, EEM)), data, 2 * BLOCK);
        }
    }

    @Test
    void levelsAndHighCompressionRoundTrip() {
        byte[] data = data("compressible");
        for (Compression c : List.of(Compression.LZ4, Compression.GZIP, Compression.ZSTD)) {
            for (int level : new int[] {1, 3, 9, 15}) {
                for (DataWrite.Encoded e : roundTrip(new DataWrite(new DataWrite.Options(CsumType.CRC32C, c, level, null, BLOCK, EEM)), data, 1 << 20)) {
                    if (e.srcLen() > BLOCK) assertThat(e.crc().compressionType()).isEqualTo(c.typeId());
                }
            }
        }
    }

    @Test
    void crcEntriesPackAsTheReaderDecodesThem() {
        byte[] v = new byte[24];
        for (var c : List.of(new ExtentEntry.Crc(ExtentEntry.CRC32, 8, 128, 3, 0, 5, 5, 0, 0xdeadbeefL),
                new ExtentEntry.Crc(ExtentEntry.CRC64, 40, 512, 7, 1023, 3, 3, 0xbeef, 0x0123456789abcdefL),
                new ExtentEntry.Crc(ExtentEntry.CRC128, 8192, 8192, 0, 8191, 4, 4, 0xfedcba9876543210L, 0x1122334455667788L))) {
            int n = CrcEntry.pack(c, v, 0);
            Bpos p = new Bpos(1, 1, 0);
            dev.jbcachefs.format.Bkey k = new dev.jbcachefs.format.Bkey(3 + n / 8, 3, false, KeyType.EXTENT.id(), 0, 0, 1, p);
            BkeySC sc = new BkeySC(k, Arrays.copyOf(v, n), 0, n);
            assertThat(Extent.decode(sc).entries()).containsExactly(c);
        }
    }

    /**
     * Every whole extent (offset 0, live size = uncompressed size) of the reference images, decoded and encoded
     * again with the image's options, version and nonce: the on-disk bytes and crc fields must be identical.
     */
    @ParameterizedTest
    @ValueSource(strings = {"default", "crc64", "encrypted", "gzip", "zstd", "lz4"})
    void reEncodingReferenceExtentsGivesIdenticalBytes(String image) {
        Compression comp = switch (image) {
            case "gzip" -> Compression.GZIP;
            case "zstd" -> Compression.ZSTD;
            case "lz4" -> Compression.LZ4;
            default -> Compression.NONE;
        };
        int same = 0, compressed = 0, skipped = 0;
        List<String> bad = new ArrayList<>();
        try (BchFs fs = BchFs.open(Fixtures.devices(image), Fixtures.options(image))) {
            BchKey k = fs.crypto() instanceof KeyedNodeCrypto kc ? kc.key() : null;
            var it = fs.btree().iter(BtreeId.EXTENTS, Bpos.POS_MIN, 0);
            for (BkeySC sc = it.next(); sc != null; sc = it.next()) {
                if (sc.type() != KeyType.EXTENT) continue;
                Replica r = Replica.of(Extent.decode(sc), sc.k().sizeUnsigned(), sc.pos().toString()).getFirst();
                ExtentEntry.Crc c = r.crc();
                if (c == null || c.offset() != 0 || c.uncompressedSize() != sc.k().sizeUnsigned()) {
                    skipped++;
                    continue;
                }
                byte[] disk = fs.device(r.ptr().dev()).read(r.ptr().offset() * 512, c.compressedSize() * 512);
                byte[] plain = ExtentDecoder.decode(fs::device, r, sc.k().versionHi(), sc.k().versionLo(), k);
                DataWrite w = new DataWrite(new DataWrite.Options(CsumType.byId(c.csumType()), comp, 0, k, fs.blockBytes(), EEM));
                DataWrite.Encoded e = w.encode(plain, 0, plain.length, plain.length, sc.k().versionHi(), sc.k().versionLo(), c.nonce());
                byte[] mine = Arrays.copyOfRange(e.buf(), e.off(), e.off() + e.len());
                if (e.crc().equals(c) && Arrays.equals(mine, disk)) same++;
                else bad.add(sc.pos() + " want " + c + " got " + e.crc());
                if (!Codecs.isPlain(c.compressionType())) compressed++;
            }
        }
        System.out.println("datawrite re-encode " + image + ": " + same + " identical (" + compressed + " compressed), "
                + bad.size() + " differ, " + skipped + " skipped" + (bad.isEmpty() ? "" : "; first: " + bad.getFirst()));
        assertThat(bad).isEmpty();
        assertThat(same).isGreaterThan(1000);
    }

    /**
     * Upstream's choice of how much input one extent covers: the compressible file of the compressed images was
     * written in 1 MiB writes, each extent compressed into the room left in its bucket. Offering the rest of
     * the 1 MiB write with that room must give the same input length, output and crc.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gzip", "lz4", "zstd"})
    void sameSplitAsUpstreamWhenTheBucketRoomIsShort(String image) {
        Compression comp = Compression.valueOf(image.toUpperCase());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 2097152; i++) sb.append(String.format("line %06d the quick brown fox jumps over the lazy dog%n", i));
        byte[] file = Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), 2097152);
        int same = 0, shortened = 0;
        List<String> bad = new ArrayList<>();
        try (BchFs fs = BchFs.open(Fixtures.devices(image), Fixtures.options(image))) {
            var it = fs.btree().iter(BtreeId.EXTENTS, new Bpos(2147484655L, 0, 0), 0);
            for (BkeySC sc = it.next(); sc != null && sc.pos().inode() == 2147484655L; sc = it.next()) {
                Replica r = Replica.of(Extent.decode(sc), sc.k().sizeUnsigned(), sc.pos().toString()).getFirst();
                ExtentEntry.Crc c = r.crc();
                int start = (int) ((sc.pos().offset() - sc.k().sizeUnsigned()) * 512);
                int chunkEnd = (start / (1 << 20) + 1) << 20;
                int bucket = fs.bucketSize(r.ptr().dev());
                int room = (int) (bucket - r.ptr().offset() % bucket) * 512;
                DataWrite w = new DataWrite(new DataWrite.Options(CsumType.byId(c.csumType()), comp, 0, null, fs.blockBytes(), EEM));
                DataWrite.Encoded e = w.encode(file, start, chunkEnd - start, room, 0, 0, 0);
                byte[] disk = fs.device(r.ptr().dev()).read(r.ptr().offset() * 512, c.compressedSize() * 512);
                if (e.crc().equals(c) && Arrays.equals(Arrays.copyOfRange(e.buf(), e.off(), e.off() + e.len()), disk)) same++;
                else bad.add(sc.pos() + " room " + room / 512 + " want " + c + " got " + e.crc());
                if (e.srcLen() < Math.min(EEM, chunkEnd - start)) shortened++;
            }
        }
        System.out.println("datawrite split " + image + ": " + same + " extents identical (" + shortened + " shortened by the room), " + bad.size() + " differ" + (bad.isEmpty() ? "" : ": " + bad));
        assertThat(bad).isEmpty();
        assertThat(same).isGreaterThanOrEqualTo(8);
    }
}
