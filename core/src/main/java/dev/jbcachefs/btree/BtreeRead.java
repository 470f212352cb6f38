package dev.jbcachefs.btree;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeyFormat;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.ExtentPtr;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.format.Le;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one btree node (upstream {@code btree/read.c}): fetches it through any of its pointers (the next
 * replica on a missing device or a bad node), verifies and decrypts the first bset and every later
 * {@code btree_node_entry} up to the pointer's sectors_written, validates the {@code bkey_format} before
 * unpacking a single key, bounds-checks every key, skips bsets from ignored journal seqs, and merges all
 * bsets newest-wins into one sorted {@link BtreeNode}.
 */
final class BtreeRead {
    static final long BSET_MAGIC = 0x90135c78b99e07f5L;
    /** Byte offsets inside {@code struct btree_node}. */
    static final int CSUM = 0, MAGIC = 16, FLAGS = 24, MIN_KEY = 32, MAX_KEY = 52, FORMAT = 80, BSET = 136, KEYS = 160;
    /** Byte offsets inside {@code struct bset}, relative to the bset. */
    static final int BSET_SEQ = 0, BSET_JOURNAL_SEQ = 8, BSET_FLAGS = 16, BSET_VERSION = 20, BSET_U64S = 22, BSET_BYTES = 24;
    /** A {@code btree_node_entry}: csum then bset; keys start 40 bytes in. */
    static final int ENTRY_KEYS = Csum.BYTES + BSET_BYTES;
    /** ChaCha20 block: the first bset's header region is encrypted separately, rounded to this. */
    static final int CHACHA_BLOCK = 64;

    private BtreeRead() {}

    /** Reads the node {@code ptr} points at, trying each of its replicas in turn. */
    static BtreeNode read(BtreeContext ctx, BtreeId btree, int level, BtreePtr ptr) {
        List<String> failures = new ArrayList<>();
        ErrorCode code = ErrorCode.CORRUPT;
        for (ExtentPtr p : ptr.ptrs()) {
            String where = "btree " + btree.upstreamName() + " level " + level + " node " + ptr.maxKey() + " at dev " + p.dev()
                    + " sector " + p.offset();
            BlockDevice dev = ctx.device(p.dev());
            if (dev == null) {
                failures.add(where + ": device " + p.dev() + " missing");
                code = ErrorCode.MISSING_DEVICE;
                continue;
            }
            try {
                int len = ctx.nodeBytes();
                if (ptr.sectorsWritten() > 0) len = Math.min(len, ptr.sectorsWritten() * 512);
                byte[] buf = dev.read(p.offset() * 512, len);
                return parse(ctx, btree, level, ptr, buf, dev.name() + " " + where);
            } catch (BcachefsException e) {
                failures.add(e.getMessage());
                code = e.code();
                if (ptr.ptrs().size() > 1) ctx.replicaFailed(e.getMessage());
            }
        }
        if (failures.size() == 1) throw new BcachefsException(code, failures.get(0));
        throw new BcachefsException(code, "no good replica: " + String.join("; ", failures));
    }

