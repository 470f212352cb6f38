package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.util.Printbuf;

/**
 * The {@code ext} field: recovery passes still required (stable pass ids, as a bitmask), the fsck errors
 * to fix silently (a 512-bit vector of error ids), and the btrees known to have lost data.
 */
public record Ext(long recoveryPassesRequiredStable, long[] errorsSilent, long btreesLostData) {
    /** Upstream's minimum field size, header included. */
    static final int MIN_BYTES = 88;

    static Ext decode(SbField f, String dev) {
        if (f.len() < MIN_BYTES) throw BcachefsException.corrupt("ext field too small (" + f.len() + " < " + MIN_BYTES + ")", dev + " superblock ext");
        byte[] b = f.sb();
        int o = f.bodyOff();
        long[] silent = new long[8];
        for (int i = 0; i < 8; i++) silent[i] = Le.u64(b, o + 16 + i * 8);
        return new Ext(Le.u64(b, o), silent, f.bodyLen() >= 88 ? Le.u64(b, o + 80) : 0);
    }

    public boolean errorSilent(int id) {
        return id >= 0 && id < 512 && ((errorsSilent[id / 64] >>> (id % 64)) & 1) != 0;
    }

    /** Names of the recovery passes still required, in upstream pass order. */
    public java.util.List<String> recoveryPassesRequired() {
        return bitNames(SbNames.RECOVERY_PASSES, SbNames.recoveryPassesFromStable(recoveryPassesRequiredStable));
    }

    static java.util.List<String> bitNames(String[] names, long bits) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(64, names.length); i++) if ((bits >>> i & 1) != 0) out.add(names[i]);
        return out;
    }

    void toText(Printbuf out) {
        out.prt("Recovery passes required:\t");
        out.bitflags(SbNames.RECOVERY_PASSES, SbNames.recoveryPassesFromStable(recoveryPassesRequiredStable));
        out.newline();
        out.prt("Errors to silently fix:\t");
        boolean first = true;
        for (int i = 0; i < Math.min(SbNames.SB_ERROR_MAX, 512); i++) {
            if (!errorSilent(i)) continue;
            if (!first) out.prt(",");
            first = false;
            out.prt(SbNames.SB_ERRORS[i]);
        }
        out.newline();
        out.prt("Btrees with missing data:\t");
        out.bitflags(SbFieldText.btreeNames(), btreesLostData);
        out.newline();
    }
}
