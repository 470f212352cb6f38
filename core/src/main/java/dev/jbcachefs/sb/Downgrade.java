package dev.jbcachefs.sb;

import dev.jbcachefs.format.Le;
import dev.jbcachefs.util.Printbuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code downgrade} field: for each newer version, the recovery passes to run and the errors to fix
 * silently when a filesystem is downgraded below it. Entries are {@code le16 version; le64
 * recovery_passes[2]; le16 nr_errors; le16 errors[nr_errors]}, 2-byte aligned; a trailing entry that does
 * not fit is padding, as upstream treats it.
 */
public final class Downgrade {
    /** One entry; {@code recoveryPassesStable} is a bitmask of stable pass ids. */
    public record Entry(int version, long recoveryPassesStable, int[] errors) {}

    static final int ENTRY_HDR = 20;

    private Downgrade() {}

    static List<Entry> decode(SbField f) {
        byte[] b = f.sb();
        int end = f.off() + f.len();
        List<Entry> out = new ArrayList<>();
        for (int o = f.bodyOff(); o + ENTRY_HDR <= end; ) {
            int nr = Le.u16(b, o + 18);
            if (o + ENTRY_HDR + 2 * nr > end) break;
            int[] errs = new int[nr];
            for (int j = 0; j < nr; j++) errs[j] = Le.u16(b, o + ENTRY_HDR + 2 * j);
            out.add(new Entry(Le.u16(b, o), Le.u64(b, o + 2), errs));
            o += ENTRY_HDR + 2 * nr;
        }
        return out;
    }

    static void toText(Printbuf out, SbField f) {
        if (out.nrTabstops() <= 1) out.tabstopPush(16);
        for (Entry e : decode(f)) {
            out.prt("version:\t");
            out.prt(Versions.toText(e.version()));
            out.newline();
            out.prt("recovery passes:\t");
            out.bitflags(SbNames.RECOVERY_PASSES, SbNames.recoveryPassesFromStable(e.recoveryPassesStable()));
            out.newline();
            out.prt("errors:\t");
            for (int j = 0; j < e.errors().length; j++) {
                if (j > 0) out.raw(',');
                out.prt(SbNames.sbError(e.errors()[j]));
            }
            out.newline();
        }
    }
}
