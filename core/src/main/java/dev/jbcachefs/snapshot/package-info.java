/**
 * Snapshots and subvolumes as a reader sees them. Snapshot ids are u32 with parents always larger than
 * children; every snapshot-aware key carries the snapshot it was written in. {@link
 * dev.jbcachefs.snapshot.SnapshotTable} holds the tree (one entry per snapshot, as upstream keeps it in
 * memory) and answers ancestry by walking parents; {@link dev.jbcachefs.snapshot.SnapshotIter} filters a
 * btree to one snapshot's view: nearest ancestor-or-self wins, and a whiteout there hides the position.
 */
package dev.jbcachefs.snapshot;
