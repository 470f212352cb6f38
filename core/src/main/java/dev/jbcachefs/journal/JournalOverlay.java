package dev.jbcachefs.journal;

import dev.jbcachefs.btree.KeyOverlay;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link JournalReplay} seen as the btree code's {@link KeyOverlay}: per btree level, the newest journal
 * key of each position; accounting positions show the sum of their deltas and {@link #merge} adds them to
 * the node's key the way upstream's accounting replay does.
 */
public final class JournalOverlay implements KeyOverlay {
    private final JournalReplay replay;
    private final Map<Long, NavigableMap<Bpos, BkeySC>> views = new HashMap<>();

    public JournalOverlay(JournalReplay replay) {
        this.replay = replay;
    }

    @Override
    public synchronized NavigableMap<Bpos, BkeySC> keys(BtreeId btree, int level) {
        long slot = ((long) btree.id() << 8) | level;
        return views.computeIfAbsent(slot, s -> {
            NavigableMap<Bpos, JournalKey> src = replay.keys(btree.id(), level);
            if (src.isEmpty()) return Collections.emptyNavigableMap();
            TreeMap<Bpos, BkeySC> m = new TreeMap<>();
            for (Map.Entry<Bpos, JournalKey> e : src.entrySet()) {
                BkeySC k = e.getValue().key();
                if (JournalReplay.isAccounting(k)) k = JournalReplay.applyAccounting(null, replay.accountingDeltas(btree.id(), level, e.getKey()));
                m.put(e.getKey(), k);
            }
            return Collections.unmodifiableNavigableMap(m);
        });
    }

    @Override
    public BkeySC merge(BtreeId btree, BkeySC over, BkeySC node) {
        if (!JournalReplay.isAccounting(over)) return over;
        for (int level = 0; level < 4; level++) {
            if (!replay.accountingDeltas(btree.id(), level, over.pos()).isEmpty()) {
                return replay.resolve(btree.id(), level, over.pos(), node);
            }
        }
        return over;
    }
}
