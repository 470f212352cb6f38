package dev.jbcachefs.fs;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.bkey.Dirent;
import dev.jbcachefs.bkey.Inode;
import dev.jbcachefs.bkey.Subvolume;
import dev.jbcachefs.bkey.Xattr;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * {@link FsView} of one subvolume: every inode, dirent and xattr is read at the subvolume's snapshot
 * (nearest ancestor wins, whiteouts hide). Subvolume entries are only visible in the subvolume that holds
 * them (their parent subvolume) and stand for the child subvolume's root directory.
 */
final class SubvolView implements FsView {
    private final FsContext ctx;
    private final long subvol;
    private final long snapshot;
    private final long rootIno;

    SubvolView(FsContext ctx, long subvol) {
        Subvolume s = ctx.table.subvolume(subvol);
        if (s == null) throw new BcachefsException(ErrorCode.NOT_FOUND, "subvolume " + subvol + " does not exist");
        this.ctx = ctx;
        this.subvol = subvol;
        this.snapshot = s.snapshot();
        this.rootIno = s.inode();
    }

    @Override
    public long subvolId() {
        return subvol;
    }

    @Override
    public long snapshot() {
        return snapshot;
    }

    @Override
    public long rootIno() {
        return rootIno;
    }

    Inode inode(long ino) {
        return ctx.inodeOrThrow(ino, snapshot, subvol);
    }

