/**
 * bcachefs encryption: ChaCha20 (the original 128-bit-IV variant, word 0 = 32-bit block counter) and raw
 * Poly1305 over the ciphertext (encrypt-then-MAC), the per-structure nonces, and the scrypt passphrase key
 * ({@link dev.jbcachefs.crypto.Kdf}) that unwraps the master key stored in the superblock's {@code crypt}
 * field (decoded once, by {@link dev.jbcachefs.sb.Crypt}).
 *
 * <p>Design: {@link dev.jbcachefs.crypto.Nonce} is a value with one factory per on-disk structure, so callers
 * never assemble nonce words themselves; {@link dev.jbcachefs.crypto.Crypto} is the only entry point that
 * touches key material, and {@link dev.jbcachefs.crypto.BchKey} never exposes its bytes outside this
 * package. The JDK provides ChaCha20 (intrinsic), Bouncy Castle the raw Poly1305 and scrypt.
 */
package dev.jbcachefs.crypto;
