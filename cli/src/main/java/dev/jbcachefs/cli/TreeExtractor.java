package dev.jbcachefs.cli;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.fs.DirEntry;
import dev.jbcachefs.fs.FileStat;
import dev.jbcachefs.fs.FsView;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies a tree of a bcachefs filesystem out to a host directory through the {@link FsView} interface
 * only, so it works with any implementation and can be embedded. It reproduces regular files (only their
 * data ranges are written, so holes stay holes; data streams through one {@link #CHUNK} buffer), directories
 * (their metadata set after their content), symlinks (not followed), hard links (an inode seen again is
 * linked to its first copy), mode with the setuid/setgid/sticky bits, owners (when allowed), access and
 * modification times and xattrs ({@code user.*} through Java; every namespace, and symlink targets byte
 * for byte, through {@link NativeCalls} when native access is enabled). What the host cannot be given from
 * Java — device nodes, fifos, sockets, xattrs the host refuses, subvolumes not descended into — is created
 * as nothing (a subvolume as an empty directory) and reported. A file that cannot be read is reported and the walk
 * goes on; its readable parts are kept, unreadable blocks left as holes.
 */
public final class TreeExtractor {
    /** Size of the copy buffer: the most file data held in memory at once. */
    public static final int CHUNK = 1 << 20;
    /** Granularity at which a chunk that fails to read is retried, to save what can be read. */
    static final int SALVAGE = 4096;

    public static final String SUBVOLUMES = "subvolumes not descended";
    public static final String DEVICES = "device nodes";
    public static final String FIFOS = "fifos";
    public static final String SOCKETS = "sockets";
    public static final String XATTRS = "xattrs";
    public static final String SYMLINK_TARGETS = "symlink targets not byte-exact";

    /**
     * @param allSubvolumes  descend into subvolume entries (otherwise they become empty directories)
     * @param restoreOwners  set uid/gid (needs root)
     * @param replaceExisting merge into existing directories and replace existing non-directories
     */
    public record Options(boolean allSubvolumes, boolean restoreOwners, boolean replaceExisting) {}

    /** Receives what happens, as it happens. Paths are the source paths ("/dir/file"). */
    public interface Listener {
        /** A file or directory could not be read or written (in full or in part). */
        default void error(String path, String reason) {}

        /** Something the host could not be given; {@code category} is one of the constants of this class. */
        default void notReproduced(String path, String category, String what) {}

        /** Called often; throttle before printing. */
        default void progress(ExtractStats stats) {}
    }

    private record InodeKey(long subvol, long ino) {}

    /** A directory being extracted: its entries still to do, and where it goes. */
    private record DirFrame(FsView view, long ino, FileStat st, Path out, String src, Iterator<DirEntry> entries) {}

    private final Options opts;
    private final Listener listener;
    private final ExtractStats stats = new ExtractStats();
    private final byte[] buf = new byte[CHUNK];
    /** First extracted path of each multiply-linked inode, until all its other links are made. */
    private final Map<InodeKey, Path> firstLink = new HashMap<>();
    private final Map<InodeKey, Long> linksLeft = new HashMap<>();
    private final Set<InodeKey> openDirs = new HashSet<>();

    public TreeExtractor(Options opts, Listener listener) {
        this.opts = opts;
        this.listener = listener;
    }

    /**
     * Extracts {@code path} of {@code view} (null or "/" for its root) to {@code dest}: a directory's
     * content goes into {@code dest} (which must exist), anything else becomes {@code dest/NAME}. Path
     * components that are subvolume entries lead into those subvolumes.
     *
     * @throws BcachefsException NOT_FOUND when the path does not exist; other codes when its start cannot be read
     */
    public ExtractStats extract(FsView view, String path, Path dest) throws IOException {
        Located start = resolve(view, path == null ? "/" : path);
        stats.ownersSkipped = !opts.restoreOwners;
        FileStat st = start.view.stat(start.ino);
        if (st.isDirectory()) {
            Deque<DirFrame> stack = new ArrayDeque<>();
            openDirs.add(new InodeKey(start.view.subvolId(), start.ino));
            stack.push(new DirFrame(start.view, start.ino, st, dest, start.src, start.view.readdir(start.ino).iterator()));
            walk(stack);
        } else {
            extractNonDir(start.view, start.ino, st, dest.resolve(start.name), start.src);
        }
        listener.progress(stats);
        return stats;
    }

    public ExtractStats stats() {
        return stats;
    }

    private record Located(FsView view, long ino, String name, String src) {}

    /** Walks {@code path} one component at a time, crossing into subvolumes; symlinks are not followed. */
    static Located resolve(FsView view, String path) {
        Deque<Located> stack = new ArrayDeque<>();
        stack.push(new Located(view, view.rootIno(), "", ""));
        for (String comp : path.split("/")) {
            if (comp.isEmpty() || comp.equals(".")) continue;
            if (comp.equals("..")) {
                if (stack.size() > 1) stack.pop();
                continue;
            }
            Located cur = stack.peek();
            String here = cur.src + "/" + comp;
            if (!cur.view.stat(cur.ino).isDirectory()) {
                throw new BcachefsException(ErrorCode.NOT_FOUND, (cur.src.isEmpty() ? "/" : cur.src) + ": not a directory (resolving " + path + ")");
            }
            DirEntry de = cur.view.lookup(cur.ino, comp.getBytes(StandardCharsets.UTF_8));
            if (de == null) throw new BcachefsException(ErrorCode.NOT_FOUND, here + ": no such file or directory in subvolume " + cur.view.subvolId());
            if (de.isSubvolume()) {
                FsView sv = cur.view.subvolume(de.subvol());
                stack.push(new Located(sv, sv.rootIno(), comp, here));
            } else {
                stack.push(new Located(cur.view, de.ino(), comp, here));
            }
        }
        return stack.peek();
    }

    private void walk(Deque<DirFrame> stack) {
        while (!stack.isEmpty()) {
            DirFrame f = stack.peek();
            if (!f.entries.hasNext()) {
                stack.pop();
                openDirs.remove(new InodeKey(f.view.subvolId(), f.ino));
                applyMeta(f.view, f.ino, f.st, f.out, f.src, false);
                continue;
            }
            DirEntry de = f.entries.next();
            String src = f.src + "/" + de.name();
            try {
                Path out = outPath(f.out, de, src);
                if (out == null) continue;
                DirFrame child = entry(f.view, de, out, src);
                if (child != null) stack.push(child);
            } catch (BcachefsException e) {
                error(src, e.getMessage());
            } catch (IOException | RuntimeException e) {
                error(src, hostReason(e));
            }
            listener.progress(stats);
        }
    }

    /** The host path for an entry, or null (reported) when its name cannot be a host file name. */
    private Path outPath(Path dir, DirEntry de, String src) {
        byte[] raw = de.rawName() != null ? de.rawName() : de.name().getBytes(StandardCharsets.UTF_8);
        boolean bad = raw.length == 0 || (raw.length == 1 && raw[0] == '.') || (raw.length == 2 && raw[0] == '.' && raw[1] == '.');
        for (byte b : raw) bad |= b == '/' || b == 0;
        if (bad) {
            error(src, "invalid file name in directory entry (inode " + de.ino() + "), skipped");
            return null;
        }
        if (!Arrays.equals(de.name().getBytes(StandardCharsets.UTF_8), raw)) {
            error(src, "file name is not valid UTF-8 and cannot be reproduced exactly, skipped");
            return null;
        }
        try {
            return dir.resolve(de.name());
        } catch (InvalidPathException e) {
            error(src, "file name not representable on this host (" + e.getReason() + "), skipped");
            return null;
        }
    }

    /** Extracts one entry; returns a frame when it is a directory to descend into. */
    private DirFrame entry(FsView view, DirEntry de, Path out, String src) throws IOException {
        if (de.isSubvolume()) {
            FsView sv = view.subvolume(de.subvol());
            long root = sv.rootIno();
            FileStat st = sv.stat(root);
            if (!opts.allSubvolumes) {
                makeDir(out);
                stats.dirs++;
                notReproduced(src, SUBVOLUMES, "subvolume " + de.subvol() + " created as an empty directory (--all-subvolumes descends into it)");
                applyMeta(sv, root, st, out, src, false);
                return null;
            }
            return enterDir(sv, root, st, out, src);
        }
        FileStat st = view.stat(de.ino());
        if (st.isDirectory()) return enterDir(view, de.ino(), st, out, src);
        extractNonDir(view, de.ino(), st, out, src);
        return null;
    }

    private DirFrame enterDir(FsView view, long ino, FileStat st, Path out, String src) throws IOException {
        InodeKey key = new InodeKey(view.subvolId(), ino);
        if (!openDirs.add(key)) {
            error(src, "directory loop: inode " + ino + " of subvolume " + view.subvolId() + " is its own ancestor, skipped");
            return null;
        }
        List<DirEntry> entries;
        try {
            entries = view.readdir(ino);
        } catch (RuntimeException e) {
            openDirs.remove(key);
            throw e;
        }
        makeDir(out);
        stats.dirs++;
        return new DirFrame(view, ino, st, out, src, entries.iterator());
    }

    private void makeDir(Path out) throws IOException {
        if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS) && opts.replaceExisting) return;
        clearForReplace(out);
        Files.createDirectory(out);
    }

    /** With replaceExisting, removes a non-directory at {@code out} so it can be created afresh. */
    private void clearForReplace(Path out) throws IOException {
        if (!opts.replaceExisting || !Files.exists(out, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(out.toString(), null, "a directory is in the way");
        }
        Files.delete(out);
    }

    private void extractNonDir(FsView view, long ino, FileStat st, Path out, String src) throws IOException {
        InodeKey key = st.nlink() > 1 ? new InodeKey(view.subvolId(), ino) : null;
        Path first = key != null ? firstLink.get(key) : null;
        if (first != null) {
            clearForReplace(out);
            Files.createLink(out, first);
            stats.hardlinks++;
            if (linksLeft.merge(key, -1L, Long::sum) <= 0) {
                firstLink.remove(key);
                linksLeft.remove(key);
            }
            return;
        }
        int type = st.mode() & FileStat.S_IFMT;
        switch (type) {
            case FileStat.S_IFREG -> {
                clearForReplace(out);
                Files.createFile(out);
                remember(key, out, st);
                stats.files++;
                copyData(view, ino, st, out, src);
                applyMeta(view, ino, st, out, src, false);
            }
            case FileStat.S_IFLNK -> {
                byte[] target = view.readlink(ino);
                for (byte b : target) {
                    if (b == 0) throw new BcachefsException(ErrorCode.CORRUPT, "symlink target " + escape(target) + " contains a NUL byte");
                }
                clearForReplace(out);
                if (NativeCalls.available()) {
                    NativeCalls.symlink(target, out);
                } else {
                    Path tp = Path.of(new String(target, StandardCharsets.UTF_8));
                    Files.createSymbolicLink(out, tp);
                    if (!Arrays.equals(tp.toString().getBytes(StandardCharsets.UTF_8), target)) {
                        notReproduced(src, SYMLINK_TARGETS, "symlink target " + escape(target) + " written as " + tp);
                    }
                }
                remember(key, out, st);
                stats.symlinks++;
                applyMeta(view, ino, st, out, src, true);
            }
            case 0020000, 0060000 -> notReproduced(src, DEVICES, (type == 0020000 ? "character" : "block") + " device "
                    + (st.rdev() >>> 8 & 0xfff) + ":" + ((st.rdev() & 0xff) | (st.rdev() >>> 12 & ~0xffL)) + " not created (no mknod from Java)");
            case 0010000 -> notReproduced(src, FIFOS, "fifo not created (no mkfifo from Java)");
            case 0140000 -> notReproduced(src, SOCKETS, "socket not created");
            default -> error(src, "unknown file type in mode 0" + Integer.toOctalString(st.mode()) + ", skipped");
        }
    }

    private void remember(InodeKey key, Path out, FileStat st) {
        if (key == null) return;
        firstLink.put(key, out);
        linksLeft.put(key, st.nlink() - 1);
    }

    /** Writes the data ranges of a regular file, then its size: holes are never written. */
    private void copyData(FsView view, long ino, FileStat st, Path out, String src) throws IOException {
        long size = st.size();
        long lost = 0;
        String reason = null;
        try (RandomAccessFile raf = new RandomAccessFile(out.toFile(), "rw"); FileChannel ch = raf.getChannel()) {
            if (size > 0) {
                List<long[]> ranges;
                try {
                    ranges = view.dataRanges(ino, 0, size);
                } catch (BcachefsException e) {
                    ranges = List.of(new long[] {0, size});
                    reason = "cannot map its extents: " + e.getMessage();
                }
                long data = 0;
                for (long[] r : ranges) {
                    long a = Math.max(0, r[0]), b = Math.min(size, r[1]);
                    if (b <= a) continue;
                    data += b - a;
                    for (long off = a; off < b; ) {
                        int len = (int) Math.min(buf.length, b - off);
                        try {
                            int n = readFully(view, ino, off, len);
                            write(ch, n, off);
                            if (n < len) break; // the file ends earlier than its size said
                        } catch (BcachefsException e) {
                            if (reason == null) reason = e.getMessage();
                            lost += salvageable(e.code()) ? salvage(view, ino, ch, off, len) : len;
                        }
                        off += len;
                        listener.progress(stats);
                    }
                }
                stats.holeBytes += size - data;
            }
            raf.setLength(size);
        }
        if (reason != null) {
            error(src, reason + (lost > 0 ? " (" + lost + " of " + size + " bytes unreadable, left as holes)" : ""));
        }
    }

    /** Whether retrying smaller pieces can save data: yes for damage, no for what can never be read. */
    static boolean salvageable(ErrorCode code) {
        return switch (code) {
            case CHECKSUM, CORRUPT, IO, MISSING_DEVICE -> true;
            default -> false;
        };
    }

    /** Reads {@code [off, off+len)} block by block after a failure; returns the bytes that stayed unreadable. */
    private long salvage(FsView view, long ino, FileChannel ch, long off, int len) throws IOException {
        long lost = 0;
        for (int p = 0; p < len; p += SALVAGE) {
            int l = Math.min(SALVAGE, len - p);
            try {
                int n = readFully(view, ino, off + p, l);
                write(ch, n, off + p);
            } catch (BcachefsException e) {
                lost += l;
            }
        }
        return lost;
    }

    private int readFully(FsView view, long ino, long off, int len) {
        int got = 0;
        while (got < len) {
            int n = view.read(ino, off + got, buf, got, len - got);
            if (n <= 0) break;
            got += n;
        }
        return got;
    }

    private void write(FileChannel ch, int n, long off) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        long pos = off;
        while (bb.hasRemaining()) pos += ch.write(bb, pos);
        stats.bytes += n;
    }

    /**
     * Owner, xattrs, mode, times — in that order: chown clears setuid bits and security.capability, and a
     * mode without write permission would forbid setting xattrs as a user.
     */
    private void applyMeta(FsView view, long ino, FileStat st, Path out, String src, boolean symlink) {
        String where = src.isEmpty() ? "/" : src;
        try {
            if (opts.restoreOwners) HostAttrs.setOwner(out, st.uid(), st.gid());
        } catch (IOException | RuntimeException e) {
            error(where, "cannot set owner: " + hostReason(e));
        }
        try {
            for (String name : view.listxattr(ino)) {
                byte[] value = view.getxattr(ino, name);
                if (value == null) continue;
                setXattr(out, where, name, value);
            }
        } catch (BcachefsException e) {
            error(where, "cannot read xattrs: " + e.getMessage());
        }
        try {
            if (!symlink) HostAttrs.setMode(out, st.mode());
            HostAttrs.setTimes(out, st.atimeNs(), st.mtimeNs());
        } catch (IOException | RuntimeException e) {
            error(where, "cannot set mode or times: " + hostReason(e));
        }
    }

    /** user.* through Java; other namespaces through lsetxattr when native calls are available. */
    private void setXattr(Path out, String where, String name, byte[] value) {
        try {
            if (name.startsWith("user.") && !NativeCalls.available()) {
                HostAttrs.setUserXattr(out, name.substring(5), value);
            } else if (NativeCalls.available()) {
                NativeCalls.lsetxattr(out, name, value);
            } else {
                notReproduced(where, XATTRS, "xattr " + name + " not set (only user.* without native access)");
            }
        } catch (IOException | UnsupportedOperationException e) {
            notReproduced(where, XATTRS, "xattr " + name + " not set: " + hostReason(e));
        }
    }

    private void error(String src, String reason) {
        stats.errors++;
        listener.error(src, reason);
    }

    private void notReproduced(String src, String category, String what) {
        stats.skip(category);
        listener.notReproduced(src, category, what);
    }

    static String hostReason(Throwable e) {
        if (e instanceof FileAlreadyExistsException fe && fe.getReason() != null) return fe.getFile() + ": " + fe.getReason();
        if (e instanceof FileAlreadyExistsException fe) return fe.getFile() + " already exists";
        if (e instanceof DirectoryNotEmptyException de) return de.getFile() + ": directory not empty";
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') sb.append((char) c);
            else sb.append(String.format("\\x%02x", c));
        }
        return sb.append('"').toString();
    }
}
