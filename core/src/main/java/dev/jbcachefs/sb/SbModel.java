package dev.jbcachefs.sb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A mutable {@code struct bch_sb}: every header field, the layout, and the variable fields as encoded
 * {@link SbSection}s in on-disk order. {@link SuperblockWrite} turns it into bytes; {@link #from} builds one
 * from a superblock read from disk by decoding each field into its typed form and re-encoding it, so a
 * read → model → write cycle reproduces upstream's bytes (the round-trip tests prove it on every fixture).
 * The {@code offset} field is not part of the model: every copy gets its own, from the layout.
 */
public final class SbModel {
    public int version;
    public int versionMin;
    /** Internal UUID ({@code uuid}); its first 8 bytes seed the btree-node and journal magics. */
    public UUID uuid = new UUID(0, 0);
    /** External UUID ({@code user_uuid}), the one blkid and mount see. */
    public UUID userUuid = new UUID(0, 0);
    /** At most 32 bytes UTF-8 (not NUL-terminated when exactly 32). */
    public String label = "";
    public long seq;
    /** Block size in 512-byte sectors. */
    public int blockSize;
    public int devIdx;
    public int nrDevices;
    public long timeBaseLo;
    public long timeBaseHi;
    public long timePrecision;
    public final long[] flags = new long[7];
    public long writeTime;
    public final long[] features = new long[2];
    public final long[] compat = new long[2];
    public SbLayout layout;
    /** Variable fields in on-disk order. */
    public final List<SbSection> sections = new ArrayList<>();

    /** Rebuilds a model from a read superblock: header fields, then every field decoded and re-encoded. */
    public static SbModel from(Superblock sb) {
        SbModel m = new SbModel();
        m.version = sb.version();
        m.versionMin = sb.versionMin();
        m.uuid = sb.uuid();
        m.userUuid = sb.userUuid();
        m.label = sb.label();
        m.seq = sb.seq();
        m.blockSize = sb.blockSize();
        m.devIdx = sb.devIdx();
        m.nrDevices = sb.nrDevices();
        m.timeBaseLo = sb.timeBaseLo();
        m.timeBaseHi = sb.timeBaseHi();
        m.timePrecision = sb.timePrecision();
        for (int i = 0; i < 7; i++) m.flags[i] = sb.flags(i);
        m.writeTime = sb.writeTime();
        for (int i = 0; i < 2; i++) {
            m.features[i] = sb.features(i);
            m.compat[i] = sb.compat(i);
        }
        m.layout = sb.embeddedLayout();
        for (SbField f : sb.fields()) m.sections.add(reencode(f, sb));
        return m;
    }

    /** Decodes one field into its typed form and encodes it again (unknown types are kept as raw bytes). */
    static SbSection reencode(SbField f, Superblock sb) {
        String dev = sb.deviceName();
        SbFieldType t = f.knownType();
        if (t == null) return new SbSection(f.type(), java.util.Arrays.copyOfRange(f.sb(), f.bodyOff(), f.off() + f.len()));
        return switch (t) {
            case MEMBERS_V2 -> SbSections.membersV2(Members.decode(f, dev).all().stream().map(SbMember::from).toList());
            case MEMBERS_V1 -> SbSections.membersV1(Members.decodeV1(f, dev).all().stream().map(SbMember::from).toList());
            case JOURNAL_V2 -> SbSections.journalV2(JournalV2.decode(f, dev));
            case JOURNAL_SEQ_BLACKLIST -> SbSections.journalSeqBlacklist(JournalSeqBlacklist.decode(f, dev));
            case REPLICAS_V0 -> SbSections.replicasV0(Replicas.decode(f, true, dev));
            case REPLICAS -> SbSections.replicas(Replicas.decode(f, false, dev));
            case CLEAN -> SbSections.clean(SbSections.CleanBody.decode(f, dev));
            case COUNTERS -> SbSections.counters(SbSections.decodeCounters(f));
            case ERRORS -> SbSections.errors(SbSections.ErrorEntry.decode(f, dev));
            case EXT -> SbSections.ext(SbSections.ExtBody.decode(f, dev));
            case DOWNGRADE -> SbSections.downgrade(SbSections.DowngradeEntry.decode(f));
            case RECOVERY_PASSES -> SbSections.recoveryPasses(SbSections.RecoveryPassSlot.decode(f));
            case EXTENT_TYPE_U64S -> SbSections.extentTypeU64s(trimZeros(java.util.Arrays.copyOfRange(f.sb(), f.bodyOff(), f.off() + f.len())));
            case CRYPT -> SbSections.crypt(Crypt.decode(f, dev));
            case DISK_GROUPS -> SbSections.diskGroups(SbSections.DiskGroup.decode(f));
            case JOURNAL, QUOTA -> new SbSection(f.type(), java.util.Arrays.copyOfRange(f.sb(), f.bodyOff(), f.off() + f.len()));
        };
    }

    private static byte[] trimZeros(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) n--;
        return java.util.Arrays.copyOf(b, n);
    }

    /** The first section of this type, or null. */
    public SbSection section(SbFieldType type) {
        for (SbSection s : sections) if (s.type() == type.id()) return s;
        return null;
    }

    /** Replaces the section of the same type in place, or appends it. */
    public SbModel putSection(SbSection s) {
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).type() == s.type()) {
                sections.set(i, s);
                return this;
            }
        }
        sections.add(s);
        return this;
    }

    public SbModel removeSection(SbFieldType type) {
        sections.removeIf(s -> s.type() == type.id());
        return this;
    }

    /** Sets bits {@code lo..hi} (exclusive) of {@code flags[word]} to {@code v} (an {@code LE64_BITMASK} setter). */
    public SbModel setFlag(int word, int lo, int hi, long v) {
        flags[word] = withBits(flags[word], lo, hi, v);
        return this;
    }

    /** Sets a named superblock bitfield. */
    public SbModel set(SbFlag f, long v) {
        return setFlag(f.word(), f.lo(), f.hi(), v);
    }

    public long get(SbFlag f) {
        return Superblock.bits(flags[f.word()], f.lo(), f.hi());
    }

    static long withBits(long word, int lo, int hi, long v) {
        long mask = hi - lo >= 64 ? -1L : ((1L << (hi - lo)) - 1);
        if ((v & ~mask) != 0) throw new IllegalArgumentException("value " + v + " does not fit bits " + lo + ".." + hi);
        return (word & ~(mask << lo)) | (v << lo);
    }

    static void putUuid(byte[] b, int off, UUID u) {
        long hi = u.getMostSignificantBits(), lo = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) b[off + i] = (byte) (hi >>> (56 - 8 * i));
        for (int i = 0; i < 8; i++) b[off + 8 + i] = (byte) (lo >>> (56 - 8 * i));
    }

    byte[] labelBytes() {
        return label.getBytes(StandardCharsets.UTF_8);
    }
}
