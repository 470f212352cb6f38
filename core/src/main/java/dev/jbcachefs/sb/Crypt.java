package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Le;
import java.util.Arrays;

/**
 * The {@code crypt} field of an encrypted filesystem: {@code le64 flags} (KDF type in bits 0..4),
 * {@code le64 kdf_flags} (scrypt log2 N, log2 r, log2 p in 16-bit fields), then the encrypted master key
 * ({@code le64 magic; u8 key[32]}), which a key derived from the passphrase decrypts.
 */
public record Crypt(int kdfType, int scryptNLog2, int scryptRLog2, int scryptPLog2, byte[] encryptedKey) {
    /** Body bytes: flags, kdf_flags, magic, 32-byte key. */
    public static final int BODY_BYTES = 8 + 8 + 8 + 32;
    public static final int ENCRYPTED_KEY_BYTES = 40;

    static Crypt decode(SbField f, String dev) {
        if (f.bodyLen() < BODY_BYTES) {
            throw BcachefsException.corrupt("crypt field too short (" + f.bodyLen() + " bytes, " + BODY_BYTES + " needed)", dev + " superblock crypt");
        }
        byte[] b = f.sb();
        int o = f.bodyOff();
        long flags = Le.u64(b, o), kdf = Le.u64(b, o + 8);
        return new Crypt((int) (flags & 0xf), (int) (kdf & 0xffff), (int) ((kdf >>> 16) & 0xffff), (int) ((kdf >>> 32) & 0xffff),
                Arrays.copyOfRange(b, o + 16, o + 16 + ENCRYPTED_KEY_BYTES));
    }

    /** The encrypted key's magic (first 8 bytes of {@link #encryptedKey}), little-endian. */
    public long encryptedMagic() {
        return Le.u64(encryptedKey, 0);
    }

    /** {@code bch2_sb_crypt_to_text}. */
    void toText(PrintBuf out) {
        out.str("KFD:               " + kdfType + "\n");
        out.str("scrypt n:          " + scryptNLog2 + "\n");
        out.str("scrypt r:          " + scryptRLog2 + "\n");
        out.str("scrypt p:          " + scryptPLog2 + "\n");
    }
}
