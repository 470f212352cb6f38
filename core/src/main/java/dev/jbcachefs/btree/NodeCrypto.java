package dev.jbcachefs.btree;

import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;

/**
 * Encryption of btree node contents on encrypted filesystems, seen from the node reader: checksums
 * (Poly1305 MACs) and the ChaCha20 keystream are keyed by the filesystem key and a nonce built from the
 * bset's seq, journal_seq and byte offset in the node ({@code btree_nonce}). The filesystem supplies an
 * implementation once it holds the key; unencrypted filesystems pass none.
 */
public interface NodeCrypto {
    /** The checksum of {@code b[off..off+len)} with the nonce for this bset, offset by {@code nonceAddBytes}. */
    Csum checksum(CsumType type, long bsetSeq, long journalSeq, int nodeByteOffset, byte[] b, int off, int len);

    /** Decrypts {@code b[off..off+len)} in place, with the bset's nonce advanced by {@code nonceAddBytes}. */
    void decrypt(CsumType type, long bsetSeq, long journalSeq, int nodeByteOffset, long nonceAddBytes, byte[] b, int off, int len);
}
