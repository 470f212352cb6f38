package dev.jbcachefs.crypto;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.sb.Crypt;
import dev.jbcachefs.sb.Superblock;
import java.util.Arrays;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The encryption operations the rest of jbcachefs calls: unlocking the master key from the superblock,
 * ChaCha20 en/decryption under a {@link Nonce}, and checksums of every type including the two Poly1305
 * MAC types. bcachefs encrypts then MACs: verify {@link #checksum} over the ciphertext first, then
 * {@link #crypt} in place. Which bytes each structure encrypts and MACs:
 * <ul>
 *   <li>jset: MAC over bytes 16 .. 56 + u64s·8 with {@link Nonce#journal}; encrypted from byte 44
 *       ({@code encrypted_start}, i.e. {@code _read_clock} on) to the end, same nonce.</li>
 *   <li>first bset of a btree node: MAC over bytes 16 .. 160 + u64s·8 with {@code Nonce.btree(seq,
 *       journal_seq, 0)}; encrypted: bytes 24 .. 136 ({@code btree_node.flags} through {@code format}) with
 *       that nonce, then the keys (160 ..) with the nonce advanced by 128 bytes (112 rounded up to a
 *       ChaCha block). Magic and the {@code struct bset} header stay plaintext.</li>
 *   <li>a later {@code btree_node_entry} at byte offset {@code o}: MAC over {@code o+16 .. o+40+u64s·8}
 *       and keys ({@code o+40 ..}) encrypted, both with {@code Nonce.btree(seq, journal_seq, o)}.</li>
 *   <li>data extents: MAC and encryption over the whole on-disk (compressed) extent with
 *       {@link Nonce#extent}.</li>
 * </ul>
 */
public final class Crypto {
    public static final int POLY1305_BYTES = 16;

    private Crypto() {}

    /** True when {@code sb} has a crypt field whose master key is wrapped by a passphrase. */
    public static boolean keyIsEncrypted(Superblock sb) {
        Crypt c = Kdf.cryptField(sb);
        return c != null && c.keyIsEncrypted();
    }

    /**
     * Unlocks the master key: derives the passphrase key with scrypt (parameters from the crypt field),
     * unwraps the stored key and checks {@code BCH_KEY_MAGIC}. A key stored unwrapped is returned without a
     * passphrase ({@code passphrase} may then be null). The passphrase is used up to its first NUL byte,
     * as the C tools do.
     *
     * @throws BcachefsException BAD_PASSPHRASE for a wrong or missing passphrase; INVALID_ARGUMENT when
     *                           the filesystem is not encrypted; CORRUPT for a bad crypt field
     */
    public static BchKey unlock(Superblock sb, byte[] passphrase) {
        String dev = sb.deviceName();
        Crypt c = Kdf.cryptField(sb);
        if (c == null) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, dev + ": filesystem is not encrypted (no crypt superblock field)");
        if (!c.keyIsEncrypted()) return plainKey(c);
        if (passphrase == null) throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, dev + ": filesystem is encrypted and no passphrase was given");
        BchKey passKey = Kdf.derivePassphraseKey(c, passphrase, dev);
        byte[] k = c.encryptedKey();
        try {
            ChaCha20.xor(passKey, Nonce.superblockKey(sb.uuidLe64()), k, 0, k.length);
            if (Le.u64(k, 0) != Crypt.BCH_KEY_MAGIC) {
                throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, "wrong passphrase for " + dev);
            }
            return BchKey.of(k, 8);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** The master key of a crypt field that stores it unwrapped. */
    private static BchKey plainKey(Crypt c) {
        byte[] k = c.encryptedKey();
        try {
            return BchKey.of(k, 8);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** In-place ChaCha20 keystream XOR (encrypt == decrypt); the block counter starts at {@code nonce.w0}. */
    public static void crypt(BchKey key, Nonce nonce, byte[] b, int off, int len) {
        ChaCha20.xor(key, nonce, b, off, len);
    }

    /**
     * The checksum of {@code b[off..off+len)} as stored on disk. Keyless types delegate to
     * {@link Checksum}; the chacha20_poly1305 types compute raw Poly1305 keyed with the keystream of
     * {@code nonce.poly()}, and keep the first 16 (128) or 10 (80) digest bytes: {@code lo} = digest bytes
     * 0-7, {@code hi} = bytes 8-15 (or 8-9, the 16-bit {@code csum_hi} of a crc64 extent entry).
     */
    public static Csum checksum(CsumType t, BchKey key, Nonce nonce, byte[] b, int off, int len) {
        if (!t.isEncryption()) return Checksum.compute(t, b, off, len);
        if (key == null) {
            throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, "checksum type " + t.upstreamName() + " needs the encryption key (filesystem locked)");
        }
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        byte[] polyKey = ChaCha20.keystream(key, nonce.poly(), 32);
        byte[] digest = new byte[POLY1305_BYTES];
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        Arrays.fill(polyKey, (byte) 0);
        mac.update(b, off, len);
        mac.doFinal(digest, 0);
        long lo = Le.u64(digest, 0);
        long hi = t == CsumType.CHACHA20_POLY1305_128 ? Le.u64(digest, 8) : Le.u16(digest, 8);
        return new Csum(lo, hi);
    }

    /** {@code struct btree_node}: flags at 24, the first {@code struct bset} at 136, its keys at 160. */
    static final int BN_FLAGS = 24, BN_BSET = 136, BN_KEYS = 160;
    /** {@code struct btree_node_entry}: csum, then the bset at 16, its keys at 40. */
    static final int BNE_BSET = 16, BNE_KEYS = 40;
    /** The encrypted btree_node header (flags .. format) is 112 bytes; the keys start at the next ChaCha block. */
    static final int BN_HEADER_CRYPT_BYTES = BN_BSET - BN_FLAGS;
    /** {@code struct jset}: seq at 24, u64s at 40, encrypted from 44, entries at 56. */
    static final int JSET_ENCRYPTED_START = 44, JSET_BYTES = 56;

    /**
     * The nonce of the bset at byte {@code off} of a btree node: {@code off == 0} is the first bset inside
     * {@code struct btree_node}, any other offset a {@code btree_node_entry}. Reads the plaintext seq and
     * journal_seq of its {@code struct bset}.
     */
    public static Nonce bsetNonce(byte[] node, int off) {
        int bset = off == 0 ? BN_BSET : off + BNE_BSET;
        if (off < 0 || bset > node.length - 24) {
            throw BcachefsException.corrupt("bset header beyond the node buffer (" + node.length + " bytes)", "btree node byte " + off);
        }
        return Nonce.btree(Le.u64(node, bset), Le.u64(node, bset + 8), off);
    }

    /**
     * MAC of the bset at byte {@code off} of a btree node whose keys end at {@code end}: the bytes from after
     * its csum (off + 16) to {@code end}, with {@link #bsetNonce}. Compare with {@code Csum.read(node, off)}.
     */
    public static Csum bsetChecksum(CsumType t, BchKey key, byte[] node, int off, int end) {
        checkRange(node, off + Csum.BYTES, end, off == 0 ? BN_KEYS : off + BNE_KEYS, "bset", off);
        return checksum(t, key, bsetNonce(node, off), node, off + Csum.BYTES, end - off - Csum.BYTES);
    }

    /**
     * Decrypts (or encrypts: the same XOR) the bset at byte {@code off} of a btree node in place, keys
     * ending at {@code end}. For the first bset that is the node header from {@code flags} through
     * {@code format} (bytes 24..136) with the bset nonce and the keys (160..end) with the nonce advanced
     * 128 bytes; for a later entry only its keys ({@code off+40 .. end}). The magic and every
     * {@code struct bset} header stay plaintext. Verify {@link #bsetChecksum} first: the MAC covers the
     * ciphertext.
     */
    public static void cryptBset(BchKey key, byte[] node, int off, int end) {
        int keys = off == 0 ? BN_KEYS : off + BNE_KEYS;
        checkRange(node, off + Csum.BYTES, end, keys, "bset", off);
        Nonce n = bsetNonce(node, off);
        if (off == 0) {
            crypt(key, n, node, BN_FLAGS, BN_HEADER_CRYPT_BYTES);
            n = n.add((BN_HEADER_CRYPT_BYTES + Nonce.BLOCK - 1) / Nonce.BLOCK * Nonce.BLOCK);
        }
        crypt(key, n, node, keys, end - keys);
    }

    /** MAC of the jset at {@code off}: bytes {@code off+16 .. off+56+u64s*8} with {@link Nonce#journal}. */
    public static Csum jsetChecksum(CsumType t, BchKey key, byte[] b, int off) {
        int end = jsetEnd(b, off);
        return checksum(t, key, Nonce.journal(b, off), b, off + Csum.BYTES, end - off - Csum.BYTES);
    }

    /** Decrypts (or encrypts) the jset at {@code off} in place: bytes {@code off+44} to its end. */
    public static void cryptJset(BchKey key, byte[] b, int off) {
        int end = jsetEnd(b, off);
        crypt(key, Nonce.journal(b, off), b, off + JSET_ENCRYPTED_START, end - off - JSET_ENCRYPTED_START);
    }

    /** End of the jset at {@code off} ({@code 56 + u64s*8} bytes on), checked against the buffer. */
    static int jsetEnd(byte[] b, int off) {
        if (off < 0 || off > b.length - JSET_BYTES) {
            throw BcachefsException.corrupt("jset header beyond the buffer (" + b.length + " bytes)", "jset at byte " + off);
        }
        long end = off + JSET_BYTES + Le.u32(b, off + 40) * 8;
        if (end > b.length) {
            throw BcachefsException.corrupt("jset u64s " + Le.u32(b, off + 40) + " runs past the buffer (" + b.length + " bytes)", "jset at byte " + off);
        }
        return (int) end;
    }

    private static void checkRange(byte[] b, int start, int end, int min, String what, int off) {
        if (off < 0 || end < min || end > b.length || start > end) {
            throw BcachefsException.corrupt(what + " end " + end + " outside " + min + ".." + b.length, what + " at byte " + off);
        }
    }

    /**
     * Wraps {@code master} under {@code passphrase} for a new crypt field body (56 bytes: flags,
     * kdf_flags, encrypted key), with scrypt log2 parameters {@code logN/logR/logP}; a null passphrase
     * stores the key unwrapped ({@code --no_passphrase}).
     */
    public static byte[] cryptFieldBody(BchKey master, byte[] passphrase, long uuidLe64, int logN, int logR, int logP, String dev) {
        byte[] body = new byte[Crypt.BODY_BYTES];
        Le.put64(body, 0, Crypt.KDF_SCRYPT);
        Le.put64(body, 8, (logN & 0xffffL) | (logR & 0xffffL) << 16 | (logP & 0xffffL) << 32);
        byte[] k = new byte[Crypt.ENCRYPTED_KEY_BYTES];
        Le.put64(k, 0, Crypt.BCH_KEY_MAGIC);
        byte[] mk = master.bytes();
        System.arraycopy(mk, 0, k, 8, BchKey.BYTES);
        Arrays.fill(mk, (byte) 0);
        if (passphrase != null) {
            Crypt c = Crypt.of(Le.u64(body, 0), Le.u64(body, 8), k);
            ChaCha20.xor(Kdf.derivePassphraseKey(c, passphrase, dev), Nonce.superblockKey(uuidLe64), k, 0, k.length);
        }
        System.arraycopy(k, 0, body, 16, k.length);
        Arrays.fill(k, (byte) 0);
        return body;
    }
}
