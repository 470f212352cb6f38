package dev.jbcachefs.init;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.bkey.XattrPack;
import dev.jbcachefs.data.DataWrite;
import dev.jbcachefs.format.BtreeId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code format --source}: copies a host tree into the filesystem being built, as upstream's
 * {@code posix_to_bcachefs} does — directories, regular files (only their data ranges, so holes stay
 * holes), symlinks (target stored as file data), device nodes, fifos and sockets, hard links (one inode,
 * a dirent per path, nlink counting the links inside the tree), xattrs, modes, owners and times. The
 * root directory takes the source root's attributes. Inodes of directories and of multiply-linked files
 * are written once their link counts are known.
 */
final class SourceCopy implements SourceTree.Visitor {
    private final Format f;
    private final Namespace ns;
    private final DataCopy data;
    private final Consumer<String> log;
    private final Deque<long[]> dirs = new ArrayDeque<>(); // {inum, subdirs, direntOffset, parent}
    private final Map<SourceTree.Entry, Pending> linked = new IdentityHashMap<>();
    private long files;
    private long bytes;
    private long lastReport = System.nanoTime();

    private static final class Pending {
        final long inum;
        final long seed;
        final Namespace.Attrs attrs;
        long links = 1;

        Pending(long inum, long seed, Namespace.Attrs attrs) {
            this.inum = inum;
            this.seed = seed;
            this.attrs = attrs;
        }
    }

    private SourceCopy(Format f, Consumer<String> log) {
        this.f = f;
        this.ns = f.ns;
        this.log = log;
        DataWrite dw = new DataWrite(f.p.dataOptions(f.geometry));
        this.data = new DataCopy(f.allocator, f.devs, dw, f.p.dataReplicas(), f.sorter(BtreeId.EXTENTS), f.userBackpointers,
                f.accountingExtra, f.accounting);
    }

    /** Copies the tree at {@code source}; returns the number of regular files copied. */
    static long copy(Format f, Path source, Consumer<String> log) {
        SourceCopy c = new SourceCopy(f, log);
        try (DataCopy data = c.data) {
            SourceTree.walk(source, c);
            data.finish();
            c.finishLinked();
            f.keyVersion = data.keyVersion();
            f.compressionTypesUsed = data.compressionTypesUsed;
        }
        return c.files;
    }

    private static long ns(SourceTree.Timespec t) {
        return t == null ? 0 : t.sec() * 1_000_000_000L + t.nsec();
    }

    private Namespace.Attrs attrs(SourceTree.Stat st, long size, long sectors, long nlinkStored, long dir, long dirOffset, long subvol, long depth) {
        SourceTree.Timespec birth = st.btime() != null ? st.btime() : st.ctime();
        return new Namespace.Attrs(st.mode(), st.uid() & 0xffffffffL, st.gid() & 0xffffffffL, size, sectors, nlinkStored, ns(st.atime()),
                ns(st.mtime()), ns(st.ctime()), ns(birth), st.rdev(), dir, dirOffset, subvol, depth);
    }

    private long parent() {
        return dirs.peek()[0];
    }

    private static int dtype(int mode) {
        return switch (mode & SourceTree.S_IFMT) {
            case SourceTree.S_IFDIR -> Namespace.DT_DIR;
            case SourceTree.S_IFLNK -> Namespace.DT_LNK;
            case SourceTree.S_IFCHR -> Namespace.DT_CHR;
            case SourceTree.S_IFBLK -> Namespace.DT_BLK;
            case SourceTree.S_IFIFO -> Namespace.DT_FIFO;
            case SourceTree.S_IFSOCK -> Namespace.DT_SOCK;
            default -> Namespace.DT_REG;
        };
    }

    @Override
    public void directory(SourceTree.Entry d) {
        if (d.depth() == 0) {
            dirs.push(new long[] {Namespace.ROOT_INO, f.rootSubdirs, 0, 0});
            xattrs(Namespace.ROOT_INO, ns.seedFor(Namespace.ROOT_INO), d);
            return;
        }
        long inum = ns.allocInum();
        long off = ns.addDirent(parent(), d.name(), inum, Namespace.DT_DIR);
        dirs.peek()[1]++;
        dirs.push(new long[] {inum, 0, off, parent()});
        xattrs(inum, ns.seedFor(inum), d);
    }

    @Override
    public void endDirectory(SourceTree.Entry d) {
        long[] top = dirs.pop();
        ns.dirDone(top[0]);
        if (d.depth() == 0) {
            f.rootSubdirs = top[1];
            f.rootAttrs = attrs(d.stat(), 0, 0, top[1], 0, 0, Format.ROOT_SUBVOL, 0);
            return;
        }
        ns.addInode(top[0], ns.seedFor(top[0]), attrs(d.stat(), 0, 0, top[1], top[3], top[2], 0, d.depth()));
    }

