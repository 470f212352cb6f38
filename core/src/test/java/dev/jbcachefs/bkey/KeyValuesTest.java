package dev.jbcachefs.bkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.KeyType;
import org.junit.jupiter.api.Test;

/**
 * Decoders and printers on hand-built values: the types the reference images hold are checked against
 * upstream's text here too (from the list outputs), the others against upstream's print formats, and
 * short or inconsistent values must give a {@link BcachefsException} or an {@code (invalid ...)} text.
 */
class KeyValuesTest {
    private static final PrintContext ONE_DEV = new PrintContext() {
        @Override
        public String deviceName(int dev) {
            return dev == 0 ? "default.img" : null;
        }

        @Override
        public int bucketSize(int dev) {
            return dev == 0 ? 128 : 0;
        }
    };

    private static String val(BkeySC k) {
        StringBuilder sb = new StringBuilder();
        KeyPrinter.valToText(sb, k, ONE_DEV);
        return sb.toString();
    }

    /** The value text as it appears inside a listed key (after the header and {@code "  : "}). */
    private static String listed(BkeySC k) {
        String s = KeyPrinter.keyToString(k, ONE_DEV);
        return s.substring(s.indexOf("  : ") + 4);
    }

    @Test
    void direntAsInDefaultList() {
        BkeySC k = Keys.key(KeyType.DIRENT.id(), new Bpos(4096, 929415744789580559L, -1), 0,
                new Keys.Val().u64(2147484663L).u8(10).str("symlink-dangling").get());
        assertThat(KeyPrinter.keyToString(k, ONE_DEV)).isEqualTo(
                "u64s 9 type dirent 4096:929415744789580559:U32_MAX len 0 ver 0  : symlink-dangling -> 2147484663 type lnk");
        Dirent d = Dirent.decode(k);
        assertThat(d.nameString()).isEqualTo("symlink-dangling");
        assertThat(d.inum()).isEqualTo(2147484663L);
        assertThat(d.type()).isEqualTo(10);
    }

    @Test
    void subvolumeAndCasefoldDirents() {
        BkeySC sub = Keys.key(KeyType.DIRENT.id(), new Bpos(4096, 5, -3), 0,
                new Keys.Val().u32(2).u32(1).u8(16).str("snap-ro").get());
        assertThat(val(sub)).isEqualTo("snap-ro -> 1 -> 2 type subvol");
        assertThat(Dirent.decode(sub).childSubvol()).isEqualTo(2);
        BkeySC cf = Keys.key(KeyType.DIRENT.id(), new Keys.Val().u64(4100).u8(8 | 0x80).u8(0).u16(4).u16(20).str("ReAdabc").get());
        assertThatThrownBy(() -> Dirent.decode(cf)).isInstanceOf(BcachefsException.class);
        BkeySC cf2 = Keys.key(KeyType.DIRENT.id(), new Keys.Val().u64(4100).u8(8 | 0x80).u8(0).u16(4).u16(4).str("ReAdread").get());
        assertThat(val(cf2)).isEqualTo("ReAd (casefold read) -> 4100 type reg");
    }

    @Test
    void xattrAsInDefaultList() {
        BkeySC k = Keys.key(KeyType.XATTR.id(), new Keys.Val().u8(0).u8(4).u16(11).str("test").str("hello-xattr").get());
        assertThat(k.k().u64s()).isEqualTo(8);
        assertThat(val(k)).isEqualTo("user.test:hello-xattr");
        Xattr x = Xattr.decode(k);
        assertThat(x.fullName()).isEqualTo("user.test");
        assertThat(new String(x.value())).isEqualTo("hello-xattr");
        BkeySC bad = Keys.key(KeyType.XATTR.id(), new Keys.Val().u8(0).u8(4).u16(300).str("test").get());
        assertThatThrownBy(() -> Xattr.decode(bad)).isInstanceOf(BcachefsException.class).hasMessageContaining("xattr");
    }

