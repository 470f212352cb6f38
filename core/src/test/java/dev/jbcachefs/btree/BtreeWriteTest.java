package dev.jbcachefs.btree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeyFormat;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.testkit.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bulk-builds btrees from the keys of the reference images and reads them back with our reader: every
 * key must come back identical (header fields and value bytes), every node must verify (checksum or MAC),
 * tile its level from POS_MIN to SPOS_MAX, carry the format computed from its keys, and stay within the
 * fill budget. The format computation itself is checked against the formats upstream chose.
 */
class BtreeWriteTest {
    static final List<BtreeId> MAIN = List.of(BtreeId.EXTENTS, BtreeId.INODES, BtreeId.DIRENTS, BtreeId.XATTRS, BtreeId.ALLOC);

    /** What a rebuild produced. */
    record Built(BtreeWrite.Root root, int keys, int[] nodesPerLevel, long bytes) {}

    /** A reader context over one in-memory device (as dev 0 and dev 1, one of them possibly missing). */
    record Ctx(BlockDevice dev, int nodeBytes, int blockBytes, long uuidLe64, NodeCrypto crypto, int version, int missing) implements BtreeContext {
        Ctx(BlockDevice dev, int nodeBytes, int blockBytes, long uuidLe64, NodeCrypto crypto, int version) {
            this(dev, nodeBytes, blockBytes, uuidLe64, crypto, version, -1);
        }

        Ctx without(int dev) {
            return new Ctx(this.dev, nodeBytes, blockBytes, uuidLe64, crypto, version, dev);
        }

        @Override
        public BlockDevice device(int idx) {
            return idx == missing || idx < 0 || idx > 1 ? null : dev;
        }

        @Override
        public boolean journalSeqIgnored(long journalSeq) {
            return false;
        }
    }

    static BtreeWrite.Options options(BchFs fs, int nodeBytes, int blockBytes, CsumType csum, double fill) {
        return new BtreeWrite.Options(nodeBytes, blockBytes, fs.uuidLe64(), csum, csum.isEncryption() ? fs.crypto() : null, fs.version(), 77, fill);
    }

    /** Rebuilds {@code id} of {@code fs} with {@code o}, reads it back and compares key for key; returns the numbers. */
    static Built roundTrip(BchFs fs, BtreeId id, BtreeWrite.Options o) {
        MemNodeStore store = new MemNodeStore(o.nodeBytes());
        BtreeWrite w = new BtreeWrite(o, store, id, new Random(id.id()));
        BtreeIter src = fs.btree().iter(id, Bpos.POS_MIN, 0);
        for (BkeySC k = src.next(); k != null; k = src.next()) w.add(k);
        BtreeWrite.Root root = w.finish();
        assertThat(root.key().pos()).isEqualTo(Bpos.SPOS_MAX);
        assertThat(root.key().k().type()).isEqualTo(KeyType.BTREE_PTR_V2.id());

        Btree back = new Btree(new Ctx(store, o.nodeBytes(), o.blockBytes(), o.uuidLe64(), o.crypto(), fs.version()),
                Map.of(id, BtreeRoot.of(id, root.level(), root.key())), KeyOverlay.NONE, new BtreeCache(8 << 20));
        BtreeIter a = fs.btree().iter(id, Bpos.POS_MIN, 0);
        BtreeIter b = back.iter(id, Bpos.POS_MIN, 0);
        int n = 0;
        while (true) {
            BkeySC want = a.next();
            BkeySC got = b.next();
            if (want == null) {
                assertThat(got).as("%s: extra key after %d", id, n).isNull();
                break;
            }
            assertThat(got).as("%s: key %d (%s) missing", id, n, want.k()).isNotNull();
            sameKey(want, got, id + " key " + n);
            n++;
        }
        assertThat((long) n).isEqualTo(w.keysAdded());
        int[] perLevel = checkNodes(back, id, root.level(), o, w);
        return new Built(root, n, perLevel, store.bytesWritten);
    }