    @Override
    public Node resolve(String path) {
        Deque<Node> stack = new ArrayDeque<>();
        Node cur = new Node(this, rootIno);
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!stack.isEmpty()) cur = stack.pop();
                continue;
            }
            SubvolView v = (SubvolView) cur.view();
            Inode dir = v.inode(cur.ino());
            if ((dir.mode() & FileStat.S_IFMT) != FileStat.S_IFDIR) {
                throw new BcachefsException(ErrorCode.NOT_FOUND, "not a directory: " + path + " (at '" + c + "', subvolume " + subvol + ")");
            }
            DirEntry e = v.lookup(dir, cur.ino(), c.getBytes(StandardCharsets.UTF_8));
            if (e == null) throw new BcachefsException(ErrorCode.NOT_FOUND, "no such file or directory: " + path + " (subvolume " + subvol + ")");
            stack.push(cur);
            cur = e.isSubvolume() ? new Node(v.subvolume(e.subvol()), e.ino()) : new Node(v, e.ino());
        }
        return cur;
    }

    @Override
    public long lookup(String path) {
        return resolve(path).ino();
    }

    @Override
    public DirEntry lookup(long dir, byte[] name) {
        Inode d = inode(dir);
        if ((d.mode() & FileStat.S_IFMT) != FileStat.S_IFDIR) return null;
        return lookup(d, dir, name);
    }

    private DirEntry lookup(Inode d, long dir, byte[] name) {
        if (d.field(Inode.CASEFOLD) != 0) {
            // hashed by the casefolded name, which needs the Unicode tables: match the exact name by scanning
            for (DirEntry e : readdir(dir)) if (Arrays.equals(e.rawName(), name)) return e;
            return null;
        }
        long hash = StrHash.of(d).dirent(name);
        BkeySC k = HashProbe.lookup(ctx, BtreeId.DIRENTS, KeyType.DIRENT, dir, hash, snapshot, key -> {
            Dirent de = Dirent.decode(key);
            return visible(de) && Arrays.equals(de.name(), name);
        });
        return k == null ? null : entry(Dirent.decode(k));
    }

    private boolean visible(Dirent d) {
        return !d.isSubvol() || d.parentSubvol() == subvol;
    }

    private DirEntry entry(Dirent d) {
        byte[] raw = d.name();
        String name = new String(raw, StandardCharsets.UTF_8);
        if (d.isSubvol()) {
            Subvolume child = ctx.table.subvolume(d.childSubvol());
            if (child == null) {
                throw BcachefsException.corrupt("dirent '" + name + "' points at missing subvolume " + d.childSubvol(), "subvolume " + subvol);
            }
            return new DirEntry(name, raw, child.inode(), DirEntry.DT_DIR, d.childSubvol());
        }
        return new DirEntry(name, raw, d.inum(), d.type(), 0);
    }

    @Override
    public FileStat stat(long ino) {
        Inode in = inode(ino);
        boolean unlinked = (in.flags() & (1L << 7)) != 0;
        boolean dir = (in.mode() & FileStat.S_IFMT) == FileStat.S_IFDIR;
        long nlink = unlinked ? 0 : (in.nlink() & 0xffffffffL) + (dir ? 2 : 1);
        return new FileStat(ino, subvol, in.mode() & 0xffff, in.uid(), in.gid(), nlink, in.size(), in.sectors(),
                ctx.timeNs(in.atime()), ctx.timeNs(in.mtime()), ctx.timeNs(in.ctime()), ctx.timeNs(in.otime()),
                in.generation(), in.flags() & 0xfffffL, in.field(Inode.DEV));
    }

    @Override
    public List<DirEntry> readdir(long dir) {
        Inode d = inode(dir);
        if ((d.mode() & FileStat.S_IFMT) != FileStat.S_IFDIR) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "inode " + Long.toUnsignedString(dir) + " is not a directory (subvolume " + subvol + ")");
        }
        List<DirEntry> out = new ArrayList<>();
        InodeKeys it = new InodeKeys(ctx, BtreeId.DIRENTS, dir, snapshot);
        for (BkeySC k = it.next(); k != null; k = it.next()) {
            if (k.k().type() != KeyType.DIRENT.id()) continue;
            Dirent de = Dirent.decode(k);
            if (visible(de)) out.add(entry(de));
        }
        return out;
    }

    @Override
    public byte[] readlink(long ino) {
        Inode in = inode(ino);
        if ((in.mode() & FileStat.S_IFMT) != FileStat.S_IFLNK) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "inode " + Long.toUnsignedString(ino) + " is not a symlink (subvolume " + subvol + ")");
        }
        if (in.size() < 0 || in.size() > 65536) {
            throw BcachefsException.corrupt("symlink size " + in.size() + " out of range", "inode " + Long.toUnsignedString(ino));
        }
        byte[] buf = new byte[(int) in.size()];
        int n = 0;
        while (n < buf.length) {
            int r = ctx.data.read(ino, snapshot, in.size(), n, MemorySegment.ofArray(buf).asSlice(n));
            if (r <= 0) break;
            n += r;
        }
        // upstream stores the target with a trailing NUL inside i_size in some versions: drop it
        int len = n;
        while (len > 0 && buf[len - 1] == 0) len--;
        return Arrays.copyOf(buf, len);
    }

    @Override
    public byte[] getxattr(long ino, String name) {
        int type;
        String shortName;
        if (name.equals("system.posix_acl_access")) {
            type = 1;
            shortName = "";
        } else if (name.equals("system.posix_acl_default")) {
            type = 2;
            shortName = "";
        } else {
            type = -1;
            shortName = null;
            for (int t = 0; t < Xattr.PREFIXES.length; t++) {
                String p = Xattr.PREFIXES[t];
                if (p != null && name.startsWith(p)) {
                    type = t;
                    shortName = name.substring(p.length());
                }
            }
            if (type < 0) return null;
        }
        Inode in = inode(ino);
        byte[] n = shortName.getBytes(StandardCharsets.UTF_8);
        final int xt = type;
        long hash = StrHash.of(in).xattr(type, n);
        BkeySC k = HashProbe.lookup(ctx, BtreeId.XATTRS, KeyType.XATTR, ino, hash, snapshot, key -> {
            Xattr x = Xattr.decode(key);
            return x.xType() == xt && Arrays.equals(x.name(), n);
        });
        if (k == null) return null;
        byte[] v = Xattr.decode(k).value();
        return type == 1 || type == 2 ? PosixAcl.toXattr(v, "xattr " + name + " of inode " + Long.toUnsignedString(ino)) : v;
    }

    @Override
    public List<String> listxattr(long ino) {
        inode(ino);
        List<String> out = new ArrayList<>();
        InodeKeys it = new InodeKeys(ctx, BtreeId.XATTRS, ino, snapshot);
        for (BkeySC k = it.next(); k != null; k = it.next()) {
            if (k.k().type() != KeyType.XATTR.id()) continue;
            String n = Xattr.decode(k).fullName();
            if (n != null) out.add(n);
        }
        return out;
    }

    @Override
    public int read(long ino, long offset, byte[] dst, int dstOff, int len) {
        if (offset < 0 || len < 0 || dstOff < 0 || dstOff + len > dst.length) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "read of " + len + " bytes at " + offset + " into a buffer of " + dst.length + " at " + dstOff);
        }
        return read(ino, offset, MemorySegment.ofArray(dst).asSlice(dstOff, len));
    }

    @Override
    public int read(long ino, long offset, MemorySegment dst) {
        if (offset < 0) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "read of " + dst.byteSize() + " bytes at " + offset);
        Inode in = inode(ino);
        if ((in.mode() & FileStat.S_IFMT) == FileStat.S_IFDIR) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "inode " + Long.toUnsignedString(ino) + " is a directory (subvolume " + subvol + ")");
        }
        if (dst.byteSize() == 0 || Long.compareUnsigned(offset, in.size()) >= 0) return 0;
        return ctx.data.read(ino, snapshot, in.size(), offset, dst);
    }

    @Override
    public List<long[]> dataRanges(long ino, long from, long to) {
        Inode in = inode(ino);
        long end = Math.min(to, in.size());
        if (from >= end) return List.of();
        return ctx.data.dataRanges(ino, snapshot, from, end);
    }

    @Override
    public FsView subvolume(long subvolId) {
        return subvolId == subvol ? this : new SubvolView(ctx, subvolId);
    }

    @Override
    public List<Subvol> subvolumes() {
        return SubvolPaths.list(ctx);
    }

    @Override
    public FsStat statfs() {
        return FsStats.read(ctx);
    }

    @Override
    public List<String> warnings() {
        return ctx.fs.warnings();
    }

    @Override
    public void close() {
        ctx.fs.close();
    }
}
