package dev.jbcachefs.journal;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.sb.Clean;
import java.util.ArrayList;
import java.util.List;

/**
 * A btree root as journalled in a {@code btree_root} entry (in every jset and in the superblock's clean
 * section): the btree id, the root node's level, and the pointer key to it (normally
 * {@code btree_ptr_v2}). The key is detached from the buffer it was read from.
 */
public record BtreeRoot(int btree, int level, BkeySC key) {
    /**
     * The roots among {@code entries}; an entry whose size differs from its single key's, or whose key is
     * invalid, is reported and skipped (upstream empties such an entry). A later root for the same btree
     * replaces an earlier one.
     */
    public static List<BtreeRoot> fromEntries(List<JsetEntry> entries, List<String> problems, String where) {
        List<BtreeRoot> out = new ArrayList<>();
        for (JsetEntry e : entries) {
            if (e.typeId() != JsetEntryType.BTREE_ROOT.id()) continue;
            String at = where + " btree_root " + BtreeId.nameOf(e.btree());
            int ku64s = e.u64s() == 0 ? 0 : e.buf()[e.dataOff()] & 0xff;
            if (e.u64s() == 0 || ku64s != e.u64s()) {
                problems.add(at + ": invalid btree root journal entry: wrong number of keys");
                continue;
            }
            List<BkeySC> keys = e.keys(problems, at);
            if (keys.size() != 1) continue;
            BkeySC k = keys.get(0);
            if (k.k().type() != KeyType.BTREE_PTR_V2.id() && k.k().type() != KeyType.BTREE_PTR.id()) {
                problems.add(at + ": root key is not a btree pointer (" + k.k() + ")");
                continue;
            }
            if (e.btree() >= BtreeId.NR_MAX) {
                problems.add(at + ": invalid btree id " + e.btree());
                continue;
            }
            out.removeIf(r -> r.btree() == e.btree());
            out.add(new BtreeRoot(e.btree(), e.level(), k.detach()));
        }
        return out;
    }

    /** The roots recorded in the superblock's clean section (same entry format as the journal). */
    public static List<BtreeRoot> fromClean(Clean clean, List<String> problems) {
        return fromEntries(cleanEntries(clean, problems), problems, "superblock clean section");
    }

    /** All entries of the clean section. */
    public static List<JsetEntry> cleanEntries(Clean clean, List<String> problems) {
        return JsetEntry.walk(clean.buf(), clean.entriesOff(), clean.entriesEnd(), problems, "superblock clean section");
    }

    public BtreeId btreeId() {
        return BtreeId.byId(btree);
    }
}