    static void sameKey(BkeySC want, BkeySC got, String what) {
        Bkey w = want.k(), g = got.k();
        assertThat(g.p()).as(what).isEqualTo(w.p());
        assertThat(g.type()).as(what + " type").isEqualTo(w.type());
        assertThat(g.size()).as(what + " size").isEqualTo(w.size());
        assertThat(g.versionHi()).as(what + " version hi").isEqualTo(w.versionHi());
        assertThat(g.versionLo()).as(what + " version lo").isEqualTo(w.versionLo());
        assertThat(g.needsWhiteout()).as(what + " needs_whiteout (cleared on write)").isFalse();
        assertThat(g.valU64s()).as(what + " value u64s").isEqualTo(w.valU64s());
        assertThat(got.valueCopy()).as(what + " value").isEqualTo(want.valueCopy());
    }

    /** Checks every node: ranges tile each level, format = computed one, all keys packed, fill budget kept. Returns nodes per level. */
    static int[] checkNodes(Btree back, BtreeId id, int rootLevel, BtreeWrite.Options o, BtreeWrite w) {
        int[] count = new int[rootLevel + 1];
        Bpos[] prevMax = new Bpos[rootLevel + 1];
        back.forEachNode(id, Bpos.POS_MIN, Bpos.SPOS_MAX, 0, node -> {
            int l = node.level();
            Bpos expectMin = prevMax[l] == null ? Bpos.POS_MIN : prevMax[l].successor();
            assertThat(node.minKey()).as("%s level %d node %d min", id, l, count[l]).isEqualTo(expectMin);
            assertThat(node.minKey()).as("%s: min_key below max_key (btree_ptr_v2_min_key_bad)", node).isLessThan(node.maxKey());
            if (node.nrKeys() > 0 && !node.maxKey().equals(Bpos.SPOS_MAX) && node.keyHeader(node.nrKeys() - 1).p().compareTo(node.minKey()) > 0) {
                assertThat(node.keyHeader(node.nrKeys() - 1).p()).as("non-last node ends at its last key").isEqualTo(node.maxKey());
            }
            List<Bkey> keys = new ArrayList<>();
            for (int i = 0; i < node.nrKeys(); i++) keys.add(node.keyHeader(i));
            assertThat(node.format().toString()).as("%s node format", node).isEqualTo(BkeyFormatState.of(node.minKey(), node.maxKey(), keys).toString());
            assertThat(node.unpackedKeys()).as("%s keys written unpacked", node).isZero();
            int used = BtreeRead.KEYS + node.bytesUsed();
            assertThat(node.ptr().sectorsWritten() * 512).isEqualTo(BtreeRead.roundUp(used, o.blockBytes()));
            assertThat(used).as("%s fits the node", node).isLessThanOrEqualTo(o.nodeBytes());
            if (!node.maxKey().equals(Bpos.SPOS_MAX) && node.nrKeys() > 1) {
                // over budget only when the node's first key sits at its min key and no boundary fits before the second
                boolean noBoundary = node.nrKeys() == 2 && node.keyHeader(0).p().equals(node.minKey())
                        && node.keyHeader(1).p().equals(node.minKey().successor());
                if (!noBoundary) assertThat(node.bytesUsed() / 8L).as("%s within fill budget", node).isLessThanOrEqualTo(BtreeWrite.budgetU64s(o));
            }
            if (l > 0) {
                // interior keys point at the children with their ranges
                for (int i = 0; i < node.nrKeys(); i++) {
                    BtreePtr p = BtreePtr.decode(node.key(i));
                    assertThat(p.flags()).isZero();
                    assertThat(p.ptrs()).hasSize(1);
                    assertThat(p.ptrs().get(0).gen()).isEqualTo(3);
                }
            }
            prevMax[l] = node.maxKey();
            count[l]++;
        });
        for (int l = 0; l <= rootLevel; l++) {
            assertThat(prevMax[l]).as("%s level %d ends at SPOS_MAX", id, l).isEqualTo(Bpos.SPOS_MAX);
            assertThat(count[l]).as("%s nodes at level %d", id, l).isEqualTo(w.nodesWritten(l));
        }
        assertThat(count[rootLevel]).isEqualTo(1);
        return count;
    }

