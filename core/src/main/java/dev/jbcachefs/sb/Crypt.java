package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.util.Printbuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code crypt} field of an encrypted filesystem ({@code struct bch_sb_field_crypt}), the one decoder
 * of it that show-super and unlocking share: {@code le64 flags} (KDF type in bits 0..3, scrypt = 0),
 * {@code le64 kdf_flags} (scrypt log2 N, log2 r, log2 p in 16-bit fields), then the encrypted master key
 * {@code struct bch_encrypted_key { le64 magic; u8 key[32]; }}, which a key derived from the passphrase
 * decrypts unless its magic already reads {@link #BCH_KEY_MAGIC} (formatted with {@code --no_passphrase}).
 *
 * @param encryptedKey the 40 bytes of {@code bch_encrypted_key} (the accessor returns a copy)
 */
public record Crypt(int kdfType, int scryptNLog2, int scryptRLog2, int scryptPLog2, byte[] encryptedKey) {
    /** {@code BCH_KEY_MAGIC}: "bch**key" read as a little-endian u64. */
    public static final long BCH_KEY_MAGIC = Le.u64("bch**key".getBytes(StandardCharsets.US_ASCII), 0);
    /** Body bytes: flags, kdf_flags, magic, 32-byte key. */
    public static final int BODY_BYTES = 8 + 8 + 8 + 32;
    public static final int ENCRYPTED_KEY_BYTES = 40;
    public static final int KDF_SCRYPT = 0;

    public Crypt {
        if (encryptedKey.length != ENCRYPTED_KEY_BYTES) throw new IllegalArgumentException("bch_encrypted_key is 40 bytes");
        encryptedKey = encryptedKey.clone();
    }

    /** Decodes the {@code flags} and {@code kdf_flags} words and the encrypted key. */
    public static Crypt of(long flags, long kdfFlags, byte[] encryptedKey) {
        return new Crypt((int) (flags & 0xf), (int) (kdfFlags & 0xffff), (int) ((kdfFlags >>> 16) & 0xffff),
                (int) ((kdfFlags >>> 32) & 0xffff), encryptedKey);
    }

    /** Decodes one crypt field after checking its size; the message names {@code dev} and the field's offset. */
    public static Crypt decode(SbField f, String dev) {
        if (f.bodyLen() < BODY_BYTES) {
            throw BcachefsException.corrupt("crypt field too small (" + f.bodyLen() + " < " + BODY_BYTES + " bytes)", where(f, dev));
        }
        byte[] b = f.sb();
        int o = f.bodyOff();
        return of(Le.u64(b, o), Le.u64(b, o + 8), Arrays.copyOfRange(b, o + 16, o + 16 + ENCRYPTED_KEY_BYTES));
    }

    /** Where a crypt field sits, for error messages. */
    public static String where(SbField f, String dev) {
        return dev + " superblock crypt field at byte " + f.off();
    }

    @Override
    public byte[] encryptedKey() {
        return encryptedKey.clone();
    }

    /** The encrypted key's magic (first 8 bytes of {@link #encryptedKey}), little-endian. */
    public long encryptedMagic() {
        return Le.u64(encryptedKey, 0);
    }

    /** True when the master key is wrapped by a passphrase ({@code bch2_key_is_encrypted}). */
    public boolean keyIsEncrypted() {
        return encryptedMagic() != BCH_KEY_MAGIC;
    }

    /** {@code bch2_sb_crypt_to_text}. */
    public void toText(Printbuf out) {
        out.prt("KFD:               " + kdfType + "\n");
        out.prt("scrypt n:          " + scryptNLog2 + "\n");
        out.prt("scrypt r:          " + scryptRLog2 + "\n");
        out.prt("scrypt p:          " + scryptPLog2 + "\n");
    }

    /** The body text {@code show-super} prints for this field. */
    public void toText(StringBuilder out) {
        toText(new Printbuf(out));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Crypt c && c.kdfType == kdfType && c.scryptNLog2 == scryptNLog2 && c.scryptRLog2 == scryptRLog2
                && c.scryptPLog2 == scryptPLog2 && Arrays.equals(c.encryptedKey, encryptedKey);
    }

    @Override
    public int hashCode() {
        return ((kdfType * 31 + scryptNLog2) * 31 + scryptRLog2) * 31 + scryptPLog2;
    }

    /** Never prints key bytes (an unwrapped key is the master key itself). */
    @Override
    public String toString() {
        return "Crypt[kdf " + kdfType + ", scrypt log2 n " + scryptNLog2 + " r " + scryptRLog2 + " p " + scryptPLog2
                + ", key " + (keyIsEncrypted() ? "wrapped" : "unwrapped") + "]";
    }
}
