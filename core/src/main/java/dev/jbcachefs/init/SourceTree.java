package dev.jbcachefs.init;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A streaming walk of a host directory for {@code format --source}: visits the root, then depth first every
 * directory's entries in byte-wise name order, reporting each inode once with its full {@code lstat} (via
 * {@code statx}: nanosecond times, birth time when the host has it, dev/ino), its xattrs of every namespace, a
 * symlink's target bytes, and later paths of an already reported inode as hard links. Names and paths are raw
 * bytes (no charset round trip). Memory is bounded by the open directory listings (one per level) and the
 * table of multiply-linked inodes; file data is not read here (see {@link SourceFile}). Host errors become a
 * one-line {@link BcachefsException} naming the path.
 */
public final class SourceTree {
    /** File type bits of {@code st_mode}. */
    public static final int S_IFMT = 0170000, S_IFDIR = 0040000, S_IFREG = 0100000, S_IFLNK = 0120000,
            S_IFCHR = 0020000, S_IFBLK = 0060000, S_IFIFO = 0010000, S_IFSOCK = 0140000;

    /** A timestamp: seconds since the epoch and nanoseconds. */
    public record Timespec(long sec, int nsec) {}

    /**
     * The {@code statx} of one path (not following a final symlink). {@code btime} is null when the host
     * filesystem does not report a birth time; {@code rdev} is the device number of a device node.
     */
    public record Stat(int mode, int uid, int gid, long nlink, long size, long blocks, long dev, long ino, long rdev,
                       Timespec atime, Timespec mtime, Timespec ctime, Timespec btime) {
        public int type() {
            return mode & S_IFMT;
        }

        public int permissions() {
            return mode & 07777;
        }
    }

    /** One extended attribute: full name with its namespace prefix ({@code user.test}) and value, as bytes. */
    public record Xattr(byte[] name, byte[] value) {
        public String nameString() {
            return new String(name, StandardCharsets.UTF_8);
        }
    }

    /**
     * One visited path. {@code path} is relative to the root (empty for the root), {@code hostPath} the absolute
     * host path, {@code depth} 0 for the root. Xattrs are empty for hard links (they belong to the inode).
     */
    public record Entry(byte[] path, byte[] name, byte[] hostPath, int depth, Stat stat, List<Xattr> xattrs) {
        public String pathString() {
            return new String(path, StandardCharsets.UTF_8);
        }

        public String nameString() {
            return new String(name, StandardCharsets.UTF_8);
        }
    }

    /** What the walk reports. Directories are bracketed by {@link #directory} and {@link #endDirectory}. */
    public interface Visitor {
        void directory(Entry dir);

        default void endDirectory(Entry dir) { }

        /** A regular file, reported at its first path; read its data with {@link SourceFile#open}. */
        void file(Entry file);

        void symlink(Entry link, byte[] target);

        /** A character or block device, fifo or socket. */
        void special(Entry node);

        /** A later path of the inode first reported as {@code first} (never a directory). */
        void hardLink(Entry link, Entry first);
    }

    private record DevIno(long dev, long ino) {}

    private final Visitor visitor;
    private final Map<DevIno, Entry> linked = new HashMap<>();

    private SourceTree(Visitor visitor) {
        this.visitor = visitor;
    }