    static void report(String image, String what, BtreeId id, Built b) {
        System.out.printf("%s %s %s: %d keys, root level %d, nodes per level %s, %d bytes written%n", image, what, id.upstreamName(), b.keys(),
                b.root().level(), Arrays.toString(b.nodesPerLevel()), b.bytes());
    }

    @Test
    void everyBtreeOfDefaultRoundTripsWithCrc32c() {
        try (BchFs fs = BchFs.open(Fixtures.devices("default"), Fixtures.options("default"))) {
            int keys = 0, nonEmpty = 0;
            for (BtreeId id : BtreeId.values()) {
                Built b = roundTrip(fs, id, options(fs, fs.nodeBytes(), fs.blockBytes(), CsumType.CRC32C, BtreeWrite.DEFAULT_FILL));
                if (MAIN.contains(id)) report("default", "crc32c 64k", id, b);
                keys += b.keys();
                if (b.keys() > 0) nonEmpty++;
            }
            assertThat(nonEmpty).isGreaterThanOrEqualTo(10);
            assertThat(keys).isGreaterThan(3000);
            System.out.printf("default: %d keys of %d btrees rebuilt and read back identical%n", keys, BtreeId.values().length);
        }
    }

    /** Snapshot keys and whiteouts, journal-replayed keys (dirty-journal), two-pointer extents, compressed extents. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"snapshot", "dirty-journal", "replicas2", "zstd"})
    void everyBtreeOfOtherImagesRoundTrips(String image) {
        try (BchFs fs = BchFs.open(Fixtures.devices(image), Fixtures.options(image))) {
            int keys = 0;
            for (BtreeId id : BtreeId.values()) {
                keys += roundTrip(fs, id, options(fs, fs.nodeBytes(), fs.blockBytes(), CsumType.CRC32C, BtreeWrite.DEFAULT_FILL)).keys();
                keys += roundTrip(fs, id, options(fs, 4096, 4096, CsumType.CRC64, 1.0)).keys();
            }
            assertThat(keys).isGreaterThan(4000);
            System.out.printf("%s: %d keys of %d btrees rebuilt twice (64k crc32c, 4k crc64) and read back identical%n", image, keys / 2,
                    BtreeId.values().length);
        }
    }

    @Test
    void crc64AndNoneAndXxhash() {
        try (BchFs fs = BchFs.open(Fixtures.devices("crc64"), Fixtures.options("crc64"))) {
            for (CsumType t : List.of(CsumType.CRC64, CsumType.NONE, CsumType.XXHASH)) {
                for (BtreeId id : MAIN) {
                    Built b = roundTrip(fs, id, options(fs, fs.nodeBytes(), fs.blockBytes(), t, BtreeWrite.DEFAULT_FILL));
                    assertThat(b.keys()).isPositive();
                }
            }
        }
    }

    @Test
    void encryptedNodesRoundTrip() {
        try (BchFs fs = BchFs.open(Fixtures.devices("encrypted"), Fixtures.options("encrypted"))) {
            assertThat(fs.crypto()).isNotNull();
            for (BtreeId id : MAIN) {
                Built b = roundTrip(fs, id, options(fs, fs.nodeBytes(), fs.blockBytes(), CsumType.CHACHA20_POLY1305_128, BtreeWrite.DEFAULT_FILL));
                report("encrypted", "chacha20_poly1305_128 64k", id, b);
                assertThat(b.keys()).isPositive();
            }
            // 4 KiB nodes: interior nodes encrypted too; and the 80-bit MAC
            Built b = roundTrip(fs, BtreeId.EXTENTS, options(fs, 4096, 4096, CsumType.CHACHA20_POLY1305_80, 0.5));
            report("encrypted", "chacha20_poly1305_80 4k", BtreeId.EXTENTS, b);
            assertThat(b.root().level()).isPositive();
        }
    }

    @Test
    void smallNodesMakeInteriorLevels() {
        try (BchFs fs = BchFs.open(Fixtures.devices("default"), Fixtures.options("default"))) {
            int maxLevel = 0;
            for (BtreeId id : MAIN) {
                for (double fill : new double[] {0.5, 1.0}) {
                    Built b = roundTrip(fs, id, options(fs, 4096, 4096, CsumType.CRC32C, fill));
                    report("default", "crc32c 4k fill " + fill, id, b);
                    if (id != BtreeId.XATTRS) assertThat(b.root().level()).as("%s at 4 KiB nodes", id).isPositive();
                    maxLevel = Math.max(maxLevel, b.root().level());
                }
            }
            assertThat(maxLevel).isGreaterThanOrEqualTo(2);
            // 512-byte blocks: nodes are written in 512-byte units
            Built b = roundTrip(fs, BtreeId.DIRENTS, options(fs, 8192, 512, CsumType.CRC64, 0.75));
            assertThat(b.bytes() % 512).isZero();
        }
    }

    @Test
    void replicatedNodesReadThroughEitherPointer() {
        try (BchFs fs = BchFs.open(Fixtures.devices("default"), Fixtures.options("default"))) {
            BtreeWrite.Options o = options(fs, 4096, 4096, CsumType.CRC32C, BtreeWrite.DEFAULT_FILL);
            MemNodeStore store = new MemNodeStore(4096, 4096);
            BtreeWrite w = new BtreeWrite(o, store, BtreeId.DIRENTS);
            BtreeIter src = fs.btree().iter(BtreeId.DIRENTS, Bpos.POS_MIN, 0);
            for (BkeySC k = src.next(); k != null; k = src.next()) w.add(k);
            BtreeWrite.Root root = w.finish();
            assertThat(root.level()).isPositive();
            assertThat(BtreePtr.decode(root.key()).ptrs()).extracting(dev.jbcachefs.format.ExtentPtr::dev).containsExactly(0, 1);
            for (int missing = 0; missing < 2; missing++) {
                int gone = missing;
                Btree back = new Btree(new Ctx(store, 4096, 4096, o.uuidLe64(), null, fs.version()).without(gone),
                        Map.of(BtreeId.DIRENTS, BtreeRoot.of(BtreeId.DIRENTS, root.level(), root.key())), KeyOverlay.NONE, new BtreeCache(1 << 20));
                BtreeIter a = fs.btree().iter(BtreeId.DIRENTS, Bpos.POS_MIN, 0), b = back.iter(BtreeId.DIRENTS, Bpos.POS_MIN, 0);
                int n = 0;
                for (BkeySC k = a.next(); k != null; k = a.next(), n++) sameKey(k, b.next(), "dirents key " + n + " without dev " + gone);
                assertThat(b.next()).isNull();
                assertThat(n).isEqualTo(1019);
            }
        }
    }

    @Test
    void emptyBtreeIsOneEmptyLeaf() {
        try (BchFs fs = BchFs.open(Fixtures.devices("default"), Fixtures.options("default"))) {
            Built b = roundTrip(fs, BtreeId.REFLINK, options(fs, fs.nodeBytes(), fs.blockBytes(), CsumType.CRC32C, BtreeWrite.DEFAULT_FILL));
            assertThat(b.keys()).isZero();
            assertThat(b.root().level()).isZero();
            assertThat(b.nodesPerLevel()).containsExactly(1);
            assertThat(b.bytes()).isEqualTo(4096);
            BtreePtr p = BtreePtr.decode(b.root().key());
            assertThat(p.minKey()).isEqualTo(Bpos.POS_MIN);
            assertThat(p.sectorsWritten()).isEqualTo(8);
            assertThat(p.seq()).isNotZero();
        }
    }

    /** Many small synthetic keys: several levels, the last leaf's SPOS_MAX format widening, bounded memory. */
    @Test
    void manySyntheticKeysStream() {
        int nodeBytes = 4096;
        long uuid = 0x1122334455667788L;
        BtreeWrite.Options o = new BtreeWrite.Options(nodeBytes, 4096, uuid, CsumType.CRC32C, null, 0x1024, 5, 1.0);
        MemNodeStore store = new MemNodeStore(nodeBytes);
        BtreeWrite w = new BtreeWrite(o, store, BtreeId.NEED_DISCARD, new Random(1));
        int n = 300_000;
        byte[] none = new byte[0];
        for (int i = 0; i < n; i++) w.add(new BkeySC(new Bkey(5, 5, false, KeyType.SET.id(), 0, 0, 0, new Bpos(i / 1000, i % 1000, 0)), none, 0, 0));
        BtreeWrite.Root root = w.finish();
        System.out.printf("synthetic: %d keys, root level %d, leaves %d, level-1 %d, level-2 %d%n", n, root.level(), w.nodesWritten(0),
                w.nodesWritten(1), w.nodesWritten(2));
        assertThat(root.level()).isGreaterThanOrEqualTo(2);
        Btree back = new Btree(new Ctx(store, nodeBytes, 4096, uuid, null, 0x1024), Map.of(BtreeId.NEED_DISCARD,
                BtreeRoot.of(BtreeId.NEED_DISCARD, root.level(), root.key())), KeyOverlay.NONE, new BtreeCache(4 << 20));
        BtreeIter it = back.iter(BtreeId.NEED_DISCARD, Bpos.POS_MIN, 0);
        int i = 0;
        for (BkeySC k = it.next(); k != null; k = it.next(), i++) {
            assertThat(k.pos()).isEqualTo(new Bpos(i / 1000, i % 1000, 0));
            assertThat(k.k().type()).isEqualTo(KeyType.SET.id());
        }
        assertThat(i).isEqualTo(n);
        checkNodes(back, BtreeId.NEED_DISCARD, root.level(), o, w);
        // a positioned lookup through the interior levels
        BkeySC k = back.iter(BtreeId.NEED_DISCARD, new Bpos(123, 456, 0), 0).next();
        assertThat(k.pos()).isEqualTo(new Bpos(123, 456, 0));
    }

