package dev.jbcachefs.device;

/**
 * A device jbcachefs may write: only the verbs that change a filesystem (format, and later the read-write
 * mount) open one, so every read-only verb keeps holding a {@link BlockDevice} that cannot write by type.
 * Writes are positional and whole; {@link #flush()} is the durability barrier the write paths order their
 * superblock and journal writes around.
 */
public interface WritableDevice extends BlockDevice {
    /** Writes exactly {@code len} bytes of {@code src[off..]} at byte offset {@code pos}. */
    void write(long pos, byte[] src, int off, int len);

    /** Makes every write issued so far durable (fdatasync for files and block devices). */
    void flush();

    default void write(long pos, byte[] src) {
        write(pos, src, 0, src.length);
    }
}
