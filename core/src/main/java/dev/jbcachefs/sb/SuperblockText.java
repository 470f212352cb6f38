package dev.jbcachefs.sb;

import dev.jbcachefs.bkey.Names;
import dev.jbcachefs.bkey.PrintContext;
import dev.jbcachefs.util.Printbuf;

/**
 * The superblock as text, line for line what upstream's {@code bcachefs show-super} prints
 * ({@code bch2_sb_to_text} plus one block per member device): the header, options, the layout when asked,
 * then the selected fields in on-disk order, members last. Members print {@code (not found)} after
 * {@code Device N:}: upstream fills that column by scanning the host's block devices by UUID, which an
 * image file never matches.
 */
public final class SuperblockText {
    /** Field selection bit for every field ({@code -f all}). */
    public static final long ALL_FIELDS = ~0L;

    private SuperblockText() {}

    /** The default selection of show-super without {@code -f}: ext, errors, and the members field present. */
    public static long defaultFields(Superblock sb) {
        long f = bit(SbFieldType.EXT.id()) | bit(SbFieldType.ERRORS.id());
        f |= sb.field(SbFieldType.MEMBERS_V2) != null ? bit(SbFieldType.MEMBERS_V2.id()) : bit(SbFieldType.MEMBERS_V1.id());
        return f;
    }

    static long bit(int type) {
        return 1L << type;
    }

    /** Whether {@code fields} selects type {@code type} (upstream's 32-bit mask: the shift wraps at 32). */
    static boolean selected(long fields, int type) {
        return ((fields >>> (type & 31)) & 1) != 0;
    }

    /**
     * The whole show-super text. {@code ctx} names devices in btree pointers: upstream names the device it
     * opened by its file name and every other member {@code dev-N}.
     */
    public static String showSuper(Superblock sb, boolean layout, long fields, PrintContext ctx) {
        Printbuf out = new Printbuf().humanReadableUnits(true);
        out.tabstopPush(44);
        sbToText(out, sb, layout, fields & ~(bit(SbFieldType.MEMBERS_V1.id()) | bit(SbFieldType.MEMBERS_V2.id())), ctx);
        if (selected(fields, SbFieldType.MEMBERS_V2.id()) && sb.field(SbFieldType.MEMBERS_V2) != null) {
            Members m = sb.members();
            for (int i = 0; i < sb.nrDevices() && i < m.all().size(); i++) printOneMember(out, sb, m.all().get(i));
        } else if (selected(fields, SbFieldType.MEMBERS_V1.id()) && sb.field(SbFieldType.MEMBERS_V1) != null) {
            Members m = Members.decodeV1(sb.field(SbFieldType.MEMBERS_V1), sb.deviceName());
            for (int i = 0; i < sb.nrDevices() && i < m.all().size(); i++) printOneMember(out, sb, m.all().get(i));
        }
        return out.toString();
    }

    /**
     * Device names as a filesystem opened from this one device sees them: this device by its file name,
     * every other member {@code dev-N} (offline), non-members unknown.
     */
    public static PrintContext deviceContext(Superblock sb) {
        Members m = membersOrNull(sb);
        return new PrintContext() {
            @Override
            public String deviceName(int dev) {
                if (m == null || dev >= sb.nrDevices() || m.get(dev) == null || !m.get(dev).alive()) return null;
                return dev == sb.devIdx() ? sb.deviceName() : "dev-" + dev;
            }

            @Override
            public int bucketSize(int dev) {
                return deviceName(dev) != null ? m.get(dev).bucketSize() : 0;
            }

            @Override
            public int durability(int dev) {
                return deviceName(dev) != null ? m.get(dev).durabilityValue() : 0;
            }

            @Override
            public int extentBpShift() {
                return PrintContext.extentBpShiftOf(sb.flags(6));
            }
        };
    }

    /** The text of one field alone, without its header ({@code --field-only}). */
    public static String fieldOnly(Superblock sb, SbFieldType type, PrintContext ctx) {
        Printbuf out = new Printbuf().humanReadableUnits(true);
        SbField f = sb.field(type);
        if (f != null) SbFieldText.bodyToText(out, sb, f, ctx);
        return out.toString();
    }

    private static void printOneMember(Printbuf out, Superblock sb, Members.Member m) {
        if (!m.alive()) return;
        out.prt("Device " + m.idx() + ":\t(not found)\t");
        out.newline();
        out.indentAdd(2);
        memberToText(out, sb, m);
        out.indentSub(2);
    }

