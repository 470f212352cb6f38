package dev.jbcachefs.bkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.btree.BtreeRoot;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.testkit.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every key of the reference images whose type has an encoder is decoded with our readers and encoded
 * again: the value bytes must equal the on-disk bytes exactly. The position encoders are checked against
 * the images' own cross references: bucket_gens against alloc keys, freespace and lru positions against
 * the alloc keys they index, backpointer positions against the extents and btree node pointers, and
 * accounting positions rebuilt from their typed fields.
 */
class KeyEncodeRoundTripTest {
    /** Per-image tallies: type name → {byte-exact, total}. */
    private final Map<String, int[]> counts = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    private void tally(String what, boolean ok, String detail) {
        int[] c = counts.computeIfAbsent(what, x -> new int[2]);
        c[1]++;
        if (ok) c[0]++;
        else if (failures.size() < 20) failures.add(what + ": " + detail);
    }

    private void value(String what, BkeySC k, byte[] got) {
        byte[] want = k.valueCopy();
        boolean ok = Arrays.equals(want, got);
        tally(what, ok, ok ? "" : k.k() + "\n  want " + HexFormat.of().formatHex(want) + "\n  got  " + HexFormat.of().formatHex(got));
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "zstd", "lz4", "gzip", "crc64", "encrypted", "replicas2", "snapshot", "dirty-journal"})
    void everyKeyReencodesByteExact(String image) {
        Map<Bpos, Alloc> alloc = new HashMap<>();
        Map<Bpos, BucketGens> gens = new HashMap<>();
        List<BkeySC> freespace = new ArrayList<>();
        Set<Bpos> lru = new HashSet<>();
        Map<Bpos, Backpointer> bps = new HashMap<>();
        List<BkeySC> dataKeys = new ArrayList<>(); // extents and btree pointers, detached, for the backpointer check
        List<Integer> dataLevels = new ArrayList<>();
        List<BtreeId> dataBtrees = new ArrayList<>();
        try (BchFs fs = BchFs.open(Fixtures.devices(image), Fixtures.options(image))) {
            int shift = fs.extentBpShift();
            for (BtreeId id : BtreeId.values()) {
                BtreeRoot root = fs.btree().root(id);
                if (root == null) continue;
                value("btree_ptr_v2 (root)", root.key(), ExtentPack.btreePtrV2(BtreePtrV2.decode(root.key())));
                dataKeys.add(root.key());
                dataLevels.add(root.level() + 1);
                dataBtrees.add(id);
                for (int level = root.level(); level >= 0; level--) {
                    BtreeIter it = fs.btree().iter(id, Bpos.POS_MIN, level);
                    for (BkeySC k = it.next(); k != null; k = it.next()) {
                        KeyType t = k.type();
                        if (t == null) continue;
                        switch (t) {
                            case BTREE_PTR_V2 -> {
                                value("btree_ptr_v2", k, ExtentPack.btreePtrV2(BtreePtrV2.decode(k)));
                                dataKeys.add(k.detach());
                                dataLevels.add(level);
                                dataBtrees.add(id);
                            }
                            case INODE_V3 -> {
                                Inode in = Inode.decode(k);
                                value("inode_v3", k, InodePack.encodeV3(in));
                                tally("inode pos", InodePack.pos(in.inum(), in.snapshot()).equals(k.pos()), k.k().toString());
                            }
                            case DIRENT -> {
                                Dirent d = Dirent.decode(k);
                                value(d.isSubvol() ? "dirent (subvol)" : "dirent", k, d.isSubvol()
                                        ? DirentPack.encodeSubvol(d.parentSubvol(), d.childSubvol(), d.name())
                                        : DirentPack.encode(d.inum(), d.type(), d.name()));
                            }
                            case XATTR -> {
                                Xattr x = Xattr.decode(k);
                                value("xattr", k, XattrPack.encode(x.xType(), x.name(), x.value()));
                            }
                            case EXTENT -> {
                                Extent e = Extent.decode(k);
                                value("extent", k, ExtentPack.extent(e));
                                for (ExtentEntry en : e.entries()) {
                                    if (!(en instanceof ExtentEntry.Crc c)) continue;
                                    ExtentEntry.Crc chosen = ExtentPack.crc(c.compressedSize(), c.uncompressedSize(), c.offset(),
                                            c.nonce(), c.csumType(), c.compressionType(), c.csumHi(), c.csumLo());
                                    tally("extent " + Names.EXTENT_ENTRY_TYPES[c.kind()] + " choice", chosen.equals(c), k.k() + " chose " + chosen);
                                }
                                dataKeys.add(k.detach());
                                dataLevels.add(0);
                                dataBtrees.add(id);
                            }
                            case INLINE_DATA -> value("inline_data", k, ExtentPack.inlineData(trimmed(InlineData.decode(k).data())));
                            case RESERVATION -> {
                                Reservation r = Reservation.decode(k);
                                value("reservation", k, ExtentPack.reservation(r.generation(), r.nrReplicas()));
                            }
                            case ALLOC_V4 -> {
                                Alloc a = Alloc.decode(k);
                                value("alloc_v4", k, AllocPack.allocV4(a));
                                alloc.put(k.pos(), a);
                            }
                            case BUCKET_GENS -> {
                                BucketGens g = BucketGens.decode(k);
                                value("bucket_gens", k, AllocPack.bucketGens(g.gens()));
                                gens.put(k.pos(), g);
                            }
                            case BACKPOINTER -> {
                                Backpointer b = Backpointer.decode(k);
                                value("backpointer", k, BackpointerPack.encode(b));
                                bps.put(k.pos(), b);
                            }
                            case ACCOUNTING -> accounting(k);
                            case SUBVOLUME -> value("subvolume", k, SnapshotPack.subvolume(Subvolume.decode(k)));
                            case SNAPSHOT -> value("snapshot", k, SnapshotPack.snapshot(Snapshot.decode(k)));
                            case SNAPSHOT_TREE -> value("snapshot_tree", k, SnapshotPack.snapshotTree(SnapshotTree.decode(k)));
                            case INODE_ALLOC_CURSOR -> {
                                InodeAllocCursor c = InodeAllocCursor.decode(k);
                                value("inode_alloc_cursor", k, InodePack.allocCursor(c.bits(), c.gen(), c.idx()));
                                tally("inode_alloc_cursor pos", InodePack.allocCursorPos(0).equals(k.pos()), k.k().toString());
                            }
                            case SET -> {
                                if (id == BtreeId.FREESPACE) freespace.add(k.detach());
                                else if (id == BtreeId.LRU) lru.add(k.pos());
                                else if (id == BtreeId.NEED_DISCARD)
                                    tally("need_discard pos", alloc.containsKey(AllocPack.bucketPos((int) k.pos().inode(), k.pos().offset())), k.k().toString());
                            }
                            case WHITEOUT, EXTENT_WHITEOUT, HASH_WHITEOUT, DELETED ->
                                    tally("(no value) " + t.upstreamName(), k.valLen() == 0, k.k().toString());
                            default -> counts.computeIfAbsent("(no encoder) " + t.upstreamName(), x -> new int[2])[1]++;
                        }
                    }
                }
            }
            positions(fs, shift, alloc, gens, freespace, lru, bps, dataKeys, dataLevels, dataBtrees);
        }
        StringBuilder sb = new StringBuilder(image + ":");
        counts.forEach((k, c) -> sb.append(String.format("%n  %-28s %5d/%d", k, c[0], c[1])));
        System.out.println(sb);
        assertThat(failures).as(image).isEmpty();
    }

    /** Inline data as a writer would pass it: without the zero padding of the last u64. */
    private static byte[] trimmed(byte[] v) {
        int n = v.length;
        while (n > 0 && n > v.length - 7 && v[n - 1] == 0) n--;
        return Arrays.copyOf(v, n);
    }

    private void accounting(BkeySC k) {
        Accounting a = Accounting.decode(k);
        byte[] acc = a.acc();
        int type = a.accType();
        assertThat(a.counters()).hasSize(AccountingPack.nrCounters(type));
        value("accounting", k, AccountingPack.value(a.counters()));
        byte[] rebuilt = switch (type) {
            case Accounting.NR_INODES -> AccountingPack.nrInodes();
            case Accounting.PERSISTENT_RESERVED -> AccountingPack.persistentReserved(acc[1] & 0xff);
            case Accounting.REPLICAS -> {
                int[] devs = new int[acc[2] & 0xff];
                for (int i = 0; i < devs.length; i++) devs[i] = acc[4 + i] & 0xff;
                yield AccountingPack.replicas(acc[1] & 0xff, acc[3] & 0xff, devs);
            }
            case Accounting.DEV_DATA_TYPE -> AccountingPack.devDataType(acc[1] & 0xff, acc[2] & 0xff);
            case Accounting.COMPRESSION -> AccountingPack.compression(acc[1] & 0xff);
            case Accounting.SNAPSHOT -> AccountingPack.snapshot(le(acc, 1, 4));
            case Accounting.BTREE -> AccountingPack.btree((int) le(acc, 1, 4));
            case Accounting.REBALANCE_WORK -> AccountingPack.rebalanceWork();
            case Accounting.INUM -> AccountingPack.inum(le(acc, 1, 8));
            case Accounting.RECONCILE_WORK -> AccountingPack.reconcileWork(acc[1] & 0xff);
            case Accounting.DEV_LEAVING -> AccountingPack.devLeaving(le(acc, 1, 4));
            default -> acc;
        };
        tally("accounting pos (" + Names.ACCOUNTING_TYPES[type] + ")", AccountingPack.pos(rebuilt).equals(k.pos()),
                k.k() + " rebuilt " + AccountingPack.pos(rebuilt));
    }

    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) (b[at + i] & 0xff) << (8 * i);
        return v;
    }

    private void positions(BchFs fs, int shift, Map<Bpos, Alloc> alloc, Map<Bpos, BucketGens> gens, List<BkeySC> freespace,
                           Set<Bpos> lru, Map<Bpos, Backpointer> bps, List<BkeySC> dataKeys, List<Integer> dataLevels,
                           List<BtreeId> dataBtrees) {
        for (Map.Entry<Bpos, Alloc> e : alloc.entrySet()) {
            int dev = (int) e.getKey().inode();
            long bucket = e.getKey().offset();
            tally("alloc pos", AllocPack.bucketPos(dev, bucket).equals(e.getKey()), e.getKey().toString());
            BucketGens g = gens.get(AllocPack.bucketGensPos(dev, bucket));
            // upstream writes a bucket_gens key only once one of its generations is nonzero
            int gen = g == null ? 0 : g.gen(AllocPack.bucketGensOffset(bucket));
            tally("bucket_gens pos", gen == e.getValue().gen(),
                    "bucket " + e.getKey() + " gen " + e.getValue().gen());
        }
        // freespace: an extent of free buckets ending at the position's low 56 bits
        for (BkeySC k : freespace) {
            int dev = (int) k.pos().inode();
            long end = k.pos().offset() & ((1L << 56) - 1);
            boolean ok = true;
            for (long b = end - k.k().sizeUnsigned(); b < end; b++) {
                Alloc a = alloc.get(AllocPack.bucketPos(dev, b));
                long genBits = a == null ? 0 : AllocPack.freespaceGenBits(a.gen(), a.oldestGen());
                ok &= (a == null || a.dataType() == 0) && AllocPack.freespacePos(dev, end, genBits).equals(k.pos());
            }
            tally("freespace pos", ok, k.k().toString());
        }
        // lru: exactly the fragmentation positions of the alloc keys
        Set<Bpos> want = new HashSet<>();
        for (Map.Entry<Bpos, Alloc> e : alloc.entrySet()) {
            int dev = (int) e.getKey().inode();
            Bpos p = AllocPack.fragmentationLruPos(dev, e.getKey().offset(), e.getValue(), fs.bucketSize(dev));
            if (p != null) want.add(p);
        }
        for (Bpos p : lru) tally("lru pos", want.contains(p), p + " not derived from any alloc key; derived " + want);
        tally("lru pos (all derived present)", lru.containsAll(want), "derived " + want + " listed " + lru);
        // backpointers: one per pointer of every extent and btree node pointer
        Set<Bpos> matched = new HashSet<>();
        for (int i = 0; i < dataKeys.size(); i++) {
            BkeySC k = dataKeys.get(i);
            int level = dataLevels.get(i);
            List<ExtentEntry> entries = k.type() == KeyType.EXTENT ? Extent.decode(k).entries() : BtreePtrV2.decode(k).ptrs().entries();
            int crcOffset = 0;
            for (ExtentEntry en : entries) {
                if (en instanceof ExtentEntry.Crc c) crcOffset = c.offset();
                if (!(en instanceof ExtentEntry.Ptr p)) continue;
                if (p.dev() == 255) continue; // BCH_SB_MEMBER_INVALID: a replica still to be written, no backpointer
                Bpos bp = BackpointerPack.pos(p.dev(), p.offset(), crcOffset, shift);
                int bs = fs.bucketSize(p.dev());
                if (bs <= 0) throw new AssertionError("no bucket size for " + k.k() + " ptr " + p);
                Bpos viaBucket = BackpointerPack.bucketPos(p.dev(), p.offset() / bs, ((p.offset() % bs) << shift) + crcOffset, bs, shift);
                Backpointer b = bps.get(bp);
                boolean ok = bp.equals(viaBucket) && b != null && b.pos().equals(k.pos()) && b.level() == level
                        && b.btreeId() == dataBtrees.get(i).id() && b.bucketGen() == p.gen();
                tally("backpointer pos", ok, k.k() + " ptr " + p + " -> " + bp + " found " + b);
                if (ok) matched.add(bp);
            }
        }
        tally("backpointer pos (every bp derived)", matched.size() == bps.size(), matched.size() + " of " + bps.size() + " derived");
    }
}
