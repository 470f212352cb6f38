package dev.jbcachefs.alloc;

import dev.jbcachefs.bkey.Alloc;
import dev.jbcachefs.bkey.AllocPack;
import dev.jbcachefs.bkey.AccountingPack;
import dev.jbcachefs.bkey.BackpointerPack;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.ExtentPtr;
import dev.jbcachefs.format.KeyType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The allocation information of a filesystem being built, derived in one place from the bucket table and
 * the written btree nodes: alloc_v4 keys for every bucket ever used, freespace extents over the rest,
 * bucket_gens, the fragmentation LRU, btree-node backpointers and the per-device, replicas and per-btree
 * accounting. These are exactly the things upstream's fsck recomputes and compares ({@code check_alloc_info},
 * {@code check_lrus}, {@code check_allocations}, {@code check_extents_to_backpointers}), so each value
 * follows upstream's rule for it: a used bucket is flagged need_discard and need_inc_gen, its
 * fragmentation LRU index is {@code dirty * 2^31 / bucket_size} for movable partly filled buckets, and a
 * bucket with no alloc key must be covered by a freespace key.
 */
public final class AllocInfo {
    private final List<BucketMap> maps;
    private final long journalSeq;
    private final int extentBpShift;

    public AllocInfo(List<BucketMap> maps, long journalSeq, int extentBpShift) {
        this.maps = maps;
        this.journalSeq = journalSeq;
        this.extentBpShift = extentBpShift;
    }

    Alloc alloc(BucketMap m, long b) {
        DataType t = m.type(b);
        boolean used = t != DataType.FREE;
        long seq = used && t != DataType.SB && t != DataType.JOURNAL ? journalSeq : 0;
        return new Alloc(seq, AllocPack.allocFlags(used, used, AllocPack.ALLOC_V4_U64S), m.gen(b), m.gen(b), t.id,
                m.dirty(b), 0, 1, 1, 0, 0, 0, AllocPack.ALLOC_V4_U64S * 8);
    }

    /** alloc_v4 keys of every used bucket, in position order, generated as they are consumed. */
    public Iterator<BkeySC> allocKeys() {
        return new BucketWalk() {
            @Override
            BkeySC at(BucketMap m, long b) {
                return m.isFree(b) ? null
                        : BkeySC.of(KeyType.ALLOC_V4, AllocPack.bucketPos(m.dev(), b), 0, 0, AllocPack.allocV4(alloc(m, b)));
            }
        };
    }

    /** Freespace extents: each run of free buckets (generation bits 0) as one key ending at the run's end. */
    public Iterator<BkeySC> freespaceKeys() {
        return new BucketWalk() {
            @Override
            BkeySC at(BucketMap m, long b) {
                if (!m.isFree(b) || (b > 0 && m.isFree(b - 1))) return null;
                long end = b;
                while (end < m.nbuckets() && m.isFree(end) && end - b < 0xffffffffL) end++;
                return BkeySC.of(KeyType.SET, AllocPack.freespacePos(m.dev(), end, 0), (int) (end - b), 0, new byte[0]);
            }
        };
    }

    /** Visits every bucket of every device, yielding the keys {@link #at} makes for some of them. */
    private abstract class BucketWalk implements Iterator<BkeySC> {
        private int dev;
        private long bucket;
        private BkeySC next;

        abstract BkeySC at(BucketMap m, long b);

        @Override
        public boolean hasNext() {
            while (next == null && dev < maps.size()) {
                BucketMap m = maps.get(dev);
                if (bucket >= m.nbuckets()) {
                    dev++;
                    bucket = 0;
                    continue;
                }
                next = at(m, bucket++);
            }
            return next != null;
        }

        @Override
        public BkeySC next() {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            BkeySC k = next;
            next = null;
            return k;
        }
    }