    @Override
    public void file(SourceTree.Entry e) {
        long inum = ns.allocInum();
        long off = ns.addDirent(parent(), e.name(), inum, Namespace.DT_REG);
        data.startFile();
        long size = e.stat().size();
        try (SourceFile sf = SourceFile.open(e)) {
            int block = f.geometry.blockSize();
            long next = 0; // first byte not yet written, block-aligned
            for (long[] r = sf.nextData(0); r != null && r[0] < size; r = sf.nextData(Math.max(r[1], next))) {
                long start = Math.max(r[0] - r[0] % block, next);
                long end = Math.min((r[1] + block - 1) / block * block, size);
                long pos = start;
                while (pos < end) {
                    int want = (int) Math.min(data.chunkSize(), end - pos);
                    byte[] buf = data.buffer((want + block - 1) / block * block);
                    int got = readFully(sf, pos, buf, want);
                    if (got == 0) break;
                    int len = (got + block - 1) / block * block;
                    Arrays.fill(buf, got, len, (byte) 0);
                    data.write(inum, pos, buf, len);
                    pos += got;
                    bytes += got;
                    if (got < want) break;
                }
                next = (pos + block - 1) / block * block;
                if (r[1] >= size) break;
            }
        }
        data.endFile(inum, Format.JOURNAL_SEQ);
        files++;
        long seed = ns.seedFor(inum);
        xattrs(inum, seed, e);
        finishInode(e, inum, seed, size, data.fileSectors(), off);
        progress();
    }

    private static int readFully(SourceFile sf, long pos, byte[] b, int len) {
        int n = 0;
        while (n < len) {
            int r = sf.read(pos + n, b, n, len - n);
            if (r <= 0) break; // the file shrank while being copied: what was read is what is stored
            n += r;
        }
        return n;
    }

    private void finishInode(SourceTree.Entry e, long inum, long seed, long size, long sectors, long dirOffset) {
        Namespace.Attrs a = attrs(e.stat(), size, sectors, 0, parent(), dirOffset, 0, 0);
        if (e.stat().nlink() > 1) {
            linked.put(e, new Pending(inum, seed, a));
        } else {
            ns.addInode(inum, seed, a);
        }
    }

    @Override
    public void symlink(SourceTree.Entry e, byte[] target) {
        long inum = ns.allocInum();
        long off = ns.addDirent(parent(), e.name(), inum, Namespace.DT_LNK);
        data.startFile();
        int block = f.geometry.blockSize();
        int len = (target.length + block - 1) / block * block;
        if (target.length > 0) {
            byte[] b = Arrays.copyOf(target, len);
            data.write(inum, 0, b, len);
        }
        data.endFile(inum, Format.JOURNAL_SEQ);
        long seed = ns.seedFor(inum);
        xattrs(inum, seed, e);
        finishInode(e, inum, seed, target.length, data.fileSectors(), off);
    }

    @Override
    public void special(SourceTree.Entry e) {
        long inum = ns.allocInum();
        long off = ns.addDirent(parent(), e.name(), inum, dtype(e.stat().mode()));
        long seed = ns.seedFor(inum);
        xattrs(inum, seed, e);
        finishInode(e, inum, seed, 0, 0, off);
    }

    @Override
    public void hardLink(SourceTree.Entry link, SourceTree.Entry first) {
        Pending p = linked.get(first);
        if (p == null) throw new BcachefsException(ErrorCode.IO, "format --source: " + link.pathString() + ": hard link to an inode not copied");
        ns.addDirent(parent(), link.name(), p.inum, dtype(first.stat().mode()));
        p.links++;
    }

    private void finishLinked() {
        for (Pending p : linked.values()) {
            Namespace.Attrs a = p.attrs;
            ns.addInode(p.inum, p.seed, new Namespace.Attrs(a.mode(), a.uid(), a.gid(), a.size(), a.sectors(), p.links - 1, a.atimeNs(),
                    a.mtimeNs(), a.ctimeNs(), a.otimeNs(), a.rdev(), a.dir(), a.dirOffset(), a.subvol(), a.depth()));
        }
        linked.clear();
    }

    private void xattrs(long inum, long seed, SourceTree.Entry e) {
        for (SourceTree.Xattr x : e.xattrs()) {
            String name = x.nameString();
            if (name.equals("system.posix_acl_access") || name.equals("system.posix_acl_default")) {
                int t = name.endsWith("access") ? XattrPack.POSIX_ACL_ACCESS : XattrPack.POSIX_ACL_DEFAULT;
                ns.addXattr(inum, seed, t, new byte[0], dev.jbcachefs.fs.PosixAcl.fromXattr(x.value(), e.pathString() + " " + name));
                continue;
            }
            int dot = name.indexOf('.');
            String prefix = dot < 0 ? "" : name.substring(0, dot);
            int type = switch (prefix) {
                case "user" -> XattrPack.USER;
                case "trusted" -> XattrPack.TRUSTED;
                case "security" -> XattrPack.SECURITY;
                default -> -1;
            };
            if (type < 0) {
                log.accept("format --source: " + e.pathString() + ": xattr " + name + " not copied (namespace not supported)");
                continue;
            }
            ns.addXattr(inum, seed, type, name.substring(dot + 1).getBytes(StandardCharsets.UTF_8), x.value());
        }
        ns.xattrsDone(inum);
    }

    private void progress() {
        if (f.progress != null) {
            f.progress.accept(files, bytes);
            return;
        }
        long now = System.nanoTime();
        if (now - lastReport > 2_000_000_000L) {
            lastReport = now;
            log.accept(String.format("  %d files, %s copied", files, dev.jbcachefs.util.Sizes.human(bytes)));
        }
    }
}