    @Test
    void lastLeafSplitsWhenSposMaxWidensItsFormat() {
        // keys with 0-bit fields pack in 1 u64; the last node's SPOS_MAX needs 3: a full last leaf must split
        BtreeWrite.Options o = new BtreeWrite.Options(4096, 4096, 1, CsumType.CRC32C, null, 0x1024, 5, 1.0);
        for (int n : new int[] {400, 490, 497, 600, 1000}) {
            MemNodeStore store = new MemNodeStore(4096);
            BtreeWrite w = new BtreeWrite(o, store, BtreeId.LRU, new Random(n));
            for (int i = 0; i < n; i++) w.add(new BkeySC(new Bkey(5, 5, false, KeyType.SET.id(), 0, 0, 0, new Bpos(0, i, 0)), new byte[0], 0, 0));
            BtreeWrite.Root root = w.finish();
            Btree back = new Btree(new Ctx(store, 4096, 4096, 1, null, 0x1024), Map.of(BtreeId.LRU, BtreeRoot.of(BtreeId.LRU, root.level(), root.key())),
                    KeyOverlay.NONE, new BtreeCache(4 << 20));
            int[] per = checkNodes(back, BtreeId.LRU, root.level(), o, w);
            int c = 0;
            BtreeIter it = back.iter(BtreeId.LRU, Bpos.POS_MIN, 0);
            while (it.next() != null) c++;
            assertThat(c).isEqualTo(n);
            System.out.printf("lru %d keys: nodes per level %s%n", n, Arrays.toString(per));
        }
    }

