package dev.jbcachefs.init;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.jbcachefs.BcachefsException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A regular file of a source tree opened for copying: its data ranges ({@code SEEK_DATA}/{@code SEEK_HOLE},
 * so holes of sparse files stay holes) and positioned reads into a caller's buffer through one reusable
 * native buffer (the thread's {@link HostScratch} one, or one of its own when that is in use). Opened without
 * following symlinks. Not thread-safe; close it (try-with-resources) on the thread that opened it.
 */
public final class SourceFile implements AutoCloseable {
    private final byte[] host;
    private final HostScratch scratch;
    private final MemorySegment state;
    private final int fd;
    /** The read buffer: the scratch's while {@code borrowed}, else from this file's own arena (made when first needed). */
    private MemorySegment buf;
    private final boolean borrowed;
    private Arena own;

    private SourceFile(byte[] host, int fd, HostScratch scratch) {
        this.host = host;
        this.fd = fd;
        this.scratch = scratch;
        this.state = scratch.state;
        MemorySegment b = scratch.takeReadBuffer();
        this.borrowed = b != null;
        this.buf = b != null ? b : MemorySegment.NULL;
    }

    /** Opens the file of {@code e} (its host path) read-only. */
    public static SourceFile open(SourceTree.Entry e) {
        byte[] host = e.hostPath();
        HostScratch h = HostScratch.get();
        try {
            MemorySegment s = h.state;
            int fd = (int) HostLibc.OPEN.invokeExact(s, h.path(host), HostLibc.O_RDONLY | HostLibc.O_NOFOLLOW | HostLibc.O_CLOEXEC);
            if (fd < 0) throw SourceTree.fail(host, "open", HostLibc.errno(s));
            return new SourceFile(host, fd, h);
        } catch (BcachefsException ex) {
            throw ex;
        } catch (Throwable t) {
            throw HostLibc.rethrow(t);
        }
    }

    /**
     * The next data range {@code {start, end}} at or after {@code from}, or null when only a hole (or the end)
     * follows. Filesystems without hole support report the whole file as one range.
     */
    public long[] nextData(long from) {
        long start = seek(from, HostLibc.SEEK_DATA);
        if (start < 0) return null;
        long end = seek(start, HostLibc.SEEK_HOLE);
        return end < 0 ? null : new long[] {start, end};
    }

    /** All data ranges (for tests and small files; large sparse files should iterate {@link #nextData}). */
    public List<long[]> dataRanges() {
        List<long[]> out = new ArrayList<>();
        for (long[] r = nextData(0); r != null; r = nextData(r[1])) out.add(r);
        return out;
    }

    /** lseek; -1 for ENXIO (no data at or after the offset). */
    private long seek(long off, int whence) {
        try {
            long r = (long) HostLibc.LSEEK.invokeExact(state, fd, off, whence);
            if (r >= 0) return r;
            int errno = HostLibc.errno(state);
            if (errno == HostLibc.ENXIO) return -1;
            throw SourceTree.fail(host, "lseek", errno);
        } catch (BcachefsException ex) {
            throw ex;
        } catch (Throwable t) {
            throw HostLibc.rethrow(t);
        }
    }

    /**
     * Reads up to {@code len} bytes at file offset {@code pos} into {@code dst[off..]}; fewer only at the end
     * of the file (0 there).
     */
    public int read(long pos, byte[] dst, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, dst.length);
        if (buf.byteSize() < len) {
            if (own == null) own = Arena.ofConfined();
            buf = own.allocate(Math.max(len, 64 << 10), 4096);
        }
        int done = 0;
        try {
            while (done < len) {
                long n = (long) HostLibc.PREAD.invokeExact(state, fd, buf.asSlice(done), (long) (len - done), pos + done);
                if (n < 0) {
                    int errno = HostLibc.errno(state);
                    if (errno == HostLibc.EINTR) continue;
                    throw SourceTree.fail(host, "read at " + (pos + done), errno);
                }
                if (n == 0) break;
                done += (int) n;
            }
        } catch (BcachefsException ex) {
            throw ex;
        } catch (Throwable t) {
            throw HostLibc.rethrow(t);
        }
        MemorySegment.copy(buf, JAVA_BYTE, 0, dst, off, done);
        return done;
    }

    @Override
    public void close() {
        try {
            int ignored = (int) HostLibc.CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw HostLibc.rethrow(t);
        } finally {
            if (borrowed) scratch.returnReadBuffer();
            if (own != null) own.close();
        }
    }
}