    @Test
    void inodeV3AsInDefaultList() {
        long flags = 0x16300000L | (6L << 31) | (040755L << 36);
        Keys.Val v = new Keys.Val().u64(51).u64(0x63baea2618b644d8L).u64(flags).u64(0).u64(0).u64(0);
        long[] f = {17894745, 0, 301894754, 0, 301894754, 0, 17894745, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        for (long x : f) v.varint(x);
        BkeySC k = Keys.key(KeyType.INODE_V3.id(), new Bpos(0, 4096, -1), 0, v.get());
        String text = listed(k);
        assertThat(text).startsWith("\n  mode=40755 (dir)\n  flags=(16300000)\n  journal_seq=51\n  hash_seed=63baea2618b644d8\n"
                + "  hash_type=siphash\n  bi_size=0\n  bi_sectors=0\n  bi_version=0\n  bi_atime=17894745\n  bi_ctime=301894754\n");
        assertThat(text).contains("\n  bi_nlink=3\n").contains("\n  bi_subvol=1\n").endsWith("  bi_casefold=0\n");
        assertThat(KeyPrinter.keyToString(k, ONE_DEV)).endsWith("bi_casefold=0\n");
        Inode in = Inode.decode(k);
        assertThat(in.nlink()).isEqualTo(3);
        assertThat(in.mode()).isEqualTo(040755);
        assertThat(in.subvol()).isEqualTo(1);
        assertThat(in.strHashType()).isEqualTo(3);
    }

    @Test
    void inodeV2AndUnpackError() {
        long flags = 3L << 20 | 7L << 24;
        Keys.Val v = new Keys.Val().u64(9).u64(0xabcL).u64(flags).u16(0100644);
        for (long x : new long[] {1, 0, 2, 0, 3, 0, 4, 0, 4096, 8, 1000}) v.varint(x);
        BkeySC k = Keys.key(KeyType.INODE_V2.id(), new Bpos(0, 4200, -1), 0, v.get());
        Inode in = Inode.decode(k);
        assertThat(in.size()).isEqualTo(4096);
        assertThat(in.sectors()).isEqualTo(8);
        assertThat(in.uid()).isEqualTo(1000);
        assertThat(in.mtime()).isEqualTo(3);
        assertThat(val(k)).contains("mode=100644 (reg)").contains("bi_size=4096").contains("bi_uid=1000");
        // uid does not fit 32 bits: upstream prints "(unpack error)"
        Keys.Val bad = new Keys.Val().u64(9).u64(0xabcL).u64(flags).u16(0100644);
        for (long x : new long[] {1, 0, 2, 0, 3, 0, 4, 0, 4096, 8, 1L << 40}) bad.varint(x);
        BkeySC kb = Keys.key(KeyType.INODE_V2.id(), bad.get());
        assertThat(val(kb)).isEqualTo("(unpack error)");
        assertThatThrownBy(() -> Inode.decode(kb)).isInstanceOf(BcachefsException.class);
    }

    @Test
    void extentEntriesOfEveryKind() {
        long crc32 = 0b10L | (7L << 2) | (7L << 9) | (5L << 24) | (0x2ddb9358L << 32);
        long ptr = 1L | (53L * 128 << 4) | (0L << 48) | (2L << 56);
        long crc128 = 0b1000L | (15L << 4) | (15L << 17) | (3L << 30) | (9L << 43) | (4L << 56) | (4L << 60);
        long cachedPtr = 1L | 2L | (1000L << 4) | (0L << 48);
        long missing = 1L | (16L << 4) | (255L << 48);
        long stripe = 0b10000L | (2L << 5) | (1L << 13) | (77L << 17);
        long flags = 0b1000000L | (1L << 7);
        BkeySC k = Keys.key(KeyType.EXTENT.id(), new Bpos(4200, 8, -1), 8, new Keys.Val().u64(crc32).u64(ptr)
                .u64(crc128).u64(0x1111).u64(0x2222).u64(cachedPtr).u64(missing).u64(stripe).u64(flags).get());
        assertThat(listed(k)).isEqualTo("durability: 1 \n"
                + "  crc32: c_size 8 size 8 offset 0 nonce 0 csum crc32c 0:2ddb9358  compress none\n"
                + "  ptr: default.img 0:53:0 gen 2\n"
                + "  crc128: c_size 16 size 16 offset 3 nonce 9 csum chacha20_poly1305_128 2222:1111  compress zstd\n"
                + "  ptr: default.img 0:7:104 gen 0 cached\n"
                + "  ptr: 255:16 gen 0\n"
                + "  stripe_ptr: idx 77 block 2\n"
                + "  flags: poisoned");
        Extent e = Extent.decode(k);
        assertThat(e.ptrs()).hasSize(3);
        assertThat(e.ptrs().get(0).offset()).isEqualTo(53 * 128);
        assertThat(((ExtentEntry.Crc) e.entries().get(0)).csumLo()).isEqualTo(0x2ddb9358L);
        assertThat(e.durability(ONE_DEV)).isEqualTo(1 - 1 + 0 + 0 + 0 + 1); // first ptr 1, cached 0, missing dev 0
    }

    @Test
    void stalePointerWhenBucketGenIsNewer() {
        PrintContext gens = new PrintContext() {
            @Override
            public String deviceName(int dev) {
                return "d";
            }

            @Override
            public int bucketSize(int dev) {
                return 128;
            }

            @Override
            public int bucketGen(int dev, long bucket) {
                return bucket == 1 ? 3 : 0;
            }
        };
        long ptr = 1L | (130L << 4) | (1L << 56);
        String s = KeyPrinter.keyToString(Keys.key(KeyType.EXTENT.id(), new Keys.Val().u64(ptr).get()), gens);
        assertThat(s).endsWith("ptr:      d 0:1:2 gen 1 stale=2");
    }

    @Test
    void truncatedExtentEntryIsInvalidNotAnIndexError() {
        long crc64 = 0b100L;
        BkeySC k = Keys.key(KeyType.EXTENT.id(), new Keys.Val().u64(crc64).get());
        assertThatThrownBy(() -> Extent.decode(k)).isInstanceOf(BcachefsException.class).hasMessageContaining("crc64");
        assertThat(val(k)).startsWith("(invalid extent: ");
        BkeySC unknown = Keys.key(KeyType.EXTENT.id(), new Keys.Val().u64(1L << 20).get());
        assertThat(listed(unknown)).isEqualTo("durability: 0 \n  (unknown extent entry 0000000000100000)");
    }

    @Test
    void btreePtrV2AsInListNodes() {
        long ptr = 1L | (89L * 128 << 4) | (1L << 56);
        BkeySC k = Keys.key(KeyType.BTREE_PTR_V2.id(), new Bpos(2147484136L, 8, -1), 0, new Keys.Val().u64(0)
                .u64(0xca9d75494dcf2c00L).u16(32).u16(0).bpos(Bpos.POS_MIN).u64(ptr).get());
        assertThat(KeyPrinter.keyToString(k, ONE_DEV)).isEqualTo(
                "u64s 11 type btree_ptr_v2 2147484136:8:U32_MAX len 0 ver 0  : \n"
                        + "  seq ca9d75494dcf2c00 written 32 min_key POS_MIN durability: 1 \n"
                        + "  ptr: default.img 0:89:0 gen 1");
        assertThat(BtreePtrV2.decode(k).sectorsWritten()).isEqualTo(32);
    }

    @Test
    void smallValueTypes() {
        assertThat(val(Keys.key(KeyType.RESERVATION.id(), new Keys.Val().u32(3).u8(2).get()))).isEqualTo("generation 3 replicas 2");
        assertThat(val(Keys.key(KeyType.REFLINK_P.id(), new Keys.Val().u64(77 | 1L << 56).u32(4).u32(5).get())))
                .isEqualTo("idx 77 front_pad 4 back_pad 5 error");
        assertThat(val(Keys.key(KeyType.INODE_GENERATION.id(), new Keys.Val().u32(9).u32(0).get()))).isEqualTo("generation: 9");
        assertThat(val(Keys.key(KeyType.LRU.id(), new Keys.Val().u64(42).get()))).isEqualTo("idx 42");
        assertThat(val(Keys.key(KeyType.COOKIE.id(), new Keys.Val().u64(-1).get()))).isEqualTo("18446744073709551615");
        assertThat(val(Keys.key(KeyType.ERROR.id(), new Keys.Val().u8(1).get()))).isEqualTo("device_removed");
        assertThat(val(Keys.key(KeyType.ERROR.id(), new Keys.Val().u8(9).get()))).isEqualTo("(unknown key_type_error_reason 9)");
        assertThat(val(Keys.key(KeyType.QUOTA.id(), new Keys.Val().u64(1).u64(2).u64(3).u64(4).get())))
                .isEqualTo("space hardlimit 1 softlimit 2inodes hardlimit 3 softlimit 4");
        assertThat(val(Keys.key(KeyType.LOGGED_OP_TRUNCATE.id(), new Keys.Val().u32(1).u32(0).u64(4100).u64(512).get())))
                .isEqualTo("subvol=1 inum=4100 new_i_size=512");
        assertThat(val(Keys.key(KeyType.LOGGED_OP_FINSERT.id(), new Keys.Val().u8(1).u8(0).u16(0).u32(1).u64(4100).u64(-8).u64(16).u64(0).get())))
                .isEqualTo("subvol=1 inum=4100 dst_offset=-8 src_offset=16");
        assertThat(val(Keys.key(KeyType.INODE_ALLOC_CURSOR.id(), new Keys.Val().u8(0).u8(0).u32(0).u16(0).u64(2147484668L).get())))
                .isEqualTo("idx 2147484668 generation 0");
        assertThat(val(Keys.key(KeyType.SNAPSHOT_TREE.id(), new Keys.Val().u32(1).u32(4294967295L).get())))
                .isEqualTo("subvol 1 root snapshot 4294967295");
        assertThat(val(Keys.key(KeyType.INDIRECT_INLINE_DATA.id(), new Keys.Val().u64(2).str("hi").get())))
                .isEqualTo("refcount 2 datalen 8: 6869000000000000");
    }

    @Test
    void subvolumeAndSnapshotAsInSnapshotList() {
        BkeySC s = Keys.key(KeyType.SUBVOLUME.id(), new Bpos(0, 2, 0), 0,
                new Keys.Val().u32(3).u32(4294967294L).u64(4096).u32(1).u32(1).u64(0).u64(0).get());
        assertThat(val(s)).isEqualTo("root 4096 snapshot id 4294967294 creation_parent 1 fs_parent 1 ro snapshot");
        BkeySC sn = Keys.key(KeyType.SNAPSHOT.id(), new Bpos(0, 4294967293L, 0), 0, new Keys.Val().u32(2).u32(4294967295L)
                .u32(0).u32(0).u32(1).u32(1).u32(1).u32(4294967295L).u32(4294967295L).u32(4294967295L).u64(0).u64(0).get());
        assertThat(val(sn)).isEqualTo("subvol parent 4294967295 children          0          0 subvol 1 tree 1 depth 1 skiplist 4294967295 4294967295 4294967295");
    }

    @Test
    void accountingPositionsAreBigEndian() {
        // replicas btree: 1/1 [0], as in the default list
        BkeySC k = Keys.key(KeyType.ACCOUNTING.id(), new Bpos(144960716812582912L, 0, 0), 0, new Keys.Val().u64(3584).get());
        assertThat(val(k)).isEqualTo("replicas btree: 1/1 [0] 3584");
        BkeySC snap = Keys.key(KeyType.ACCOUNTING.id(), new Bpos(0x05fdffffff000000L, 0, 0), 0, new Keys.Val().u64(-5).get());
        assertThat(val(snap)).isEqualTo("snapshot id=4294967293 -5");
        BkeySC unk = Keys.key(KeyType.ACCOUNTING.id(), new Bpos(0x4000000000000000L, 0, 0), 0, new Keys.Val().u64(1).get());
        assertThat(val(unk)).isEqualTo("unknown type 64 1");
    }

    @Test
    void allocV4AndOlderVersions() {
        BkeySC v4 = Keys.key(KeyType.ALLOC_V4.id(), new Bpos(0, 1, 0), 0, new Keys.Val().u64(0).u32(1 | 2 | 8 << 2).u8(0).u8(0)
                .u8(1).u8(0).u32(128).u32(0).u64(1).u64(1).u32(0).u32(0).u64(0).u32(0).u32(0).get());
        assertThat(KeyPrinter.keyToString(v4, ONE_DEV)).isEqualTo("u64s 13 type alloc_v4 0:1:0 len 0 ver 0  : \n"
                + "  gen 0 oldest_gen 0 data_type sb\n  journal_seq_nonempty 0\n  journal_seq_empty    0\n"
                + "  need_discard         1\n  need_inc_gen         1\n  dirty_sectors        128\n  stripe_sectors       0\n"
                + "  cached_sectors       0\n  stripe_refcount      0\n  io_time[READ]        1\n  io_time[WRITE]       1\n"
                + "  fragmentation     0\n  bp_start          8\n");
        Keys.Val v2 = new Keys.Val().u8(4).u8(5).u8(1).u8(4);
        for (long x : new long[] {10, 20, 64, 0}) v2.varint(x);
        Alloc a = Alloc.decode(Keys.key(KeyType.ALLOC_V2.id(), new Bpos(0, 3, 0), 0, v2.get()));
        assertThat(a.gen()).isEqualTo(5);
        assertThat(a.dirtySectors()).isEqualTo(64);
        assertThat(a.ioTimeWrite()).isEqualTo(20);
        assertThat(a.fragmentation(128)).isEqualTo(64L * (1L << 31) / 128);
        Alloc v1 = Alloc.decode(Keys.key(KeyType.ALLOC.id(), new Keys.Val().u8(0b1000).u8(7).u16(99).get()));
        assertThat(v1.gen()).isEqualTo(7);
        assertThat(v1.dirtySectors()).isEqualTo(99);
    }

    @Test
    void backpointerWithoutDeviceUsesSector() {
        BkeySC k = Keys.key(KeyType.BACKPOINTER.id(), new Bpos(3, 5L << 10 | 7, 0), 0,
                new Keys.Val().u8(0).u8(0).u8(4).u8(1).u32(0).u32(8).bpos(new Bpos(4200, 16, -1)).get());
        assertThat(val(k)).isEqualTo("sector=3:5 btree=extents level=0 data_type=user suboffset=7 len=8 gen=1 pos=4200:16:U32_MAX");
    }

    @Test
    void unknownTypesAndEmptyValuesPrintHeaderOnly() {
        BkeySC unknown = Keys.key(200, new Keys.Val().u64(1).get());
        assertThat(KeyPrinter.keyToString(unknown, ONE_DEV)).isEqualTo("u64s 6 type 200 1:2:0 len 0 ver 0  : ");
        BkeySC whiteout = Keys.key(KeyType.WHITEOUT.id(), new byte[0]);
        assertThat(KeyPrinter.keyToString(whiteout, ONE_DEV)).isEqualTo("u64s 5 type whiteout 1:2:0 len 0 ver 0");
        BkeySC shortSubvol = Keys.key(KeyType.SUBVOLUME.id(), new Keys.Val().u32(1).get());
        assertThat(val(shortSubvol)).startsWith("(invalid subvolume: subvolume: value too short");
    }

    @Test
    void stripeListsItsBlocks() {
        long p0 = 1L | (100L << 4), p1 = 1L | (200L << 4);
        BkeySC k = Keys.key(KeyType.STRIPE.id(), new Keys.Val().u16(128).u8(0).u8(2).u8(1).u8(7).u8(0).u8(0)
                .u64(p0).u64(p1).u16(5).u16(6).get());
        assertThat(listed(k)).isEqualTo("algo 0 sectors 128 blocks 1:1 csum none gran 128  \n    default.img 0:0:100 gen 0#5\n    default.img 0:1:72 gen 0");
    }
}
