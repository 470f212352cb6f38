package dev.jbcachefs.alloc;

import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.ExtentPtr;
import java.util.List;

/**
 * One btree node written while building a filesystem: which btree and level, the last key it covers and
 * where its replicas are. The node's backpointers (one per replica, at the level of the key that points
 * to it) and its btree accounting come from these records.
 */
public record NodeRecord(BtreeId btree, int level, Bpos maxKey, List<ExtentPtr> ptrs, int sectors) {}
