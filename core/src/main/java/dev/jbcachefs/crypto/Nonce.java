package dev.jbcachefs.crypto;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Le;

/**
 * A bcachefs {@code struct nonce}: four little-endian 32-bit words forming the 128-bit ChaCha20 IV, word 0
 * being the block counter (64-byte blocks). Every encrypted structure derives its nonce from a value that
 * is unique for it (bset seq, journal seq, extent version); the top nibble of word 3 separates the
 * domains, so two structures never share a keystream.
 *
 * <p>Facts (bcachefs 1.36): btree bsets use {@code {byteOffsetInNode, seq.lo32, seq.hi32,
 * journal_seq.lo32 ^ BTREE}} where the offset is in <em>bytes</em> ({@code b->written << 9}) and is used
 * directly as the block counter (not divided by 64); journal entries use {@code {0, seq.lo32, seq.hi32,
 * JOURNAL}}; extents use {@code {uncompressed_size << 22 (compressed only), version.lo, version.lo >> 32,
 * (version.hi | compression_type << 24) ^ EXTENT}} advanced by {@code crc.nonce << 9} bytes; the master key
 * is wrapped under {@code {0, 0, uuid[0..4], uuid[4..8]}} (internal UUID); the Poly1305 key of any nonce is
 * the keystream of the same nonce with {@code POLY} xored into word 3.
 */
public record Nonce(int w0, int w1, int w2, int w3) {
    /** Domain separators in word 3 ({@code BCH_NONCE_*}). */
    public static final int EXTENT = 1 << 28, BTREE = 2 << 28, JOURNAL = 3 << 28, PRIO = 4 << 28, POLY = 1 << 31;
    /** ChaCha20 block size: {@link #add} counts in these. */
    public static final int BLOCK = 64;
    /** Offset of {@code seq} in a {@code struct jset}. */
    static final int JSET_SEQ = 24;

    /**
     * The nonce of the bset at {@code byteOffsetInNode} bytes from the start of its btree node (0 for the
     * first bset in {@code struct btree_node}, else the byte offset of its {@code btree_node_entry}, i.e.
     * sectors written × 512). This same nonce keys the MAC; {@link #add} it past the encrypted header for
     * the keys of the first bset (see {@link Crypto}).
     */
    public static Nonce btree(long bsetSeq, long bsetJournalSeq, int byteOffsetInNode) {
        return new Nonce(byteOffsetInNode, (int) bsetSeq, (int) (bsetSeq >>> 32), (int) bsetJournalSeq ^ BTREE);
    }

    /** The nonce of the jset at {@code jsetOff} (its seq is plaintext at offset 24). */
    public static Nonce journal(byte[] jsetBytes, int jsetOff) {
        if (jsetOff < 0 || jsetOff > jsetBytes.length - JSET_SEQ - 8) {
            throw BcachefsException.corrupt("jset header truncated", "journal nonce at byte " + jsetOff);
        }
        return journal(Le.u64(jsetBytes, jsetOff + JSET_SEQ));
    }

    /** The nonce of the journal entry with sequence number {@code seq}. */
    public static Nonce journal(long seq) {
        return new Nonce(0, (int) seq, (int) (seq >>> 32), JOURNAL);
    }

    /**
     * The nonce of an encoded extent ({@code extent_nonce()}).
     *
     * @param versionHi        high 32 bits of the key's version
     * @param versionLo        low 64 bits of the key's version
     * @param compressionType  the crc entry's compression type id; none (0) and incompressible (5) count
     *                         as not compressed, and then neither the type nor the size enter the nonce
     * @param uncompressedSize the crc entry's uncompressed size in sectors (the real value, not biased)
     * @param crcNonce         the crc entry's nonce field (a sector offset into the keystream)
     */
    public static Nonce extent(int versionHi, long versionLo, int compressionType, int uncompressedSize, int crcNonce) {
        boolean compressed = compressionType != 0 && compressionType != 5;
        int type = compressed ? compressionType : 0;
        int size = compressed ? uncompressedSize : 0;
        Nonce n = new Nonce(size << 22, (int) versionLo, (int) (versionLo >>> 32), (versionHi | type << 24) ^ EXTENT);
        return n.add((long) crcNonce << 9);
    }

    /** The nonce that wraps the master key in the crypt field: {@code {0, 0, le64(uuid[0..8])}}. */
    public static Nonce superblockKey(long uuidLe64) {
        return new Nonce(0, 0, (int) uuidLe64, (int) (uuidLe64 >>> 32));
    }

    /** {@code nonce_add}: skips {@code bytes} (a multiple of 64) of keystream by advancing word 0. */
    public Nonce add(long bytes) {
        if (bytes % BLOCK != 0) throw new IllegalArgumentException("nonce_add of " + bytes + " bytes: not a multiple of " + BLOCK);
        return new Nonce(w0 + (int) (bytes / BLOCK), w1, w2, w3);
    }

    /** This nonce with {@code BCH_NONCE_POLY} in word 3: its first 32 keystream bytes are the Poly1305 key. */
    public Nonce poly() {
        return new Nonce(w0, w1, w2, w3 ^ POLY);
    }

    /** Words 1..3 as the 12-byte RFC 8439 nonce (word 0 is the RFC counter). */
    byte[] rfcNonce() {
        byte[] n = new byte[12];
        Le.put32(n, 0, w1);
        Le.put32(n, 4, w2);
        Le.put32(n, 8, w3);
        return n;
    }

    public void toText(StringBuilder out) {
        out.append(String.format("%08x:%08x:%08x:%08x", w0, w1, w2, w3));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Nonce[");
        toText(sb);
        return sb.append(']').toString();
    }
}
