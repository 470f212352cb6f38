package dev.jbcachefs.crypto;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.sb.SbField;
import dev.jbcachefs.sb.SbFieldType;
import dev.jbcachefs.sb.Superblock;
import java.util.Arrays;

/**
 * The {@code crypt} superblock field ({@code struct bch_sb_field_crypt}): {@code le64 flags} (bits 0-3 KDF
 * type, scrypt = 0), {@code le64 kdf_flags} (log2 of scrypt N in bits 0-15, r in 16-31, p in 32-47), then
 * {@code struct bch_encrypted_key { le64 magic; le64 key[4]; }}. Its presence means the filesystem is
 * encrypted; the key is wrapped by the passphrase key unless its magic already reads {@code BCH_KEY_MAGIC}
 * (formatted with {@code --no_passphrase}, or after {@code remove-passphrase}).
 *
 * @param encryptedKey the 40 bytes of {@code bch_encrypted_key} (the accessor returns a copy)
 */
public record CryptField(long flags, long kdfFlags, byte[] encryptedKey) {
    /** {@code BCH_KEY_MAGIC}: "bch**key" read as a little-endian u64. */
    public static final long BCH_KEY_MAGIC = Le.u64("bch**key".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0);
    /** flags + kdf_flags + bch_encrypted_key. */
    public static final int BODY_BYTES = 56;
    public static final int ENCRYPTED_KEY_BYTES = 40;
    public static final int KDF_SCRYPT = 0;

    public CryptField {
        if (encryptedKey.length != ENCRYPTED_KEY_BYTES) throw new IllegalArgumentException("bch_encrypted_key is 40 bytes");
        encryptedKey = encryptedKey.clone();
    }

    /** Decodes and validates the field of {@code sb}, or returns null when the filesystem is not encrypted. */
    public static CryptField of(Superblock sb) {
        SbField f = sb.field(SbFieldType.CRYPT);
        return f == null ? null : decode(f, sb.deviceName());
    }

    /** Decodes and validates one crypt field as upstream's validate does (size, KDF type). */
    public static CryptField decode(SbField f, String dev) {
        String where = dev + " superblock crypt field at byte " + f.off();
        if (f.bodyLen() < BODY_BYTES) {
            throw BcachefsException.corrupt("crypt field too small (" + f.bodyLen() + " < " + BODY_BYTES + " bytes)", where);
        }
        byte[] b = f.sb();
        int o = f.bodyOff();
        CryptField c = new CryptField(Le.u64(b, o), Le.u64(b, o + 8), Arrays.copyOfRange(b, o + 16, o + 16 + ENCRYPTED_KEY_BYTES));
        if (c.kdfType() != KDF_SCRYPT) throw BcachefsException.corrupt("bad kdf type " + c.kdfType(), where);
        return c;
    }

    @Override
    public byte[] encryptedKey() {
        return encryptedKey.clone();
    }

    /** {@code BCH_CRYPT_KDF_TYPE}. */
    public int kdfType() {
        return (int) (flags & 0xf);
    }

    /** {@code BCH_KDF_SCRYPT_N}: log2 of scrypt's N. */
    public int scryptLogN() {
        return (int) (kdfFlags & 0xffff);
    }

    public int scryptLogR() {
        return (int) ((kdfFlags >>> 16) & 0xffff);
    }

    public int scryptLogP() {
        return (int) ((kdfFlags >>> 32) & 0xffff);
    }

    /** The magic of the stored key; {@link #BCH_KEY_MAGIC} when the key is stored unwrapped. */
    public long keyMagic() {
        return Le.u64(encryptedKey, 0);
    }

    /** True when the master key is wrapped by a passphrase ({@code bch2_key_is_encrypted}). */
    public boolean keyIsEncrypted() {
        return keyMagic() != BCH_KEY_MAGIC;
    }

    /** The master key when it is stored unwrapped. */
    BchKey plainKey() {
        if (keyIsEncrypted()) throw new IllegalStateException("the master key is wrapped");
        return BchKey.of(encryptedKey, 8);
    }

    /** Checks the scrypt parameters before they size an allocation; the message names {@code dev}. */
    void checkScrypt(String dev) {
        int n = scryptLogN(), r = scryptLogR(), p = scryptLogP();
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

    /** Upper bound on scrypt's memory (128 · r · N bytes); bcachefs's default needs 16 MiB. */
    static final long MAX_SCRYPT_MEMORY = 1L << 30;

    /** The body text {@code show-super} prints for this field. */
    public void toText(StringBuilder out) {
        out.append("KFD:               ").append(kdfType()).append('\n');
        out.append("scrypt n:          ").append(scryptLogN()).append('\n');
        out.append("scrypt r:          ").append(scryptLogR()).append('\n');
        out.append("scrypt p:          ").append(scryptLogP()).append('\n');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CryptField c && c.flags == flags && c.kdfFlags == kdfFlags && Arrays.equals(c.encryptedKey, encryptedKey);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(flags) * 31 + Long.hashCode(kdfFlags);
    }

    /** Never prints key bytes (an unwrapped key is the master key itself). */
    @Override
    public String toString() {
        return "CryptField[kdf " + kdfType() + ", scrypt log2 n " + scryptLogN() + " r " + scryptLogR() + " p " + scryptLogP()
                + ", key " + (keyIsEncrypted() ? "wrapped" : "unwrapped") + "]";
    }
}