    /** Verifies, decrypts and merges a node image. {@code buf} is modified (decrypted in place). */
    static BtreeNode parse(BtreeContext ctx, BtreeId btree, int level, BtreePtr ptr, byte[] buf, String where) {
        int limit = buf.length;
        if (limit < KEYS) throw BcachefsException.corrupt("btree node shorter than its header (" + limit + " bytes)", where);
        long magic = Le.u64(buf, MAGIC);
        if (magic != (ctx.uuidLe64() ^ BSET_MAGIC)) {
            throw BcachefsException.corrupt("bad btree node magic " + Long.toHexString(magic), where);
        }
        long seq = Le.u64(buf, BSET + BSET_SEQ);
        if (seq == 0) throw BcachefsException.corrupt("bad btree header: seq 0", where);
        if (ptr.seq() != 0 && seq != ptr.seq()) {
            throw BcachefsException.corrupt("btree node seq " + Long.toHexString(seq) + " does not match pointer seq " + Long.toHexString(ptr.seq())
                    + " (stale or misdirected node)", where);
        }
        // --- first bset: verify, decrypt the header and keys --------------------------------------------------
        long journalSeq = Le.u64(buf, BSET + BSET_JOURNAL_SEQ);
        CsumType ct = csumType(buf, BSET, where, 0);
        int u64s = Le.u16(buf, BSET + BSET_U64S);
        int end = KEYS + u64s * 8;
        if (end > limit) throw BcachefsException.corrupt("bset past end of btree node (offset 0 len " + end + " but written " + limit + ")", where);
        verify(ctx, ct, seq, journalSeq, 0, buf, CSUM, MAGIC, end, where);
        if (ct.isEncryption()) {
            int hdr = BSET - FLAGS;
            ctx.crypto().decrypt(ct, seq, journalSeq, 0, 0, buf, FLAGS, hdr);
            ctx.crypto().decrypt(ct, seq, journalSeq, 0, roundUp(hdr, CHACHA_BLOCK), buf, KEYS, end - KEYS);
        }
        checkBsetHeader(ctx, buf, BSET, 0, where);
        long nodeFlags = Le.u64(buf, FLAGS);
        int id = (int) (nodeFlags & 0xf) | (int) (((nodeFlags >>> 9) & 0xffff) << 4);
        int lvl = (int) ((nodeFlags >>> 4) & 0xf);
        if (id != btree.id() || lvl != level) {
            throw BcachefsException.corrupt("btree node header says btree " + BtreeId.nameOf(id) + " level " + lvl + ", expected "
                    + btree.upstreamName() + " level " + level, where);
        }
        Bpos minKey = Bpos.read(buf, MIN_KEY);
        Bpos maxKey = Bpos.read(buf, MAX_KEY);
        if (!maxKey.equals(ptr.maxKey())) {
            throw BcachefsException.corrupt("btree node max_key " + maxKey + " does not match pointer " + ptr.maxKey(), where);
        }
        if (ptr.minKey() != null && !minKey.equals(ptr.minKey())) {
            throw BcachefsException.corrupt("btree node min_key " + minKey + " does not match pointer min_key " + ptr.minKey(), where);
        }
        if (minKey.compareTo(maxKey) > 0) throw BcachefsException.corrupt("btree node min_key " + minKey + " > max_key " + maxKey, where);
        BkeyFormat format = BkeyFormat.read(buf, FORMAT);
        String bad = format.validate();
        if (bad != null) throw BcachefsException.corrupt("invalid bkey format: " + bad, where);
        if (ctx.journalSeqIgnored(journalSeq)) {
            throw BcachefsException.corrupt("first bset has blacklisted journal seq " + journalSeq, where);
        }

        List<int[]> runs = new ArrayList<>(); // {start, end} of each bset's keys
        runs.add(new int[] {KEYS, end});
        long maxJournalSeq = journalSeq;
        int block = ctx.blockBytes();
        int off = roundUp(end, block);
        // --- later bsets (btree_node_entry), each on a block boundary -------------------------------------------
        while (off + ENTRY_KEYS <= limit) {
            int bset = off + Csum.BYTES;
            if (Le.u64(buf, bset + BSET_SEQ) != seq) break; // not written in this node's lifetime
            long jseq = Le.u64(buf, bset + BSET_JOURNAL_SEQ);
            CsumType t = csumType(buf, bset, where, off);
            int n = Le.u16(buf, bset + BSET_U64S);
            int e = off + ENTRY_KEYS + n * 8;
            if (e > limit) {
                throw BcachefsException.corrupt("bset past end of btree node (offset " + off + " len " + (e - off) + " but written " + limit + ")", where);
            }
            verify(ctx, t, seq, jseq, off, buf, off, bset, e, where);
            if (t.isEncryption()) ctx.crypto().decrypt(t, seq, jseq, off, 0, buf, off + ENTRY_KEYS, e - off - ENTRY_KEYS);
            checkBsetHeader(ctx, buf, bset, off, where);
            if (!ctx.journalSeqIgnored(jseq)) {
                runs.add(new int[] {off + ENTRY_KEYS, e});
                maxJournalSeq = Math.max(maxJournalSeq, jseq);
            }
            off = roundUp(e, block);
        }
        if (ptr.sectorsWritten() > 0 && off < limit) {
            // the pointer says more was written: a bset whose seq no longer matches is lost data, not the end
            throw BcachefsException.corrupt("btree node data missing: expected " + ptr.sectorsWritten() + " sectors, found " + off / 512, where);
        }
        return merge(btree, level, minKey, maxKey, format, seq, maxJournalSeq, buf, runs, ptr, limit / 512, ctx.nodeBytes(), where);
    }

