/**
 * Space on the devices and the allocation information that describes it. While a filesystem is being
 * written, every bucket's data type and dirty sectors live in one table per device
 * ({@link dev.jbcachefs.alloc.BucketMap}); the {@link dev.jbcachefs.alloc.Allocator} fills open buckets
 * from it (user data and btree nodes apart, replicas on distinct devices whose durability adds up to the
 * goal) and marks each allocation at once. User data packs bucket tails: several partly filled buckets
 * per device stay open and each extent goes whole to the one it fits best (a fresh bucket when none
 * holds it), so the data path never has to cut or re-encode an extent to the room left in one bucket;
 * the partly filled buckets that remain are described like any other (dirty sectors, fragmentation LRU
 * entry, fragmented sectors in the device accounting). Everything upstream's fsck recomputes is then derived from that
 * one table and the list of written btree nodes ({@link dev.jbcachefs.alloc.AllocInfo}): alloc_v4 keys,
 * freespace extents, bucket_gens, the fragmentation LRU, btree-node backpointers, and the per-device,
 * replicas and per-btree accounting ({@link dev.jbcachefs.alloc.AccountingBuilder}), so they cannot
 * disagree with each other or with the pointers.
 *
 * <p>The allocation btrees describe the buckets of their own nodes; the format code resolves that by a
 * fixed point (reserve node slots, derive the keys, count the nodes they need, repeat until stable).
 */
package dev.jbcachefs.alloc;