    /** Walks {@code root} (a directory; not followed if it is a symlink) and reports everything to {@code v}. */
    public static void walk(Path root, Visitor v) {
        byte[] host = root.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8);
        Stat st = stat(host);
        if (st.type() != S_IFDIR) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "format --source: " + root + " is not a directory");
        new SourceTree(v).dir(new Entry(new byte[0], new byte[0], host, 0, st, xattrs(host)));
    }

    private void dir(Entry d) {
        visitor.directory(d);
        for (byte[] name : list(d.hostPath())) {
            byte[] rel = d.depth() == 0 ? name : join(d.path(), name);
            byte[] host = join(d.hostPath(), name);
            Stat st = stat(host);
            if (st.type() != S_IFDIR && st.nlink() > 1) {
                Entry first = linked.get(new DevIno(st.dev(), st.ino()));
                if (first != null) {
                    visitor.hardLink(new Entry(rel, name, host, d.depth() + 1, st, List.of()), first);
                    continue;
                }
            }
            Entry e = new Entry(rel, name, host, d.depth() + 1, st, xattrs(host));
            if (st.type() != S_IFDIR && st.nlink() > 1) linked.put(new DevIno(st.dev(), st.ino()), e);
            switch (st.type()) {
                case S_IFDIR -> dir(e);
                case S_IFREG -> visitor.file(e);
                case S_IFLNK -> visitor.symlink(e, readlink(host, st.size()));
                case S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK -> visitor.special(e);
                default -> throw fail(host, "unknown file type " + Integer.toOctalString(st.type()));
            }
        }
        visitor.endDirectory(d);
    }

    static byte[] join(byte[] dir, byte[] name) {
        byte[] p = Arrays.copyOf(dir, dir.length + 1 + name.length);
        p[dir.length] = '/';
        System.arraycopy(name, 0, p, dir.length + 1, name.length);
        return p;
    }

    static BcachefsException fail(byte[] host, String why) {
        return new BcachefsException(ErrorCode.IO, "format --source: " + new String(host, StandardCharsets.UTF_8) + ": " + why);
    }

    static BcachefsException fail(byte[] host, String what, int errno) {
        ErrorCode code = errno == HostLibc.ENOENT ? ErrorCode.NOT_FOUND : ErrorCode.IO;
        String why = errno == HostLibc.ENOENT ? "vanished during the walk" : what + ": " + HostLibc.strerror(errno);
        return new BcachefsException(code, "format --source: " + new String(host, StandardCharsets.UTF_8) + ": " + why);
    }

    /** {@code statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, basic|btime)}. */
    static Stat stat(byte[] host) {
        HostScratch h = HostScratch.get();
        try {
            MemorySegment s = h.state, buf = h.statx;
            int r = (int) HostLibc.STATX.invokeExact(s, HostLibc.AT_FDCWD, h.path(host), HostLibc.AT_SYMLINK_NOFOLLOW,
                    HostLibc.STATX_BASIC | HostLibc.STATX_BTIME, buf);
            if (r < 0) throw fail(host, "statx", HostLibc.errno(s));
            int mask = buf.get(JAVA_INT, 0);
            long dev = makedev(buf.get(JAVA_INT, 136), buf.get(JAVA_INT, 140));
            long rdev = makedev(buf.get(JAVA_INT, 128), buf.get(JAVA_INT, 132));
            return new Stat(buf.get(JAVA_SHORT, 28) & 0xffff, buf.get(JAVA_INT, 20), buf.get(JAVA_INT, 24),
                    buf.get(JAVA_INT, 16) & 0xffffffffL, buf.get(JAVA_LONG, 40), buf.get(JAVA_LONG, 48), dev, buf.get(JAVA_LONG, 32), rdev,
                    ts(buf, 64), ts(buf, 112), ts(buf, 96), (mask & HostLibc.STATX_BTIME) != 0 ? ts(buf, 80) : null);
        } catch (BcachefsException e) {
            throw e;
        } catch (Throwable t) {
            throw HostLibc.rethrow(t);
        }
    }

    private static Timespec ts(MemorySegment b, int off) {
        return new Timespec(b.get(JAVA_LONG, off), b.get(JAVA_INT, off + 8));
    }

    /** glibc's {@code makedev} (the encoding of {@code st_dev}/{@code st_rdev}). */
    static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL, mi = minor & 0xffffffffL;
        return (ma & 0xfffL) << 8 | (ma & ~0xfffL) << 32 | (mi & 0xffL) | (mi & ~0xffL) << 12;
    }

    /** The names in directory {@code host} except "." and "..", sorted byte-wise. */
    static List<byte[]> list(byte[] host) {
        List<byte[]> names = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = HostLibc.state(a);
            MemorySegment dir = (MemorySegment) HostLibc.OPENDIR.invokeExact(s, HostLibc.cstr(a, host));
            if (dir.address() == 0) throw fail(host, "opendir", HostLibc.errno(s));
            try {
                while (true) {
                    HostLibc.clearErrno();
                    MemorySegment d = (MemorySegment) HostLibc.READDIR.invokeExact(s, dir);
                    if (d.address() == 0) {
                        int errno = HostLibc.errno(s);
                        if (errno != 0) throw fail(host, "readdir", errno);
                        break;
                    }
                    MemorySegment ent = d.reinterpret(HostLibc.DIRENT_NAME + 256);
                    int n = 0;
                    while (n < 256 && ent.get(JAVA_BYTE, HostLibc.DIRENT_NAME + n) != 0) n++;
                    byte[] name = new byte[n];
                    MemorySegment.copy(ent, JAVA_BYTE, HostLibc.DIRENT_NAME, name, 0, n);
                    if ((n == 1 && name[0] == '.') || (n == 2 && name[0] == '.' && name[1] == '.')) continue;
                    names.add(name);
                }
            } finally {
                int ignored = (int) HostLibc.CLOSEDIR.invokeExact(dir);
            }
        } catch (BcachefsException e) {
            throw e;
        } catch (Throwable t) {
            throw HostLibc.rethrow(t);
        }
        names.sort(Arrays::compareUnsigned);
        return names;
    }

    /** The target of symlink {@code host} as bytes ({@code size} is its lstat size, a hint). */
    static byte[] readlink(byte[] host, long size) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = HostLibc.state(a), path = HostLibc.cstr(a, host);
            for (long cap = Math.max(64, size + 1); ; cap *= 2) {
                MemorySegment buf = a.allocate(cap);
                long n = (long) HostLibc.READLINK.invokeExact(s, path, buf, cap);
                if (n < 0) throw fail(host, "readlink", HostLibc.errno(s));
                if (n < cap) return buf.asSlice(0, n).toArray(JAVA_BYTE);
                if (cap > 1 << 20) throw fail(host, "symlink target longer than 1 MiB");
            }
        } catch (BcachefsException e) {
            throw e;
        } catch (Throwable t) {
            throw HostLibc.rethrow(t);
        }
    }

    /** All xattrs of {@code host} (not following a symlink), in the order the host lists them. */
    static List<Xattr> xattrs(byte[] host) {
        HostScratch h = HostScratch.get();
        try {
            // most files have none: ask with the thread's scratch before making an arena for names and values
            long len = (long) HostLibc.LLISTXATTR.invokeExact(h.state, h.path(host), MemorySegment.NULL, 0L);
            if (len == 0) return List.of();
            if (len < 0 && HostLibc.errno(h.state) == HostLibc.ENOTSUP) return List.of();
        } catch (Throwable t) {
            throw HostLibc.rethrow(t);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = HostLibc.state(a), path = HostLibc.cstr(a, host);
            byte[] names = null;
            for (int tries = 0; names == null; tries++) {
                long len = (long) HostLibc.LLISTXATTR.invokeExact(s, path, MemorySegment.NULL, 0L);
                if (len < 0) {
                    int e = HostLibc.errno(s);
                    if (e == HostLibc.ENOTSUP) return List.of();
                    throw fail(host, "llistxattr", e);
                }
                if (len == 0) return List.of();
                MemorySegment buf = a.allocate(len);
                long n = (long) HostLibc.LLISTXATTR.invokeExact(s, path, buf, len);
                if (n >= 0) names = buf.asSlice(0, n).toArray(JAVA_BYTE);
                else if (HostLibc.errno(s) != HostLibc.ERANGE || tries > 8) throw fail(host, "llistxattr", HostLibc.errno(s));
            }
            List<Xattr> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < names.length; i++) {
                if (names[i] != 0) continue;
                if (i > start) {
                    byte[] name = Arrays.copyOfRange(names, start, i);
                    byte[] value = getxattr(a, s, host, path, name);
                    if (value != null) out.add(new Xattr(name, value));
                }
                start = i + 1;
            }
            return out;
        } catch (BcachefsException e) {
            throw e;
        } catch (Throwable t) {
            throw HostLibc.rethrow(t);
        }
    }

    /** One xattr's value, or null when it disappeared between listing and reading. */
    private static byte[] getxattr(Arena a, MemorySegment s, byte[] host, MemorySegment path, byte[] name) throws Throwable {
        MemorySegment cname = HostLibc.cstr(a, name);
        for (int tries = 0; tries < 8; tries++) {
            long len = (long) HostLibc.LGETXATTR.invokeExact(s, path, cname, MemorySegment.NULL, 0L);
            if (len < 0) {
                if (HostLibc.errno(s) == HostLibc.ENODATA) return null;
                throw fail(host, "lgetxattr " + new String(name, StandardCharsets.UTF_8), HostLibc.errno(s));
            }
            if (len == 0) return new byte[0];
            MemorySegment buf = a.allocate(len);
            long n = (long) HostLibc.LGETXATTR.invokeExact(s, path, cname, buf, len);
            if (n >= 0) return buf.asSlice(0, n).toArray(JAVA_BYTE);
            if (HostLibc.errno(s) != HostLibc.ERANGE) throw fail(host, "lgetxattr " + new String(name, StandardCharsets.UTF_8), HostLibc.errno(s));
        }
        throw fail(host, "xattr " + new String(name, StandardCharsets.UTF_8) + " keeps changing size");
    }
}
