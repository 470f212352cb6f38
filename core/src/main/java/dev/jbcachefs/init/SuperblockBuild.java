package dev.jbcachefs.init;

import dev.jbcachefs.alloc.NodeRecord;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.crypto.Crypto;
import dev.jbcachefs.device.WritableDevice;
import dev.jbcachefs.format.ExtentPtr;
import dev.jbcachefs.journal.JsetEntryWrite;
import dev.jbcachefs.sb.Crypt;
import dev.jbcachefs.sb.Replicas;
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

    private SbModel model(int devIdx, int[] lastBucket, int[] lastOffset) {
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
        m.devIdx = devIdx;
        m.nrDevices = f.devs.size();
        m.timeBaseLo = f.timeBaseNs;
        m.timePrecision = 1;
        m.writeTime = f.timeBaseNs / 1_000_000_000L;
        m.features[0] = FEATURES_0;
        m.compat[0] = COMPAT_0;
        m.layout = g.devices().get(devIdx).layout();
        m.set(SbFlag.INITIALIZED, 1).set(SbFlag.CLEAN, 1);
        CsumType sbCsum = CsumType.forMetadataOption(p.metaCsumOpt, false);
        m.set(SbFlag.CSUM_TYPE, sbCsum.id()).set(SbFlag.ERROR_ACTION, 1).set(SbFlag.BTREE_NODE_SIZE, g.btreeNodeSize() / 512)
                .set(SbFlag.GC_RESERVE, 8).set(SbFlag.META_CSUM_TYPE, p.metaCsumOpt).set(SbFlag.DATA_CSUM_TYPE, p.dataCsumOpt)
                .set(SbFlag.META_REPLICAS_WANT, p.metaReplicas).set(SbFlag.DATA_REPLICAS_WANT, p.dataReplicas)
                .set(SbFlag.POSIX_ACL, 1).set(SbFlag.PROMOTE_WHOLE_EXTENTS, 1)
                .set(SbFlag.STR_HASH_TYPE, p.strHashOpt)
                .set(SbFlag.COMPRESSION_TYPE_LO, p.compression.optId()).set(SbFlag.COMPRESSION_TYPE_HI, p.compressionLevel)
                .set(SbFlag.BACKGROUND_COMPRESSION_TYPE_LO, p.bgCompression.optId()).set(SbFlag.BACKGROUND_COMPRESSION_TYPE_HI, p.bgCompressionLevel)
                .set(SbFlag.ENCRYPTION_TYPE, p.key != null ? 1 : 0)
                .set(SbFlag.ENCODED_EXTENT_MAX_BITS, Integer.numberOfTrailingZeros(g.encodedExtentMax() / 512))
                .set(SbFlag.META_REPLICAS_REQ, 1).set(SbFlag.DATA_REPLICAS_REQ, 1)
                .set(SbFlag.JOURNAL_FLUSH_DELAY, 1000).set(SbFlag.JOURNAL_RECLAIM_DELAY, 100).set(SbFlag.JOURNAL_TRANSACTION_NAMES, 1)
                .set(SbFlag.MULTI_DEVICE, f.devs.size() > 1 ? 1 : 0)
                .set(SbFlag.VERSION_UPGRADE_COMPLETE, FsParams.VERSION).set(SbFlag.ALLOCATOR_STUCK_TIMEOUT, 30)
                .set(SbFlag.VERSION_INCOMPAT, VERSION_INCOMPAT).set(SbFlag.VERSION_INCOMPAT_ALLOWED, FsParams.VERSION)
                .set(SbFlag.WRITE_ERROR_TIMEOUT, 30).set(SbFlag.CSUM_ERR_RETRY_NR, 3).set(SbFlag.EXTENT_BP_SHIFT, FsParams.EXTENT_BP_SHIFT);
        if (p.key != null) {
            byte[] body = Crypto.cryptFieldBody(p.key, f.opts.passphrase(), uuidLe64(), 14, 3, 4, f.devs.get(devIdx).name());
            m.sections.add(SbSections.crypt(Crypt.of(dev.jbcachefs.format.Le.u64(body, 0), dev.jbcachefs.format.Le.u64(body, 8), java.util.Arrays.copyOfRange(body, 16, Crypt.BODY_BYTES))));
        }
        List<Replicas.Entry> reps = f.replicasEntries();
        boolean v0 = reps.stream().allMatch(e -> e.nrRequired() == 1);
        m.sections.add(v0 ? SbSections.replicasV0(reps) : SbSections.replicas(reps));
        m.sections.add(SbSections.clean(new SbSections.CleanBody(0, 0, 0, Format.JOURNAL_SEQ, JsetEntryWrite.cleanSection(se, roots))));
        m.sections.add(SbSections.journalV2FromBuckets(g.devices().get(devIdx).journalBuckets()));
        m.sections.add(members(lastBucket, lastOffset, m.writeTime));
        m.sections.add(SbSections.ext(SbSections.ExtBody.empty()));
        m.sections.add(SbSections.extentTypeU64s(SbSections.EXTENT_TYPE_U64S_1_36));
        return m;
    }

    private SbSection members(int[] lastBucket, int[] lastOffset, long now) {
        List<SbMember> ms = new ArrayList<>();
        for (int d = 0; d < f.devs.size(); d++) {
            FormatGeometry.Device g = f.geometry.devices().get(d);
            FormatOptions.Device od = f.opts.devices().get(d);
            SbMember m = new SbMember();
            m.uuid = memberUuids.get(d);
            m.nbuckets = g.nbuckets();
            m.firstBucket = g.firstBucket();
            m.bucketSize = g.bucketSectors();
            m.lastMount = now;
            m.seq = 1;
            m.state(SbMember.STATE_RW).discard(od.discard()).dataAllowed(SbSections.DATA_ALLOWED_DEFAULT)
                    .durabilityField(od.durability() == 1 ? 0 : od.durability() + 1).freespaceInitialized(true).rotational(true).rotationalSet(true);
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
        for (int d = 0; d < f.devs.size(); d++) {
            WritableDevice dev = f.devs.get(d);
            SuperblockWrite.write(dev, model(d, lastBucket, lastOffset));
        }
    }
}
