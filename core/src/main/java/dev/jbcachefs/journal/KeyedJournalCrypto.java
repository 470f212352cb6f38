package dev.jbcachefs.journal;

import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.crypto.BchKey;
import dev.jbcachefs.crypto.Crypto;
import dev.jbcachefs.crypto.KeyedNodeCrypto;
import dev.jbcachefs.crypto.Nonce;
import dev.jbcachefs.sb.Superblock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link JournalCrypto} with the filesystem's unlocked master key: jset MACs and decryption through
 * {@link Crypto}, with the journal nonce taken from the jset's seq ({@link Nonce#journal}). It exists so
 * that the journal reader needs no key material of its own.
 */
public final class KeyedJournalCrypto implements JournalCrypto {
    private final BchKey key;

    public KeyedJournalCrypto(BchKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * Journal crypto for the filesystem of {@code sb}: null when it is not encrypted, otherwise the master
     * key unlocked (asking {@code passphrase} only when the key is wrapped).
     */
    public static KeyedJournalCrypto open(Superblock sb, Supplier<byte[]> passphrase) {
        KeyedNodeCrypto n = KeyedNodeCrypto.open(sb, passphrase);
        return n == null ? null : new KeyedJournalCrypto(n.key());
    }

    @Override
    public Csum checksum(CsumType type, byte[] b, int jsetOff, int off, int len) {
        return Crypto.checksum(type, key, Nonce.journal(b, jsetOff), b, off, len);
    }

    @Override
    public void decrypt(CsumType type, byte[] b, int jsetOff, int off, int len) {
        Crypto.crypt(key, Nonce.journal(b, jsetOff), b, off, len);
    }

    @Override
    public String toString() {
        return "KeyedJournalCrypto[key redacted]";
    }
}
