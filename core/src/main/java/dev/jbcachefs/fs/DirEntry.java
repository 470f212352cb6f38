package dev.jbcachefs.fs;

/**
 * One directory entry as {@code readdir} returns it: the name, the target inode number, its {@code d_type}
 * (as in {@code <dirent.h>}: 4 directory, 8 regular, 10 symlink, ...) and, for an entry that is a subvolume
 * root, the subvolume it leads into (0 otherwise).
 */
public record DirEntry(String name, byte[] rawName, long ino, int type, long subvol) {
    public static final int DT_UNKNOWN = 0, DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_BLK = 6, DT_REG = 8, DT_LNK = 10, DT_SOCK = 12;

    public boolean isSubvolume() {
        return subvol != 0;
    }
}
