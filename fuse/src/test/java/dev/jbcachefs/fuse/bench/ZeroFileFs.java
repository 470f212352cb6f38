package dev.jbcachefs.fuse.bench;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.fs.DirEntry;
import dev.jbcachefs.fs.FileStat;
import dev.jbcachefs.fs.FsStat;
import dev.jbcachefs.fs.FsView;
import dev.jbcachefs.fs.Subvol;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A filesystem with one regular file, {@code zeros}, of a given size whose every byte is zero, answered
 * from memory: behind the FUSE dispatcher it measures what the transport alone costs (request decode,
 * reply encode, the copies to and from {@code /dev/fuse}, the kernel round trip), with no bcachefs work.
 */
public class ZeroFileFs implements FsView {
    static final long ROOT = 4096, FILE = 4097;
    static final byte[] NAME = "zeros".getBytes(StandardCharsets.UTF_8);
    private final long size;

    public ZeroFileFs(long size) {
        this.size = size;
    }

    @Override public long subvolId() { return 1; }
    @Override public long snapshot() { return 1; }
    @Override public long rootIno() { return ROOT; }

    @Override
    public Node resolve(String path) {
        return new Node(this, lookup(path));
    }

    @Override
    public long lookup(String path) {
        String p = path.replaceAll("^/+|/+$", "");
        if (p.isEmpty() || p.equals(".")) return ROOT;
        if (p.equals("zeros")) return FILE;
        throw new BcachefsException(ErrorCode.NOT_FOUND, "no " + path);
    }

    @Override
    public DirEntry lookup(long dir, byte[] name) {
        return dir == ROOT && Arrays.equals(name, NAME) ? entry() : null;
    }

    private static DirEntry entry() {
        return new DirEntry("zeros", NAME, FILE, DirEntry.DT_REG, 0);
    }

    @Override
    public FileStat stat(long ino) {
        if (ino == ROOT) return new FileStat(ROOT, 1, 040755, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        if (ino == FILE) return new FileStat(FILE, 1, 0100444, 0, 0, 1, size, (size + 511) / 512, 0, 0, 0, 0, 0, 0, 0);
        throw new BcachefsException(ErrorCode.NOT_FOUND, "no inode " + ino);
    }

    @Override
    public List<DirEntry> readdir(long dir) {
        return dir == ROOT ? List.of(entry()) : List.of();
    }

    @Override
    public byte[] readlink(long ino) {
        throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "not a symlink");
    }

    @Override public byte[] getxattr(long ino, String name) { return null; }
    @Override public List<String> listxattr(long ino) { return List.of(); }

    @Override
    public int read(long ino, long offset, byte[] dst, int dstOff, int len) {
        if (ino != FILE || offset >= size) return 0;
        int n = (int) Math.min(len, size - offset);
        Arrays.fill(dst, dstOff, dstOff + n, (byte) 0);
        return n;
    }

    /** Zeros straight into the reply buffer, as cheap as the array version: the baseline gets the same native reply path. */
    @Override
    public int read(long ino, long offset, MemorySegment dst) {
        if (ino != FILE || offset >= size) return 0;
        int n = (int) Math.min(dst.byteSize(), size - offset);
        dst.asSlice(0, n).fill((byte) 0);
        return n;
    }

    @Override
    public List<long[]> dataRanges(long ino, long from, long to) {
        return ino == FILE ? List.of(new long[] {from, Math.min(to, size)}) : List.of();
    }

    @Override
    public FsView subvolume(long subvolId) {
        if (subvolId == 1) return this;
        throw new BcachefsException(ErrorCode.NOT_FOUND, "no subvolume " + subvolId);
    }

    @Override public List<Subvol> subvolumes() { return List.of(); }
    @Override public FsStat statfs() { return new FsStat(4096, size, 0, 0, 2, 0, 255); }
    @Override public List<String> warnings() { return List.of(); }
    @Override public void close() { }
}
