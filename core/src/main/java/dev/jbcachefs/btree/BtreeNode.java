package dev.jbcachefs.btree;

import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeyFormat;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import java.util.Arrays;

/**
 * A btree node as read: its header facts and its keys, already merged from every bset (newest wins for
 * equal positions, deleted keys dropped) and sorted. Keys are kept as unpacked headers plus value offsets
 * into the node's (decrypted) buffer, so values are never copied. Immutable and shared through the node
 * cache by concurrent readers.
 */
public final class BtreeNode {
    private final BtreeId btree;
    private final int level;
    private final Bpos minKey;
    private final Bpos maxKey;
    private final BkeyFormat format;
    private final long seq;
    private final long maxJournalSeq;
    private final byte[] buf;
    private final Bkey[] keys;
    private final int[] valOff;
    private final BtreePtr ptr;
    private final int sectorsRead;
    private final int packedKeys;
    private final int unpackedKeys;
    private final int bytesUsed;
    private final int nodeBytes;

    BtreeNode(BtreeId btree, int level, Bpos minKey, Bpos maxKey, BkeyFormat format, long seq, long maxJournalSeq,
            byte[] buf, Bkey[] keys, int[] valOff, BtreePtr ptr, int sectorsRead, int packedKeys, int unpackedKeys, int bytesUsed, int nodeBytes) {
        this.btree = btree;
        this.level = level;
        this.minKey = minKey;
        this.maxKey = maxKey;
        this.format = format;
        this.seq = seq;
        this.maxJournalSeq = maxJournalSeq;
        this.buf = buf;
        this.keys = keys;
        this.valOff = valOff;
        this.ptr = ptr;
        this.sectorsRead = sectorsRead;
        this.packedKeys = packedKeys;
        this.unpackedKeys = unpackedKeys;
        this.bytesUsed = bytesUsed;
        this.nodeBytes = nodeBytes;
    }

    public BtreeId btree() {
        return btree;
    }

    public int level() {
        return level;
    }

    public Bpos minKey() {
        return minKey;
    }

    public Bpos maxKey() {
        return maxKey;
    }

    public BkeyFormat format() {
        return format;
    }

    public long seq() {
        return seq;
    }

    public long maxJournalSeq() {
        return maxJournalSeq;
    }

    /** The pointer this node was read through. */
    public BtreePtr ptr() {
        return ptr;
    }

    /** The key of the pointer this node was read through (what {@code list -m nodes} prints). */
    public BkeySC ptrKey() {
        return ptr.key();
    }

    public int sectorsRead() {
        return sectorsRead;
    }

    public int nrKeys() {
        return keys.length;
    }

    public Bkey keyHeader(int i) {
        return keys[i];
    }

    public BkeySC key(int i) {
        Bkey k = keys[i];
        return new BkeySC(k, buf, valOff[i], k.valBytes());
    }

    /** Number of keys stored packed / unpacked after the merge (for {@code list -m formats}). */
    public int packedKeys() {
        return packedKeys;
    }

    public int unpackedKeys() {
        return unpackedKeys;
    }

    /** Bytes of header plus live keys, as upstream's "bytes used". */
    public int bytesUsed() {
        return bytesUsed;
    }

    /** The filesystem's btree node size in bytes. */
    public int nodeBytes() {
        return nodeBytes;
    }

    /** Index of the first key with position {@code >= pos} (nrKeys when none). */
    public int lowerBound(Bpos pos) {
        int lo = 0, hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid].p().compareTo(pos) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Approximate heap footprint, for the node cache's budget. */
    long footprint() {
        return buf.length + (long) keys.length * 80 + 256;
    }

    /** One line: btree, level, range, key count. */
    public void toText(StringBuilder out) {
        out.append(btree.upstreamName()).append(" l ").append(level).append(' ');
        minKey.toText(out);
        out.append(" - ");
        maxKey.toText(out);
        out.append(" keys ").append(keys.length).append(" seq ").append(Long.toHexString(seq));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        toText(sb);
        return sb.toString();
    }

    static Bkey[] trim(Bkey[] a, int n) {
        return n == a.length ? a : Arrays.copyOf(a, n);
    }
}
