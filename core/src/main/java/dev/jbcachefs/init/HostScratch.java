package dev.jbcachefs.init;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Native memory a thread reuses for its host calls during a source-tree walk: an errno state, a
 * {@code statx} buffer, a NUL-terminated path and a read buffer. A walk makes several such calls per file
 * (statx, llistxattr, open, pread) for tens of thousands of files; allocating (and zeroing) fresh native
 * memory in a new arena for each was a measurable share of the walk thread's time, which bounds
 * {@code format --source} on trees of many small files. The segments belong to an automatic arena, so they
 * live as long as the thread's scratch is reachable, and never grow but the path buffer. The state holds
 * errno only from a call to the next (read it at once); {@link #path} is valid until the next call; the
 * read buffer is lent to one holder at a time ({@link #takeReadBuffer}).
 */
final class HostScratch {
    private static final ThreadLocal<HostScratch> LOCAL = ThreadLocal.withInitial(HostScratch::new);
    /** Size of the reusable read buffer: the format data path reads at most this much at a time. */
    static final long READ_BYTES = DataCopy.CHUNK;

    private final Arena arena = Arena.ofAuto();
    final MemorySegment state = HostLibc.state(arena);
    final MemorySegment statx = arena.allocate(HostLibc.STATX_BYTES, 8);
    private MemorySegment path = arena.allocate(4096);
    private MemorySegment read;
    private boolean readLent;

    private HostScratch() {}

    /** This thread's scratch. */
    static HostScratch get() {
        return LOCAL.get();
    }

    /** {@code s} NUL-terminated in the path buffer (valid until the next call on this thread). */
    MemorySegment path(byte[] s) {
        if (path.byteSize() < s.length + 1L) path = arena.allocate(Math.max(s.length + 1L, 2 * path.byteSize()));
        MemorySegment.copy(s, 0, path, JAVA_BYTE, 0, s.length);
        path.set(JAVA_BYTE, s.length, (byte) 0);
        return path;
    }

    /** The read buffer ({@link #READ_BYTES}) when not lent out already, else null. Give it back with {@link #returnReadBuffer}. */
    MemorySegment takeReadBuffer() {
        if (readLent) return null;
        if (read == null) read = arena.allocate(READ_BYTES, 4096);
        readLent = true;
        return read;
    }

    void returnReadBuffer() {
        readLent = false;
    }
}
