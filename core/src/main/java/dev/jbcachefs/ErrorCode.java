package dev.jbcachefs;

/**
 * Stable error codes, the registry every {@link BcachefsException} draws from. The ids never change
 * meaning: scripts and the FUSE layer (which maps them to errno values) rely on them.
 */
public enum ErrorCode {
    /** An on-disk structure failed validation (bad magic, field out of range, truncated). */
    CORRUPT(1, "EIO"),
    /** A checksum or MAC did not match. */
    CHECKSUM(2, "EIO"),
    /** A feature, version or type this implementation does not support. */
    UNSUPPORTED(3, "EOPNOTSUPP"),
    /** A device of the filesystem is missing or cannot be opened. */
    MISSING_DEVICE(4, "ENODEV"),
    /** The passphrase is wrong or missing. */
    BAD_PASSPHRASE(5, "EACCES"),
    /** A bad argument from the caller (option, btree name, position). */
    INVALID_ARGUMENT(6, "EINVAL"),
    /** An I/O error from the host. */
    IO(7, "EIO"),
    /** Something that should exist does not (path, inode, key). */
    NOT_FOUND(8, "ENOENT");

    private final int id;
    private final String errno;

    ErrorCode(int id, String errno) {
        this.id = id;
        this.errno = errno;
    }

    public int id() {
        return id;
    }

    /** The errno name this code maps to at the FUSE boundary. */
    public String errno() {
        return errno;
    }
}
