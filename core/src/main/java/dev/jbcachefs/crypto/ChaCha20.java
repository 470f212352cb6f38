package dev.jbcachefs.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;

/**
 * ChaCha20 keystream XOR with bcachefs's IV layout, on the JDK's intrinsic cipher. bcachefs runs the
 * original ChaCha20 with a 128-bit IV whose word 0 is a 32-bit block counter that wraps without carry;
 * the JDK's RFC 8439 cipher takes the same state with counter = word 0 and nonce = words 1..3, but refuses
 * to run past counter 2^32 - 1, so a run that would wrap is split there and restarted at counter 0.
 * The cipher is initialised in DECRYPT_MODE (the same XOR) to avoid the JDK's key-and-nonce reuse check.
 */
final class ChaCha20 {
    private static final long COUNTER_SPAN = 1L << 32;
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("ChaCha20");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no ChaCha20 cipher", e);
        }
    });

    private ChaCha20() {}

    /** XORs {@code b[off..off+len)} in place with the keystream of {@code key} and {@code nonce}. */
    static void xor(BchKey key, Nonce nonce, byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        byte[] iv = nonce.rfcNonce();
        long counter = nonce.w0() & 0xffffffffL;
        Cipher c = CIPHER.get();
        while (len > 0) {
            long room = (COUNTER_SPAN - counter) * Nonce.BLOCK;
            int chunk = (int) Math.min(len, room);
            try {
                c.init(Cipher.DECRYPT_MODE, key.spec(), new ChaCha20ParameterSpec(iv, (int) counter));
                int n = c.doFinal(b, off, chunk, b, off);
                if (n != chunk) throw new IllegalStateException("ChaCha20 returned " + n + " of " + chunk + " bytes");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ChaCha20 failed", e);
            }
            off += chunk;
            len -= chunk;
            counter = 0;
        }
    }

    /** The first {@code n} keystream bytes of {@code nonce}. */
    static byte[] keystream(BchKey key, Nonce nonce, int n) {
        byte[] out = new byte[n];
        xor(key, nonce, out, 0, n);
        return out;
    }
}