    /** Keys bigger than the fill budget get a node each; a node never ends at its own min key. */
    @Test
    void bigValuesOneKeyPerNode() {
        BtreeWrite.Options o = new BtreeWrite.Options(4096, 4096, 9, CsumType.CRC32C, null, 0x1024, 5, 0.1);
        // (0,0,0)+(0,0,1) and (0,1,0)+(0,1,1) share nodes (no boundary lies between them); (0,0,2) ends at
        // (0,0,U32_MAX), just before the next key, since a node may not end at its own min key; (7,0,0) last
        List<Bpos> pos = List.of(new Bpos(0, 0, 0), new Bpos(0, 0, 1), new Bpos(0, 0, 2), new Bpos(0, 1, 0), new Bpos(0, 1, 1), new Bpos(7, 0, 0));
        MemNodeStore store = new MemNodeStore(4096);
        BtreeWrite w = new BtreeWrite(o, store, BtreeId.XATTRS, new Random(5));
        byte[] val = new byte[1000];
        for (int i = 0; i < pos.size(); i++) {
            Arrays.fill(val, (byte) i);
            w.add(new BkeySC(new Bkey(5 + 125, 5, false, KeyType.XATTR.id(), 0, 0, 0, pos.get(i)), val, 0, val.length));
        }
        BtreeWrite.Root root = w.finish();
        Btree back = new Btree(new Ctx(store, 4096, 4096, 9, null, 0x1024), Map.of(BtreeId.XATTRS, BtreeRoot.of(BtreeId.XATTRS, root.level(), root.key())),
                KeyOverlay.NONE, new BtreeCache(1 << 20));
        int[] per = checkNodes(back, BtreeId.XATTRS, root.level(), o, w);
        assertThat(per[0]).isEqualTo(4);
        BtreeIter it = back.iter(BtreeId.XATTRS, Bpos.POS_MIN, 0);
        for (int i = 0; i < pos.size(); i++) {
            BkeySC k = it.next();
            assertThat(k.pos()).isEqualTo(pos.get(i));
            assertThat(k.valueCopy()).containsOnly((byte) i).hasSize(1000);
        }
        assertThat(it.next()).isNull();
        // two near-maximal keys at adjacent positions cannot be placed in 4 KiB nodes
        BtreeWrite w2 = new BtreeWrite(o, new MemNodeStore(4096), BtreeId.XATTRS);
        byte[] big = new byte[8 * 250];
        w2.add(new BkeySC(new Bkey(255, 5, false, KeyType.XATTR.id(), 0, 0, 0, Bpos.POS_MIN), big, 0, big.length));
        assertThatThrownBy(() -> w2.add(new BkeySC(new Bkey(255, 5, false, KeyType.XATTR.id(), 0, 0, 0, new Bpos(0, 0, 1)), big, 0, big.length)))
                .isInstanceOf(BcachefsException.class).hasMessageContaining("too big to share");
    }

