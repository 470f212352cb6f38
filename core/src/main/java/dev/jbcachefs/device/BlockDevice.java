package dev.jbcachefs.device;

import dev.jbcachefs.util.Segments;
import java.io.Closeable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A device of a filesystem as jbcachefs sees it: a named array of bytes read by absolute offset. Image
 * files and block devices are opened as {@link FileBlockDevice}; tests wrap devices to inject faults.
 * Reads past the end are errors that name the device and offset, never partial data.
 */
public interface BlockDevice extends Closeable {
    /** The name upstream prints for this device (the file name as given, without directories). */
    String name();

    /** The path or description given by the user. */
    String path();

    /** Size in bytes. */
    long size();

    /** Reads exactly {@code len} bytes at byte offset {@code pos} into {@code dst[off..]}. */
    void read(long pos, byte[] dst, int off, int len);

    /**
     * Throws the error every device gives for a read outside {@code [0, size)}: it names the device, the
     * offset and the length, so a corrupt pointer reads as a one-line error, never as short data.
     */
    static void checkRange(String name, long size, long pos, int len) {
        if (pos < 0 || len < 0 || pos > size - len) {
            throw new dev.jbcachefs.BcachefsException(dev.jbcachefs.ErrorCode.CORRUPT, name + ": read of " + len + " bytes at offset " + pos
                    + " is beyond the end of the device (" + size + " bytes)");
        }
    }

    /**
     * Reads exactly {@code dst.byteSize()} bytes at byte offset {@code pos} into {@code dst}, which may be
     * native memory. This default goes through an array; {@link FileBlockDevice} reads native memory directly.
     */
    default void read(long pos, MemorySegment dst) {
        byte[] a = Segments.array(dst);
        if (a != null) {
            read(pos, a, Segments.offset(dst), Segments.length(dst));
            return;
        }
        byte[] tmp = new byte[Segments.length(dst)];
        read(pos, tmp, 0, tmp.length);
        MemorySegment.copy(tmp, 0, dst, ValueLayout.JAVA_BYTE, 0, tmp.length);
    }

    default byte[] read(long pos, int len) {
        byte[] b = new byte[len];
        read(pos, b, 0, len);
        return b;
    }

    @Override
    void close();
}
