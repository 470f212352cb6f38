package dev.jbcachefs.crypto;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.sb.Crypt;
import dev.jbcachefs.sb.SbField;
import dev.jbcachefs.sb.SbFieldType;
import dev.jbcachefs.sb.Superblock;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The passphrase key derivation on top of the superblock's {@link Crypt} field (decoded in {@code sb}, which
 * show-super prints as it is): before a key is derived the field must name scrypt as its KDF (upstream's
 * crypt validate) and its scrypt parameters must be sane and fit a bounded amount of memory, since they come
 * from disk and size an allocation.
 */
final class Kdf {
    /** scrypt salt: "bcache" with its terminating NUL (C's {@code sizeof("bcache")}). */
    private static final byte[] SCRYPT_SALT = {'b', 'c', 'a', 'c', 'h', 'e', 0};
    /** Upper bound on scrypt's memory (128 · r · N bytes); bcachefs's default needs 16 MiB. */
    static final long MAX_SCRYPT_MEMORY = 1L << 30;

    private Kdf() {}

    /** The validated crypt field of {@code sb}, or null when the filesystem is not encrypted. */
    static Crypt cryptField(Superblock sb) {
        SbField f = sb.field(SbFieldType.CRYPT);
        return f == null ? null : decode(f, sb.deviceName());
    }

    /** Decodes one crypt field and validates it as upstream's validate does (size, KDF type). */
    static Crypt decode(SbField f, String dev) {
        Crypt c = Crypt.decode(f, dev);
        if (c.kdfType() != Crypt.KDF_SCRYPT) throw BcachefsException.corrupt("bad kdf type " + c.kdfType(), Crypt.where(f, dev));
        return c;
    }

    /** Checks the scrypt parameters before they size an allocation; the message names {@code dev}. */
    static void checkScrypt(Crypt c, String dev) {
        int n = c.scryptNLog2(), r = c.scryptRLog2(), p = c.scryptPLog2();
        String where = dev + " superblock crypt field";
        if (n < 1 || n > 30 || r > 30 || p > 30 || r + p >= 30) {
            throw BcachefsException.corrupt("scrypt parameters out of range: log2 n " + n + " r " + r + " p " + p, where);
        }
        if (r == 0 && n >= 16) {
            throw BcachefsException.corrupt("scrypt n 2^" + n + " too large for r 1", where);
        }
        if ((1L << p) > Integer.MAX_VALUE / (1024L << r)) {
            throw BcachefsException.corrupt("scrypt p 2^" + p + " too large for r 2^" + r, where);
        }
        long mem = 128L << (n + r);
        if (mem > MAX_SCRYPT_MEMORY || n + r > 40) {
            throw new BcachefsException(ErrorCode.UNSUPPORTED, where + ": scrypt parameters (log2 n " + n + " r " + r
                    + ") need " + (mem >> 20) + " MiB, more than the " + (MAX_SCRYPT_MEMORY >> 20) + " MiB this jbcachefs allows");
        }
    }

    /** scrypt(passphrase up to its first NUL, "bcache\0", 2^n, 2^r, 2^p) → 32-byte key. */
    static BchKey derivePassphraseKey(Crypt c, byte[] passphrase, String dev) {
        checkScrypt(c, dev);
        int len = 0;
        while (len < passphrase.length && passphrase[len] != 0) len++;
        byte[] pw = Arrays.copyOf(passphrase, len);
        byte[] out = SCrypt.generate(pw, SCRYPT_SALT, 1 << c.scryptNLog2(), 1 << c.scryptRLog2(), 1 << c.scryptPLog2(), BchKey.BYTES);
        try {
            return BchKey.of(out, 0);
        } finally {
            Arrays.fill(pw, (byte) 0);
            Arrays.fill(out, (byte) 0);
        }
    }
}