    @Test
    void rejectsBadInput() {
        BtreeWrite.Options o = new BtreeWrite.Options(4096, 4096, 1, CsumType.CRC32C, null, 0x1024, 5, 1.0);
        BtreeWrite w = new BtreeWrite(o, new MemNodeStore(4096), BtreeId.LRU);
        BkeySC a = new BkeySC(new Bkey(5, 5, false, KeyType.SET.id(), 0, 0, 0, new Bpos(1, 2, 0)), new byte[0], 0, 0);
        w.add(a);
        assertThatThrownBy(() -> w.add(a)).isInstanceOf(BcachefsException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> w.add(new BkeySC(new Bkey(5, 5, false, KeyType.SET.id(), 0, 0, 0, new Bpos(1, 1, 0)), new byte[0], 0, 0)))
                .isInstanceOf(BcachefsException.class).hasMessageContaining("1:2:0");
        assertThatThrownBy(() -> w.add(new BkeySC(new Bkey(5, 5, false, KeyType.DELETED.id(), 0, 0, 0, new Bpos(1, 3, 0)), new byte[0], 0, 0)))
                .isInstanceOf(BcachefsException.class).hasMessageContaining("deleted");
        assertThatThrownBy(() -> w.add(new BkeySC(new Bkey(6, 5, false, KeyType.SET.id(), 0, 0, 0, new Bpos(1, 4, 0)), new byte[4], 0, 4)))
                .isInstanceOf(BcachefsException.class).hasMessageContaining("u64s");
        assertThatThrownBy(() -> new BtreeWrite.Options(4096, 4096, 1, CsumType.CHACHA20_POLY1305_128, null, 0x1024, 5, 1.0))
                .isInstanceOf(BcachefsException.class).hasMessageContaining("crypto");
        assertThatThrownBy(() -> new BtreeWrite.Options(3000, 512, 1, CsumType.CRC32C, null, 0x1024, 5, 1.0)).isInstanceOf(BcachefsException.class);
        assertThatThrownBy(() -> new BtreeWrite.Options(4096, 4096, 1, CsumType.CRC32C, null, 0x1024, 5, 0)).isInstanceOf(BcachefsException.class);
    }

