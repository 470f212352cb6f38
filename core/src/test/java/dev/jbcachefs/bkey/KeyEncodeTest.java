package dev.jbcachefs.bkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.KeyType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The encoder paths the reference images do not reach (crc128 entries, 9-byte varints, big inode
 * fields, stripe and flags entries) and the encoders' refusals, checked by decoding the output with our
 * readers and against the byte layouts of upstream's format headers.
 */
class KeyEncodeTest {
    private static BkeySC key(KeyType t, byte[] v) {
        return Keys.key(t.id(), new Bpos(0, 4096, -1), 0, v);
    }

    @Test
    void varintBoundariesRoundTrip() {
        long[] vals = {0, 1, 127, 128, (1L << 14) - 1, 1L << 14, (1L << 49) - 1, 1L << 49, (1L << 56) - 1, 1L << 56, -1L};
        int[] lens = {1, 1, 1, 2, 2, 3, 7, 8, 8, 9, 9};
        for (int i = 0; i < vals.length; i++) {
            byte[] b = new byte[9];
            int n = Varint.encode(vals[i], b, 0);
            assertThat(n).as("length of %x", vals[i]).isEqualTo(lens[i]);
            int[] len = new int[1];
            assertThat(Varint.decode(b, 0, n, len)).isEqualTo(vals[i]);
            assertThat(len[0]).isEqualTo(n);
            assertThat(new Keys.Val().varint(vals[i]).get()).isEqualTo(java.util.Arrays.copyOf(b, n));
        }
    }

