package dev.jbcachefs.btree;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.KeyType;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A position inside one node, merged with the overlay keys that fall in the node's range: the node's own
 * keys and the journal's, in key order, the overlay winning at equal positions and a deleted overlay key
 * hiding the node key. This is the one place where replayed journal keys meet btree keys.
 */
final class NodeCursor {
    final BtreeNode node;
    private final KeyOverlay overlay;
    private int i;
    private final Iterator<Map.Entry<Bpos, BkeySC>> ov;
    private BkeySC ovCur;
    /** What peek() returned: 1 = node key, 2 = overlay key, 3 = both (merged). */
    private int src;
    private BkeySC peeked;

    NodeCursor(BtreeNode node, KeyOverlay overlay, Bpos start) {
        this.node = node;
        this.overlay = overlay;
        Bpos from = start.compareTo(node.minKey()) > 0 ? start : node.minKey();
        this.i = node.lowerBound(from);
        NavigableMap<Bpos, BkeySC> m = overlay.keys(node.btree(), node.level());
        if (m.isEmpty() || from.compareTo(node.maxKey()) > 0) {
            this.ov = null;
        } else {
            this.ov = m.subMap(from, true, node.maxKey(), true).entrySet().iterator();
            this.ovCur = ov.hasNext() ? ov.next().getValue() : null;
        }
    }

    /** The current key, or null at the end of the node. */
    BkeySC peek() {
        if (peeked != null) return peeked;
        while (true) {
            boolean hasNode = i < node.nrKeys();
            if (!hasNode && ovCur == null) return null;
            int c;
            if (ovCur == null) c = -1;
            else if (!hasNode) c = 1;
            else c = node.keyHeader(i).p().compareTo(ovCur.pos());
            if (c < 0) {
                src = 1;
                return peeked = node.key(i);
            }
            if (c > 0) {
                if (ovCur.k().type() == KeyType.DELETED.id()) {
                    nextOverlay();
                    continue;
                }
                src = 2;
                return peeked = ovCur;
            }
            if (ovCur.k().type() == KeyType.DELETED.id()) {
                i++;
                nextOverlay();
                continue;
            }
            src = 3;
            return peeked = overlay.merge(node.btree(), ovCur, node.key(i));
        }
    }

    void advance() {
        if (peeked == null && peek() == null) return;
        if ((src & 1) != 0) i++;
        if ((src & 2) != 0) nextOverlay();
        peeked = null;
    }

    private void nextOverlay() {
        ovCur = ov != null && ov.hasNext() ? ov.next().getValue() : null;
    }
}
