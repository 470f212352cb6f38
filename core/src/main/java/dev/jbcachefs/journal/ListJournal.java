package dev.jbcachefs.journal;

import dev.jbcachefs.bkey.PrintContext;
import dev.jbcachefs.sb.Clean;
import dev.jbcachefs.sb.Members;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.sb.Versions;
import dev.jbcachefs.util.Printbuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The text of {@code bcachefs list_journal [-a]}: the messages the tools print while opening the
 * filesystem read-only without recovery, then every journal entry that is not ignored as blacklisted
 * (header, where it was written, and each jset entry with its keys). Written one journal entry at a time,
 * so memory stays bounded by one jset's text.
 */
public final class ListJournal {
    /** The option line of the tools' open for {@code list_journal}. */
    static final String OPTIONS = "errors=continue,degraded=very,fix_errors=yes,nochanges,norecovery,recovery_pass_last=snapshots_read,noexcl,read_only";

    private ListJournal() {}

    /**
     * A print context naming devices by the files read, with bucket sizes and durability from the members
     * field and the backpointer shift from the superblock. (durability and extentBpShift override the
     * key printers' context defaults where those exist.)
     */
    public static PrintContext printContext(JournalRead r) {
        Members members = r.superblock().members();
        long flags6 = r.superblock().flags(6);
        return new PrintContext() {
            @Override
            public String deviceName(int dev) {
                return r.deviceName(dev);
            }

            @Override
            public int bucketSize(int dev) {
                Members.Member m = members.get(dev);
                return m != null ? m.bucketSize() : 0;
            }

            /** Member durability: the field stores durability + 1, 0 meaning 1. */
            public int durability(int dev) {
                Members.Member m = members.get(dev);
                if (m == null || !m.exists()) return 0;
                return m.durabilityValue();
            }

            /** {@code BCH_SB_EXTENT_BP_SHIFT}: superblock flags[6] bits 40..47, 10 when unset. */
            public int extentBpShift() {
                return PrintContext.extentBpShiftOf(flags6);
            }
        };
    }

