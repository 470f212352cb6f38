package dev.jbcachefs.journal;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.btree.BtreeRoot;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.sb.Clean;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads btree roots out of {@code btree_root} entries (in every jset and in the superblock's clean section)
 * straight into the {@link BtreeRoot}s the btree code opens: the btree, the root node's level and its
 * decoded pointer key (normally {@code btree_ptr_v2}). A damaged entry is reported and skipped (upstream
 * empties such an entry); roots of btree ids this version does not know are skipped.
 */
public final class JournalRoots {
    private JournalRoots() {}

    /**
     * The roots among {@code entries}, by btree; an entry whose size differs from its single key's, or whose
     * key is not a valid btree pointer, is reported and skipped. A later root for the same btree replaces an
     * earlier one.
     */
    public static Map<BtreeId, BtreeRoot> fromEntries(List<JsetEntry> entries, List<String> problems, String where) {
        Map<BtreeId, BtreeRoot> out = new EnumMap<>(BtreeId.class);
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
            BtreeId id = BtreeId.byId(e.btree());
            if (id == null) continue;
            out.remove(id);
            try {
                out.put(id, BtreeRoot.of(id, e.level(), k));
            } catch (BcachefsException ex) {
                problems.add("invalid btree root " + id.upstreamName() + " level " + e.level() + ": " + ex.getMessage());
            }
        }
        return out;
    }

    /** The roots recorded in the superblock's clean section (same entry format as the journal). */
    public static Map<BtreeId, BtreeRoot> fromClean(Clean clean, List<String> problems) {
        String where = "superblock clean section";
        return fromEntries(JsetEntry.walk(clean.buf(), clean.entriesOff(), clean.entriesEnd(), problems, where), problems, where);
    }
}
