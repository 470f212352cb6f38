package dev.jbcachefs.btree;

import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeyFormat;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.Le;

/**
 * Encodes a freshly built btree node (upstream {@code btree/write.c}, first write of a node): the
 * {@code struct btree_node} header, one bset holding every key packed in the node's format (unpacked when
 * a key does not fit it), zero padding to the block, then encryption and the checksum exactly as the
 * reader ({@link BtreeRead}) undoes them: on encrypted filesystems the header from {@code flags} through
 * {@code format} and the keys are ChaCha20-encrypted under the bset nonce (the keys 128 bytes of
 * keystream on), and the MAC covers the ciphertext from the magic to the end of the keys.
 */
final class BtreeNodeWrite {
    /** {@code BTREE_NODE_NEW_EXTENT_OVERWRITE}: set on every node written since that feature. */
    static final long NEW_EXTENT_OVERWRITE = 1L << 8;

    private BtreeNodeWrite() {}

    /**
     * Writes the node into {@code buf} (at least nodeBytes long; zeroed here) and returns the bytes to
     * write, a multiple of the block size. {@code nodeSeq} is {@code BTREE_NODE_SEQ} (how many times the
     * node's range was rewritten; 0 for a new btree), {@code seq} the random bset seq its pointer carries.
     */
    static int encode(BtreeWrite.Options o, BtreeId id, int level, int nodeSeq, Bpos minKey, Bpos maxKey, BkeyFormat format, long seq,
            Bkey[] keys, byte[] vals, int[] valOff, int n, byte[] buf) {
        java.util.Arrays.fill(buf, 0, o.nodeBytes(), (byte) 0);
        Le.put64(buf, BtreeRead.MAGIC, o.uuidLe64() ^ BtreeRead.BSET_MAGIC);
        Le.put64(buf, BtreeRead.FLAGS, (id.id() & 0xfL) | (long) (level & 0xf) << 4 | NEW_EXTENT_OVERWRITE | ((long) (id.id() >>> 4) & 0xffff) << 9
                | (nodeSeq & 0xffffffffL) << 32);
        minKey.write(buf, BtreeRead.MIN_KEY);
        maxKey.write(buf, BtreeRead.MAX_KEY);
        format.write(buf, BtreeRead.FORMAT);
        int bset = BtreeRead.BSET;
        Le.put64(buf, bset + BtreeRead.BSET_SEQ, seq);
        Le.put64(buf, bset + BtreeRead.BSET_JOURNAL_SEQ, o.journalSeq());
        Le.put32(buf, bset + BtreeRead.BSET_FLAGS, o.csum().id()); // BSET_OFFSET 0: the first bset
        Le.put16(buf, bset + BtreeRead.BSET_VERSION, o.metadataVersion());
        int p = BtreeRead.KEYS;
        for (int i = 0; i < n; i++) {
            Bkey k = keys[i];
            int valBytes = k.valBytes();
            int valU64s = valBytes / 8;
            if (BkeyPack.fits(format, k)) {
                p += BkeyPack.pack(format, k, valU64s, buf, p);
            } else {
                new Bkey(Bkey.U64S + valU64s, Bkey.U64S, false, k.type(), k.versionHi(), k.versionLo(), k.size(), k.p()).writeUnpacked(buf, p);
                p += Bkey.BYTES;
            }
            System.arraycopy(vals, valOff[i], buf, p, valBytes);
            p += valBytes;
        }
        int u64s = (p - BtreeRead.KEYS) / 8;
        if (p > o.nodeBytes() || u64s > 0xffff) throw new IllegalStateException("node of " + p + " bytes overflows " + o.nodeBytes());
        Le.put16(buf, bset + BtreeRead.BSET_U64S, u64s);
        if (o.csum().isEncryption()) {
            int hdr = BtreeRead.BSET - BtreeRead.FLAGS;
            o.crypto().decrypt(o.csum(), seq, o.journalSeq(), 0, 0, buf, BtreeRead.FLAGS, hdr); // ChaCha20: the same XOR
            o.crypto().decrypt(o.csum(), seq, o.journalSeq(), 0, BtreeRead.roundUp(hdr, BtreeRead.CHACHA_BLOCK), buf, BtreeRead.KEYS, p - BtreeRead.KEYS);
            o.crypto().checksum(o.csum(), seq, o.journalSeq(), 0, buf, BtreeRead.MAGIC, p - BtreeRead.MAGIC).write(buf, BtreeRead.CSUM);
        } else {
            Checksum.compute(o.csum(), buf, BtreeRead.MAGIC, p - BtreeRead.MAGIC).write(buf, BtreeRead.CSUM);
        }
        return BtreeRead.roundUp(p, o.blockBytes());
    }

    /** Bytes a node takes with {@code n} keys of {@code valU64s} value u64s in all, every key packed in a format of {@code keyU64s}. */
    static long bytes(int n, int keyU64s, long valU64s) {
        return BtreeRead.KEYS + ((long) n * keyU64s + valU64s) * 8;
    }
}