    private static CsumType csumType(byte[] buf, int bset, String where, int nodeOff) {
        long flags = Le.u32(buf, bset + BSET_FLAGS);
        CsumType t = CsumType.byId((int) (flags & 0xf));
        if (t == null) throw BcachefsException.corrupt("bset at offset " + nodeOff + ": unknown checksum type " + (flags & 0xf), where);
        if ((flags & 0x10) != 0) throw BcachefsException.corrupt("bset at offset " + nodeOff + ": big-endian bsets are not supported", where);
        return t;
    }

    private static void checkBsetHeader(BtreeContext ctx, byte[] buf, int bset, int nodeOff, String where) {
        int version = Le.u16(buf, bset + BSET_VERSION);
        if (version > ctx.version()) {
            throw BcachefsException.corrupt("bset at offset " + nodeOff + ": version " + version + " newer than the superblock's " + ctx.version(), where);
        }
        long bsetOffset = (Le.u32(buf, bset + BSET_FLAGS) >>> 16) & 0xffff;
        if (bsetOffset != 0 && bsetOffset != nodeOff / 512) {
            throw BcachefsException.corrupt("bset at offset " + nodeOff + " says it is at sector " + bsetOffset, where);
        }
    }

    /** Verifies the checksum stored at {@code csumOff} over {@code buf[from..to)}. */
    private static void verify(BtreeContext ctx, CsumType t, long seq, long jseq, int nodeOff, byte[] buf, int csumOff, int from, int to, String where) {
        if (t == CsumType.NONE) return;
        Csum want = Csum.read(buf, csumOff);
        Csum got;
        if (t.isEncryption()) {
            if (ctx.crypto() == null) throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, "btree node is encrypted but no key was given (" + where + ")");
            got = ctx.crypto().checksum(t, seq, jseq, nodeOff, buf, from, to - from);
        } else {
            got = Checksum.compute(t, buf, from, to - from);
        }
        if (!got.equals(want)) {
            throw new BcachefsException(ErrorCode.CHECKSUM, "btree node checksum error at offset " + nodeOff + ": got " + got + " should be " + want
                    + " (" + t.upstreamName() + ", " + where + ")");
        }
    }

    static int roundUp(int v, int to) {
        return (v + to - 1) / to * to;
    }

    /** Unpacks every key of every run, then merges the runs newest-wins, dropping deleted keys and keys outside the node. */
    private static BtreeNode merge(BtreeId btree, int level, Bpos minKey, Bpos maxKey, BkeyFormat format, long seq, long maxJournalSeq,
            byte[] buf, List<int[]> runs, BtreePtr ptr, int sectors, int nodeBytes, String where) {
        Bkey[][] rk = new Bkey[runs.size()][];
        int[][] rv = new int[runs.size()][];
        int[] rn = new int[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            int s = runs.get(r)[0], e = runs.get(r)[1];
            // every key takes at least min(key_u64s, 5) u64s (packed or unpacked), so this bounds the key count
            int cap = (e - s) / 8 / Math.min(format.keyU64s(), Bkey.U64S);
            Bkey[] keys = new Bkey[Math.min(cap, 1 << 16)];
            int[] vals = new int[keys.length];
            int n = 0;
            int o = s;
            Bkey prev = null;
            while (o < e) {
                int u = buf[o] & 0xff;
                if (u == 0) {
                    // inside the bset's checksummed u64s a zero-length key is corrupt (upstream: bad k->u64s 0); dropping the rest silently would lose keys
                    throw BcachefsException.corrupt("key at node offset " + o + " has u64s 0: " + (e - o) + " bytes of keys after it lost", where);
                }
                int kEnd = o + u * 8;
                if (kEnd > e) throw BcachefsException.corrupt("key at node offset " + o + " (u64s " + u + ") runs past the end of its bset", where);
                int fmt = buf[o + 1] & 0x7f;
                Bkey k;
                if (fmt == Bkey.FORMAT_LOCAL_BTREE) {
                    if (u < format.keyU64s()) throw BcachefsException.corrupt("packed key at node offset " + o + " has u64s " + u + " < format key_u64s " + format.keyU64s(), where);
                    k = format.unpack(buf, o);
                } else if (fmt == Bkey.FORMAT_CURRENT) {
                    if (u < Bkey.U64S) throw BcachefsException.corrupt("unpacked key at node offset " + o + " has u64s " + u + " < 5", where);
                    k = Bkey.readUnpacked(buf, o);
                } else {
                    throw BcachefsException.corrupt("key at node offset " + o + " has invalid format " + fmt, where);
                }
                if (prev != null && prev.p().compareTo(k.p()) > 0) {
                    throw BcachefsException.corrupt("keys out of order in bset: " + prev.p() + " > " + k.p() + " at node offset " + o, where);
                }
                if (n == keys.length) {
                    keys = java.util.Arrays.copyOf(keys, n * 2);
                    vals = java.util.Arrays.copyOf(vals, n * 2);
                }
                keys[n] = k;
                vals[n] = o + k.keyU64s() * 8;
                n++;
                prev = k;
                o = kEnd;
            }
            rk[r] = keys;
            rv[r] = vals;
            rn[r] = n;
        }
        // k-way merge: among equal positions the newest run (highest index) wins
        int total = 0;
        for (int n : rn) total += n;
        Bkey[] out = new Bkey[total];
        int[] outV = new int[total];
        int[] idx = new int[runs.size()];
        int n = 0, packed = 0, unpacked = 0, liveU64s = 0;
        while (true) {
            int best = -1;
            for (int r = 0; r < rk.length; r++) {
                if (idx[r] >= rn[r]) continue;
                if (best < 0) {
                    best = r;
                    continue;
                }
                int c = rk[r][idx[r]].p().compareTo(rk[best][idx[best]].p());
                if (c <= 0) best = r; // equal: later run is newer
            }
            if (best < 0) break;
            Bkey k = rk[best][idx[best]];
            int v = rv[best][idx[best]];
            // skip older keys at the same position
            for (int r = 0; r < rk.length; r++) {
                while (idx[r] < rn[r] && (r != best ? rk[r][idx[r]].p().equals(k.p()) : rk[r][idx[r]] == k)) idx[r]++;
            }
            if (k.type() == KeyType.DELETED.id()) continue;
            if (k.p().compareTo(minKey) < 0 || k.p().compareTo(maxKey) > 0) continue;
            out[n] = k;
            outV[n] = v;
            n++;
            liveU64s += k.u64s();
            if ((buf[v - k.keyU64s() * 8 + 1] & 0x7f) == Bkey.FORMAT_CURRENT) unpacked++;
            else packed++;
        }
        return new BtreeNode(btree, level, minKey, maxKey, format, seq, maxJournalSeq, buf, BtreeNode.trim(out, n),
                n == outV.length ? outV : java.util.Arrays.copyOf(outV, n), ptr, sectors, packed, unpacked, liveU64s * 8, nodeBytes);
    }
}
