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
 */
package dev.jbcachefs.init;
