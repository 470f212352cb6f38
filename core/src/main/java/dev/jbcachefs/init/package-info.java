/**
 * Opening a filesystem ({@link dev.jbcachefs.init.BchFs}, upstream's {@code init/fs.c}): every device's
 * superblock is read, devices are matched to member slots (missing members are an error unless degraded),
 * the key is unwrapped once when the filesystem is encrypted, and the btree roots come from the
 * superblock's clean section after a clean shutdown, or from journal replay (roots, key overlay, and the
 * journal seqs whose bsets must be ignored) after an unclean one. Opening never writes.
 *
 * <p>For {@code format --source}, {@link dev.jbcachefs.init.SourceTree} walks a host directory and {@link
 * dev.jbcachefs.init.SourceFile} reads its files' data ranges, through a minimal FFM libc binding
 * ({@code HostLibc}) so that names, xattrs of every namespace and sparse ranges come through byte-exact.
 *
 * <p>Formatting starts here too: {@link dev.jbcachefs.init.FormatGeometry} holds the sizes and places
 * upstream's format chooses (buckets, btree nodes, superblock layout, journal buckets) and
 * {@link dev.jbcachefs.init.FormatSbOptions} the option fields and member it writes.
 *
 * <p>{@link dev.jbcachefs.init.Format} is {@code jbcachefs format}: it wipes old superblocks, builds the
 * namespace ({@code Namespace}, {@code SourceCopy}) and the data ({@code DataCopy}) into sorted key streams,
 * bulk-builds every btree, settles the allocation btrees on a fixed point ({@code AllocBtrees}), writes one
 * clean jset and finally the superblocks ({@code SuperblockBuild}).
 */
package dev.jbcachefs.init;
