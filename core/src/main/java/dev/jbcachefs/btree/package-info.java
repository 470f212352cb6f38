/**
 * Btrees as a reader sees them, built to take updates later. A node read ({@link dev.jbcachefs.btree.BtreeRead})
 * fetches the node through any of its pointers, verifies and decrypts the first bset and every appended
 * {@code btree_node_entry} up to the pointer's sectors_written, validates the key format before unpacking,
 * skips bsets of ignored journal seqs and merges all bsets newest-wins into one sorted, immutable
 * {@link dev.jbcachefs.btree.BtreeNode}. Nodes are shared through a bounded LRU cache
 * ({@link dev.jbcachefs.btree.BtreeCache}), so memory does not grow with the filesystem.
 *
 * <p>Iteration ({@link dev.jbcachefs.btree.BtreeIter}) keeps one cursor per level from the root down; each
 * cursor ({@link dev.jbcachefs.btree.NodeCursor}) merges the node's keys with the journal keys that fall in
 * its range ({@link dev.jbcachefs.btree.KeyOverlay}) — the replayed journal overlaid in memory, as upstream
 * does when it opens a filesystem without writing. Node walks visit children before parents, the order of
 * upstream's node iterator.
 *
 * <p>The write side starts with bulk building ({@link dev.jbcachefs.btree.BtreeWrite}): a whole btree from
 * sorted keys, bottom-up, one node per level in memory, each node encoded as upstream's first write of a
 * node ({@code BtreeNodeWrite}: format from {@code BkeyFormatState}, keys packed by {@code BkeyPack}, then
 * encryption and checksum as the reader undoes them).
 */
package dev.jbcachefs.btree;
