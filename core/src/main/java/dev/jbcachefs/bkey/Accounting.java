package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.util.Printbuf;

/**
 * An accounting counter key: the position encodes a {@code disk_accounting_pos} (its 20 bytes are the
 * position's bytes in reverse, i.e. big-endian inode, offset, snapshot), the value is 1–3 signed counters.
 *
 * @param acc the 20 accounting-position bytes; {@code acc[0]} is the accounting type
 */
public record Accounting(byte[] acc, long[] counters) {
    public static final int NR_INODES = 0, PERSISTENT_RESERVED = 1, REPLICAS = 2, DEV_DATA_TYPE = 3, COMPRESSION = 4,
        SNAPSHOT = 5, BTREE = 6, REBALANCE_WORK = 7, INUM = 8, RECONCILE_WORK = 9, DEV_LEAVING = 10;

    public Accounting {
        acc = acc.clone();
        counters = counters.clone();
    }

    @Override
    public byte[] acc() {
        return acc.clone();
    }

    @Override
    public long[] counters() {
        return counters.clone();
    }

    public int accType() {
        return acc[0] & 0xff;
    }

    /** The accounting-position bytes of a key position. */
    public static byte[] accPos(Bpos p) {
        byte[] a = new byte[20];
        for (int i = 0; i < 8; i++) a[i] = (byte) (p.inode() >>> (56 - 8 * i));
        for (int i = 0; i < 8; i++) a[8 + i] = (byte) (p.offset() >>> (56 - 8 * i));
        for (int i = 0; i < 4; i++) a[16 + i] = (byte) (p.snapshot() >>> (24 - 8 * i));
        return a;
    }

    private int u8(int i) {
        return acc[i] & 0xff;
    }

    private long le(int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) u8(at + i) << (8 * i);
        return v;
    }

    public static Accounting decode(BkeySC k) {
        ValReader r = new ValReader(k);
        int n = r.len / 8;
        long[] c = new long[n];
        for (int i = 0; i < n; i++) c[i] = r.u64(i * 8);
        return new Accounting(accPos(k.pos()), c);
    }

    /** {@code bch2_accounting_key_to_text}. */
    void keyToText(Printbuf out, PrintContext ctx) {
        int type = accType();
        if (type >= Names.ACCOUNTING_TYPES.length) {
            out.prt("unknown type " + type);
            return;
        }
        out.prt(Names.ACCOUNTING_TYPES[type]).prt(" ");
        switch (type) {
            case PERSISTENT_RESERVED -> out.prt("replicas=" + u8(1));
            case REPLICAS -> {
                out.prt(Names.dataType(u8(1)));
                int nrDevs = u8(2);
                out.prt(": " + u8(3) + "/" + nrDevs + " [");
                for (int i = 0; i < nrDevs; i++) out.prt((i > 0 ? " " : "") + (4 + i < 20 ? u8(4 + i) : 0));
                out.prt("]");
            }
            case DEV_DATA_TYPE -> out.prt("dev=" + u8(1) + " data_type=").prt(Names.dataType(u8(2)));
            case COMPRESSION -> out.prt(Names.compressionType(u8(1)));
            case SNAPSHOT -> out.prt("id=" + le(1, 4));
            case BTREE -> out.prt("btree=").prt(BtreeId.nameOf((int) le(1, 4)));
            case RECONCILE_WORK -> out.prt(Names.opt(Names.RECONCILE_ACCOUNTING, "reconcile_accounting_type", u8(1)));
            case DEV_LEAVING -> {
                long dev = le(1, 4);
                String name = dev < 256 ? ctx.deviceName((int) dev) : null;
                out.prt(name != null ? name + " " : dev + " ");
            }
            default -> { }
        }
    }

    void toText(Printbuf out, PrintContext ctx) {
        keyToText(out, ctx);
        for (long c : counters) out.prt(" " + c);
    }
}
