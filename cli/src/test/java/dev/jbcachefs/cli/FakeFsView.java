package dev.jbcachefs.cli;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.fs.DirEntry;
import dev.jbcachefs.fs.FileStat;
import dev.jbcachefs.fs.FsStat;
import dev.jbcachefs.fs.FsView;
import dev.jbcachefs.fs.Subvol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory {@link FsView} for testing {@link TreeExtractor} on cases the reference images do not
 * have (device nodes, fifos, unreadable extents, setuid bits, odd names, directory loops). Sparse files
 * are described by their data segments, so an 8 MiB file costs a few bytes.
 */
final class FakeFsView implements FsView {
    static final class Inode {
        long ino;
        int mode;
        long uid = 1234, gid = 5678, nlink = 1, size, atimeNs = 1_500_000_000_123_456_789L, mtimeNs = 1_577_934_245_000_000_000L, rdev;
        final TreeMap<Long, byte[]> segments = new TreeMap<>();
        final LinkedHashMap<String, DirEntry> children = new LinkedHashMap<>();
        final LinkedHashMap<String, byte[]> xattrs = new LinkedHashMap<>();
        byte[] target;
        long badFrom = -1, badTo = -1;
        ErrorCode badCode = ErrorCode.CHECKSUM;
    }

    final long subvol;
    final long root;
    final Map<Long, Inode> nodes = new HashMap<>();
    final Map<Long, FakeFsView> subvols;
    long nextIno = 100;
    int readCalls;
    int maxReadLen;

    FakeFsView(long subvol, Map<Long, FakeFsView> subvols) {
        this.subvol = subvol;
        this.subvols = subvols;
        subvols.put(subvol, this);
        Inode r = node(FileStat.S_IFDIR | 0755);
        r.nlink = 2;
        this.root = r.ino;
    }

    FakeFsView() {
        this(1, new HashMap<>());
    }

    Inode node(int mode) {
        Inode n = new Inode();
        n.ino = nextIno++;
        n.mode = mode;
        nodes.put(n.ino, n);
        return n;
    }

    void link(long dir, String name, Inode n) {
        int t = switch (n.mode & FileStat.S_IFMT) {
            case FileStat.S_IFDIR -> DirEntry.DT_DIR;
            case FileStat.S_IFLNK -> DirEntry.DT_LNK;
            case FileStat.S_IFREG -> DirEntry.DT_REG;
            default -> DirEntry.DT_UNKNOWN;
        };
        nodes.get(dir).children.put(name, new DirEntry(name, name.getBytes(StandardCharsets.UTF_8), n.ino, t, 0));
    }

    Inode dir(long parent, String name) {
        Inode n = node(FileStat.S_IFDIR | 0755);
        link(parent, name, n);
        return n;
    }

    Inode file(long parent, String name, String content) {
        Inode n = node(FileStat.S_IFREG | 0644);
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        n.size = b.length;
        if (b.length > 0) n.segments.put(0L, b);
        link(parent, name, n);
        return n;
    }

    Inode symlink(long parent, String name, byte[] target) {
        Inode n = node(FileStat.S_IFLNK | 0777);
        n.target = target;
        n.size = target.length;
        link(parent, name, n);
        return n;
    }

    void subvolEntry(long parent, String name, FakeFsView sv) {
        nodes.get(parent).children.put(name, new DirEntry(name, name.getBytes(StandardCharsets.UTF_8), sv.root, DirEntry.DT_DIR, sv.subvol));
    }

    private Inode get(long ino) {
        Inode n = nodes.get(ino);
        if (n == null) throw new BcachefsException(ErrorCode.NOT_FOUND, "inode " + ino + " not found");
        return n;
    }

    @Override
    public long subvolId() {
        return subvol;
    }

    @Override
    public long snapshot() {
        return 4294967295L - subvol;
    }

    @Override
    public long rootIno() {
        return root;
    }

    @Override
    public long lookup(String path) {
        throw new UnsupportedOperationException("TreeExtractor resolves paths itself");
    }

    @Override
    public DirEntry lookup(long dir, byte[] name) {
        return get(dir).children.get(new String(name, StandardCharsets.UTF_8));
    }

    @Override
    public FileStat stat(long ino) {
        Inode n = get(ino);
        return new FileStat(n.ino, subvol, n.mode, n.uid, n.gid, n.nlink, n.size, 0, n.atimeNs, n.mtimeNs, n.mtimeNs, n.mtimeNs, 0, 0, n.rdev);
    }

    @Override
    public List<DirEntry> readdir(long dir) {
        return new ArrayList<>(get(dir).children.values());
    }

    @Override
    public byte[] readlink(long ino) {
        return get(ino).target.clone();
    }

    @Override
    public byte[] getxattr(long ino, String name) {
        byte[] v = get(ino).xattrs.get(name);
        return v == null ? null : v.clone();
    }

    @Override
    public List<String> listxattr(long ino) {
        return new ArrayList<>(get(ino).xattrs.keySet());
    }

    @Override
    public int read(long ino, long offset, byte[] dst, int dstOff, int len) {
        readCalls++;
        maxReadLen = Math.max(maxReadLen, len);
        Inode n = get(ino);
        if (offset >= n.size) return 0;
        int l = (int) Math.min(len, n.size - offset);
        if (n.badFrom >= 0 && offset < n.badTo && offset + l > n.badFrom) {
            throw new BcachefsException(n.badCode, "data checksum error: inode " + ino + " offset " + n.badFrom);
        }
        java.util.Arrays.fill(dst, dstOff, dstOff + l, (byte) 0);
        for (Map.Entry<Long, byte[]> e : n.segments.entrySet()) {
            long s = e.getKey(), t = s + e.getValue().length;
            long a = Math.max(s, offset), b = Math.min(t, offset + l);
            if (a < b) System.arraycopy(e.getValue(), (int) (a - s), dst, dstOff + (int) (a - offset), (int) (b - a));
        }
        return l;
    }

    @Override
    public List<long[]> dataRanges(long ino, long from, long to) {
        List<long[]> out = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : get(ino).segments.entrySet()) {
            long s = Math.max(from, e.getKey()), t = Math.min(to, e.getKey() + e.getValue().length);
            if (s < t) out.add(new long[] {s, t});
        }
        return out;
    }

    @Override
    public FsView subvolume(long subvolId) {
        FakeFsView v = subvols.get(subvolId);
        if (v == null) throw new BcachefsException(ErrorCode.NOT_FOUND, "subvolume " + subvolId + " not found");
        return v;
    }

    @Override
    public List<Subvol> subvolumes() {
        return List.of();
    }

    @Override
    public FsStat statfs() {
        return new FsStat(4096, 0, 0, 0, 0, 0, 255);
    }

    @Override
    public FsView.Node resolve(String path) {
        throw new UnsupportedOperationException("TreeExtractor resolves paths itself");
    }

    @Override
    public List<String> warnings() {
        return List.of();
    }

    @Override
    public void close() {}
}
