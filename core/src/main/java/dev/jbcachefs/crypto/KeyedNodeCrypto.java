package dev.jbcachefs.crypto;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.btree.NodeCrypto;
import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.sb.Crypt;
import dev.jbcachefs.sb.Superblock;
import java.util.function.Supplier;

/**
 * The btree reader's {@link NodeCrypto} backed by the unlocked master key: MACs and keystream under
 * {@link Nonce#btree}. It exists so that the btree package needs no key material of its own and the
 * filesystem can wire encryption in with one call, {@link #open}.
 */
public final class KeyedNodeCrypto implements NodeCrypto {
    private final BchKey key;

    public KeyedNodeCrypto(BchKey key) {
        this.key = java.util.Objects.requireNonNull(key, "key");
    }

    /**
     * Node crypto for the filesystem of {@code sb}: null when it is not encrypted; otherwise the master key
     * unlocked, asking {@code passphrase} only when the key is wrapped.
     *
     * @throws BcachefsException BAD_PASSPHRASE when the passphrase is missing or wrong
     */
    public static KeyedNodeCrypto open(Superblock sb, Supplier<byte[]> passphrase) {
        Crypt c = Kdf.cryptField(sb);
        if (c == null) {
            if (sb.encrypted()) throw BcachefsException.corrupt("encryption_type is set but there is no crypt field", sb.deviceName() + " superblock");
            return null;
        }
        byte[] pw = null;
        if (c.keyIsEncrypted()) {
            pw = passphrase != null ? passphrase.get() : null;
            if (pw == null) {
                throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, sb.deviceName() + ": filesystem is encrypted and no passphrase was given");
            }
        }
        try {
            return new KeyedNodeCrypto(Crypto.unlock(sb, pw));
        } finally {
            if (pw != null) java.util.Arrays.fill(pw, (byte) 0);
        }
    }

    /** The master key (for data extents and the journal). */
    public BchKey key() {
        return key;
    }

    @Override
    public Csum checksum(CsumType type, long bsetSeq, long journalSeq, int nodeByteOffset, byte[] b, int off, int len) {
        return Crypto.checksum(type, key, Nonce.btree(bsetSeq, journalSeq, nodeByteOffset), b, off, len);
    }

    @Override
    public void decrypt(CsumType type, long bsetSeq, long journalSeq, int nodeByteOffset, long nonceAddBytes, byte[] b, int off, int len) {
        if (!type.isEncryption()) return;
        Crypto.crypt(key, Nonce.btree(bsetSeq, journalSeq, nodeByteOffset).add(nonceAddBytes), b, off, len);
    }

    @Override
    public String toString() {
        return "KeyedNodeCrypto[key redacted]";
    }
}
