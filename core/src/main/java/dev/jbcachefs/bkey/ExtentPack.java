package dev.jbcachefs.bkey;

import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.format.Bpos;
import java.util.List;

/**
 * Encodes the values of data-pointing keys: extent entry lists ({@code bch_extent_ptr}, the three crc
 * entry sizes, stripe_ptr, flags and the option entries), {@code extent}, {@code btree_ptr_v2},
 * {@code inline_data} and {@code reservation} values. {@link #crc} picks the smallest crc entry that holds
 * the checksum, sizes and nonce, as upstream's {@code bch2_extent_crc_append} does.
 */
public final class ExtentPack {
    /** {@code CRC32_SIZE_MAX}, {@code CRC64_SIZE_MAX}, {@code CRC128_SIZE_MAX}. */
    static final int CRC32_SIZE_MAX = 1 << 7, CRC64_SIZE_MAX = 1 << 9, CRC128_SIZE_MAX = 1 << 13;
    /** {@code CRC64_NONCE_MAX}, {@code CRC128_NONCE_MAX} (crc32 entries carry no nonce). */
    static final int CRC64_NONCE_MAX = (1 << 10) - 1, CRC128_NONCE_MAX = (1 << 13) - 1;

    private ExtentPack() {}

    /**
     * The crc entry upstream appends for these unpacked values: crc32 when the checksum has at most 4
     * bytes, the uncompressed size is at most 128 sectors and there is no nonce; else crc64 (checksum up
     * to 10 bytes, 512 sectors, nonce below 1024); else crc128. For crc32 only the low 32 bits of
     * {@code csumLo} are kept, for crc64 the low 16 bits of {@code csumHi}.
     */
    public static ExtentEntry.Crc crc(int compressedSize, int uncompressedSize, int offset, int nonce, int csumType,
                                      int compressionType, long csumHi, long csumLo) {
        CsumType t = CsumType.byId(csumType);
        if (t == null) throw new IllegalArgumentException("checksum type " + csumType);
        int csumBytes = t.bytes();
        int kind;
        if (csumBytes <= 4 && uncompressedSize <= CRC32_SIZE_MAX && nonce == 0) {
            kind = ExtentEntry.CRC32;
            csumLo &= 0xffffffffL;
            csumHi = 0;
        } else if (csumBytes <= 10 && uncompressedSize <= CRC64_SIZE_MAX && nonce <= CRC64_NONCE_MAX) {
            kind = ExtentEntry.CRC64;
            csumHi &= 0xffff;
        } else if (csumBytes <= 16 && uncompressedSize <= CRC128_SIZE_MAX && nonce <= CRC128_NONCE_MAX) {
            kind = ExtentEntry.CRC128;
        } else {
            throw new IllegalArgumentException("no crc entry holds size " + uncompressedSize + " nonce " + nonce);
        }
        return new ExtentEntry.Crc(kind, compressedSize, uncompressedSize, offset, nonce, csumType, compressionType,
                csumHi, csumLo);
    }

    /** A data pointer entry. */
    public static ExtentEntry.Ptr ptr(int dev, long offset, int gen, boolean cached, boolean unwritten) {
        ValWriter.fit("ptr offset", offset, 44);
        ValWriter.fit("ptr dev", dev, 8);
        ValWriter.fit("ptr gen", gen, 8);
        return new ExtentEntry.Ptr(cached, unwritten, offset, dev, gen);
    }

    /** Bytes the entries take. */
    public static int bytes(List<? extends ExtentEntry> entries) {
        int n = 0;
        for (ExtentEntry e : entries) n += ExtentEntry.U64S[e.type()] * 8;
        return n;
    }

    /** Writes the entries at {@code at}; returns the end offset. */
    static int write(ValWriter w, int at, List<? extends ExtentEntry> entries) {
        for (ExtentEntry e : entries) {
            switch (e) {
                case ExtentEntry.Ptr p -> w.u64(at, ptrWord(p));
                case ExtentEntry.Crc c -> writeCrc(w, at, c);
                case ExtentEntry.StripePtr s -> w.u64(at, 1L << ExtentEntry.STRIPE_PTR
                        | ValWriter.fit("stripe block", s.block(), 8) << 5 | ValWriter.fit("stripe redundancy", s.redundancy(), 4) << 13
                        | ValWriter.fit("stripe idx", s.idx(), 47) << 17);
                case ExtentEntry.Flags f -> w.u64(at, 1L << ExtentEntry.FLAGS | ValWriter.fit("extent flags", f.flags(), 57) << 7);
                case ExtentEntry.RebalanceV1 r -> w.u64(at, raw(r.raw(), ExtentEntry.REBALANCE_V1));
                case ExtentEntry.Reconcile r -> w.u64(at, raw(r.raw(), ExtentEntry.RECONCILE));
                case ExtentEntry.ReconcileBp bp -> w.u64(at, 1L << ExtentEntry.RECONCILE_BP | ValWriter.fit("reconcile idx", bp.idx(), 55) << 9);
                case ExtentEntry.Unknown u -> throw new IllegalArgumentException("unknown extent entry " + Long.toHexString(u.word()));
            }
            at += ExtentEntry.U64S[e.type()] * 8;
        }
        return at;
    }

