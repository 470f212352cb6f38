package dev.jbcachefs.fuse;

import dev.jbcachefs.format.Le;
import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.fs.DirEntry;
import dev.jbcachefs.fs.FileStat;
import dev.jbcachefs.fs.FsStat;
import dev.jbcachefs.fs.FsView;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read-only bcachefs filesystem behind the FUSE protocol: decodes one request, answers it from an
 * {@link FsView} and encodes the reply into the caller's buffer. Transport-free (bytes in, bytes out), so
 * the whole request path is unit-tested and fuzzed without a mount. Any failure of one request becomes
 * that request's errno reply (a {@link BcachefsException} its code's errno, anything unexpected EIO plus a
 * log line, also for an {@link Error}); nothing thrown here ends a worker. Write operations answer EROFS, unknown ones ENOSYS.
 * Thread-safe: workers call {@link #handle} concurrently.
 */
public final class FuseDispatcher {
    private static final System.Logger LOG = System.getLogger("dev.jbcachefs.fuse");

    static final int OUT_HEADER = 16;
    static final int ATTR_SIZE = 88, ENTRY_OUT = 40 + ATTR_SIZE, ATTR_OUT = 16 + ATTR_SIZE;
    /** Protocol version we speak: 7.31 has every struct used here at its current size. */
    static final int MAJOR = 7, MINOR = 31;
    static final int MAX_WRITE = 1 << 20, MAX_PAGES = 256;
    /** Reply buffers must hold a header plus the largest READ. */
    public static final int OUT_BUFFER = OUT_HEADER + MAX_WRITE;
    /** Read buffers must hold the largest request the kernel may send. */
    public static final int IN_BUFFER = MAX_WRITE + 64 * 1024;
    static final int BLKSIZE = 1 << 20;
    /** Entry and attribute timeout: the data cannot change under a read-only mount. */
    static final long TIMEOUT_S = 3600;

    static final int FUSE_ASYNC_READ = 1, FUSE_BIG_WRITES = 1 << 5, FUSE_DO_READDIRPLUS = 1 << 13,
            FUSE_READDIRPLUS_AUTO = 1 << 14, FUSE_PARALLEL_DIROPS = 1 << 18, FUSE_MAX_PAGES = 1 << 22,
            FUSE_CACHE_SYMLINKS = 1 << 23;
    static final int FOPEN_KEEP_CACHE = 1 << 1, FOPEN_CACHE_DIR = 1 << 3;

    private final FsView root;
    private final NodeTable nodes;
    private final Map<Long, FsView> views = new ConcurrentHashMap<>();
    private final Map<Long, List<DirEntry>> dirs = new ConcurrentHashMap<>();
    private final AtomicLong nextFh = new AtomicLong(1);
    private final CountDownLatch initDone = new CountDownLatch(1);
    private volatile boolean destroyed;
    private volatile int kernelMinor;

    public FuseDispatcher(FsView root) {
        this.root = root;
        this.nodes = new NodeTable(root);
        views.put(root.subvolId(), root);
    }

    /** Released when INIT has been answered: the mount is live. */
    CountDownLatch initDone() {
        return initDone;
    }

    boolean destroyed() {
        return destroyed;
    }

    int nodeCount() {
        return nodes.size();
    }

    /**
     * Handles the request in {@code in[0, n)} and writes the reply to {@code out}.
     *
     * @return the reply length, or 0 when the request gets no reply
     */
    public int handle(byte[] in, int n, byte[] out) {
        return handle(in, n, out, null);
    }

    /**
     * Handles the request in {@code in[0, n)}. With a {@code reply} buffer (native memory of at least
     * {@link #OUT_BUFFER} bytes, what the workers write to {@code /dev/fuse} from) every reply ends up in
     * it: a READ's file bytes are read straight into it (plain extents go from the device to the reply
     * with no copy in between), any other reply is encoded in {@code out} and copied there. Without one,
     * replies are in {@code out}.
     *
     * @return the reply length, or 0 when the request gets no reply
     */
    public int handle(byte[] in, int n, byte[] out, MemorySegment reply) {
        int len = handle0(in, n, out, reply);
        if (len < 0) return -len; // already in reply
        if (reply != null && len > 0) MemorySegment.copy(out, 0, reply, ValueLayout.JAVA_BYTE, 0, len);
        return len;
    }

    /** The reply length; negative when the reply was written to {@code reply} rather than {@code out}. */
    private int handle0(byte[] in, int n, byte[] out, MemorySegment reply) {
        FuseRequest r;
        try {
            r = FuseRequest.decode(in, 0, n);
        } catch (FuseError e) {
            long unique = FuseRequest.uniqueOf(in, 0, n);
            LOG.log(Level.WARNING, "malformed request: " + e.getMessage());
            return unique < 0 ? 0 : error(out, unique, e.errno);
        }
        try {
            return dispatch(r, out, reply);
        } catch (FuseError e) {
            if (e.errno != Errno.ENOENT && e.errno != Errno.ENODATA) LOG.log(Level.DEBUG, r.name() + ": " + e.getMessage());
            return r.opcode != null && r.opcode.noReply() ? 0 : error(out, r.unique, e.errno);
        } catch (BcachefsException e) {
            if (e.code() != ErrorCode.NOT_FOUND) LOG.log(Level.WARNING, r.name() + " node " + r.nodeid + ": " + e.getMessage());
            return r.opcode != null && r.opcode.noReply() ? 0 : error(out, r.unique, Errno.of(e));
        } catch (RuntimeException | Error e) {
            // anything, even a LinkageError from a broken class path: this request fails with EIO, the
            // worker and every later request go on (an unanswered request would hang its caller)
            LOG.log(Level.ERROR, r.name() + " node " + r.nodeid + " failed", e);
            return r.opcode != null && r.opcode.noReply() ? 0 : error(out, r.unique, Errno.EIO);
        }
    }

    /** As {@link #handle0}: a READ given a {@code reply} buffer answers there (negative length), everything else in {@code out}. */
    private int dispatch(FuseRequest r, byte[] out, MemorySegment reply) {
        if (r.opcode == null) throw new FuseError(Errno.ENOSYS, "unknown opcode " + r.opcodeId);
        if (r.opcode.writes) throw new FuseError(Errno.EROFS, r.name() + " on a read-only mount");
        if (r.opcode != FuseOpcode.INIT && initDone.getCount() != 0) throw new FuseError(Errno.EIO, r.name() + " before INIT");
        return switch (r.opcode) {
            case INIT -> init(r, out);
            case LOOKUP -> lookup(r, out);
            case FORGET -> {
                nodes.forget(r.nodeid, r.u64(0, "nlookup"));
                yield 0;
            }
            case BATCH_FORGET -> batchForget(r);
            case GETATTR -> getattr(r, out);
            case READLINK -> readlink(r, out);
            case OPEN -> open(r, out);
            case READ -> reply == null ? read(r, out, MemorySegment.ofArray(out)) : -read(r, out, reply);
            case RELEASE, RELEASEDIR -> release(r, out);
            case OPENDIR -> opendir(r, out);
            case READDIR -> readdir(r, out, false);
            case READDIRPLUS -> readdir(r, out, true);
            case GETXATTR -> getxattr(r, out);
            case LISTXATTR -> listxattr(r, out);
            case STATFS -> statfs(r, out);
            case LSEEK -> lseek(r, out);
            case ACCESS -> access(r, out);
            case FLUSH, FSYNC, FSYNCDIR, SYNCFS -> empty(r, out);
            case DESTROY -> {
                destroyed = true;
                yield empty(r, out);
            }
            case INTERRUPT -> 0; // every request is answered promptly; nothing to cancel
            default -> throw new FuseError(Errno.ENOSYS, r.name() + " is not implemented");
        };
    }

    // ---- INIT -------------------------------------------------------------------------------------------

    private int init(FuseRequest r, byte[] out) {
        int major = r.u32(0, "major"), minor = r.u32(4, "minor");
        long maxReadahead = r.u32(8, "max_readahead") & 0xffffffffL;
        int flags = r.u32(12, "flags");
        if (major < MAJOR) throw new FuseError(Errno.EPROTO, "kernel FUSE protocol " + major + "." + minor + " is too old (need 7.27+)");
        if (major == MAJOR && minor < 27) throw new FuseError(Errno.EPROTO, "kernel FUSE protocol 7." + minor + " is too old (need 7.27+)");
        int want = FUSE_ASYNC_READ | FUSE_BIG_WRITES | FUSE_DO_READDIRPLUS | FUSE_READDIRPLUS_AUTO | FUSE_PARALLEL_DIROPS
                | FUSE_MAX_PAGES | FUSE_CACHE_SYMLINKS;
        int o = OUT_HEADER;
        java.util.Arrays.fill(out, 0, OUT_HEADER + 64, (byte) 0);
        Le.put32(out, o, MAJOR);
        if (major > MAJOR) { // the kernel re-sends INIT with our major
            kernelMinor = 0;
            return header(out, r.unique, 0, OUT_HEADER + 8);
        }
        kernelMinor = minor;
        Le.put32(out, o + 4, Math.min(minor, MINOR));
        Le.put32(out, o + 8, Math.min(maxReadahead, MAX_WRITE));
        Le.put32(out, o + 12, flags & want);
        Le.put16(out, o + 16, 64); // max_background
        Le.put16(out, o + 18, 48); // congestion_threshold
        Le.put32(out, o + 20, MAX_WRITE);
        Le.put32(out, o + 24, 1); // time_gran: nanoseconds
        Le.put16(out, o + 28, MAX_PAGES);
        int len = header(out, r.unique, 0, OUT_HEADER + 64);
        initDone.countDown();
        return len;
    }

    // ---- nodes and attributes ---------------------------------------------------------------------------

    private FsView view(long subvol) {
        return views.computeIfAbsent(subvol, root::subvolume);
    }

    /** st_ino for (subvolume, inode): the inode number in the mounted subvolume, tagged by subvolume id elsewhere. */
    long stIno(long subvol, long ino) {
        return subvol == root.subvolId() ? ino : ino ^ (subvol << 48);
    }

    private int lookup(FuseRequest r, byte[] out) {
        NodeTable.Node parent = nodes.get(r.nodeid);
        byte[] name = r.name(0);
        NodeTable.Node child = child(parent, name);
        if (child == null) { // negative entry, cached by the kernel for the entry timeout
            java.util.Arrays.fill(out, OUT_HEADER, OUT_HEADER + ENTRY_OUT, (byte) 0);
            Le.put64(out, OUT_HEADER + 16, TIMEOUT_S);
            return header(out, r.unique, 0, OUT_HEADER + ENTRY_OUT);
        }
        FileStat st = child.view().stat(child.ino());
        entryOut(out, OUT_HEADER, child, st);
        return header(out, r.unique, 0, OUT_HEADER + ENTRY_OUT);
    }

    /** Looks {@code name} up in {@code parent} and registers the result (one lookup); null when absent. */
    private NodeTable.Node child(NodeTable.Node parent, byte[] name) {
        if (name.length == 1 && name[0] == '.') return nodes.lookup(parent.view(), parent.ino(), parent.parentStIno());
        FsView pv = parent.view();
        if (!pv.stat(parent.ino()).isDirectory()) throw new FuseError(Errno.ENOTDIR, "lookup in a non-directory");
        DirEntry d = pv.lookup(parent.ino(), name);
        if (d == null) return null;
        return register(parent, d);
    }

    /** The node for entry {@code d} of directory {@code parent} (one lookup). */
    private NodeTable.Node register(NodeTable.Node parent, DirEntry d) {
        long parentStIno = stIno(parent.subvol(), parent.ino());
        if (d.isSubvolume()) {
            FsView sv = view(d.subvol());
            return nodes.lookup(sv, sv.rootIno(), parentStIno);
        }
        return nodes.lookup(parent.view(), d.ino(), parentStIno);
    }

    private void entryOut(byte[] out, int o, NodeTable.Node n, FileStat st) {
        Le.put64(out, o, n.nodeid());
        Le.put64(out, o + 8, st.generation());
        Le.put64(out, o + 16, TIMEOUT_S);
        Le.put64(out, o + 24, TIMEOUT_S);
        Le.put32(out, o + 32, 0);
        Le.put32(out, o + 36, 0);
        attr(out, o + 40, n.subvol(), st);
    }

    private void attr(byte[] out, int o, long subvol, FileStat st) {
        Le.put64(out, o, stIno(subvol, st.ino()));
        Le.put64(out, o + 8, st.size());
        Le.put64(out, o + 16, st.blocks());
        Le.put64(out, o + 24, Math.floorDiv(st.atimeNs(), 1_000_000_000L));
        Le.put64(out, o + 32, Math.floorDiv(st.mtimeNs(), 1_000_000_000L));
        Le.put64(out, o + 40, Math.floorDiv(st.ctimeNs(), 1_000_000_000L));
        Le.put32(out, o + 48, Math.floorMod(st.atimeNs(), 1_000_000_000L));
        Le.put32(out, o + 52, Math.floorMod(st.mtimeNs(), 1_000_000_000L));
        Le.put32(out, o + 56, Math.floorMod(st.ctimeNs(), 1_000_000_000L));
        Le.put32(out, o + 60, st.mode());
        Le.put32(out, o + 64, Math.min(st.nlink(), 0xffffffffL));
        Le.put32(out, o + 68, st.uid());
        Le.put32(out, o + 72, st.gid());
        Le.put32(out, o + 76, st.rdev());
        Le.put32(out, o + 80, BLKSIZE);
        Le.put32(out, o + 84, 0);
    }

    private int getattr(FuseRequest r, byte[] out) {
        NodeTable.Node n = nodes.get(r.nodeid);
        FileStat st = n.view().stat(n.ino());
        Le.put64(out, OUT_HEADER, TIMEOUT_S);
        Le.put32(out, OUT_HEADER + 8, 0);
        Le.put32(out, OUT_HEADER + 12, 0);
        attr(out, OUT_HEADER + 16, n.subvol(), st);
        return header(out, r.unique, 0, OUT_HEADER + ATTR_OUT);
    }

    private int batchForget(FuseRequest r) {
        long count = r.u32(0, "count") & 0xffffffffL;
        for (long i = 0; i < count; i++) {
            int pos = (int) (8 + i * 16);
            if (pos < 0) break;
            nodes.forget(r.u64(pos, "forget.nodeid"), r.u64(pos + 8, "forget.nlookup"));
        }
        return 0;
    }

    // ---- files ------------------------------------------------------------------------------------------

    private int readlink(FuseRequest r, byte[] out) {
        NodeTable.Node n = nodes.get(r.nodeid);
        if (!n.view().stat(n.ino()).isSymlink()) throw new FuseError(Errno.EINVAL, "readlink of a non-symlink");
        return data(out, r.unique, n.view().readlink(n.ino()));
    }

    private int open(FuseRequest r, byte[] out) {
        int flags = r.u32(0, "flags");
        NodeTable.Node n = nodes.get(r.nodeid);
        if ((flags & 3) != 0 || (flags & 01000) != 0) throw new FuseError(Errno.EROFS, "open for writing on a read-only mount");
        if (n.view().stat(n.ino()).isDirectory()) throw new FuseError(Errno.EISDIR, "open of a directory");
        return openOut(out, r.unique, 0, FOPEN_KEEP_CACHE);
    }

    private int openOut(byte[] out, long unique, long fh, int openFlags) {
        Le.put64(out, OUT_HEADER, fh);
        Le.put32(out, OUT_HEADER + 8, openFlags);
        Le.put32(out, OUT_HEADER + 12, 0);
        return header(out, unique, 0, OUT_HEADER + 16);
    }

    /**
     * READ answered in {@code reply} (the worker's native buffer, or {@code out} itself): the file bytes read
     * into it after the header, the header encoded in {@code out} and copied there.
     */
    private int read(FuseRequest r, byte[] out, MemorySegment reply) {
        long offset = r.u64(8, "offset");
        long size = r.u32(16, "size") & 0xffffffffL;
        NodeTable.Node n = nodes.get(r.nodeid);
        if (offset < 0) throw new FuseError(Errno.EINVAL, "read at negative offset");
        int len = (int) Math.min(size, Math.min(MAX_WRITE, reply.byteSize() - OUT_HEADER));
        int got = len == 0 ? 0 : n.view().read(n.ino(), offset, reply.asSlice(OUT_HEADER, len));
        int total = header(out, r.unique, 0, OUT_HEADER + Math.max(0, got));
        MemorySegment.copy(out, 0, reply, ValueLayout.JAVA_BYTE, 0, OUT_HEADER);
        return total;
    }

    static final int SEEK_DATA = 3, SEEK_HOLE = 4, ENXIO = 6;

    /** SEEK_DATA/SEEK_HOLE from the file's data ranges (what {@code cp --sparse} and {@code tar -S} use). */
    private int lseek(FuseRequest r, byte[] out) {
        long offset = r.u64(8, "offset");
        int whence = r.u32(16, "whence");
        if (whence != SEEK_DATA && whence != SEEK_HOLE) throw new FuseError(Errno.EINVAL, "lseek whence " + whence);
        NodeTable.Node n = nodes.get(r.nodeid);
        long size = n.view().stat(n.ino()).size();
        if (offset < 0 || offset >= size) throw new FuseError(ENXIO, "lseek at " + offset + " of a " + size + "-byte file");
        long pos = offset;
        List<long[]> ranges = n.view().dataRanges(n.ino(), offset, size);
        if (whence == SEEK_DATA) {
            long found = -1;
            for (long[] rg : ranges) {
                if (rg[1] > pos) {
                    found = Math.max(rg[0], pos);
                    break;
                }
            }
            if (found < 0 || found >= size) throw new FuseError(ENXIO, "no data after " + offset);
            pos = found;
        } else {
            for (long[] rg : ranges) {
                if (rg[0] > pos) break;
                if (rg[1] > pos) pos = rg[1];
            }
            pos = Math.min(pos, size);
        }
        Le.put64(out, OUT_HEADER, pos);
        return header(out, r.unique, 0, OUT_HEADER + 8);
    }

    private int release(FuseRequest r, byte[] out) {
        long fh = r.u64(0, "fh");
        if (r.opcode == FuseOpcode.RELEASEDIR) dirs.remove(fh);
        return empty(r, out);
    }

    // ---- directories ------------------------------------------------------------------------------------

    private int opendir(FuseRequest r, byte[] out) {
        NodeTable.Node n = nodes.get(r.nodeid);
        if (!n.view().stat(n.ino()).isDirectory()) throw new FuseError(Errno.ENOTDIR, "opendir of a non-directory");
        long fh = nextFh.getAndIncrement();
        dirs.put(fh, List.copyOf(n.view().readdir(n.ino())));
        return openOut(out, r.unique, fh, FOPEN_KEEP_CACHE | FOPEN_CACHE_DIR);
    }

    private static final byte[] DOT = {'.'}, DOTDOT = {'.', '.'};

    /**
     * READDIR/READDIRPLUS: entry i of [".", "..", entries...] carries the offset i + 1 of the next one;
     * "." has the directory's st_ino, ".." its parent's (the directory it was looked up in).
     */
    private int readdir(FuseRequest r, byte[] out, boolean plus) {
        long fh = r.u64(0, "fh");
        long offset = r.u64(8, "offset");
        long size = r.u32(16, "size") & 0xffffffffL;
        NodeTable.Node dir = nodes.get(r.nodeid);
        List<DirEntry> entries = dirs.get(fh);
        if (entries == null) throw new FuseError(Errno.EBADF, "readdir of an unopened directory handle " + fh);
        int limit = (int) Math.min(size, out.length - OUT_HEADER);
        int pos = OUT_HEADER;
        long total = entries.size() + 2L;
        for (long i = Math.max(0, offset); i < total; i++) {
            byte[] name;
            long dIno;
            int type;
            DirEntry d = null;
            if (i < 2) {
                name = i == 0 ? DOT : DOTDOT;
                dIno = i == 0 ? stIno(dir.subvol(), dir.ino()) : dir.parentStIno();
                type = DirEntry.DT_DIR;
            } else {
                d = entries.get((int) (i - 2));
                name = d.rawName();
                if (d.isSubvolume()) {
                    FsView sv = view(d.subvol());
                    dIno = stIno(d.subvol(), sv.rootIno());
                    type = DirEntry.DT_DIR;
                } else {
                    dIno = stIno(dir.subvol(), d.ino());
                    type = d.type();
                }
            }
            int rec = (24 + name.length + 7) & ~7;
            int need = plus ? ENTRY_OUT + rec : rec;
            if (pos - OUT_HEADER + need > limit) break;
            java.util.Arrays.fill(out, pos, pos + need, (byte) 0);
            int dp = pos;
            if (plus) {
                if (d != null) {
                    NodeTable.Node c = register(dir, d);
                    FileStat st;
                    try {
                        st = c.view().stat(c.ino());
                    } catch (RuntimeException e) {
                        nodes.forget(c.nodeid(), 1);
                        throw e;
                    }
                    entryOut(out, pos, c, st);
                    dIno = stIno(c.subvol(), st.ino());
                } // "." and "..": node id 0, the kernel takes no reference
                dp = pos + ENTRY_OUT;
            }
            Le.put64(out, dp, dIno);
            Le.put64(out, dp + 8, i + 1);
            Le.put32(out, dp + 16, name.length);
            Le.put32(out, dp + 20, type);
            System.arraycopy(name, 0, out, dp + 24, name.length);
            pos += need;
        }
        return header(out, r.unique, 0, pos);
    }

    // ---- xattrs, statfs, access ------------------------------------------------------------------------

    private int getxattr(FuseRequest r, byte[] out) {
        long size = r.u32(0, "size") & 0xffffffffL;
        String name = r.xattrName(8);
        NodeTable.Node n = nodes.get(r.nodeid);
        byte[] v = n.view().getxattr(n.ino(), name);
        if (v == null) throw new FuseError(Errno.ENODATA, "no xattr " + name);
        return sized(r, out, size, v);
    }

    private int listxattr(FuseRequest r, byte[] out) {
        long size = r.u32(0, "size") & 0xffffffffL;
        NodeTable.Node n = nodes.get(r.nodeid);
        java.io.ByteArrayOutputStream names = new java.io.ByteArrayOutputStream();
        for (String s : n.view().listxattr(n.ino())) {
            names.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            names.write(0);
        }
        return sized(r, out, size, names.toByteArray());
    }

    /** The xattr size-probe protocol: size 0 asks for the length; a too-small size is ERANGE. */
    private int sized(FuseRequest r, byte[] out, long size, byte[] v) {
        if (size == 0) {
            Le.put32(out, OUT_HEADER, v.length);
            Le.put32(out, OUT_HEADER + 4, 0);
            return header(out, r.unique, 0, OUT_HEADER + 8);
        }
        if (size < v.length) throw new FuseError(Errno.ERANGE, "buffer of " + size + " for " + v.length + " bytes");
        return data(out, r.unique, v);
    }

    private int statfs(FuseRequest r, byte[] out) {
        FsStat s = root.statfs();
        long bs = Math.max(1, s.blockSize());
        int o = OUT_HEADER;
        java.util.Arrays.fill(out, o, o + 80, (byte) 0);
        Le.put64(out, o, s.totalBytes() / bs);
        Le.put64(out, o + 8, s.freeBytes() / bs);
        Le.put64(out, o + 16, s.availBytes() / bs);
        Le.put64(out, o + 24, s.inodes());
        Le.put64(out, o + 32, s.freeInodes());
        Le.put32(out, o + 40, bs);
        Le.put32(out, o + 44, s.nameMax());
        Le.put32(out, o + 48, bs);
        return header(out, r.unique, 0, o + 80);
    }

    private int access(FuseRequest r, byte[] out) {
        int mask = r.u32(0, "mask");
        nodes.get(r.nodeid);
        if ((mask & 2) != 0) throw new FuseError(Errno.EROFS, "write access on a read-only mount");
        return empty(r, out);
    }

    // ---- reply encoding ---------------------------------------------------------------------------------

    private static int empty(FuseRequest r, byte[] out) {
        return header(out, r.unique, 0, OUT_HEADER);
    }

    private static int data(byte[] out, long unique, byte[] v) {
        if (v.length > out.length - OUT_HEADER) throw new FuseError(Errno.ERANGE, "reply of " + v.length + " bytes");
        System.arraycopy(v, 0, out, OUT_HEADER, v.length);
        return header(out, unique, 0, OUT_HEADER + v.length);
    }

    static int error(byte[] out, long unique, int errno) {
        return header(out, unique, -errno, OUT_HEADER);
    }

    static int header(byte[] out, long unique, int error, int len) {
        Le.put32(out, 0, len);
        Le.put32(out, 4, error);
        Le.put64(out, 8, unique);
        return len;
    }
}
