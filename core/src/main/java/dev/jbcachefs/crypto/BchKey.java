package dev.jbcachefs.crypto;

import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit ChaCha20 key ({@code struct bch_key}): the filesystem's master key or a passphrase-derived key.
 * It exists so that key bytes never travel as bare arrays through the rest of jbcachefs: only this package
 * sees the bytes, and {@link #toString} prints nothing of them.
 */
public final class BchKey {
    public static final int BYTES = 32;
    private final byte[] key;
    private final SecretKeySpec spec;

    private BchKey(byte[] key) {
        this.key = key;
        this.spec = new SecretKeySpec(key, "ChaCha20");
    }

    /** Copies 32 key bytes from {@code b[off..]}. */
    static BchKey of(byte[] b, int off) {
        if (off < 0 || b.length - off < BYTES) throw new IllegalArgumentException("a bch_key needs 32 bytes");
        return new BchKey(Arrays.copyOfRange(b, off, off + BYTES));
    }

    /** A new random master key (for a filesystem being formatted). */
    public static BchKey random() {
        byte[] k = new byte[BYTES];
        new java.security.SecureRandom().nextBytes(k);
        return new BchKey(k);
    }

    SecretKeySpec spec() {
        return spec;
    }

    /** A copy of the key bytes (for writing a new crypt field). */
    byte[] bytes() {
        return key.clone();
    }

    /** Constant-time comparison of two keys. */
    public boolean sameKey(BchKey other) {
        return java.security.MessageDigest.isEqual(key, other.key);
    }

    @Override
    public String toString() {
        return "BchKey[redacted]";
    }
}
