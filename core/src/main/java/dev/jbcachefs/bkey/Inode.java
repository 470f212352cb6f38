package dev.jbcachefs.bkey;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.util.Printbuf;
import java.util.Arrays;

/**
 * An unpacked inode ({@code bch_inode_unpacked}) from an {@code inode_v3}, {@code inode_v2} or
 * {@code inode} (new-varint) value. The varint fields are held by their {@code BCH_INODE_FIELDS_v3} index
 * in {@link #fields}; named accessors cover the ones file readers need.
 *
 * @param flags the on-disk flags word (low 32 bits are the unpacked {@code bi_flags})
 */
public record Inode(long inum, int snapshot, long journalSeq, long hashSeed, long flags, int mode, long size,
                    long sectors, long version, long[] fields) {
    /** {@code BCH_INODE_FIELDS_v3} names, in on-disk order. */
    public static final String[] FIELDS_V3 = {"bi_atime", "bi_ctime", "bi_mtime", "bi_otime", "bi_uid", "bi_gid",
        "bi_nlink", "bi_generation", "bi_dev", "bi_data_checksum", "bi_compression", "bi_project",
        "bi_background_compression", "bi_data_replicas", "bi_promote_target", "bi_foreground_target",
        "bi_background_target", "bi_erasure_code", "bi_fields_set", "bi_dir", "bi_dir_offset", "bi_subvol",
        "bi_parent_subvol", "bi_nocow", "bi_depth", "bi_inodes_32bit", "bi_casefold"};
    /** Declared widths of the v3 fields (96 means two varints, the second zero). */
    static final int[] BITS_V3 = {96, 96, 96, 96, 32, 32, 32, 32, 32, 8, 8, 32, 8, 8, 16, 16, 16, 16, 16, 64, 64, 32,
        32, 8, 32, 8, 8};
    /** {@code BCH_INODE_FIELDS_v2} names (v2 carries size and sectors as varints 4 and 5). */
    static final String[] FIELDS_V2 = {"bi_atime", "bi_ctime", "bi_mtime", "bi_otime", "bi_size", "bi_sectors",
        "bi_uid", "bi_gid", "bi_nlink", "bi_generation", "bi_dev", "bi_data_checksum", "bi_compression",
        "bi_project", "bi_background_compression", "bi_data_replicas", "bi_promote_target", "bi_foreground_target",
        "bi_background_target", "bi_erasure_code", "bi_fields_set", "bi_dir", "bi_dir_offset", "bi_subvol",
        "bi_parent_subvol"};
    static final int[] BITS_V2 = {96, 96, 96, 96, 64, 64, 32, 32, 32, 32, 32, 8, 8, 32, 8, 8, 16, 16, 16, 16, 16, 64,
        64, 32, 32};

    public static final int ATIME = 0, CTIME = 1, MTIME = 2, OTIME = 3, UID = 4, GID = 5, NLINK = 6,
        GENERATION = 7, DEV = 8, DIR = 19, DIR_OFFSET = 20, SUBVOL = 21, PARENT_SUBVOL = 22, DEPTH = 24, CASEFOLD = 26;

    public Inode {
        fields = fields.clone();
    }

    @Override
    public long[] fields() {
        return fields.clone();
    }

    public long field(int idx) {
        return fields[idx];
    }

    public int strHashType() {
        return (int) ((flags >>> 20) & 15);
    }

    public long atime() { return fields[ATIME]; }
    public long ctime() { return fields[CTIME]; }
    public long mtime() { return fields[MTIME]; }
    public long otime() { return fields[OTIME]; }
    public long uid() { return fields[UID]; }
    public long gid() { return fields[GID]; }
    public long nlink() { return fields[NLINK]; }
    public long generation() { return fields[GENERATION]; }
    public long dir() { return fields[DIR]; }
    public long dirOffset() { return fields[DIR_OFFSET]; }
    public long subvol() { return fields[SUBVOL]; }
    public long parentSubvol() { return fields[PARENT_SUBVOL]; }

    /** File type bits of the mode ({@code mode >> 12}). */
    public int modeType() {
        return (mode >> 12) & 15;
    }

    /** Unpacks an inode key value; throws when the value is too short or a field does not fit. */
    public static Inode decode(BkeySC k) {
        ValReader r = new ValReader(k);
        KeyType t = k.type();
        long inum = k.pos().offset();
        int snap = k.pos().snapshot();
        long[] f = new long[FIELDS_V3.length];
        if (t == KeyType.INODE_V3) {
            r.need(48);
            long flags = r.u64(16);
            int nr = (int) ((flags >>> 24) & 127);
            int end = decodeFields(r, 48, nr, BITS_V3, f);
            if (end < 0) throw r.corrupt("inode fields do not unpack");
            return new Inode(inum, snap, r.u64(0), r.u64(8), flags, (int) ((flags >>> 36) & 0xffff), r.u64(32),
                    r.u64(24), r.u64(40), f);
        }
        if (t == KeyType.INODE_V2) {
            r.need(26);
            long flags = r.u64(16);
            int nr = (int) ((flags >>> 24) & 127);
            long[] v2 = new long[FIELDS_V2.length];
            if (decodeFields(r, 26, nr, BITS_V2, v2) < 0) throw r.corrupt("inode fields do not unpack");
            return fromV2(inum, snap, r.u64(0), r.u64(8), flags, r.u16(24), v2);
        }
        if (t == KeyType.INODE) {
            r.need(14);
            long flags = r.u32(8);
            if ((flags >>> 31) == 0)
                throw new BcachefsException(ErrorCode.UNSUPPORTED, "inode: old-style varint fields not supported (key " + k.k() + ")");
            int nr = (int) ((flags >>> 24) & 127);
            long[] v2 = new long[FIELDS_V2.length];
            if (decodeFields(r, 14, nr, BITS_V2, v2) < 0) throw r.corrupt("inode fields do not unpack");
            return fromV2(inum, snap, 0, r.u64(0), flags, r.u16(12), v2);
        }
        throw r.corrupt("not an inode");
    }

    private static Inode fromV2(long inum, int snap, long seq, long seed, long flags, int mode, long[] v2) {
        long[] f = new long[FIELDS_V3.length];
        for (int i = 0; i < v2.length; i++) {
            if (i == 4 || i == 5) continue;
            int j = Arrays.asList(FIELDS_V3).indexOf(FIELDS_V2[i]);
            f[j] = v2[i];
        }
        return new Inode(inum, snap, seq, seed, flags, mode, v2[4], v2[5], 0, f);
    }

    /** Decodes {@code nr} varint fields into {@code out}; returns the end offset or -1 on an unpack error. */
    static int decodeFields(ValReader r, int start, int nr, int[] bits, long[] out) {
        int pos = start;
        int[] len = new int[1];
        for (int i = 0; i < bits.length; i++) {
            long v0 = 0, v1 = 0;
            if (i < nr) {
                if (pos >= r.len) return -1;
                v0 = Varint.decode(r.buf, r.off + pos, r.off + r.len, len);
                if (len[0] < 0) return -1;
                pos += len[0];
                if (bits[i] > 64) {
                    if (pos >= r.len) return -1;
                    v1 = Varint.decode(r.buf, r.off + pos, r.off + r.len, len);
                    if (len[0] < 0) return -1;
                    pos += len[0];
                }
            }
            int w = bits[i] >= 64 ? 64 : bits[i];
            if (v1 != 0 || (w < 64 && (v0 >>> w) != 0)) return -1;
            out[i] = v0;
        }
        return pos;
    }

    /** {@code bch2_inode_to_text} (value part): one field per line. */
    static void toText(Printbuf out, BkeySC k) {
        Inode in;
        try {
            in = decode(k);
        } catch (BcachefsException e) {
            out.prt("(unpack error)");
            return;
        }
        in.fieldsToText(out);
    }

    void fieldsToText(Printbuf out) {
        out.newline();
        int type = modeType();
        out.prt("mode=" + Integer.toOctalString(mode & 0xffff) + " (" + Names.inodeModeType(type) + ")\n");
        out.prt("flags=");
        out.bitflags(Names.INODE_FLAGS, flags & ((1L << 20) - 1));
        out.prt("(" + Integer.toHexString((int) flags) + ")\n");
        out.prt("journal_seq=" + Long.toUnsignedString(journalSeq) + "\n");
        out.prt("hash_seed=" + Long.toHexString(hashSeed) + "\n");
        out.prt("hash_type=");
        out.prt(Names.opt(Names.STR_HASH_TYPES, "str_hash_type", (int) ((flags >>> 20) & 15)));
        out.newline();
        out.prt("bi_size=" + Long.toUnsignedString(size) + "\n");
        out.prt("bi_sectors=" + Long.toUnsignedString(sectors) + "\n");
        out.prt("bi_version=" + Long.toUnsignedString(version) + "\n");
        for (int i = 0; i < FIELDS_V3.length; i++)
            out.prt(FIELDS_V3[i] + "=" + Long.toUnsignedString(fields[i]) + "\n");
    }
}
