package dev.jbcachefs.fuse;

/**
 * A request the daemon refuses with an errno: a malformed request (bad length, missing NUL terminator),
 * an operation a read-only mount does not do, or a lookup that finds nothing. Thrown inside request
 * handling only; the dispatcher turns it into the error reply, so it never ends a worker.
 */
final class FuseError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int errno;

    FuseError(int errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }
}
