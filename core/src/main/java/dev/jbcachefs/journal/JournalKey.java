package dev.jbcachefs.journal;

import dev.jbcachefs.format.BkeySC;

/**
 * A key from a {@code btree_keys} journal entry to be replayed ({@code struct journal_key}): btree id and
 * level of the entry, the seq of its jset and its offset inside it (in u64s) which together order updates
 * to the same position, and the key itself (detached from the jset).
 */
public record JournalKey(int btree, int level, long seq, int offset, BkeySC key) {
    /** Journal order: seq, then offset inside the jset. */
    public int compareOrder(JournalKey o) {
        int c = Long.compareUnsigned(seq, o.seq);
        return c != 0 ? c : Integer.compare(offset, o.offset);
    }
}
