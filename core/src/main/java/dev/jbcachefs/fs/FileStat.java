package dev.jbcachefs.fs;

/**
 * What {@code stat} returns for one inode as seen in one subvolume: POSIX fields plus the bcachefs ones a
 * user of the disk needs (generation, flags, subvolume). Times are nanoseconds since the Unix epoch,
 * already converted with the superblock's time base and precision.
 *
 * @param ino       the number exposed to users: the bcachefs inode number (unique within a subvolume)
 * @param subvol    the subvolume this view of the inode belongs to
 * @param blocks    512-byte sectors allocated ({@code bi_sectors})
 * @param flags     bcachefs inode flags ({@code bi_flags} bits 0..14: sync, immutable, append, nodump, noatime, ...)
 */
public record FileStat(long ino, long subvol, int mode, long uid, long gid, long nlink, long size, long blocks,
        long atimeNs, long mtimeNs, long ctimeNs, long birthtimeNs, long generation, long flags, long rdev) {
    public static final int S_IFMT = 0170000, S_IFDIR = 0040000, S_IFREG = 0100000, S_IFLNK = 0120000;

    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    public boolean isRegular() {
        return (mode & S_IFMT) == S_IFREG;
    }

    public boolean isSymlink() {
        return (mode & S_IFMT) == S_IFLNK;
    }
}