    /**
     * The format computation against upstream: for every node of every btree of the unencrypted images,
     * the format computed from the node's min/max key and the live keys of its first bset (the keys
     * upstream had when it chose the format: later bsets are appended without changing it) equals the
     * format upstream wrote; and the nodes {@code list -m formats} printed show that format.
     */
    @Test
    void computedFormatMatchesUpstream() {
        Pattern node = Pattern.compile("\nl (\\d) (\\S+) - (\\S+):\n(?:.*\n){3}    format: (.*?)    unpack fn len");
        int allNodes = 0, allMatch = 0, allPrinted = 0;
        for (String image : List.of("default", "crc64", "snapshot", "dirty-journal", "zstd")) {
            Map<String, String> printed = new java.util.HashMap<>();
            for (String section : Fixtures.output(image + ".list-nodes.txt").split("##### btree ")) {
                if (!section.contains(" formats (")) continue;
                String btree = section.substring(0, section.indexOf(' '));
                Matcher m = node.matcher(section);
                while (m.find()) printed.put(btree + " " + m.group(1) + " " + m.group(2) + " " + m.group(3), m.group(4));
            }
            int[] nodes = new int[1], liveMatch = new int[1], printedMatch = new int[1];
            try (BchFs fs = BchFs.open(Fixtures.devices(image), Fixtures.options(image))) {
                for (BtreeId id : BtreeId.values()) {
                    fs.btree().forEachNode(id, Bpos.POS_MIN, Bpos.SPOS_MAX, 0, n -> {
                        BkeyFormat f = BkeyFormatState.of(n.minKey(), n.maxKey(), firstBsetKeys(fs, n));
                        assertThat(f.toString()).as("%s %s: format from its first bset's keys", image, n).isEqualTo(n.format().toString());
                        nodes[0]++;
                        List<Bkey> live = new ArrayList<>();
                        for (int i = 0; i < n.nrKeys(); i++) live.add(n.keyHeader(i));
                        if (BkeyFormatState.of(n.minKey(), n.maxKey(), live).toString().equals(n.format().toString())) liveMatch[0]++;
                        String p = printed.get(id.upstreamName() + " " + n.level() + " " + n.minKey() + " " + n.maxKey());
                        if (p != null) {
                            assertThat(f.toString()).as("%s %s: list -m formats", image, n).isEqualTo(p);
                            printedMatch[0]++;
                        }
                    });
                }
            }
            assertThat(printedMatch[0]).as("%s: nodes of list-nodes found", image).isEqualTo(printed.size());
            System.out.printf("%s: computed format = upstream's for %d of %d nodes (%d also from all live keys); %d list-nodes formats%n", image,
                    nodes[0], nodes[0], liveMatch[0], printedMatch[0]);
            allNodes += nodes[0];
            allMatch += liveMatch[0];
            allPrinted += printedMatch[0];
        }
        assertThat(allNodes).isGreaterThan(100);
        assertThat(allPrinted).isGreaterThanOrEqualTo(50);
    }

