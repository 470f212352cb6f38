package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.util.Printbuf;

/**
 * A bucket's allocation state in the {@code alloc_v4} layout; older {@code alloc}, {@code alloc_v2} and
 * {@code alloc_v3} values are converted to it as upstream does. {@code valBytes} is the original value
 * size, which decides whether the later optional fields are printed.
 */
public record Alloc(long journalSeqNonempty, long flags, int gen, int oldestGen, int dataType, long dirtySectors,
                    long cachedSectors, long ioTimeRead, long ioTimeWrite, long stripeRefcount, long journalSeqEmpty,
                    long stripeSectors, int valBytes) {
    public boolean needDiscard() {
        return (flags & 1) != 0;
    }

    public boolean needIncGen() {
        return (flags & 2) != 0;
    }

    public int backpointersStart() {
        return (int) ((flags >>> 2) & 63);
    }

    public static Alloc decode(BkeySC k) {
        ValReader r = new ValReader(k);
        KeyType t = k.type();
        if (t == KeyType.ALLOC_V4) {
            r.need(48);
            return new Alloc(r.u64(0), r.u32(8), r.u8(12), r.u8(13), r.u8(14), r.u32(16), r.u32(20), r.u64(24),
                    r.u64(32), r.u32(40), r.len >= 56 ? r.u64(48) : 0, r.len >= 60 ? r.u32(56) : 0, r.len);
        }
        long[] f = new long[8]; // read_time, write_time, data_type, dirty, cached, oldest_gen, stripe, redundancy
        int gen, oldestGen = 0, dataType = 0;
        long seq = 0, flags = 0;
        if (t == KeyType.ALLOC) {
            r.need(2);
            int fields = r.u8(0);
            gen = r.u8(1);
            int[] bytes = {2, 2, 1, 2, 2, 1, 4, 1};
            int p = 2;
            for (int i = 0; i < 8; i++) {
                if ((fields & (1 << i)) == 0) continue;
                f[i] = switch (bytes[i]) {
                    case 1 -> r.u8(p);
                    case 2 -> r.u16(p);
                    default -> r.u32(p);
                };
                p += bytes[i];
            }
            oldestGen = (int) f[5];
            dataType = (int) f[2];
        } else {
            int start;
            int nr;
            if (t == KeyType.ALLOC_V2) {
                r.need(4);
                nr = r.u8(0);
                gen = r.u8(1);
                oldestGen = r.u8(2);
                dataType = r.u8(3);
                start = 4;
            } else {
                r.need(16);
                seq = r.u64(0);
                flags = r.u32(8) & 1;
                nr = r.u8(12);
                gen = r.u8(13);
                oldestGen = r.u8(14);
                dataType = r.u8(15);
                start = 16;
            }
            int[] bits = {64, 64, 32, 32, 32, 8};
            long[] v = new long[6];
            if (Inode.decodeFields(r, start, nr, bits, v) < 0) throw r.corrupt("alloc fields do not unpack");
            f[0] = v[0];
            f[1] = v[1];
            f[3] = v[2];
            f[4] = v[3];
            f[6] = v[4];
        }
        return new Alloc(seq, flags | (8L << 2), gen, oldestGen, dataType, f[3], f[4], f[0], f[1], f[6] != 0 ? 1 : 0,
                0, 0, r.len);
    }

    /** {@code alloc_lru_idx_fragmentation}. */
    long fragmentation(int bucketSize) {
        if (dataType >= Names.DATA_TYPES.length || bucketSize <= 0) return 0;
        if (dataType != 3 && dataType != 4 && dataType != 7) return 0;
        long sectors = dataType == 5 ? cachedSectors : stripeSectors + dirtySectors;
        if (sectors == 0 || Math.max(0, bucketSize - (int) sectors) == 0) return 0;
        long d = Math.min(stripeSectors + dirtySectors, bucketSize);
        return d * (1L << 31) / bucketSize;
    }

    void toText(Printbuf out, PrintContext ctx, int dev) {
        out.newline();
        out.prt("gen " + gen + " oldest_gen " + oldestGen + " data_type ").prt(Names.dataType(dataType));
        out.newline();
        out.prt("journal_seq_nonempty " + Long.toUnsignedString(journalSeqNonempty) + "\n");
        if (valBytes > 48) out.prt("journal_seq_empty    " + Long.toUnsignedString(journalSeqEmpty) + "\n");
        out.prt("need_discard         " + (needDiscard() ? 1 : 0) + "\n");
        out.prt("need_inc_gen         " + (needIncGen() ? 1 : 0) + "\n");
        out.prt("dirty_sectors        " + dirtySectors + "\n");
        if (valBytes > 56) out.prt("stripe_sectors       " + stripeSectors + "\n");
        out.prt("cached_sectors       " + cachedSectors + "\n");
        out.prt("stripe_refcount      " + stripeRefcount + "\n");
        out.prt("io_time[READ]        " + Long.toUnsignedString(ioTimeRead) + "\n");
        out.prt("io_time[WRITE]       " + Long.toUnsignedString(ioTimeWrite) + "\n");
        if (dev >= 0 && ctx.deviceName(dev) != null)
            out.prt("fragmentation     " + fragmentation(ctx.bucketSize(dev)) + "\n");
        out.prt("bp_start          " + backpointersStart() + "\n");
    }
}