    static void sbToText(Printbuf out, Superblock sb, boolean layout, long fields, PrintContext ctx) {
        if (out.nrTabstops() == 0) out.tabstopPush(44);
        out.prt("External UUID:\t" + sb.userUuid());
        out.newline();
        out.prt("Internal UUID:\t" + sb.uuid());
        out.newline();
        out.prt("Magic number:\t" + uuidText(sb.bytes(), 24));
        out.newline();
        out.prt("Device index:\t" + sb.devIdx() + "\n");
        out.prt("Label:\t");
        String label = sb.label();
        out.prt(label.isEmpty() ? "(none)" : label);
        out.newline();
        out.prt("Version:\t" + Versions.toText(sb.version()));
        out.newline();
        out.prt("Incompatible features allowed:\t" + Versions.toText((int) Superblock.bits(sb.flags(5), 48, 64)));
        out.newline();
        out.prt("Incompatible features in use:\t" + Versions.toText((int) sb.versionIncompat()));
        out.newline();
        out.prt("Version upgrade complete:\t" + Versions.toText((int) sb.versionUpgradeComplete()));
        out.newline();
        out.prt("Oldest version on disk:\t" + Versions.toText(sb.versionMin()));
        out.newline();
        out.prt("Created:\t");
        out.prt(sb.timeBaseLo() != 0 ? Printbuf.datetime(Long.divideUnsigned(sb.timeBaseLo(), 1_000_000_000L)) : "(not set)");
        out.newline();
        out.prt("Sequence number:\t");
        out.prt(Long.toUnsignedString(sb.seq()));
        out.newline();
        out.prt("Time of last write:\t");
        out.prt(Printbuf.datetime(sb.writeTime()));
        out.newline();
        out.prt("Superblock size:\t");
        out.unitsU64(sb.bytes().length);
        out.prt("/");
        out.unitsU64(512L << sb.embeddedLayout().sbMaxSizeBits());
        out.newline();
        out.prt("Clean:\t" + (sb.clean() ? 1 : 0) + "\n");
        out.prt("Devices:\t" + nrAliveDevices(sb) + "\n");
        out.prt("Sections:\t");
        long have = 0;
        for (SbField f : sb.fields()) if (f.type() >= 0 && f.type() < 64) have |= 1L << f.type();
        out.bitflags(fieldNames(), have);
        out.newline();
        out.prt("Features:\t");
        out.bitflags(SbNames.FEATURES, sb.features(0));
        out.newline();
        out.prt("Compat features:\t");
        out.bitflags(SbNames.COMPAT, sb.compat(0));
        out.newline();
        out.newline();
        out.prt("Options:");
        out.newline();
        out.indentAdd(2);
        for (SbOption o : SbOption.values()) {
            out.prt(o.upstreamName() + ":\t");
            o.toText(out, sb);
            out.newline();
        }
        out.indentSub(2);
        if (layout) {
            out.newline();
            out.prt("layout:");
            out.newline();
            out.indentAdd(2);
            layoutToText(out, sb.embeddedLayout());
            out.indentSub(2);
        }
        for (SbField f : sb.fields()) {
            if (selected(fields, f.type())) {
                out.newline();
                SbFieldText.fieldToText(out, sb, f, ctx);
            }
        }
    }

    static void layoutToText(Printbuf out, SbLayout l) {
        out.prt("Type:                    " + l.layoutType());
        out.newline();
        out.prt("Superblock max size:     ");
        out.unitsU64(512L << l.sbMaxSizeBits());
        out.newline();
        out.prt("Nr superblocks:          " + l.sbOffsets().size());
        out.newline();
        out.prt("Offsets:                 ");
        for (int i = 0; i < l.sbOffsets().size(); i++) {
            if (i > 0) out.prt(", ");
            out.prt(Long.toUnsignedString(l.sbOffsets().get(i)));
        }
        out.newline();
    }

    static String[] fieldNames() {
        SbFieldType[] t = SbFieldType.values();
        String[] n = new String[t.length];
        for (int i = 0; i < t.length; i++) n[i] = t[i].upstreamName();
        return n;
    }

    /** {@code bch2_sb_nr_devices}: alive members among the first nr_devices slots. */
    static int nrAliveDevices(Superblock sb) {
        Members m = membersOrNull(sb);
        if (m == null) return 0;
        int n = 0;
        for (int i = 0; i < sb.nrDevices() && i < m.all().size(); i++) if (m.all().get(i).alive()) n++;
        return n;
    }

