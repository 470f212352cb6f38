package dev.jbcachefs.btree;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;

/**
 * The root of one btree: its level and the pointer key to the root node, as recorded in a
 * {@code btree_root} journal entry or in the superblock's clean section.
 */
public record BtreeRoot(BtreeId btree, int level, BkeySC key, BtreePtr ptr) {
    public static BtreeRoot of(BtreeId btree, int level, BkeySC key) {
        return new BtreeRoot(btree, level, key.detach(), BtreePtr.decode(key));
    }
}
