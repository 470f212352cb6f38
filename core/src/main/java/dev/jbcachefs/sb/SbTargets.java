package dev.jbcachefs.sb;

import dev.jbcachefs.format.Le;
import dev.jbcachefs.util.Printbuf;

/**
 * Target options and member labels as text, from the superblock alone ({@code bch2_target_to_text_sb},
 * {@code bch2_disk_path_to_text_sb}): a target is 0 (none), 1 + device index, or 257 + disk group; a disk
 * group path is its labels from the root, joined with dots.
 */
final class SbTargets {
    static final int DEV_START = 1, GROUP_START = 257;
    /** {@code struct bch_disk_group}: label[32], le64 flags[2]. */
    static final int GROUP_BYTES = 48, LABEL_BYTES = 32;

    private SbTargets() {}

    static void toText(Printbuf out, Superblock sb, int v) {
        if (v >= GROUP_START) {
            diskPathToText(out, sb, v - GROUP_START);
        } else if (v >= DEV_START) {
            int dev = v - DEV_START;
            Members.Member m = dev < sb.nrDevices() ? memberOrNull(sb, dev) : null;
            if (m != null && m.alive()) out.prt("Device " + m.uuid() + " (" + dev + ")");
            else out.prt("Bad device " + dev);
        } else {
            out.prt("none");
        }
    }

    private static Members.Member memberOrNull(Superblock sb, int dev) {
        if (sb.field(SbFieldType.MEMBERS_V2) == null) return null;
        return sb.members().get(dev);
    }

    /** Number of disk groups in the field (0 when absent). */
    static int groupsNr(SbField f) {
        return f == null ? 0 : f.bodyLen() / GROUP_BYTES;
    }

    static long groupFlags(SbField f, int i) {
        return Le.u64(f.sb(), f.bodyOff() + i * GROUP_BYTES + LABEL_BYTES);
    }

    static String groupLabel(SbField f, int i) {
        int o = f.bodyOff() + i * GROUP_BYTES, n = 0;
        while (n < LABEL_BYTES && f.sb()[o + n] != 0) n++;
        return new String(f.sb(), o, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    static void diskPathToText(Printbuf out, Superblock sb, int v) {
        SbField f = sb.field(SbFieldType.DISK_GROUPS);
        int nr = groupsNr(f);
        int[] path = new int[32];
        int n = 0;
        while (true) {
            if (n == path.length || v >= nr || (groupFlags(f, v) & 1) != 0) {
                out.prt("invalid label " + v);
                return;
            }
            path[n++] = v;
            long parent = (groupFlags(f, v) >>> 6) & ((1L << 18) - 1);
            if (parent == 0) break;
            v = (int) parent - 1;
        }
        while (n > 0) {
            out.prt(groupLabel(f, path[--n]));
            if (n > 0) out.prt(".");
        }
    }
}