    /** bucket_gens keys: only where some generation is non-zero (an absent key reads as all zeros). */
    public List<BkeySC> bucketGensKeys() {
        List<BkeySC> out = new ArrayList<>();
        for (BucketMap m : maps) {
            for (long base = 0; base < m.nbuckets(); base += 256) {
                byte[] gens = new byte[256];
                boolean any = false;
                for (int i = 0; i < 256 && base + i < m.nbuckets(); i++) {
                    gens[i] = (byte) m.gen(base + i);
                    any |= gens[i] != 0;
                }
                if (any) out.add(BkeySC.of(KeyType.BUCKET_GENS, AllocPack.bucketGensPos(m.dev(), base), 0, 0, AllocPack.bucketGens(gens)));
            }
        }
        return out;
    }

    /** Fragmentation LRU entries of partly filled btree and user buckets, sorted by (index, bucket). */
    public List<BkeySC> lruKeys() {
        TreeMap<Bpos, BkeySC> sorted = new TreeMap<>();
        for (BucketMap m : maps) {
            for (long b = 0; b < m.nbuckets(); b++) {
                if (m.isFree(b) || !m.type(b).movable()) continue;
                Bpos p = AllocPack.fragmentationLruPos(m.dev(), b, alloc(m, b), m.bucketSectors());
                if (p != null) sorted.put(p, BkeySC.of(KeyType.SET, p, 0, 0, new byte[0]));
            }
        }
        return new ArrayList<>(sorted.values());
    }

    /** Backpointers of the btree nodes: one per replica, at the level of the key pointing to the node. */
    public List<BkeySC> nodeBackpointers(List<NodeRecord> nodes) {
        TreeMap<Bpos, BkeySC> sorted = new TreeMap<>();
        for (NodeRecord n : nodes) {
            for (ExtentPtr p : n.ptrs()) {
                Bpos pos = BackpointerPack.pos(p.dev(), p.offset(), 0, extentBpShift);
                byte[] v = BackpointerPack.encode(n.btree().id(), n.level() + 1, DataType.BTREE.id, p.gen(), 0, n.sectors(), n.maxKey());
                sorted.put(pos, BkeySC.of(KeyType.BACKPOINTER, pos, 0, 0, v));
            }
        }
        return new ArrayList<>(sorted.values());
    }

    /**
     * The accounting that depends on buckets and btree nodes, added to {@code acc}: per-device usage by
     * data type (buckets, sectors, fragmented sectors; free buckets counted as such), btree node sectors by
     * btree, and the btree replicas entries.
     */
    public void account(AccountingBuilder acc, List<NodeRecord> nodes) {
        for (BucketMap m : maps) {
            long[] buckets = new long[DataType.values().length];
            long[] sectors = new long[buckets.length];
            long[] frag = new long[buckets.length];
            for (long b = 0; b < m.nbuckets(); b++) {
                int t = m.type(b).id;
                buckets[t]++;
                sectors[t] += m.dirty(b);
                frag[t] += m.fragmented(b);
            }
            for (DataType t : DataType.values()) {
                if (buckets[t.id] != 0 || t == DataType.FREE) acc.devDataType(m.dev(), t, buckets[t.id], sectors[t.id], frag[t.id]);
            }
        }
        for (NodeRecord n : nodes) {
            int[] devs = n.ptrs().stream().mapToInt(ExtentPtr::dev).sorted().toArray();
            acc.btree(n.btree().id(), (long) n.sectors() * n.ptrs().size(), n.level() > 0);
            acc.replicas(DataType.BTREE, 1, devs, (long) n.sectors() * n.ptrs().size());
        }
    }

    /** Accounting keys for every counter, versions increasing in key order. */
    public static List<BkeySC> accountingKeys(AccountingBuilder acc, long journalSeq) {
        List<BkeySC> out = new ArrayList<>();
        long v = journalSeq << 32;
        for (Map.Entry<Bpos, long[]> e : acc.entries().entrySet()) {
            out.add(BkeySC.of(KeyType.ACCOUNTING, e.getKey(), 0, ++v, AccountingPack.value(e.getValue())));
        }
        return out;
    }

}
