package dev.jbcachefs.fuse;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;

/**
 * The Linux errno values replies carry (x86-64 and aarch64 share them), and the mapping from a
 * {@link BcachefsException}'s {@link ErrorCode#errno()} name to its number.
 */
final class Errno {
    static final int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, EBADF = 9, EAGAIN = 11, EACCES = 13, EBUSY = 16,
            ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, EROFS = 30, ERANGE = 34, ENAMETOOLONG = 36,
            ENOSYS = 38, ENODATA = 61, EPROTO = 71, EOPNOTSUPP = 95;

    private Errno() {}

    /** The errno a failure of the filesystem layer becomes at the FUSE boundary. */
    static int of(BcachefsException e) {
        return of(e.code());
    }

    static int of(ErrorCode c) {
        return switch (c.errno()) {
            case "ENOENT" -> ENOENT;
            case "EOPNOTSUPP" -> EOPNOTSUPP;
            case "ENODEV" -> ENODEV;
            case "EACCES" -> EACCES;
            case "EINVAL" -> EINVAL;
            default -> EIO;
        };
    }
}
