package dev.jbcachefs.journal;

import dev.jbcachefs.bkey.KeyPrinter;
import dev.jbcachefs.bkey.Names;
import dev.jbcachefs.bkey.PrintContext;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.util.Printbuf;

/**
 * Text of a journal entry as upstream's {@code bch2_journal_entry_to_text} prints it: the type name, then
 * {@code ": "} and a per-type payload text for the types the tools know. Keys are printed through
 * {@link KeyPrinter}, one per line, each after the entry type name; damaged keys print upstream's
 * {@code (invalid, ...)} markers instead of failing.
 */
final class JsetEntryText {
    private JsetEntryText() {}

    static void toText(Printbuf out, JsetEntry e, PrintContext ctx) {
        out.raw(typeName(e.typeId()));
        JsetEntryType t = e.type();
        if (t == null || !t.printedByTools()) return;
        out.prt(": ");
        switch (t) {
            case BTREE_KEYS, BTREE_ROOT, OVERWRITE, WRITE_BUFFER_KEYS, LOG_BKEY -> keysToText(out, e, ctx);
            case PRIO_PTRS -> { }
            case BLACKLIST -> out.prt("seq=" + Long.toUnsignedString(e.u64(0)));
            case BLACKLIST_V2 -> out.prt("start=" + Long.toUnsignedString(e.u64(0)) + " end=" + Long.toUnsignedString(e.u64(1)));
            case USAGE -> out.prt("type=" + Names.opt(Names.FS_USAGE_TYPES, "fs_usage_type", e.btree()) + " v=" + Long.toUnsignedString(e.u64(0)));
            case DATA_USAGE -> dataUsageToText(out, e);
            case CLOCK -> out.prt((e.clockRw() != 0 ? "write" : "read") + "=" + Long.toUnsignedString(e.clockTime()));
            case DEV_USAGE -> devUsageToText(out, e);
            case LOG -> out.prt(e.logMessage());
            case DATETIME -> out.prt(Printbuf.datetime(e.u64(0)));
            default -> { }
        }
    }

    private static String typeName(int id) {
        StringBuilder sb = new StringBuilder();
        JsetEntryType.toText(sb, id);
        return sb.toString();
    }

    private static void keysToText(Printbuf out, JsetEntry e, PrintContext ctx) {
        boolean first = true;
        byte[] b = e.buf();
        int end = e.end();
        int o = e.dataOff();
        while (o < end) {
            if (!first) {
                out.newline();
                out.raw(typeName(e.typeId()));
                out.prt(": ");
            }
            int u64s = Le.u8(b, o);
            if (u64s == 0) {
                out.prt("(invalid, k->u64s 0)");
                break;
            }
            if (o + u64s * 8 > end || o + Bkey.BYTES > b.length) {
                out.prt("(invalid, bkey overruns jset_entry)");
                break;
            }
            out.prt("btree=" + BtreeId.nameOf(e.btree()) + " level=" + e.level() + " ");
            Bkey k = Bkey.readUnpacked(b, o);
            int valLen = Math.max(0, (u64s - Bkey.U64S) * 8);
            KeyPrinter.keyToText(out, new BkeySC(k, b, o + Bkey.BYTES, valLen), ctx);
            first = false;
            o += u64s * 8;
        }
    }

    private static void dataUsageToText(Printbuf out, JsetEntry e) {
        int o = e.dataOff() + 8;
        if (e.u64s() < 2) return;
        byte[] b = e.buf();
        int dataType = Le.u8(b, o);
        int nrDevs = Le.u8(b, o + 1);
        int nrRequired = Le.u8(b, o + 2);
        StringBuilder s = new StringBuilder();
        s.append(Names.opt(Names.DATA_TYPES, "data_type", dataType)).append(": ").append(nrRequired).append('/').append(nrDevs).append(" [");
        for (int i = 0; i < nrDevs && o + 3 + i < e.end(); i++) {
            if (i > 0) s.append(' ');
            s.append(Le.u8(b, o + 3 + i));
        }
        s.append(']').append('=').append(Long.toUnsignedString(e.u64(0)));
        out.prt(s.toString());
    }

    private static void devUsageToText(Printbuf out, JsetEntry e) {
        if (e.bytes() < 32) return;
        int nrTypes = (e.bytes() - 32) / 24;
        out.prt("dev=" + Integer.toUnsignedString(Le.i32(e.buf(), e.dataOff())));
        out.indentAdd(2);
        for (int i = 0; i < nrTypes; i++) {
            out.newline();
            int d = e.dataOff() + 24 + i * 24;
            out.prt(Names.opt(Names.DATA_TYPES, "data_type", i) + ": buckets=" + Long.toUnsignedString(Le.u64(e.buf(), d))
                    + " sectors=" + Long.toUnsignedString(Le.u64(e.buf(), d + 8))
                    + " fragmented=" + Long.toUnsignedString(Le.u64(e.buf(), d + 16)));
        }
        out.indentSub(2);
    }
}
