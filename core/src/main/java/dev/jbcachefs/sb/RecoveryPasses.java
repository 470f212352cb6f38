package dev.jbcachefs.sb;

import dev.jbcachefs.format.Le;
import dev.jbcachefs.util.Printbuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code recovery_passes} field: per recovery pass (indexed by stable id) when it last ran, how long
 * it took, and whether it may be rate-limited. Entries are {@code le64 last_run; le32 last_runtime (s);
 * le32 flags}.
 */
public final class RecoveryPasses {
    /** One pass that has run; {@code name} is upstream's pass name. */
    public record Entry(int stableId, String name, long lastRun, long lastRuntimeSeconds, boolean noRatelimit) {}

    static final int ENTRY_BYTES = 16;

    private RecoveryPasses() {}

    /** Passes with a recorded run (last_run != 0), in stable-id order. */
    static List<Entry> decode(SbField f) {
        byte[] b = f.sb();
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < f.bodyLen() / ENTRY_BYTES; i++) {
            int o = f.bodyOff() + i * ENTRY_BYTES;
            long lastRun = Le.u64(b, o);
            if (lastRun == 0) continue;
            out.add(new Entry(i, SbNames.RECOVERY_PASSES[SbNames.recoveryPassFromStable(i)], lastRun, Le.u32(b, o + 8), (Le.u32(b, o + 12) & 1) != 0));
        }
        return out;
    }

    static void toText(Printbuf out, SbField f) {
        if (out.nrTabstops() < 1) out.tabstopPush(32);
        if (out.nrTabstops() < 2) out.tabstopPush(32);
        out.prt("Pass\tLast run\tLast runtime\n");
        for (Entry e : decode(f)) {
            out.prt(e.name() + "\t");
            out.prt(Printbuf.datetime(e.lastRun()));
            out.tab();
            out.prt(SbFieldText.timeUnits(e.lastRuntimeSeconds() * 1_000_000_000L));
            if (e.noRatelimit()) out.prt(" (no ratelimit)");
            out.newline();
        }
    }
}
