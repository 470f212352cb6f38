/**
 * The file-level view of a bcachefs filesystem: paths, directories, inodes, symlinks, xattrs, subvolumes
 * and statfs, as a mounted filesystem would show them. Design: one {@code FsContext} per opened
 * filesystem (snapshot table, data reader, time base) shared by light {@code SubvolView}s, one per
 * subvolume, that read every key at their subvolume's snapshot. Name lookups hash the name with the
 * directory's string hash ({@code StrHash}) and probe the btree as upstream's hash tables do
 * ({@code HashProbe}) instead of scanning directories.
 */
package dev.jbcachefs.fs;
