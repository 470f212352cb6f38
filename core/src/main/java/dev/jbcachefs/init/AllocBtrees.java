package dev.jbcachefs.init;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.alloc.AccountingBuilder;
import dev.jbcachefs.alloc.AllocInfo;
import dev.jbcachefs.alloc.Allocator;
import dev.jbcachefs.alloc.NodeRecord;
import dev.jbcachefs.btree.BtreeWrite;
import dev.jbcachefs.btree.KeySorter;
import dev.jbcachefs.device.WritableDevice;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.ExtentPtr;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Writes the btrees that describe the allocation itself — alloc, backpointers, freespace, bucket_gens,
 * lru and accounting — whose contents depend on where their own nodes go (an alloc key for each of their
 * buckets, a backpointer and an accounting count for each of their nodes). It reaches a fixed point: reserve
 * K node slots on a copy of the allocator, derive the keys, build the btrees without writing to learn how many
 * nodes (and which node boundaries) they really need, and repeat with that until nothing changes; then
 * reserve the same slots on the real allocator and write. The rounds are deterministic, so the final write
 * reproduces the last trial exactly.
 */
final class AllocBtrees {
    /**
     * The allocation btrees, each always written (an empty one as one empty leaf, as upstream leaves
     * need_discard): if a btree that comes and goes with a single key (the LRU entry of a partly filled
     * btree bucket) also made its root node come and go, the node count could flip between two values forever.
     */
    static final BtreeId[] ORDER = {BtreeId.ALLOC, BtreeId.BACKPOINTERS, BtreeId.FREESPACE, BtreeId.NEED_DISCARD, BtreeId.BUCKET_GENS,
        BtreeId.LRU, BtreeId.ACCOUNTING};
    private static final int MAX_ROUNDS = 12;

    private final BtreeWrite.Options opts;
    private final int replicas;
    private final int nodeSectors;
    private final long journalSeq;
    private final int extentBpShift;
    private final KeySorter userBackpointers;
    private final KeySorter accountingExtra;
    private final AccountingBuilder accounting;
    private final List<NodeRecord> otherNodes;
    private final long seed;

    AllocBtrees(BtreeWrite.Options opts, int replicas, int nodeSectors, long journalSeq, int extentBpShift, KeySorter userBackpointers,
            KeySorter accountingExtra, AccountingBuilder accounting, List<NodeRecord> otherNodes, long seed) {
        this.opts = opts;
        this.replicas = replicas;
        this.nodeSectors = nodeSectors;
        this.journalSeq = journalSeq;
        this.extentBpShift = extentBpShift;
        this.userBackpointers = userBackpointers;
        this.accountingExtra = accountingExtra;
        this.accounting = accounting;
        this.otherNodes = otherNodes;
        this.seed = seed;
    }

    /** Builds and writes the allocation btrees; returns their roots (absent for an empty btree). */
    Map<BtreeId, BtreeWrite.Root> write(Allocator real, List<WritableDevice> devs, List<NodeRecord> allRecordsOut) {
        int k = 0;
        List<NodeRecord> predicted = List.of();
        StringBuilder rounds = new StringBuilder();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Allocator trial = real.copy();
            List<List<ExtentPtr>> slots = reserve(trial, k);
            Trial t = build(trial, slots, predicted, devs, false);
            // the same nodes at the same places as predicted: every reserved slot used, none past them
            if (t.sink.records().equals(predicted)) {
                List<List<ExtentPtr>> realSlots = reserve(real, k);
                if (!realSlots.equals(slots)) throw new IllegalStateException("allocation btrees: slots differ between trial and write");
                Trial done = build(real, realSlots, predicted, devs, true);
                allRecordsOut.addAll(done.sink.records());
                return done.roots;
            }
            rounds.append(rounds.length() == 0 ? "" : ", ").append(k).append(" -> ").append(t.sink.records().size());
            k = t.sink.records().size();
            predicted = t.sink.records();
        }
        throw new BcachefsException(ErrorCode.IO, "the allocation btrees did not settle on a layout in " + MAX_ROUNDS
                + " rounds (nodes reserved -> needed: " + rounds + ")");
    }

    private List<List<ExtentPtr>> reserve(Allocator a, int k) {
        List<List<ExtentPtr>> slots = new ArrayList<>(k);
        for (int i = 0; i < k; i++) slots.add(a.allocNode(replicas, nodeSectors));
        return slots;
    }

    private record Trial(BuildSink sink, Map<BtreeId, BtreeWrite.Root> roots) {}

    private Trial build(Allocator a, List<List<ExtentPtr>> slots, List<NodeRecord> predicted, List<WritableDevice> devs, boolean write) {
        AllocInfo info = new AllocInfo(a.devices(), journalSeq, extentBpShift);
        List<NodeRecord> nodes = new ArrayList<>(otherNodes);
        nodes.addAll(predicted);
        AccountingBuilder acc = accounting.copy();
        info.account(acc, nodes);
        Map<BtreeId, Supplier<Iterator<BkeySC>>> sources = new LinkedHashMap<>();
        sources.put(BtreeId.ALLOC, () -> info.allocKeys());
        sources.put(BtreeId.BACKPOINTERS, () -> KeySorter.merge("backpointers", List.of(userBackpointers.iterator(), info.nodeBackpointers(nodes).iterator())));
        sources.put(BtreeId.FREESPACE, () -> info.freespaceKeys());
        sources.put(BtreeId.NEED_DISCARD, () -> java.util.Collections.emptyIterator());
        sources.put(BtreeId.BUCKET_GENS, () -> info.bucketGensKeys().iterator());
        sources.put(BtreeId.LRU, () -> info.lruKeys().iterator());
        sources.put(BtreeId.ACCOUNTING, () -> KeySorter.merge("accounting", List.of(AllocInfo.accountingKeys(acc, journalSeq).iterator(), accountingExtra.iterator())));
        BuildSink sink = new BuildSink(a, devs, replicas, nodeSectors, slots, write);
        Map<BtreeId, BtreeWrite.Root> roots = new LinkedHashMap<>();
        RandomGenerator rnd = new java.util.SplittableRandom(seed);
        for (BtreeId id : ORDER) {
            Iterator<BkeySC> it = sources.get(id).get();
            BtreeWrite w = new BtreeWrite(opts, sink, id, rnd);
            while (it.hasNext()) w.add(it.next());
            roots.put(id, w.finish());
        }
        return new Trial(sink, roots);
    }
}
