package dev.jbcachefs.init;

import dev.jbcachefs.bkey.DirentPack;
import dev.jbcachefs.bkey.Inode;
import dev.jbcachefs.bkey.InodePack;
import dev.jbcachefs.bkey.XattrPack;
import dev.jbcachefs.btree.KeySorter;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.fs.StrHash;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Makes the namespace keys of a filesystem being built: inodes ({@code inode_v3}, times relative to the
 * superblock's time base, link counts stored the bcachefs way: directories count their subdirectories,
 * other inodes nlink - 1), dirents placed at their name's string hash in the directory (linear probing past
 * a taken slot) with the child's back reference ({@code bi_dir}, {@code bi_dir_offset}) pointing at the
 * entry, and xattrs at their own hash. Everything lives in the root subvolume's snapshot (U32_MAX).
 */
final class Namespace {
    static final int SNAPSHOT = -1; // U32_MAX
    static final long ROOT_INO = 4096;
    static final long FIRST_INUM = 1L << 31;
    static final int DT_REG = 8, DT_DIR = 4, DT_LNK = 10, DT_CHR = 2, DT_BLK = 6, DT_FIFO = 1, DT_SOCK = 12;

    private final KeySorter inodes;
    private final KeySorter dirents;
    private final KeySorter xattrs;
    private final RandomGenerator random;
    private final int strHashType;
    private final long timeBaseNs;
    private final Map<Long, Set<Long>> usedOffsets = new HashMap<>();
    private final Map<Long, Long> dirSeeds = new HashMap<>();
    private long nextInum = FIRST_INUM;
    private long inodeCount;

    Namespace(KeySorter inodes, KeySorter dirents, KeySorter xattrs, RandomGenerator random, int strHashType, long timeBaseNs) {
        this.inodes = inodes;
        this.dirents = dirents;
        this.xattrs = xattrs;
        this.random = random;
        this.strHashType = strHashType;
        this.timeBaseNs = timeBaseNs;
    }

    /** An inode number for the next new inode. */
    long allocInum() {
        return nextInum++;
    }

    /** The next inode number that would be handed out (the inode allocation cursor). */
    long nextInum() {
        return nextInum;
    }

    long inodeCount() {
        return inodeCount;
    }

    /** A new hash seed; directories keep theirs so entries can be hashed before the directory's inode is written. */
    long seedFor(long dirInum) {
        return dirSeeds.computeIfAbsent(dirInum, k -> random.nextLong());
    }

    /** Adds the entry {@code name} → {@code target} in {@code dir}; returns its offset (the child's bi_dir_offset). */
    long addDirent(long dir, byte[] name, long target, int dType) {
        StrHash h = new StrHash(strHashType, seedFor(dir), false);
        long off = h.dirent(name);
        Set<Long> used = usedOffsets.computeIfAbsent(dir, k -> new HashSet<>());
        while (!used.add(off)) off++;
        dirents.add(BkeySC.of(KeyType.DIRENT, new Bpos(dir, off, SNAPSHOT), 0, 0, DirentPack.encode(target, dType, name)));
        return off;
    }

    /** Forgets the probing state of a finished directory (its entries are all added). */
    void dirDone(long dir) {
        usedOffsets.remove(dir);
    }

    /** Adds an xattr of {@code file} in namespace {@code xType}. */
    void addXattr(long file, long fileSeed, int xType, byte[] name, byte[] value) {
        StrHash h = new StrHash(strHashType, fileSeed, false);
        long off = h.xattr(xType, name);
        Set<Long> used = usedOffsets.computeIfAbsent(-file - 1, k -> new HashSet<>());
        while (!used.add(off)) off++;
        xattrs.add(BkeySC.of(KeyType.XATTR, new Bpos(file, off, SNAPSHOT), 0, 0, XattrPack.encode(xType, name, value)));
    }

    void xattrsDone(long file) {
        usedOffsets.remove(-file - 1);
    }

    /** Everything an inode key holds that the walk knows. */
    record Attrs(int mode, long uid, long gid, long size, long sectors, long nlinkStored, long atimeNs, long mtimeNs, long ctimeNs,
            long otimeNs, long rdev, long dir, long dirOffset, long subvol, long depth) {}

    long time(long ns) {
        return ns - timeBaseNs;
    }

    /** Writes the inode key of {@code inum}. */
    void addInode(long inum, long hashSeed, Attrs a) {
        long[] f = new long[Inode.FIELDS_V3.length];
        f[Inode.ATIME] = time(a.atimeNs());
        f[Inode.CTIME] = time(a.ctimeNs());
        f[Inode.MTIME] = time(a.mtimeNs());
        f[Inode.OTIME] = time(a.otimeNs());
        f[Inode.UID] = a.uid();
        f[Inode.GID] = a.gid();
        f[Inode.NLINK] = a.nlinkStored();
        f[Inode.DEV] = a.rdev();
        f[Inode.DIR] = a.dir();
        f[Inode.DIR_OFFSET] = a.dirOffset();
        f[Inode.SUBVOL] = a.subvol();
        f[Inode.DEPTH] = a.depth();
        long flags = (long) strHashType << 20;
        Inode in = new Inode(inum, SNAPSHOT, 0, hashSeed, flags, a.mode(), a.size(), a.sectors(), 0, f);
        inodes.add(BkeySC.of(KeyType.INODE_V3, InodePack.pos(inum, SNAPSHOT), 0, 0, InodePack.encodeV3(in)));
        inodeCount++;
        dirSeeds.remove(inum); // the inode is the last user of its seed: memory stays bounded by open directories
    }
}
