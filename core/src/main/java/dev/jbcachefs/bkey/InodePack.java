package dev.jbcachefs.bkey;

import dev.jbcachefs.format.Bpos;

/**
 * Encodes inodes as {@code inode_v3} values, byte for byte as upstream's {@code bch2_inode_pack}: the
 * fixed part (journal seq, hash seed, flags word with mode, field start and field count, sectors, size,
 * version), then every {@code BCH_INODE_FIELDS_v3} field as a varint (96-bit fields as the value and a
 * zero), with the fields after the last nonzero one dropped and the value zero-padded to whole u64s. Also
 * the inode positions and the {@code inode_alloc_cursor} of the logged-ops btree.
 */
public final class InodePack {
    /** Byte offset of the varint fields ({@code INODEv3_FIELDS_START_CUR} u64s). */
    static final int FIELDS_START = 48;
    /** Flag-word bits the packer owns: nr_fields (24..30), fields_start (31..35), mode (36..51). */
    private static final long PACKED_BITS = ((1L << 52) - 1) & ~((1L << 24) - 1);

    /** {@code LOGGED_OPS_INUM_inode_cursors}: the inode of the inode allocation cursors in the logged_ops btree. */
    public static final long INODE_CURSORS_INUM = 1;

    private InodePack() {}

    /**
     * The {@code inode_v3} value of {@code in}. Of {@link Inode#flags()} only the inode flags and the
     * str_hash type (bits 0..23 and 52..63) are taken; mode, field start and field count are set here.
     */
    public static byte[] encodeV3(Inode in) {
        byte[] tmp = new byte[FIELDS_START + Inode.FIELDS_V3.length * 10];
        int out = FIELDS_START, lastNonzero = FIELDS_START, nr = 0, lastNr = 0;
        for (int i = 0; i < Inode.FIELDS_V3.length; i++) {
            nr++;
            long v = in.field(i);
            ValWriter.fit(Inode.FIELDS_V3[i], v, Inode.BITS_V3[i]);
            if (v != 0) {
                out += Varint.encode(v, tmp, out);
                if (Inode.BITS_V3[i] > 64) tmp[out++] = 0;
                lastNonzero = out;
                lastNr = nr;
            } else {
                tmp[out++] = 0;
                if (Inode.BITS_V3[i] > 64) tmp[out++] = 0;
            }
        }
        ValWriter w = new ValWriter(lastNonzero);
        System.arraycopy(tmp, FIELDS_START, w.buf, FIELDS_START, lastNonzero - FIELDS_START);
        long flags = (in.flags() & ~PACKED_BITS) | ((long) lastNr << 24) | ((long) (FIELDS_START / 8) << 31)
                | ((long) (in.mode() & 0xffff) << 36);
        return w.u64(0, in.journalSeq()).u64(8, in.hashSeed()).u64(16, flags).u64(24, in.sectors())
                .u64(32, in.size()).u64(40, in.version()).get();
    }

    /** Position of inode {@code inum} in snapshot {@code snapshot} (inodes btree: inode field 0). */
    public static Bpos pos(long inum, int snapshot) {
        return new Bpos(0, inum, snapshot);
    }

    /** The {@code inode_alloc_cursor} value: {@code bits} at 0, {@code gen} at 4 (naturally aligned), {@code idx} at 8. */
    public static byte[] allocCursor(int bits, long gen, long idx) {
        return new ValWriter(16).u8(0, (int) ValWriter.fit("bits", bits, 8)).u32(4, ValWriter.fit("gen", gen, 32))
                .u64(8, idx).get();
    }

    /** Position of inode allocation cursor {@code idx} (0 unless sharded) in the logged_ops btree. */
    public static Bpos allocCursorPos(long idx) {
        return new Bpos(INODE_CURSORS_INUM, idx, 0);
    }
}