    /**
     * Writes the listing. {@code all} is {@code -a}: print from the oldest entry read, not only the run of
     * contiguous entries ending at the newest.
     */
    public static void print(JournalRead r, boolean all, PrintContext ctx, Appendable out) {
        try {
            out.append(openMessages(r));
            long minSeq = 0;
            if (!all) minSeq = contiguousStart(r);
            long seq = 0;
            for (JournalEntry e : r.entries().values()) {
                long s = e.seq();
                if (Long.compareUnsigned(s, minSeq) < 0) continue;
                if (seq == 0) seq = s;
                long[] m;
                while ((m = r.missingRange(seq, s)) != null) {
                    out.append("missing ").append(Long.toUnsignedString(m[1] - m[0])).append(" entries at ")
                            .append(Long.toUnsignedString(m[0])).append('-').append(Long.toUnsignedString(m[1] - 1)).append('\n');
                    seq = m[1];
                }
                seq = s + 1;
                if (e.ignoreBlacklisted() || r.isBlacklisted(s)) continue;
                out.append(entryText(r, e, ctx));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long contiguousStart(JournalRead r) {
        long seq = 0;
        long min = 0;
        for (JournalEntry e : r.entries().values()) {
            long s = e.seq();
            if (seq == 0) seq = s;
            long[] m;
            while ((m = r.missingRange(seq, s)) != null) {
                seq = m[1];
                min = m[1];
            }
            seq = s + 1;
        }
        return min;
    }

    /** What opening the filesystem printed before the entries. */
    static String openMessages(JournalRead r) {
        Superblock sb = r.superblock();
        StringBuilder out = new StringBuilder();
        out.append("Using encoding defined by superblock: utf8-12.1.0\n");
        out.append("starting version ").append(Versions.toText(sb.version())).append('\n');
        out.append("  with options: ").append(OPTIONS).append('\n');
        int incompat = (int) (sb.flags(5) >>> 48); // BCH_SB_VERSION_INCOMPAT_ALLOWED
        if (incompat != sb.version()) out.append("  allowing incompatible features up to ").append(Versions.toText(incompat)).append('\n');
        if (sb.nrDevices() > 1) {
            out.append("  with devices: ");
            List<JournalDevice> devs = r.devices();
            for (int i = 0; i < devs.size(); i++) {
                if (i > 0) out.append(',');
                out.append(devs.get(i).name());
            }
            out.append('\n');
        }
        Clean clean = sb.clean() ? sb.cleanSection() : null;
        if (clean != null) {
            out.append("recovering from clean shutdown, journal seq ").append(Long.toUnsignedString(clean.journalSeq())).append('\n');
        } else {
            out.append("recovering from unclean shutdown\n");
        }
        if (r.startSeq() == 0) {
            out.append("journal read done, but no entries found\n");
        } else if (r.seqReadEnd() == 0) {
            out.append("journal read done, but no entries found after dropping non-flushes\n");
        } else {
            out.append("journal read done, replaying entries ").append(Long.toUnsignedString(r.seqReadStart())).append('-')
                    .append(Long.toUnsignedString(r.seqReadEnd()));
            if (r.seqReadEnd() + 1 != r.startSeq()) {
                out.append(" (unflushed ").append(Long.toUnsignedString(r.seqReadEnd() + 1)).append('-')
                        .append(Long.toUnsignedString(r.startSeq() - 1)).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** One entry: header then each jset entry, as {@code journal_replay_print} without filters. */
    static String entryText(JournalRead r, JournalEntry e, PrintContext ctx) {
        Jset j = e.jset();
        int blockSectors = r.superblock().blockSize();
        Printbuf pb = new Printbuf();
        StringBuilder h = pb.builder();
        h.append("\njournal entry     ").append(Long.toUnsignedString(j.seq())).append('\n');
        h.append("  bytes           ").append(j.bytes()).append('\n');
        h.append("  sectors         ").append(j.sectors(blockSectors)).append('\n');
        h.append("  version         ").append(Integer.toUnsignedString(j.version())).append('\n');
        h.append("  last seq        ").append(Long.toUnsignedString(j.lastSeq())).append('\n');
        h.append("  flush           ").append(j.noFlush() ? 0 : 1).append('\n');
        h.append("  written at      ");
        boolean first = true;
        for (JournalPtr p : e.ptrs()) {
            if (!first) h.append(' ');
            first = false;
            p.toText(h, r.deviceName(p.dev()));
        }
        pb.newline();
        int o = j.off() + Jset.HEADER_BYTES;
        int end = (int) (j.off() + j.bytes());
        byte[] b = j.buf();
        while (o + JsetEntry.HEADER_BYTES <= end) {
            JsetEntry en = JsetEntry.read(b, o);
            if (en.end() > end) break;
            printOne(pb, en, ctx);
            o = en.end();
        }
        return pb.toString();
    }

    private static boolean isPrintKey(int type) {
        return type == JsetEntryType.BTREE_ROOT.id() || type == JsetEntryType.BTREE_KEYS.id()
                || type == JsetEntryType.WRITE_BUFFER_KEYS.id() || type == JsetEntryType.OVERWRITE.id();
    }

    private static void printOne(Printbuf pb, JsetEntry en, PrintContext ctx) {
        if (isPrintKey(en.typeId()) && en.u64s() == 0) return;
        int t = en.typeId();
        int indent = en.isTransactionStart() || t == JsetEntryType.BTREE_ROOT.id() || t == JsetEntryType.DATETIME.id()
                || t == JsetEntryType.USAGE.id() ? 2 : 4;
        pb.indentAdd(indent);
        JsetEntryText.toText(pb, en, ctx);
        pb.newline();
        pb.indentSub(indent);
    }
}
