/**
 * Opening a filesystem ({@link dev.jbcachefs.init.BchFs}, upstream's {@code init/fs.c}): every device's
 * superblock is read, devices are matched to member slots (missing members are an error unless degraded),
 * the key is unwrapped once when the filesystem is encrypted, and the btree roots come from the
 * superblock's clean section after a clean shutdown, or from journal replay (roots, key overlay, and the
 * journal seqs whose bsets must be ignored) after an unclean one. Opening never writes.
 *
 * <p>Formatting starts here too: {@link dev.jbcachefs.init.FormatGeometry} holds the sizes and places
 * upstream's format chooses (buckets, btree nodes, superblock layout, journal buckets) and
 * {@link dev.jbcachefs.init.FormatSbOptions} the option fields and member it writes.
 */
package dev.jbcachefs.init;
