package dev.jbcachefs.fs;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.bkey.Inode;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.Crc64;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The string hash of one directory or file (upstream {@code bch_hash_info}): where a name's dirent or
 * xattr key sits in its btree. The type is the inode's {@code str_hash} field (crc32c 0, crc64 1,
 * siphash_old 2, siphash 3), keyed by the inode's {@code bi_hash_seed}. crc32c starts from all-ones
 * continued over the seed's 8 little-endian bytes and keeps all 32 bits; crc64 ({@code crc64_be}) does
 * the same and drops the low bit; siphash is SipHash-2-4 with k0 = seed, k1 = 0, result shifted right by
 * one; siphash_old keys SipHash with the first 16 bytes of sha256(seed). Dirent hashes are masked to 31
 * bits in directories flagged {@code 31bit_dirent_offset} and never fall below 2 (0 and 1 are "." and
 * ".."); xattr hashes take the namespace byte before the name.
 */
public final class StrHash {
    public static final int CRC32C = 0, CRC64 = 1, SIPHASH_OLD = 2, SIPHASH = 3;
    static final long FLAG_31BIT_DIRENT_OFFSET = 1L << 11;

    private final int type;
    private final long seed;
    private final long k0, k1;
    private final boolean is31bit;

    public StrHash(int type, long seed, boolean is31bit) {
        if (type < 0 || type > 3) throw new BcachefsException(ErrorCode.UNSUPPORTED, "unknown str_hash type " + type);
        this.type = type;
        this.seed = seed;
        this.is31bit = is31bit;
        if (type == SIPHASH_OLD) {
            byte[] d = sha256(le64(seed));
            this.k0 = le64(d, 0);
            this.k1 = le64(d, 8);
        } else {
            this.k0 = seed;
            this.k1 = 0;
        }
    }

    static StrHash of(Inode inode) {
        return new StrHash(inode.strHashType(), inode.hashSeed(), (inode.flags() & FLAG_31BIT_DIRENT_OFFSET) != 0);
    }

    /** The dirent offset of {@code name}. */
    public long dirent(byte[] name) {
        long h = raw(null, name);
        if (is31bit) h &= Integer.MAX_VALUE;
        return Long.compareUnsigned(h, 2) < 0 ? 2 : h;
    }

    /** The xattr offset of {@code name} in namespace {@code xType}. */
    public long xattr(int xType, byte[] name) {
        return raw(new byte[] {(byte) xType}, name);
    }

    private long raw(byte[] prefix, byte[] name) {
        byte[] msg = prefix == null ? name : concat(prefix, name);
        switch (type) {
            case CRC32C: {
                byte[] all = concat(le64(seed), msg);
                // raw crc32c from ~0 without final inversion = standard CRC-32C (which inverts both ends) ^ ~0
                return (Checksum.crc32cStandard(all, 0, all.length) ^ 0xffffffffL) & 0xffffffffL;
            }
            case CRC64: {
                byte[] s = le64(seed);
                long c = Crc64.update(-1L, s, 0, s.length);
                c = Crc64.update(c, msg, 0, msg.length);
                return c >>> 1;
            }
            default:
                return SipHash.hash(k0, k1, msg, 0, msg.length) >>> 1;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static byte[] le64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }

    private static long le64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xffL);
        return v;
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
