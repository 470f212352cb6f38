package dev.jbcachefs.btree;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeyFormat;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.ExtentPtr;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.format.Le;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Builds a whole btree bottom-up from keys given in increasing position order, writing real bcachefs
 * nodes through a {@link NodeSink} as they fill: what {@code format} needs to lay down the initial
 * btrees without going through a transactional update path. It streams: at most one node per level is
 * being filled at any time, so a btree of millions of keys takes memory for the tree's depth only.
 *
 * <p>Node layout follows upstream: the first leaf starts at {@code POS_MIN}, each following node at the
 * successor of the previous node's max key (the position of its last key; just before the next node's
 * first key when the last key is the node's min, as a node's range must not be a single position), and the last node of every
 * level ends at {@code SPOS_MAX}; interior nodes hold {@code btree_ptr_v2} keys of their children at the
 * child's max key, and as many levels are built as it takes to end in one root. Each node's
 * {@code bkey_format} is computed from its keys and its min and max key ({@link BkeyFormatState}), so all
 * keys pack. Nodes are filled to {@link Options#fill} of the key space of a node (its size less the 160-byte
 * header, measured with packed keys). Upstream never bulk-builds; it splits a node that overflows once its
 * live keys exceed 2/3 of that space ({@code BTREE_SPLIT_THRESHOLD}), giving the first half 3/5 of them,
 * and merges neighbours below 1/3. The default fill, 2/3, is the most a node can hold without its first
 * overflow splitting it (it is compacted instead), and stays well clear of the merge threshold.
 */
public final class BtreeWrite {
    /** {@code BTREE_MAX_DEPTH}. */
    public static final int MAX_DEPTH = 4;
    /** {@code btree_ptr_v2} value bytes before the pointers. */
    static final int PTR_V2_HEADER = BtreePtr.V2_HEADER_BYTES;
    /** A key's value may be at most {@code U8_MAX - BKEY_U64s} u64s (so its unpacked u64s fits a byte). */
    static final int MAX_VAL_U64S = 255 - Bkey.U64S;
    /** Default fill factor: upstream's split threshold ({@code BTREE_SPLIT_THRESHOLD}, 2/3 of the key space). */
    public static final double DEFAULT_FILL = 2.0 / 3;

