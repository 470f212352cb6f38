package dev.jbcachefs.sb;

import dev.jbcachefs.bkey.KeyPrinter;
import dev.jbcachefs.bkey.Names;
import dev.jbcachefs.bkey.PrintContext;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.util.Printbuf;

/**
 * The {@code clean} field as show-super prints it: flags, journal seq, then each journal entry
 * ({@code bch2_journal_entry_to_text}): btree roots with their key, usage, clock, and the other entry
 * types. Keys are printed by {@link KeyPrinter} into the same printbuf; this class adds the entry framing.
 */
final class CleanText {
    /** {@code struct jset_entry}: le16 u64s; u8 btree_id; u8 level; u8 type; u8 pad[3]. */
    static final int ENTRY_HDR = 8;
    static final int BTREE_KEYS = 0, BTREE_ROOT = 1, BLACKLIST = 3, BLACKLIST_V2 = 4, USAGE = 5, DATA_USAGE = 6,
            CLOCK = 7, DEV_USAGE = 8, LOG = 9, DATETIME = 12;

    private CleanText() {}

    static void toText(Printbuf out, Superblock sb, SbField f, PrintContext ctx) {
        Clean c = Clean.decode(f, sb.deviceName());
        byte[] b = c.buf();
        out.prt("flags:          " + Long.toHexString(c.flags()) + "\n");
        out.prt("journal_seq:    " + Long.toUnsignedString(c.journalSeq()) + "\n");
        int end = c.entriesEnd();
        for (int o = c.entriesOff(); o < end; ) {
            if (end - o < ENTRY_HDR) break;
            int u64s = Le.u16(b, o);
            int next = o + ENTRY_HDR + u64s * 8;
            if (next > end) break;
            int type = Le.u8(b, o + 4);
            if (!(type == BTREE_KEYS && u64s == 0)) {
                entryToText(out, sb, b, o, next, ctx);
                out.newline();
            }
            o = next;
        }
    }

    static String entryTypeName(int type) {
        return Names.opt(SbNames.JSET_ENTRY_TYPES, "jset_entry_type", type);
    }

    /** One journal entry {@code [o, end)}. */
    static void entryToText(Printbuf out, Superblock sb, byte[] b, int o, int end, PrintContext ctx) {
        int type = Le.u8(b, o + 4);
        out.prt(entryTypeName(type));
        if (type >= SbNames.JSET_ENTRY_TYPES.length) return;
        out.prt(": ");
        int body = o + ENTRY_HDR, len = end - body;
        switch (type) {
            case BTREE_KEYS, BTREE_ROOT, 10, 11, 13 -> keysToText(out, sb, b, o, end, ctx);
            case BLACKLIST -> {
                if (len >= 8) out.prt("seq=" + Long.toUnsignedString(Le.u64(b, body)));
            }
            case BLACKLIST_V2 -> {
                if (len >= 16) out.prt("start=" + Long.toUnsignedString(Le.u64(b, body)) + " end=" + Long.toUnsignedString(Le.u64(b, body + 8)));
            }
            case USAGE -> {
                out.prt("type=");
                out.prt(Names.opt(Names.FS_USAGE_TYPES, "fs_usage_type", Le.u8(b, o + 2)));
                if (len >= 8) out.prt(" v=" + Long.toUnsignedString(Le.u64(b, body)));
            }
            case DATA_USAGE -> {
                if (len < 11) return;
                int nr = Le.u8(b, body + 9);
                if (body + 11 + nr > end) return;
                int[] devs = new int[nr];
                for (int i = 0; i < nr; i++) devs[i] = Le.u8(b, body + 11 + i);
                new Replicas.Entry(Le.u8(b, body + 8), Le.u8(b, body + 10), devs).toText(out, false);
                out.prt("=" + Long.toUnsignedString(Le.u64(b, body)));
            }
            case CLOCK -> {
                if (len >= 16) out.prt((Le.u8(b, body) != 0 ? "write" : "read") + "=" + Long.toUnsignedString(Le.u64(b, body + 8)));
            }
            case DEV_USAGE -> devUsage(out, b, body, len);
            case LOG -> {
                int n = 0;
                while (n < len && b[body + n] != 0) n++;
                out.prt(new String(b, body, n, java.nio.charset.StandardCharsets.UTF_8));
            }
            case DATETIME -> {
                if (len >= 8) out.prt(Printbuf.datetime(Le.u64(b, body)));
            }
            default -> { }
        }
    }

    /** {@code jset_entry_dev_usage}: le32 dev; u32 pad; then {buckets, sectors, fragmented} per data type. */
    private static void devUsage(Printbuf out, byte[] b, int body, int len) {
        if (len < 8) return;
        out.prt("dev=" + Le.u32(b, body));
        out.indentAdd(2);
        int nrTypes = (len - 8) / 24;
        for (int i = 0; i < nrTypes; i++) {
            int d = body + 8 + i * 24;
            out.newline();
            out.prt(Names.opt(Names.DATA_TYPES, "data_type", i));
            out.prt(": buckets=" + Long.toUnsignedString(Le.u64(b, d)) + " sectors=" + Long.toUnsignedString(Le.u64(b, d + 8))
                    + " fragmented=" + Long.toUnsignedString(Le.u64(b, d + 16)));
        }
        out.indentSub(2);
    }

    /** The keys of a btree_keys-like entry, one {@code btree=B level=L KEY} each. */
    private static void keysToText(Printbuf out, Superblock sb, byte[] b, int o, int end, PrintContext ctx) {
        int type = Le.u8(b, o + 4);
        int btree = Le.u8(b, o + 2), level = Le.u8(b, o + 3);
        boolean first = true;
        for (int k = o + ENTRY_HDR; k < end; ) {
            if (!first) {
                out.newline();
                out.prt(entryTypeName(type));
                out.prt(": ");
            }
            int u64s = Le.u8(b, k);
            if (u64s == 0) {
                out.prt("(invalid, k->u64s 0)");
                break;
            }
            if (k + u64s * 8 > end || u64s < Bkey.U64S) {
                out.prt("(invalid, bkey overruns jset_entry)");
                break;
            }
            out.prt("btree=" + BtreeId.nameOf(btree) + " level=" + level);
            out.raw(' ');
            KeyPrinter.keyToText(out, new BkeySC(Bkey.readUnpacked(b, k), b, k + Bkey.BYTES, u64s * 8 - Bkey.BYTES), ctx);
            first = false;
            k += u64s * 8;
        }
    }
}