    private static long raw(long word, int type) {
        if (Long.numberOfTrailingZeros(word) != type) throw new IllegalArgumentException("entry word " + Long.toHexString(word) + " is not of type " + type);
        return word;
    }

    static long ptrWord(ExtentEntry.Ptr p) {
        return 1L | (p.cached() ? 2 : 0) | (p.unwritten() ? 8 : 0) | ValWriter.fit("ptr offset", p.offset(), 44) << 4
                | (long) ValWriter.fit("ptr dev", p.dev(), 8) << 48 | (long) ValWriter.fit("ptr gen", p.gen(), 8) << 56;
    }

    private static void writeCrc(ValWriter w, int at, ExtentEntry.Crc c) {
        long csz = c.compressedSize() - 1L, usz = c.uncompressedSize() - 1L;
        switch (c.kind()) {
            case ExtentEntry.CRC32 -> {
                if (c.nonce() != 0 || c.csumHi() != 0) throw new IllegalArgumentException("crc32 entry with nonce or high checksum");
                w.u64(at, 1L << 1 | ValWriter.fit("c_size-1", csz, 7) << 2 | ValWriter.fit("size-1", usz, 7) << 9
                        | ValWriter.fit("offset", c.offset(), 7) << 16 | ValWriter.fit("csum_type", c.csumType(), 4) << 24
                        | ValWriter.fit("compression", c.compressionType(), 4) << 28 | ValWriter.fit("csum", c.csumLo(), 32) << 32);
            }
            case ExtentEntry.CRC64 -> {
                w.u64(at, 1L << 2 | ValWriter.fit("c_size-1", csz, 9) << 3 | ValWriter.fit("size-1", usz, 9) << 12
                        | ValWriter.fit("offset", c.offset(), 9) << 21 | ValWriter.fit("nonce", c.nonce(), 10) << 30
                        | ValWriter.fit("csum_type", c.csumType(), 4) << 40 | ValWriter.fit("compression", c.compressionType(), 4) << 44
                        | ValWriter.fit("csum_hi", c.csumHi(), 16) << 48);
                w.u64(at + 8, c.csumLo());
            }
            case ExtentEntry.CRC128 -> {
                w.u64(at, 1L << 3 | ValWriter.fit("c_size-1", csz, 13) << 4 | ValWriter.fit("size-1", usz, 13) << 17
                        | ValWriter.fit("offset", c.offset(), 13) << 30 | ValWriter.fit("nonce", c.nonce(), 13) << 43
                        | ValWriter.fit("csum_type", c.csumType(), 4) << 56 | ValWriter.fit("compression", c.compressionType(), 4) << 60);
                w.u64(at + 8, c.csumLo());
                w.u64(at + 16, c.csumHi());
            }
            default -> throw new IllegalArgumentException("crc kind " + c.kind());
        }
    }

    /** An {@code extent} (or {@code reflink_v} tail / {@code btree_ptr}) value: the entries in order. */
    public static byte[] entries(List<? extends ExtentEntry> entries) {
        ValWriter w = new ValWriter(bytes(entries));
        write(w, 0, entries);
        return w.get();
    }

    public static byte[] extent(Extent e) {
        return entries(e.entries());
    }

    /**
     * A {@code btree_ptr_v2} value: {@code mem_ptr} (0 on disk unless upstream left one), node sequence
     * number, sectors written, flags (bit 0: range updated), minimum key, then the pointers.
     */
    public static byte[] btreePtrV2(long memPtr, long seq, int sectorsWritten, int flags, Bpos minKey,
                                    List<? extends ExtentEntry> ptrs) {
        ValWriter w = new ValWriter(BtreePtrV2.FIXED_BYTES + bytes(ptrs));
        w.u64(0, memPtr).u64(8, seq).u16(16, (int) ValWriter.fit("sectors_written", sectorsWritten, 16))
                .u16(18, (int) ValWriter.fit("btree ptr flags", flags, 16)).bpos(20, minKey);
        write(w, BtreePtrV2.FIXED_BYTES, ptrs);
        return w.get();
    }

    public static byte[] btreePtrV2(BtreePtrV2 p) {
        return btreePtrV2(p.memPtr(), p.seq(), p.sectorsWritten(), p.flags(), p.minKey(), p.ptrs().entries());
    }

    /** An {@code inline_data} value: the data zero-padded to whole u64s. */
    public static byte[] inlineData(byte[] data) {
        return new ValWriter(data.length).bytes(0, data).get();
    }

    /** A {@code reservation} value. */
    public static byte[] reservation(long generation, int nrReplicas) {
        return new ValWriter(8).u32(0, ValWriter.fit("generation", generation, 32))
                .u8(4, (int) ValWriter.fit("nr_replicas", nrReplicas, 8)).get();
    }
}
