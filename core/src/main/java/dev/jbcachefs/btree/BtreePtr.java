package dev.jbcachefs.btree;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.ExtentPtr;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.format.Le;
import java.util.ArrayList;
import java.util.List;

/**
 * A pointer to a btree node, decoded from a {@code btree_ptr_v2} key ({@code le64 mem_ptr; le64 seq; le16
 * sectors_written; le16 flags; bpos min_key; bch_extent_ptr ptrs[]}) or a legacy {@code btree_ptr} (ptrs
 * only). The key's position is the node's max key; seq must match the node's first bset, which is how a
 * stale or misdirected node is recognised.
 *
 * @param sectorsWritten sectors of the node written so far (0 when unknown: legacy pointers)
 * @param key            the pointer key itself (owned copy)
 */
public record BtreePtr(Bpos maxKey, Bpos minKey, long seq, int sectorsWritten, int flags, List<ExtentPtr> ptrs, BkeySC key) {
    static final int V2_HEADER_BYTES = 8 + 8 + 2 + 2 + Bpos.BYTES;
    /** {@code BCH_BKEY_PTRS_MAX}. */
    static final int PTRS_MAX = 16;

    public static BtreePtr decode(BkeySC k) {
        byte[] b = k.buf();
        int off = k.valOff();
        int len = k.valLen();
        String where = "btree pointer " + k.k().p();
        int type = k.k().type();
        if (type == KeyType.BTREE_PTR_V2.id()) {
            if (len < V2_HEADER_BYTES + 8 || (len - V2_HEADER_BYTES) % 8 != 0) {
                throw BcachefsException.corrupt("btree_ptr_v2 value of " + len + " bytes", where);
            }
            long seq = Le.u64(b, off + 8);
            int written = Le.u16(b, off + 16);
            int flags = Le.u16(b, off + 18);
            Bpos min = Bpos.read(b, off + 20);
            return new BtreePtr(k.k().p(), min, seq, written, flags, ptrs(b, off + V2_HEADER_BYTES, len - V2_HEADER_BYTES, where), k.detach());
        } else if (type == KeyType.BTREE_PTR.id()) {
            if (len < 8 || len % 8 != 0) throw BcachefsException.corrupt("btree_ptr value of " + len + " bytes", where);
            return new BtreePtr(k.k().p(), null, 0, 0, 0, ptrs(b, off, len, where), k.detach());
        }
        throw BcachefsException.corrupt("key type " + type + " where a btree node pointer was expected", where);
    }

    private static List<ExtentPtr> ptrs(byte[] b, int off, int len, String where) {
        List<ExtentPtr> out = new ArrayList<>(len / 8);
        for (int o = off; o < off + len; o += 8) {
            long v = Le.u64(b, o);
            if ((v & 1) == 0) {
                // not a ptr entry: btree pointers carry only ptrs
                throw BcachefsException.corrupt("btree pointer entry is not a ptr (word " + Long.toHexString(v) + ")", where);
            }
            out.add(ExtentPtr.decode(v));
        }
        if (out.isEmpty() || out.size() > PTRS_MAX) throw BcachefsException.corrupt("btree pointer with " + out.size() + " ptrs", where);
        return List.copyOf(out);
    }
}
