package dev.jbcachefs;

/**
 * The one exception type jbcachefs throws for anything wrong with the filesystem or its input: a corrupt
 * structure, a bad checksum, a missing device, an unsupported feature, a wrong passphrase. It carries a
 * stable {@link ErrorCode} and a message that already says what and where (device, structure, offset,
 * key), so that the CLI prints {@link #getMessage()} as its one-line error and exits non-zero without a
 * stack trace.
 */
public class BcachefsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public BcachefsException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public BcachefsException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** A corrupt on-disk structure: {@code what} names it, {@code where} locates it. */
    public static BcachefsException corrupt(String what, String where) {
        return new BcachefsException(ErrorCode.CORRUPT, what + " (" + where + ")");
    }
}
