package dev.jbcachefs.btree;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.bkey.KeyPrinter;
import dev.jbcachefs.bkey.PrintContext;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.ExtentPtr;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.sb.Superblock;
import java.util.List;

/**
 * Btree node parsing ({@link BtreeRead#parse}: bsets, formats, key bounds, merge) on arbitrary bytes taken
 * as a node's written sectors. The harness derives what a real read would take from the pointer and the
 * superblock from the input itself (magic seed, btree id and level from the header flags, max key from
 * the header) and re-seals the checksum of every bset it can find, so mutations get past the checksums
 * into the decoders. Every key of the parsed node is then printed with its value, and interior keys are
 * decoded as node pointers. Only {@link BcachefsException} may escape.
 */
class BtreeNodeFuzzTest {
    private static final int BLOCK = 4096;

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        if (input.length < BtreeRead.KEYS || input.length > 1 << 16) return;
        byte[] data = input.clone();
        seal(data);
        long flags = Le.u64(data, BtreeRead.FLAGS);
        int id = (int) (flags & 0xf) | (int) (((flags >>> 9) & 0xffff) << 4);
        int level = (int) ((flags >>> 4) & 0xf);
        BtreeId btree = BtreeId.byId(id) != null ? BtreeId.byId(id) : BtreeId.EXTENTS;
        BtreePtr ptr = new BtreePtr(Bpos.read(data, BtreeRead.MAX_KEY), null, 0, 0, 0, List.of(new ExtentPtr(false, false, 0, 0, 0)), null);
        try {
            BtreeNode n = BtreeRead.parse(new Ctx(Le.u64(data, BtreeRead.MAGIC) ^ BtreeRead.BSET_MAGIC), btree, level, ptr, data, "fuzz node");
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < n.nrKeys(); i++) {
                BkeySC k = n.key(i);
                KeyPrinter.keyToText(out, k, PrintContext.NONE);
                if (level > 0) {
                    try {
                        BtreePtr.decode(k);
                    } catch (BcachefsException expected) {
                        // a bad child pointer is refused when followed
                    }
                }
            }
            n.lowerBound(Bpos.POS_MIN);
        } catch (BcachefsException expected) {
            // refused with a message: fine
        }
    }

    /** Re-seals the first bset and every following bset whose seq matches, as the reader would find them. */
    static void seal(byte[] d) {
        long seq = Le.u64(d, BtreeRead.BSET + BtreeRead.BSET_SEQ);
        int end = BtreeRead.KEYS + Le.u16(d, BtreeRead.BSET + BtreeRead.BSET_U64S) * 8;
        if (end > d.length) return;
        if (!seal(d, BtreeRead.BSET, BtreeRead.CSUM, BtreeRead.MAGIC, end)) return;
        int off = BtreeRead.roundUp(end, BLOCK);
        while (off + BtreeRead.ENTRY_KEYS <= d.length) {
            int bset = off + 16;
            if (Le.u64(d, bset + BtreeRead.BSET_SEQ) != seq) return;
            int e = off + BtreeRead.ENTRY_KEYS + Le.u16(d, bset + BtreeRead.BSET_U64S) * 8;
            if (e > d.length || !seal(d, bset, off, bset, e)) return;
            off = BtreeRead.roundUp(e, BLOCK);
        }
    }

    private static boolean seal(byte[] d, int bset, int csumOff, int from, int to) {
        CsumType t = CsumType.byId((int) (Le.u32(d, bset + BtreeRead.BSET_FLAGS) & 0xf));
        if (t == null || t.isEncryption()) return false;
        Checksum.compute(t, d, from, to - from).write(d, csumOff);
        return true;
    }

    private record Ctx(long uuidLe64) implements BtreeContext {
        @Override
        public BlockDevice device(int idx) {
            return null;
        }

        @Override
        public int nodeBytes() {
            return 1 << 16;
        }

        @Override
        public int blockBytes() {
            return BLOCK;
        }

        @Override
        public boolean journalSeqIgnored(long journalSeq) {
            return false;
        }

        @Override
        public NodeCrypto crypto() {
            return null;
        }

        @Override
        public int version() {
            return Superblock.VERSION_MAX;
        }
    }
}
