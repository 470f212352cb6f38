package dev.jbcachefs.fs;

import dev.jbcachefs.util.Segments;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The file-level view of an opened filesystem within one subvolume — the API embedders, the CLI and the
 * FUSE front end use. Paths are '/'-separated and relative to the subvolume root; entries of type
 * subvolume lead into other subvolumes (their {@code DirEntry.subvol}, and {@link #subvolume(long)} to get
 * a view of them). Inode numbers are only meaningful within the view (subvolume) they came from: a
 * snapshot shares its inode numbers with its origin, so use {@link #resolve(String)} when a path may
 * cross into another subvolume. Thread-safe for concurrent readers. All failures are
 * {@code BcachefsException}s whose code says what happened ({@code NOT_FOUND} for a missing path,
 * {@code CORRUPT}/{@code CHECKSUM} for bad data, naming the file and offset). Closing any view closes the
 * filesystem under every view of it.
 */
public interface FsView extends AutoCloseable {
    /** An inode reached through a path: the view (subvolume) it lives in and its number there. */
    record Node(FsView view, long ino) {
        public FileStat stat() {
            return view.stat(ino);
        }
    }

    /** The subvolume this view reads. */
    long subvolId();

    /** The snapshot id the subvolume currently points at. */
    long snapshot();

    /** Inode number of this subvolume's root directory. */
    long rootIno();

    /**
     * Resolves a path, following subvolume entries into their subvolumes ("." and ".." are understood;
     * symlinks are not followed); throws {@code NOT_FOUND} naming the path when a component is missing.
     */
    Node resolve(String path);

    /** {@code resolve(path).ino()}: only meaningful in this view when the path stays in this subvolume. */
    long lookup(String path);

    /** Looks one name up in directory {@code dir}; returns null when it does not exist. */
    DirEntry lookup(long dir, byte[] name);

    FileStat stat(long ino);

    /** Every entry of directory {@code dir} (without "." and ".."), in on-disk (hash) order. */
    List<DirEntry> readdir(long dir);

    /** The target of symlink {@code ino}. */
    byte[] readlink(long ino);

    /** The value of xattr {@code name} ("user.foo", "trusted.x", "security.y", "system.posix_acl_access"), or null. */
    byte[] getxattr(long ino, String name);

    /** The names of every xattr of {@code ino}, with their namespace prefixes. */
    List<String> listxattr(long ino);

    /**
     * Reads up to {@code len} bytes of file {@code ino} at {@code offset} into {@code dst}; holes read as
     * zeros, reads stop at the file size. Returns the number of bytes read (0 at or past the end).
     */
    int read(long ino, long offset, byte[] dst, int dstOff, int len);

    /**
     * {@link #read(long, long, byte[], int, int)} into {@code dst} (up to its size), which may be native
     * memory: the bcachefs views read plain extents from the device straight into it, with no bounce
     * buffer (the mount's reply path). This default reads through an array.
     */
    default int read(long ino, long offset, MemorySegment dst) {
        byte[] a = Segments.array(dst);
        if (a != null) return read(ino, offset, a, Segments.offset(dst), Segments.length(dst));
        byte[] tmp = new byte[Segments.length(dst)];
        int n = read(ino, offset, tmp, 0, tmp.length);
        MemorySegment.copy(tmp, 0, dst, ValueLayout.JAVA_BYTE, 0, n);
        return n;
    }

    /**
     * The byte ranges {@code [start, end)} of {@code ino} that hold data (extents, inline data,
     * reservations count as data-less), clipped to {@code [from, to)}: what a sparse-preserving copy writes.
     */
    List<long[]> dataRanges(long ino, long from, long to);

    /** A view of another subvolume of the same filesystem. */
    FsView subvolume(long subvolId);

    /** Every subvolume of the filesystem. */
    List<Subvol> subvolumes();

    FsStat statfs();

    /** Messages about degraded operation and replica failures met so far. */
    List<String> warnings();

    /** Closes the filesystem (every view of it). */
    @Override
    void close();
}
