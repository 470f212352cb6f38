package dev.jbcachefs.init;

import dev.jbcachefs.alloc.NodeRecord;
import dev.jbcachefs.crypto.Crypto;
import dev.jbcachefs.format.ExtentPtr;
import dev.jbcachefs.journal.JsetEntryWrite;
import dev.jbcachefs.sb.Replicas;
import dev.jbcachefs.sb.SbFieldType;
import dev.jbcachefs.sb.SbFlag;
import dev.jbcachefs.sb.SbMember;
import dev.jbcachefs.sb.SbModel;
import dev.jbcachefs.sb.SbSection;
import dev.jbcachefs.sb.SbSections;
import dev.jbcachefs.sb.SuperblockWrite;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The superblock of a newly formatted filesystem: options in the flag words as upstream's format stores
 * them, features and compat bits of a 1.36 filesystem that has run its first mount, a member per device
 * (with the btree-allocated bitmap of where btree nodes went and the journal position), the journal's
 * buckets, the replicas entries in use, the crypt field of an encrypted filesystem, and the clean section
 * whose btree roots and journal seq match the single jset in the journal. Written last, to every copy
 * of every device.
 */
final class SuperblockBuild {
    static final long FEATURES_0 = 0xfba80L;
    static final long COMPAT_0 = 0x1fL;
    /** {@code version_incompat} a first mount records for a single-replica filesystem (1.33); replicated ones record 1.36. */
    static final int VERSION_INCOMPAT = (1 << 10) | 33;

    private final Format f;
    private List<JsetEntryWrite.Root> roots;
    private JsetEntryWrite.SuperEntries se;
    private final UUID uuid = UUID.randomUUID();
    private final UUID userUuid;
    private final List<UUID> memberUuids = new ArrayList<>();

    SuperblockBuild(Format f) {
        this.f = f;
        this.userUuid = f.opts.uuid() != null ? f.opts.uuid() : UUID.randomUUID();
        for (int i = 0; i < f.devs.size(); i++) memberUuids.add(UUID.randomUUID());
    }

    /** {@code le64} of the first 8 bytes of the internal UUID: the seed of the bset and jset magics and nonces. */
    long uuidLe64() {
        return internalUuidLe64(uuid);
    }

    static long internalUuidLe64(UUID u) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return b.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    UUID uuid() {
        return uuid;
    }

    /** {@code BCH_FEATURE_lz4/gzip/zstd} (bits 0, 1, 2) for the extent compression types written (lz4_old 1, gzip 2, lz4 3, zstd 4). */
    static long compressionFeatures(int typesUsed) {
        long f = 0;
        if ((typesUsed & (1 << 1 | 1 << 3)) != 0) f |= 1;
        if ((typesUsed & (1 << 2)) != 0) f |= 2;
        if ((typesUsed & (1 << 4)) != 0) f |= 4;
        return f;
    }

    /**
     * The superblock every device shares; each device's differs only in index, layout and journal
     * buckets ({@link #forDevice}), so the rest (the crypt field's scrypt above all) is made once.
     */
    private SbModel model(int[] lastBucket, int[] lastOffset) {
        FsParams p = f.p;
        FormatGeometry g = f.geometry;
        SbModel m = new SbModel();
        m.version = FsParams.VERSION;
        m.versionMin = FsParams.VERSION;
        m.uuid = uuid;
        m.userUuid = userUuid;
        m.label = f.opts.fsLabel() == null ? "" : f.opts.fsLabel();
        m.seq = 1;
        m.blockSize = g.blockSize() / 512;
        m.nrDevices = f.devs.size();
        m.timeBaseLo = f.timeBaseNs;
        m.timePrecision = 1;
        m.writeTime = f.timeBaseNs / 1_000_000_000L;
        m.features[0] = FEATURES_0 | compressionFeatures(f.compressionTypesUsed);
        m.compat[0] = COMPAT_0;
        java.util.EnumMap<SbFlag, Long> o = FormatSbOptions.defaults(g, FsParams.VERSION);
        o.put(SbFlag.META_CSUM_TYPE, (long) p.metaCsumOpt);
        o.put(SbFlag.DATA_CSUM_TYPE, (long) p.dataCsumOpt);
        o.put(SbFlag.META_REPLICAS_WANT, (long) p.metaReplicas);
        o.put(SbFlag.DATA_REPLICAS_WANT, (long) p.dataReplicas);
        o.put(SbFlag.STR_HASH_TYPE, (long) p.strHashOpt);
        FormatSbOptions.compression(o, false, p.compression.optId(), p.compressionLevel);
        FormatSbOptions.compression(o, true, p.bgCompression.optId(), p.bgCompressionLevel);
        o.put(SbFlag.ENCRYPTION_TYPE, p.key != null ? 1L : 0L);
        // what the first mount of a new filesystem adds
        o.put(SbFlag.INITIALIZED, 1L);
        o.put(SbFlag.CLEAN, 1L);
        o.put(SbFlag.CSUM_TYPE, (long) FormatSbOptions.sbCsumType(p.metaCsumOpt));
        o.put(SbFlag.MULTI_DEVICE, f.devs.size() > 1 ? 1L : 0L);
        o.put(SbFlag.VERSION_UPGRADE_COMPLETE, (long) FsParams.VERSION);
        o.put(SbFlag.VERSION_INCOMPAT, (long) (p.dataReplicas > 1 || p.metaReplicas > 1 ? FsParams.VERSION : VERSION_INCOMPAT));
        FormatSbOptions.apply(m, o);
        if (p.key != null) {
            m.sections.add(new SbSection(SbFieldType.CRYPT, Crypto.cryptFieldBody(p.key, f.opts.passphrase(), uuidLe64(), 14, 3, 4,
                    f.devs.get(0).name())));
        }
        List<Replicas.Entry> reps = f.replicasEntries();
        boolean v0 = reps.stream().allMatch(e -> e.nrRequired() == 1);
        m.sections.add(v0 ? SbSections.replicasV0(reps) : SbSections.replicas(reps));
        m.sections.add(SbSections.clean(new SbSections.CleanBody(0, 0, 0, Format.JOURNAL_SEQ, JsetEntryWrite.cleanSection(se, roots))));
        m.sections.add(SbSections.journalV2FromBuckets(g.devices().get(0).journalBuckets())); // each device's own: forDevice
        m.sections.add(SbSections.counters(new long[SbSections.COUNTERS_NR_1_36]));
        List<SbSections.DiskGroup> groups = new ArrayList<>();
        int[] deviceGroup = diskGroups(groups);
        m.sections.add(members(lastBucket, lastOffset, m.writeTime, deviceGroup));
        if (!groups.isEmpty()) m.sections.add(SbSections.diskGroups(groups));
        m.sections.add(SbSections.errors(List.of()));
        m.sections.add(SbSections.ext(SbSections.ExtBody.empty()));
        m.sections.add(SbSections.downgrade(SbSections.downgrade136()));
        m.sections.add(SbSections.extentTypeU64s(SbSections.EXTENT_TYPE_U64S_1_36));
        return m;
    }