    /**
     * How to write nodes.
     *
     * @param nodeBytes       btree node size (a power of two, 4 KiB .. 512 KiB, a multiple of blockBytes)
     * @param blockBytes      block size (a power of two, at least 512): nodes are written in whole blocks
     * @param uuidLe64        {@code le64} of the first 8 bytes of the internal UUID (the bset magic seed)
     * @param csum            metadata checksum type of the bsets
     * @param crypto          node encryption, required exactly when {@code csum} is an encryption type
     * @param metadataVersion bset version (the superblock's version)
     * @param journalSeq      journal seq recorded in every bset (a seq the journal will have)
     * @param fill            fraction of a node's key space (node size less its header) to fill, in (0, 1]
     */
    public record Options(int nodeBytes, int blockBytes, long uuidLe64, CsumType csum, NodeCrypto crypto, int metadataVersion,
            long journalSeq, double fill) {
        public Options {
            Objects.requireNonNull(csum, "csum");
            if (Integer.bitCount(blockBytes) != 1 || blockBytes < 512) bad("block size " + blockBytes + " is not a power of two >= 512");
            if (Integer.bitCount(nodeBytes) != 1 || nodeBytes < 4096 || nodeBytes > (512 << 10) || nodeBytes < blockBytes) {
                bad("btree node size " + nodeBytes + " is not a power of two between 4 KiB and 512 KiB and at least the block size");
            }
            if (csum.isEncryption() != (crypto != null)) {
                bad(csum.isEncryption() ? "checksum type " + csum.upstreamName() + " needs node crypto" : "node crypto given for unencrypted checksum type " + csum.upstreamName());
            }
            if (metadataVersion <= 0 || metadataVersion > 0xffff) bad("metadata version " + metadataVersion);
            if (!(fill > 0 && fill <= 1)) bad("fill factor " + fill + " not in (0, 1]");
        }

        private static void bad(String what) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "btree write options: " + what);
        }
    }

    /** Where nodes go: the integrator's allocator and device writer. */
    public interface NodeSink {
        /** Where the next node of {@code id} at {@code level} goes: one pointer per replica (gen included). */
        List<ExtentPtr> place(BtreeId id, int level);

        /**
         * Writes the first {@code len} bytes of {@code node} (block-aligned) at every pointer. The buffer is
         * reused once this returns.
         */
        void write(List<ExtentPtr> ptrs, byte[] node, int len);

        /**
         * Told after each {@link #write}: which node that was (its header may be encrypted, so the sink
         * cannot read it back), for the caller's backpointers and accounting.
         */
        default void written(BtreeId id, int level, Bpos maxKey, List<ExtentPtr> ptrs) {}
    }

    /** The finished btree: the root's level and its {@code btree_ptr_v2} key (at {@code SPOS_MAX}). */
    public record Root(int level, BkeySC key) {}

    private final Options o;
    private final NodeSink sink;
    private final BtreeId id;
    private final RandomGenerator random;
    private final Level[] levels = new Level[MAX_DEPTH];
    private final byte[] buf;
    /** Key u64s a node may take before the next key goes to a new node. */
    private final long budgetU64s;
    private Bpos last;
    private long keysAdded;
    private final int[] nodesWritten = new int[MAX_DEPTH];
    private Root root;

    public BtreeWrite(Options o, NodeSink sink, BtreeId id) {
        this(o, sink, id, new SecureRandom());
    }

    /** As {@link #BtreeWrite(Options, NodeSink, BtreeId)}, node seqs drawn from {@code random} (tests: reproducible nodes). */
    public BtreeWrite(Options o, NodeSink sink, BtreeId id, RandomGenerator random) {
        this.o = Objects.requireNonNull(o, "options");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.id = Objects.requireNonNull(id, "btree id");
        this.random = Objects.requireNonNull(random, "random");
        this.buf = new byte[o.nodeBytes()];
        this.budgetU64s = budgetU64s(o);
    }

    /** Key u64s of a filled node: {@code fill} of the node's key space, rounded down. */
    static long budgetU64s(Options o) {
        return (long) Math.floor((o.nodeBytes() - BtreeRead.KEYS) / 8 * o.fill() + 1e-9);
    }

    private String where(Bkey k) {
        return "btree " + id.upstreamName() + " key " + k.p();
    }

    /**
     * Adds the next leaf key; positions must strictly increase. The value is copied; the header's u64s is
     * recomputed from the value length, and needs_whiteout is cleared (as upstream does when writing).
     */
    public void add(BkeySC key) {
        if (root != null) throw new IllegalStateException("btree " + id.upstreamName() + " already finished");
        Bkey k = key.k();
        if (last != null && k.p().compareTo(last) <= 0) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "keys out of order: " + k.p() + " after " + last + " (" + where(k) + ")");
        }
        if (k.type() == KeyType.DELETED.id()) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "deleted key given (" + where(k) + ")");
        if (key.valLen() % 8 != 0 || key.valLen() / 8 > MAX_VAL_U64S) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "value of " + key.valLen() + " bytes is not a whole number of u64s up to " + MAX_VAL_U64S
                    + " (" + where(k) + ")");
        }
        last = k.p();
        keysAdded++;
        level(0).add(key);
    }

    /**
     * Writes the last node of every level and returns the root. An empty btree gets one empty leaf
     * ({@code POS_MIN..SPOS_MAX}).
     */
    public Root finish() {
        if (root != null) return root;
        level(0);
        for (int l = 0; ; l++) {
            Level lv = levels[l];
            BkeySC ptr = lv.finish();
            if (nodesWritten[l] == 1) {
                root = new Root(l, ptr);
                return root;
            }
            level(l + 1).add(ptr);
        }
    }

    /** Keys given to {@link #add}. */
    public long keysAdded() {
        return keysAdded;
    }

    /** Nodes written at {@code level} so far. */
    public int nodesWritten(int level) {
        return nodesWritten[level];
    }

    private Level level(int l) {
        if (l >= MAX_DEPTH) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "btree " + id.upstreamName() + " needs more than " + MAX_DEPTH
                    + " levels at node size " + o.nodeBytes());
        }
        if (levels[l] == null) levels[l] = new Level(l);
        return levels[l];
    }

    /** The node being filled at one level: its min key, keys, values and running format state. */
    private final class Level {
        final int level;
        Bpos minKey = Bpos.POS_MIN;
        Bkey[] keys = new Bkey[64];
        int[] valOff = new int[64];
        byte[] vals = new byte[4096];
        int n;
        int valEnd;
        long valU64s;
        BkeyFormatState state = new BkeyFormatState().addPos(Bpos.POS_MIN);

        Level(int level) {
            this.level = level;
        }

        void add(BkeySC key) {
            Bkey k = key.k();
            int vu = key.valLen() / 8;
            if (n > 0) {
                BkeyFormat f = state.copy().addKey(k).done();
                if ((long) (n + 1) * f.keyU64s() + valU64s + vu > budgetU64s) {
                    Bpos max = boundary(keys[n - 1].p(), k.p());
                    if (max != null) {
                        writeNode(0, n, max);
                        restart(max.successor());
                    } else if (BtreeNodeWrite.bytes(n + 1, f.keyU64s(), valU64s + vu) > o.nodeBytes()) {
                        throw tooBig(k.p());
                    } // else the key joins this node over the budget: no boundary fits in between
                }
            }
            append(k, key);
        }

        private void append(Bkey k, BkeySC key) {
            if (n == keys.length) {
                keys = java.util.Arrays.copyOf(keys, n * 2);
                valOff = java.util.Arrays.copyOf(valOff, n * 2);
            }
            if (valEnd + key.valLen() > vals.length) vals = java.util.Arrays.copyOf(vals, Math.max(vals.length * 2, valEnd + key.valLen()));
            System.arraycopy(key.buf(), key.valOff(), vals, valEnd, key.valLen());
            keys[n] = new Bkey(Bkey.U64S + key.valLen() / 8, Bkey.U64S, false, k.type(), k.versionHi(), k.versionLo(), k.size(), k.p());
            valOff[n] = valEnd;
            valEnd += key.valLen();
            valU64s += key.valLen() / 8;
            state.addKey(k);
            n++;
        }

        /** Empties the node, the next one starting at {@code min}. */
        private void restart(Bpos min) {
            minKey = min;
            n = 0;
            valEnd = 0;
            valU64s = 0;
            state = new BkeyFormatState().addPos(min);
        }

        /**
         * Writes the last node of this level (up to {@code SPOS_MAX}). That bound widens the format (a full
         * 64-bit inode and offset), so keys that fit a node with a nearby max key may not fit this one: then
         * the front part goes to a node of its own and the back part, at most half the keys and no more
         * than the fill budget takes in the wide format, becomes the last node.
         */
        BkeySC finish() {
            if (n > 1 && BtreeNodeWrite.bytes(n, state.copy().addPos(Bpos.SPOS_MAX).done().keyU64s(), valU64s) > o.nodeBytes()) {
                int back = lastNodeKeys();
                int front = n - back;
                Bpos max = boundary(keys[front - 1].p(), keys[front].p());
                if (max == null) throw tooBig(keys[front].p());
                writeNode(0, front, max);
                Bkey[] restK = java.util.Arrays.copyOfRange(keys, front, n);
                int[] restV = java.util.Arrays.copyOfRange(valOff, front, n);
                byte[] v = vals;
                restart(max.successor());
                vals = new byte[v.length];
                for (int i = 0; i < restK.length; i++) append(restK[i], new BkeySC(restK[i], v, restV[i], restK[i].valBytes()));
            }
            return writeNode(0, n, Bpos.SPOS_MAX);
        }

        /** How many keys from the back go into the last node: as many as fit the budget up to SPOS_MAX, at most half. */
        private int lastNodeKeys() {
            BkeyFormatState s = new BkeyFormatState().addPos(Bpos.SPOS_MAX);
            long vu = 0;
            int fit = 1;
            for (int i = n - 1; i >= 1; i--) {
                s.addKey(keys[i]);
                vu += keys[i].valU64s();
                int count = n - i;
                BkeyFormat f = s.copy().addPos(keys[i - 1].p().successor()).done();
                if ((long) count * f.keyU64s() + vu > budgetU64s) break;
                fit = count;
            }
            return Math.max(1, Math.min(fit, n / 2));
        }

        /**
         * The max key of a node whose last key is at {@code last} and after which the next node starts with
         * a key at {@code next}: normally {@code last} (as upstream's splits do); but a node's range may not
         * be the single position of its min key (upstream: a {@code btree_ptr_v2} min_key must be below its
         * key), so then the position just before {@code next}; null when no position lies in between.
         */
        private Bpos boundary(Bpos last, Bpos next) {
            if (last.compareTo(minKey) > 0) return last;
            Bpos p = predecessor(next);
            return p.compareTo(minKey) > 0 ? p : null;
        }

        private BcachefsException tooBig(Bpos p) {
            return new BcachefsException(ErrorCode.INVALID_ARGUMENT, "btree " + id.upstreamName() + " level " + level + ": the keys at " + minKey
                    + " and " + p + " are too big to share a " + o.nodeBytes() + "-byte node and too close to be given nodes of their own");
        }

        /** Writes keys {@code [from, to)} as one node ending at {@code max}; hands its pointer to the parent unless it is the last node. */
        private BkeySC writeNode(int from, int to, Bpos max) {
            BkeyFormatState s = new BkeyFormatState().addPos(minKey).addPos(max);
            for (int i = from; i < to; i++) s.addKey(keys[i]);
            BkeyFormat format = s.done();
            long seq;
            do {
                seq = random.nextLong();
            } while (seq == 0);
            Bkey[] ks = from == 0 ? keys : java.util.Arrays.copyOfRange(keys, from, to);
            int[] vo = from == 0 ? valOff : java.util.Arrays.copyOfRange(valOff, from, to);
            int len = BtreeNodeWrite.encode(o, id, level, 0, minKey, max, format, seq, ks, vals, vo, to - from, buf);
            List<ExtentPtr> ptrs = sink.place(id, level);
            if (ptrs == null || ptrs.isEmpty() || ptrs.size() > BtreePtr.PTRS_MAX) {
                throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "node sink placed btree " + id.upstreamName() + " level " + level + " node on "
                        + (ptrs == null ? 0 : ptrs.size()) + " pointers");
            }
            sink.write(ptrs, buf, len);
            sink.written(id, level, max, ptrs);
            nodesWritten[level]++;
            BkeySC ptr = ptrKey(max, minKey, seq, len / 512, ptrs);
            if (max.equals(Bpos.SPOS_MAX)) return ptr; // the caller decides: root or parent
            level(level + 1).add(ptr);
            return ptr;
        }
    }

    /** The position just before {@code p} in key order ({@code bpos_predecessor}); POS_MIN stays. */
    static Bpos predecessor(Bpos p) {
        if (p.snapshot() != 0) return new Bpos(p.inode(), p.offset(), p.snapshot() - 1);
        if (p.offset() != 0) return new Bpos(p.inode(), p.offset() - 1, -1);
        if (p.inode() != 0) return new Bpos(p.inode() - 1, -1L, -1);
        return p;
    }

    /** A {@code btree_ptr_v2} key: mem_ptr 0, seq, sectors_written, flags 0, min_key, then the pointers. */
    static BkeySC ptrKey(Bpos max, Bpos min, long seq, int sectorsWritten, List<ExtentPtr> ptrs) {
        byte[] v = new byte[PTR_V2_HEADER + 8 * ptrs.size()];
        Le.put64(v, 8, seq);
        Le.put16(v, 16, sectorsWritten);
        min.write(v, 20);
        for (int i = 0; i < ptrs.size(); i++) Le.put64(v, PTR_V2_HEADER + 8 * i, ptrs.get(i).encode());
        Bkey k = new Bkey(Bkey.U64S + v.length / 8, Bkey.U64S, false, KeyType.BTREE_PTR_V2.id(), 0, 0, 0, max);
        return new BkeySC(k, v, 0, v.length);
    }
}
