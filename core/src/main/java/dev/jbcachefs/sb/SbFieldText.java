package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.bkey.Names;
import dev.jbcachefs.bkey.PrintContext;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.util.Printbuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints one superblock field the way upstream's per-field {@code to_text} does ({@code bch2_sb_field_to_text}:
 * a {@code NAME (size N):} header, then the body). Every field is length-checked before it is read; an
 * unknown field type prints the header alone, as upstream does.
 */
final class SbFieldText {
    private SbFieldText() {}

    /** Header and body. */
    static void fieldToText(Printbuf out, Superblock sb, SbField f, PrintContext ctx) {
        SbFieldType t = f.knownType();
        out.prt(t != null ? t.upstreamName() : "(unknown field " + Integer.toUnsignedString(f.type()) + ")");
        out.prt(" (size " + f.len() + "):");
        out.newline();
        bodyToText(out, sb, f, ctx);
    }

    /** The body alone ({@code __bch2_sb_field_to_text}). */
    static void bodyToText(Printbuf out, Superblock sb, SbField f, PrintContext ctx) {
        if (out.nrTabstops() == 0) out.tabstopPush(32);
        SbFieldType t = f.knownType();
        if (t == null) return;
        String dev = sb.deviceName();
        switch (t) {
            case JOURNAL -> journal(out, f);
            case MEMBERS_V1, MEMBERS_V2 -> SuperblockText.membersFieldToText(out, sb, f);
            case CRYPT -> Crypt.decode(f, dev).toText(out);
            case REPLICAS_V0, REPLICAS -> {
                boolean first = true;
                for (Replicas.Entry e : Replicas.decode(f, t == SbFieldType.REPLICAS_V0, dev)) {
                    if (!first) out.prt(" ");
                    first = false;
                    e.toText(out, t == SbFieldType.REPLICAS_V0);
                }
                out.newline();
            }
            case QUOTA -> quota(out, f, dev);
            case DISK_GROUPS -> diskGroups(out, f);
            case CLEAN -> CleanText.toText(out, sb, f, ctx);
            case JOURNAL_SEQ_BLACKLIST -> {
                boolean first = true;
                for (JournalSeqBlacklist.Range r : JournalSeqBlacklist.decode(f, dev)) {
                    if (!first) out.prt(" ");
                    first = false;
                    out.prt(Long.toUnsignedString(r.start()) + "-" + Long.toUnsignedString(r.end()));
                }
                out.newline();
            }
            case JOURNAL_V2 -> {
                out.prt("Buckets: ");
                for (JournalV2.Range r : JournalV2.decode(f, dev)) {
                    out.prt(" " + Long.toUnsignedString(r.start()) + "-" + Long.toUnsignedString(r.start() + r.nr()));
                }
                out.newline();
            }
            case COUNTERS -> counters(out, f);
            case ERRORS -> errors(out, f, dev);
            case EXT -> Ext.decode(f, dev).toText(out);
            case DOWNGRADE -> Downgrade.toText(out, f);
            case RECOVERY_PASSES -> RecoveryPasses.toText(out, f);
            case EXTENT_TYPE_U64S -> extentTypeU64s(out, f);
        }
    }

    private static void journal(Printbuf out, SbField f) {
        out.prt("Buckets: ");
        for (int o = f.bodyOff(); o + 8 <= f.off() + f.len(); o += 8) out.prt(" " + Long.toUnsignedString(Le.u64(f.sb(), o)));
        out.newline();
    }

    /** {@code struct bch_sb_field_quota}: 3 quota types of {le64 flags; 2 x {le32 timelimit; le32 warnlimit}}. */
    private static void quota(Printbuf out, SbField f, String dev) {
        int typeBytes = 8 + 2 * 8;
        if (f.bodyLen() < 3 * typeBytes) throw BcachefsException.corrupt("quota field too short (" + f.bodyLen() + " bytes)", dev + " superblock quota");
        byte[] b = f.sb();
        for (int q = 0; q < 3; q++) {
            int o = f.bodyOff() + q * typeBytes;
            out.prt(SbNames.QUOTA_TYPES[q] + ": flags " + Long.toHexString(Le.u64(b, o)));
            for (int c = 0; c < 2; c++) {
                out.prt(" " + SbNames.QUOTA_COUNTERS[c] + " timelimit " + Le.u32(b, o + 8 + c * 8) + " warnlimit " + Le.u32(b, o + 12 + c * 8));
            }
            out.newline();
        }
    }

    private static void diskGroups(Printbuf out, SbField f) {
        int nr = SbTargets.groupsNr(f);
        for (int i = 0; i < nr; i++) {
            if (i > 0) out.prt(" ");
            long flags = SbTargets.groupFlags(f, i);
            if ((flags & 1) != 0) out.prt("[deleted]");
            else out.prt("[parent " + ((flags >>> 6) & ((1L << 18) - 1)) + " name " + SbTargets.groupLabel(f, i) + "]");
        }
    }

    private static void counters(Printbuf out, SbField f) {
        int nr = f.bodyLen() / 8;
        for (int i = 0; i < SbNames.COUNTERS.length; i++) {
            int stable = SbNames.COUNTER_STABLE[i];
            if (stable < nr) out.prt(SbNames.COUNTERS[i] + " \t" + Long.toUnsignedString(Le.u64(f.sb(), f.bodyOff() + stable * 8)) + "\n");
        }
    }

    private static void errors(Printbuf out, SbField f, String dev) {
        if (out.nrTabstops() <= 1) out.tabstopPush(16);
        List<SbSections.ErrorEntry> sorted = new ArrayList<>(SbSections.ErrorEntry.decode(f, dev));
        sorted.sort((l, r) -> -Long.compareUnsigned(l.lastErrorTime(), r.lastErrorTime()));
        for (SbSections.ErrorEntry e : sorted) {
            out.prt(SbNames.sbError(e.id()));
            out.tab();
            out.prt(Long.toUnsignedString(e.nr()));
            out.tab();
            out.prt(Printbuf.datetime(e.lastErrorTime()));
            out.newline();
        }
    }

    static String[] btreeNames() {
        String[] n = new String[BtreeId.NR];
        for (int i = 0; i < n.length; i++) n[i] = BtreeId.nameOf(i);
        return n;
    }

    private static final String[] TIME_UNIT_NAMES = {"ns", "us", "ms", "s", "m", "h", "d", "w", "y", "eon"};
    private static final long[] TIME_UNIT_NSECS = {1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L,
        86_400_000_000_000L, 604_800_000_000_000L, 1_000_000_000L * (3600L * 24 * 7 * 365 + 3600L * 6 * 7), -1L};

    /** {@code bch2_pr_time_units}: steps up a unit while the value is at least twice the next unit. */
    static String timeUnits(long ns) {
        int u = 0;
        while (u + 1 < TIME_UNIT_NSECS.length && Long.compareUnsigned(ns, TIME_UNIT_NSECS[u + 1] << 1) >= 0) u++;
        return Long.toUnsignedString(Long.divideUnsigned(ns, TIME_UNIT_NSECS[u])) + " " + TIME_UNIT_NAMES[u];
    }

    private static void extentTypeU64s(Printbuf out, SbField f) {
        byte[] b = f.sb();
        for (int i = 0; i < f.bodyLen() && b[f.bodyOff() + i] != 0; i++) {
            out.prt(i < Names.EXTENT_ENTRY_TYPES.length ? Names.EXTENT_ENTRY_TYPES[i] : "(unknown type " + i + ")");
            out.prt(":\t" + (b[f.bodyOff() + i] & 0xff) + "\n");
        }
    }
}
