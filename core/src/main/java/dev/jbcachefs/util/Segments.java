package dev.jbcachefs.util;

import java.lang.foreign.MemorySegment;

/**
 * The byte array behind a heap memory segment, so that code taking either a {@code byte[]} or a
 * {@link MemorySegment} destination keeps its array fast path (the codecs and ciphers want arrays) and
 * only native destinations (the mount's reply buffers) go through segment code.
 */
public final class Segments {
    private Segments() {}

    /** The array {@code s} is a view of, or null when it is native memory (or read-only or not a byte[]). */
    public static byte[] array(MemorySegment s) {
        return s.isNative() || s.isReadOnly() ? null : s.heapBase().orElse(null) instanceof byte[] b ? b : null;
    }

    /** Index in {@link #array} of the segment's first byte. */
    public static int offset(MemorySegment s) {
        return Math.toIntExact(s.address());
    }

    /** The segment's size as an int, for APIs that take one (every buffer here is below 2 GiB). */
    public static int length(MemorySegment s) {
        return Math.toIntExact(s.byteSize());
    }
}
