package dev.jbcachefs.btree;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Keys that override what the btree nodes hold: the journal keys being replayed (upstream's
 * {@code journal_keys}, overlaid on the btrees when a filesystem is opened without writing). A key of
 * type {@code deleted} in the overlay hides the node key at its position. {@link #merge} combines an
 * overlay key with the node key it replaces (accounting keys are deltas and add up).
 */
public interface KeyOverlay {
    /** Overlay keys of this btree and level, sorted; empty when there are none. */
    NavigableMap<Bpos, BkeySC> keys(BtreeId btree, int level);

    /** The key to show when the overlay key {@code over} meets node key {@code node} (null) at one position. */
    default BkeySC merge(BtreeId btree, BkeySC over, BkeySC node) {
        return over;
    }

    KeyOverlay NONE = (btree, level) -> Collections.emptyNavigableMap();

    /** An overlay of explicit maps, for tests. */
    static KeyOverlay of(BtreeId id, int level, TreeMap<Bpos, BkeySC> keys) {
        return (btree, l) -> btree == id && l == level ? keys : Collections.emptyNavigableMap();
    }
}
