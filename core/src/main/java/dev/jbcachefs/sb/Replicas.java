package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.bkey.Names;
import dev.jbcachefs.util.Printbuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code replicas} and {@code replicas_v0} fields: which sets of devices hold which data type. Each
 * entry is {@code u8 data_type; u8 nr_devs; [u8 nr_required (v1 only)]; u8 devs[nr_devs]}, packed; the
 * list ends at the field's end or at an entry with data type 0 (padding).
 */
public final class Replicas {
    /** One replicas entry; {@code nrRequired} is 1 for v0 entries, which do not store it. */
    public record Entry(int dataType, int nrRequired, int[] devs) {
        /** Upstream's text: {@code user: 1/2 [0 1]} (v1) or {@code user: 2 [0 1]} (v0). */
        void toText(Printbuf out, boolean v0) {
            out.prt(Names.opt(Names.DATA_TYPES, "data_type", dataType));
            out.prt(v0 ? ": " + devs.length + " [" : ": " + nrRequired + "/" + devs.length + " [");
            for (int i = 0; i < devs.length; i++) out.prt(i > 0 ? " " + devs[i] : String.valueOf(devs[i]));
            out.prt("]");
        }
    }

    private Replicas() {}

    /** Decodes a replicas ({@code v0 == false}) or replicas_v0 field; every entry must lie inside it. */
    static List<Entry> decode(SbField f, boolean v0, String dev) {
        byte[] b = f.sb();
        int end = f.off() + f.len();
        int hdr = v0 ? 2 : 3;
        List<Entry> out = new ArrayList<>();
        for (int o = f.bodyOff(); o < end && b[o] != 0; ) {
            String where = dev + " superblock " + (v0 ? "replicas_v0" : "replicas") + " entry at byte " + o;
            if (end - o < hdr) throw BcachefsException.corrupt("truncated replicas entry header", where);
            int nr = b[o + 1] & 0xff;
            if (end - o < hdr + nr) throw BcachefsException.corrupt("replicas entry with " + nr + " devices runs past the field", where);
            int[] devs = new int[nr];
            for (int i = 0; i < nr; i++) devs[i] = b[o + hdr + i] & 0xff;
            out.add(new Entry(b[o] & 0xff, v0 ? 1 : b[o + 2] & 0xff, devs));
            o += hdr + nr;
        }
        return out;
    }

    /** {@code bch2_sb_dev_has_data}: data types with a replicas entry on device {@code dev}. */
    static int devHasData(Superblock sb, int dev) {
        SbField f = sb.field(SbFieldType.REPLICAS);
        boolean v0 = false;
        if (f == null) {
            f = sb.field(SbFieldType.REPLICAS_V0);
            v0 = true;
        }
        if (f == null) return 0;
        int has = 0;
        for (Entry e : decode(f, v0, sb.deviceName())) {
            if (e.dataType() >= 32) continue;
            for (int d : e.devs()) if (d == dev) has |= 1 << e.dataType();
        }
        return has;
    }
}