    @Test
    void crcEntryChoiceFollowsUpstreamLimits() {
        int crc32c = CsumType.CRC32C.id(), crc64 = CsumType.CRC64.id();
        int poly80 = CsumType.CHACHA20_POLY1305_80.id(), poly128 = CsumType.CHACHA20_POLY1305_128.id();
        assertThat(ExtentPack.crc(128, 128, 0, 0, crc32c, 0, 0, 0x1234).kind()).isEqualTo(ExtentEntry.CRC32);
        assertThat(ExtentPack.crc(129, 129, 0, 0, crc32c, 0, 0, 0x1234).kind()).isEqualTo(ExtentEntry.CRC64);
        assertThat(ExtentPack.crc(8, 8, 0, 0, crc64, 0, 0, 1).kind()).isEqualTo(ExtentEntry.CRC64);
        assertThat(ExtentPack.crc(8, 8, 0, 1023, poly80, 0, 0x55, 1).kind()).isEqualTo(ExtentEntry.CRC64);
        assertThat(ExtentPack.crc(8, 8, 0, 1024, poly80, 0, 0x55, 1).kind()).isEqualTo(ExtentEntry.CRC128);
        assertThat(ExtentPack.crc(512, 512, 0, 0, crc64, 0, 0, 1).kind()).isEqualTo(ExtentEntry.CRC64);
        assertThat(ExtentPack.crc(513, 513, 0, 0, crc64, 0, 0, 1).kind()).isEqualTo(ExtentEntry.CRC128);
        assertThat(ExtentPack.crc(8, 8, 0, 0, poly128, 0, 7, 1).kind()).isEqualTo(ExtentEntry.CRC128);
        assertThatThrownBy(() -> ExtentPack.crc(8193, 8193, 0, 0, crc64, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyExtentEntryKindDecodesBack() {
        List<ExtentEntry> entries = List.of(
                ExtentPack.crc(600, 4096, 17, 4000, CsumType.CHACHA20_POLY1305_128.id(), 3, 0x8877665544332211L, 0x1122334455667788L),
                ExtentPack.ptr(1, (1L << 44) - 1, 255, true, false),
                new ExtentEntry.StripePtr(3, 2, (1L << 47) - 1),
                ExtentPack.crc(100, 300, 5, 1000, CsumType.CHACHA20_POLY1305_80.id(), 2, 0xabcd, 0xfeedfacecafebeefL),
                ExtentPack.ptr(0, 123456, 7, false, true),
                ExtentPack.crc(128, 128, 127, 0, CsumType.CRC32C.id(), 1, 0, 0xdeadbeefL),
                ExtentPack.ptr(2, 99, 1, false, false),
                new ExtentEntry.Flags(1));
        byte[] v = ExtentPack.entries(entries);
        assertThat(v).hasSize(8 * (3 + 1 + 1 + 2 + 1 + 1 + 1 + 1));
        assertThat(Extent.decode(key(KeyType.EXTENT, v)).entries()).isEqualTo(entries);
        // crc128 layout (bch_extent_crc128): type bit 3, sizes-1 at 4 and 17, offset 30, nonce 43, csum type 56, compression 60
        long w = dev.jbcachefs.format.Le.u64(v, 0);
        assertThat(w & 0xf).isEqualTo(8);
        assertThat((w >>> 4) & 8191).isEqualTo(599);
        assertThat((w >>> 43) & 8191).isEqualTo(4000);
        assertThat(dev.jbcachefs.format.Le.u64(v, 8)).isEqualTo(0x1122334455667788L);
        assertThat(dev.jbcachefs.format.Le.u64(v, 16)).isEqualTo(0x8877665544332211L);
    }

    @Test
    void btreePtrV2AndSmallValues() {
        List<ExtentEntry> ptrs = List.of(ExtentPack.ptr(0, 512, 3, false, false), ExtentPack.ptr(1, 1024, 4, false, false));
        byte[] v = ExtentPack.btreePtrV2(0, 0x1234567890abcdefL, 128, 1, new Bpos(4096, 77, -1), ptrs);
        assertThat(v).hasSize(56);
        BtreePtrV2 p = BtreePtrV2.decode(key(KeyType.BTREE_PTR_V2, v));
        assertThat(p.seq()).isEqualTo(0x1234567890abcdefL);
        assertThat(p.sectorsWritten()).isEqualTo(128);
        assertThat(p.rangeUpdated()).isTrue();
        assertThat(p.minKey()).isEqualTo(new Bpos(4096, 77, -1));
        assertThat(p.ptrs().entries()).isEqualTo(ptrs);

        assertThat(Reservation.decode(key(KeyType.RESERVATION, ExtentPack.reservation(7, 2)))).isEqualTo(new Reservation(7, 2));
        assertThat(ExtentPack.inlineData("hello".getBytes(StandardCharsets.US_ASCII))).hasSize(8).endsWith(0, 0, 0);
        assertThat(AllocPack.lru(42)).hasSize(8);
        assertThat(Lru.decode(key(KeyType.LRU, AllocPack.lru(42))).idx()).isEqualTo(42);
    }

    @Test
    void inodeWithWideFieldsRoundTrips() {
        long[] f = new long[Inode.FIELDS_V3.length];
        f[Inode.ATIME] = -1L; // 9-byte varint of a 96-bit field
        f[Inode.MTIME] = 1L << 60;
        f[Inode.UID] = 0xffffffffL;
        f[Inode.DIR] = 4096;
        Inode in = new Inode(8192, -1, 99, 0xfeedL, (3L << 20) | 1, 0100644, 5000, 16, 1, f);
        byte[] v = InodePack.encodeV3(in);
        assertThat(v.length % 8).isZero();
        Inode back = Inode.decode(key(KeyType.INODE_V3, v));
        assertThat(back.fields()).isEqualTo(f);
        assertThat(back.mode()).isEqualTo(0100644);
        assertThat(back.strHashType()).isEqualTo(3);
        assertThat(back.size()).isEqualTo(5000);
        assertThat((back.flags() >>> 24) & 127).as("nr_fields stops at bi_dir").isEqualTo(Inode.DIR + 1);
        assertThat((back.flags() >>> 31) & 31).as("fields_start").isEqualTo(6);
        f[Inode.UID] = 1L << 32;
        Inode wide = new Inode(8192, -1, 0, 0, 0, 0, 0, 0, 0, f);
        assertThatThrownBy(() -> InodePack.encodeV3(wide)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bi_uid");
    }

    @Test
    void namesAreChecked() {
        byte[] v = DirentPack.encode(4097, 8, "abcdefgh".getBytes(StandardCharsets.US_ASCII));
        assertThat(v).hasSize(24); // 9 + 8 bytes -> 3 u64s
        assertThat(Dirent.decode(key(KeyType.DIRENT, v)).nameString()).isEqualTo("abcdefgh");
        assertThatThrownBy(() -> DirentPack.encode(1, 8, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DirentPack.encode(1, 8, new byte[513])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DirentPack.encode(1, Dirent.DT_SUBVOL, new byte[] {'a'})).isInstanceOf(IllegalArgumentException.class);
        Dirent sub = Dirent.decode(key(KeyType.DIRENT, DirentPack.encodeSubvol(1, 3, new byte[] {'s'})));
        assertThat(sub.parentSubvol()).isEqualTo(1);
        assertThat(sub.childSubvol()).isEqualTo(3);
        assertThatThrownBy(() -> XattrPack.encode(0, new byte[256], new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XattrPack.encode(0, new byte[] {'a', 0}, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        Xattr x = Xattr.decode(key(KeyType.XATTR, XattrPack.encode(XattrPack.USER, new byte[] {'k'}, new byte[] {'v', 'w'})));
        assertThat(x.fullName()).isEqualTo("user.k");
    }

    @Test
    void accountingPositionIsTheReverseOfTheDecoder() {
        Random r = new Random(1);
        for (int i = 0; i < 100; i++) {
            byte[] acc = new byte[20];
            r.nextBytes(acc);
            assertThat(Accounting.accPos(AccountingPack.pos(acc))).isEqualTo(acc);
        }
        // the btree counter of btree 2 (dirents): type 6, id little-endian in bytes 1..4 -> inode 0x0602000000000000
        assertThat(AccountingPack.pos(AccountingPack.btree(2))).isEqualTo(new Bpos(0x0602000000000000L, 0, 0));
    }

    @Test
    void allocPositions() {
        assertThat(AllocPack.freespacePos(0, 1008, AllocPack.freespaceGenBits(0x35, 0x10))).isEqualTo(new Bpos(0, (2L << 56) | 1008, 0));
        assertThat(AllocPack.freespaceGenBits(3, 250)).isEqualTo(0L); // (3 - 250) & 0xff = 9 -> 0
        assertThat(AllocPack.lruPos(AllocPack.LRU_BUCKET_FRAGMENTATION, AllocPack.bucketToU64(1, 5), 7))
                .isEqualTo(new Bpos(0xffff000000000007L, (1L << 48) | 5, 0));
        assertThat(AllocPack.bucketGensPos(1, 513)).isEqualTo(new Bpos(1, 2, 0));
        assertThat(AllocPack.bucketGensOffset(513)).isEqualTo(1);
        assertThat(BackpointerPack.bucketPos(0, 3, 5, 128, 10)).isEqualTo(BackpointerPack.pos(0, 384, 5, 10));
        Alloc a = new Alloc(5, AllocPack.allocFlags(true, false, AllocPack.ALLOC_V4_U64S), 1, 0, 3, 64, 0, 0, 9, 0, 6, 0, 0);
        byte[] v = AllocPack.allocV4(a);
        assertThat(v).hasSize(64);
        Alloc back = Alloc.decode(key(KeyType.ALLOC_V4, v));
        assertThat(back).isEqualTo(new Alloc(5, a.flags(), 1, 0, 3, 64, 0, 0, 9, 0, 6, 0, 64));
        assertThat(back.needDiscard()).isTrue();
    }
}
