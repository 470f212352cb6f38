package dev.jbcachefs.journal;

import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;

/**
 * The keyed half of journal verification, plugged in for encrypted filesystems (null otherwise). The
 * journal code decides the byte ranges; an implementation only supplies the keyed primitives with the
 * journal nonce ({@code Nonce.journal(jset, jsetOff)}: words 0, seq lo, seq hi, BCH_NONCE_JOURNAL).
 */
public interface JournalCrypto {
    /**
     * MAC of {@code b[off..off+len)} with {@code type} (an encryption type), using the nonce of the jset
     * starting at {@code jsetOff}.
     */
    Csum checksum(CsumType type, byte[] b, int jsetOff, int off, int len);

    /** Decrypts {@code b[off..off+len)} in place, with the nonce of the jset starting at {@code jsetOff}. */
    void decrypt(CsumType type, byte[] b, int jsetOff, int off, int len);
}