    /**
     * The disk groups of the devices' labels ({@code ssd.fast} is group {@code fast} under group {@code ssd},
     * as upstream's disk paths), filled into {@code groups}; returns each device's group index + 1 (0 = none).
     */
    private int[] diskGroups(List<SbSections.DiskGroup> groups) {
        List<Integer> parents = new ArrayList<>();
        int[] out = new int[f.devs.size()];
        for (int d = 0; d < out.length; d++) {
            String label = f.opts.devices().get(d).label();
            if (label == null || label.isEmpty()) continue;
            int parent = 0;
            for (String part : label.split("\\.", -1)) {
                byte[] name = part.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (name.length == 0 || name.length > 32) throw Format.badOption("--label '" + label + "': each part must be 1 to 32 bytes");
                int found = -1;
                for (int i = 0; i < groups.size(); i++) if (groups.get(i).label().equals(part) && parents.get(i) == parent) found = i;
                if (found < 0) {
                    groups.add(new SbSections.DiskGroup(part, (31L << 1) | ((long) parent << 6), 0));
                    parents.add(parent);
                    found = groups.size() - 1;
                }
                parent = found + 1;
            }
            out[d] = parent;
        }
        return out;
    }

    private SbSection members(int[] lastBucket, int[] lastOffset, long now, int[] deviceGroup) {
        List<SbMember> ms = new ArrayList<>();
        for (int d = 0; d < f.devs.size(); d++) {
            FormatGeometry.Device g = f.geometry.devices().get(d);
            FormatOptions.Device od = f.opts.devices().get(d);
            SbMember m = FormatSbOptions.member(memberUuids.get(d), g, true);
            m.lastMount = now;
            m.seq = 1;
            m.discard(od.discard()).durabilityField(od.durability() + 1).freespaceInitialized(true).group(deviceGroup[d]);
            long[] bitmap = btreeBitmap(d);
            m.btreeBitmapShift = (int) bitmap[0];
            m.btreeAllocatedBitmap = bitmap[1];
            m.lastJournalBucket = lastBucket[d];
            m.lastJournalBucketOffset = lastOffset[d];
            String name = f.devs.get(d).name();
            m.deviceName = name.length() > 16 ? name.substring(0, 16) : name;
            ms.add(m);
        }
        return SbSections.membersV2(ms);
    }

    /** {@code btree_bitmap_shift} and the bitmap of 64 regions of the device that hold btree nodes. */
    private long[] btreeBitmap(int dev) {
        long maxEnd = 0;
        for (NodeRecord n : f.nodes) for (ExtentPtr p : n.ptrs()) if (p.dev() == dev) maxEnd = Math.max(maxEnd, p.offset() + n.sectors());
        int shift = 0;
        if (maxEnd > 0) {
            int bits = 64 - Long.numberOfLeadingZeros(maxEnd - 1); // ilog2(roundup_pow_of_two(maxEnd))
            shift = Math.max(0, bits - 6);
        }
        long bitmap = 0;
        for (NodeRecord n : f.nodes) {
            for (ExtentPtr p : n.ptrs()) {
                if (p.dev() != dev) continue;
                for (long bit = p.offset() >>> shift; (bit << shift) < p.offset() + n.sectors(); bit++) bitmap |= 1L << bit;
            }
        }
        return new long[] {shift, bitmap};
    }

    /** Writes the superblocks of every device (each with its own index and layout) and flushes. */
    void write(List<JsetEntryWrite.Root> roots, JsetEntryWrite.SuperEntries se, int[] lastBucket, int[] lastOffset) {
        this.roots = roots;
        this.se = se;
        SbModel m = model(lastBucket, lastOffset);
        for (int d = 0; d < f.devs.size(); d++) SuperblockWrite.write(f.devs.get(d), forDevice(m, d));
    }

    /** {@code m} made the superblock of device {@code d}: its index, its layout and its journal buckets. */
    private SbModel forDevice(SbModel m, int d) {
        FormatGeometry.Device g = f.geometry.devices().get(d);
        m.devIdx = d;
        m.layout = g.layout();
        return m.putSection(SbSections.journalV2FromBuckets(g.journalBuckets()));
    }
}