    /**
     * Byte identity with upstream: the first bset of every node of the reference images (header, packed
     * keys, padding to the block and the checksum or MAC, ciphertext on the encrypted image) is exactly
     * what our encoder writes for the same header fields and keys.
     */
    @Test
    void firstBsetsEncodeToUpstreamBytes() {
        int total = 0;
        for (String image : List.of("default", "crc64", "snapshot", "dirty-journal", "zstd", "encrypted", "replicas2")) {
            int[] nodes = new int[1];
            try (BchFs fs = BchFs.open(Fixtures.devices(image), Fixtures.options(image))) {
                for (BtreeId id : BtreeId.values()) {
                    fs.btree().forEachNode(id, Bpos.POS_MIN, Bpos.SPOS_MAX, 0, n -> {
                        var p = n.ptr().ptrs().get(0);
                        byte[] raw = fs.device(p.dev()).read(p.offset() * 512, n.nodeBytes());
                        byte[] b = raw.clone();
                        int bset = BtreeRead.BSET;
                        long seq = dev.jbcachefs.format.Le.u64(b, bset + BtreeRead.BSET_SEQ);
                        long jseq = dev.jbcachefs.format.Le.u64(b, bset + BtreeRead.BSET_JOURNAL_SEQ);
                        CsumType t = CsumType.byId((int) (dev.jbcachefs.format.Le.u32(b, bset + BtreeRead.BSET_FLAGS) & 0xf));
                        int end = BtreeRead.KEYS + dev.jbcachefs.format.Le.u16(b, bset + BtreeRead.BSET_U64S) * 8;
                        if (t.isEncryption()) {
                            fs.crypto().decrypt(t, seq, jseq, 0, 0, b, BtreeRead.FLAGS, BtreeRead.BSET - BtreeRead.FLAGS);
                            fs.crypto().decrypt(t, seq, jseq, 0, 128, b, BtreeRead.KEYS, end - BtreeRead.KEYS);
                        }
                        long flags = dev.jbcachefs.format.Le.u64(b, BtreeRead.FLAGS);
                        List<Bkey> keys = new ArrayList<>();
                        List<Integer> vals = new ArrayList<>();
                        for (int o = BtreeRead.KEYS; o < end; o += (b[o] & 0xff) * 8) {
                            Bkey k = BkeyFormat.isPacked(b, o) ? n.format().unpack(b, o) : Bkey.readUnpacked(b, o);
                            keys.add(new Bkey(Bkey.U64S + k.valU64s(), Bkey.U64S, k.needsWhiteout(), k.type(), k.versionHi(), k.versionLo(), k.size(), k.p()));
                            vals.add(o + k.keyU64s() * 8);
                        }
                        int version = dev.jbcachefs.format.Le.u16(b, bset + BtreeRead.BSET_VERSION);
                        BtreeWrite.Options o = new BtreeWrite.Options(n.nodeBytes(), fs.blockBytes(), fs.uuidLe64(), t, t.isEncryption() ? fs.crypto() : null,
                                version, jseq, BtreeWrite.DEFAULT_FILL);
                        byte[] out = new byte[n.nodeBytes()];
                        int len = BtreeNodeWrite.encode(o, id, n.level(), (int) (flags >>> 32), n.minKey(), n.maxKey(), n.format(), seq,
                                keys.toArray(new Bkey[0]), b, vals.stream().mapToInt(Integer::intValue).toArray(), keys.size(), out);
                        assertThat(len).isEqualTo(BtreeRead.roundUp(end, fs.blockBytes()));
                        assertThat(Arrays.copyOf(out, len)).as("%s %s: first bset bytes", image, n).isEqualTo(Arrays.copyOf(raw, len));
                        nodes[0]++;
                    });
                }
            }
            System.out.printf("%s: first bset of %d nodes byte-identical to upstream%n", image, nodes[0]);
            total += nodes[0];
        }
        assertThat(total).isGreaterThan(150);
    }

    /** The non-deleted keys of a node's first bset, read raw from its device (unencrypted nodes). */
    static List<Bkey> firstBsetKeys(BchFs fs, BtreeNode n) {
        var p = n.ptr().ptrs().get(0);
        byte[] b = fs.device(p.dev()).read(p.offset() * 512, n.nodeBytes());
        int end = BtreeRead.KEYS + dev.jbcachefs.format.Le.u16(b, BtreeRead.BSET + BtreeRead.BSET_U64S) * 8;
        List<Bkey> keys = new ArrayList<>();
        for (int o = BtreeRead.KEYS; o < end; o += (b[o] & 0xff) * 8) {
            Bkey k = BkeyFormat.isPacked(b, o) ? n.format().unpack(b, o) : Bkey.readUnpacked(b, o);
            if (!k.isDeleted()) keys.add(k);
        }
        return keys;
    }
}
