package dev.jbcachefs.fs;

/**
 * A subvolume as {@code subvolume list} shows it: id, its path from the filesystem root (null when it is
 * not reachable through a dirent), snapshot id, root inode, the subvolume it was snapshotted from (0 if
 * none), the parent subvolume in the tree, and whether it is a read-only snapshot.
 */
public record Subvol(long id, String path, long snapshot, long rootInode, long creationParent, long parent, boolean readOnly, boolean isSnapshot) {}