    static Members membersOrNull(Superblock sb) {
        if (sb.field(SbFieldType.MEMBERS_V2) != null) return sb.members();
        SbField v1 = sb.field(SbFieldType.MEMBERS_V1);
        return v1 != null ? Members.decodeV1(v1, sb.deviceName()) : null;
    }

    static String uuidText(byte[] b, int off) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) s.append('-');
            s.append(String.format("%02x", b[off + i] & 0xff));
        }
        return s.toString();
    }

    /** {@code bch2_member_to_text}. */
    static void memberToText(Printbuf out, Superblock sb, Members.Member m) {
        long bucketSize = m.bucketSize();
        long deviceSize = m.nbuckets() * bucketSize;
        out.prt("Label:\t");
        if (m.group() != 0) SbTargets.diskPathToText(out, sb, m.group() - 1);
        else out.prt("(none)");
        out.newline();
        out.prt("UUID:\t" + m.uuid());
        out.newline();
        out.prt("Size:\t");
        out.unitsU64(deviceSize << 9);
        out.newline();
        for (int i = 0; i < SbNames.MEMBER_ERRORS.length; i++) {
            out.prt(SbNames.MEMBER_ERRORS[i] + " errors:\t" + Long.toUnsignedString(m.errors(i)) + "\n");
        }
        for (int i = 0; i < SbNames.IOPS.length; i++) out.prt(SbNames.IOPS[i] + " iops:\t" + m.iops(i) + "\n");
        out.prt("Bucket size:\t");
        out.unitsU64(bucketSize << 9);
        out.newline();
        out.prt("First bucket:\t" + m.firstBucket() + "\n");
        out.prt("Buckets:\t" + Long.toUnsignedString(m.nbuckets()) + "\n");
        out.prt("Last mount:\t");
        out.prt(m.lastMount() != 0 ? Printbuf.datetime(m.lastMount()) : "(never)");
        out.newline();
        out.prt("Last superblock write:\t" + Long.toUnsignedString(m.seq()) + "\n");
        out.prt("State:\t" + (m.state() < SbNames.MEMBER_STATES.length ? SbNames.MEMBER_STATES[m.state()] : "unknown") + "\n");
        out.prt("Data allowed:\t");
        if (m.dataAllowed() != 0) out.bitflags(Names.DATA_TYPES, m.dataAllowed());
        else out.prt("(none)");
        out.newline();
        out.prt("Has data:\t");
        int has = Replicas.devHasData(sb, m.idx());
        if (has != 0) out.bitflags(Names.DATA_TYPES, has);
        else out.prt("(none)");
        out.newline();
        out.prt("Rotational:\t" + (m.rotational() ? 1 : 0) + "\n");
        out.prt("Btree allocated bitmap blocksize:\t");
        if (m.btreeBitmapShift() < 64) out.unitsU64(1L << m.btreeBitmapShift());
        else out.prt("(invalid shift " + m.btreeBitmapShift() + ")");
        out.newline();
        out.prt("Btree allocated bitmap:\t");
        StringBuilder bits = new StringBuilder();
        for (int i = 63; i >= 0; i--) bits.append((m.btreeAllocatedBitmap() >>> i & 1) != 0 ? '1' : '0');
        out.raw(bits.toString());
        out.newline();
        out.prt("Durability:\t" + m.durabilityValue() + "\n");
        out.prt("Discard:\t" + (m.discard() ? 1 : 0) + "\n");
        out.prt("Freespace initialized:\t" + (m.freespaceInitialized() ? 1 : 0) + "\n");
        out.prt("Resize on mount:\t" + (m.resizeOnMount() ? 1 : 0) + "\n");
        out.prt("Last device name:\t" + m.deviceName() + "\n");
        out.prt("Last device model:\t" + m.deviceModel() + "\n");
    }

    /** Members field printed as a field ({@code Device:\tN} blocks), as upstream's members to_text does. */
    static void membersFieldToText(Printbuf out, Superblock sb, SbField f) {
        boolean v2 = f.type() == SbFieldType.MEMBERS_V2.id();
        Members m = v2 ? Members.decode(f, sb.deviceName()) : Members.decodeV1(f, sb.deviceName());
        int nr = m.all().size();
        if (nr != sb.nrDevices()) out.prt("nr_devices mismatch: have " + nr + " entries, should be " + sb.nrDevices());
        for (int i = 0; i < Math.min(nr, sb.nrDevices()); i++) {
            Members.Member mm = m.all().get(i);
            if (!mm.alive()) continue;
            out.prt("Device:\t" + i + "\n");
            out.indentAdd(2);
            memberToText(out, sb, mm);
            out.indentSub(2);
        }
    }
}
