package dev.jbcachefs.btree;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.Le;
import java.util.EnumMap;
import java.util.Map;

/**
 * Extracts btree roots from a run of {@code jset_entry}s (8-byte header {@code le16 u64s; u8 btree_id;
 * u8 level; u8 type; pad[3]}): entries of type {@code btree_root} (1) carry the root's level and its
 * pointer key. Used for the superblock's clean section; the journal reader hands over roots the same way.
 */
public final class BtreeRoots {
    static final int ENTRY_HEADER = 8;
    static final int TYPE_BTREE_ROOT = 1;

    private BtreeRoots() {}

    public static Map<BtreeId, BtreeRoot> fromEntries(byte[] b, int off, int end, String where) {
        Map<BtreeId, BtreeRoot> roots = new EnumMap<>(BtreeId.class);
        int o = off;
        while (o < end) {
            if (end - o < ENTRY_HEADER) throw BcachefsException.corrupt("truncated jset_entry header at byte " + o, where);
            int u64s = Le.u16(b, o);
            int btree = Le.u8(b, o + 2);
            int level = Le.u8(b, o + 3);
            int type = Le.u8(b, o + 4);
            int next = o + ENTRY_HEADER + u64s * 8;
            if (next > end) throw BcachefsException.corrupt("jset_entry at byte " + o + " (u64s " + u64s + ") runs past the end", where);
            if (type == TYPE_BTREE_ROOT && u64s > 0) {
                BtreeId id = BtreeId.byId(btree);
                if (id == null) throw BcachefsException.corrupt("btree_root entry for unknown btree " + btree, where);
                if (level >= 4) throw BcachefsException.corrupt("btree_root entry for " + id.upstreamName() + " with level " + level, where);
                roots.put(id, rootFromEntry(b, o + ENTRY_HEADER, next, id, level, where));
            }
            o = next;
        }
        return roots;
    }

    /** Decodes the single bkey_i of a btree_root entry body {@code [off, end)}. */
    static BtreeRoot rootFromEntry(byte[] b, int off, int end, BtreeId id, int level, String where) {
        if (end - off < Bkey.BYTES) throw BcachefsException.corrupt("btree_root entry for " + id.upstreamName() + " too short", where);
        Bkey k = Bkey.readUnpacked(b, off);
        int kEnd = off + k.u64s() * 8;
        if ((b[off + 1] & 0x7f) != Bkey.FORMAT_CURRENT || k.u64s() < Bkey.U64S || kEnd > end) {
            throw BcachefsException.corrupt("bad root key in btree_root entry for " + id.upstreamName(), where);
        }
        return BtreeRoot.of(id, level, new BkeySC(k, b, off + Bkey.BYTES, kEnd - off - Bkey.BYTES));
    }
}
