package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.format.Le;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * One device's superblock ({@code struct bch_sb}), read and verified: the layout at sector 7 names every
 * copy, each copy's checksum is verified, and the valid copy with the highest {@code seq} wins. This class
 * keeps the raw bytes and decodes fixed fields on demand; the variable fields are listed as
 * {@link SbField}s and decoded by their own classes.
 */
public final class Superblock {
    public static final int LAYOUT_OFFSET = 3584;
    public static final int LAYOUT_BYTES = 512;
    public static final int DEFAULT_SB_SECTOR = 8;
    public static final int FIELDS_OFFSET = 752;
    /** Offset of the layout copy inside {@code struct bch_sb}. */
    static final int EMBEDDED_LAYOUT_OFFSET = 240;
    /** Largest superblock we accept: 2^16 sectors upstream, far above anything real; 1 MiB caps memory. */
    static final int MAX_BYTES = 1 << 20;
    public static final byte[] MAGIC = HexFormat.of().parseHex("c68573f666ce90a9d96a60cf803df7ef");
    /** Highest on-disk version this implementation reads: 1.36. */
    public static final int VERSION_MAX = (1 << 10) | 36;
    /** Oldest version whose key formats this implementation decodes: 1.0. */
    public static final int VERSION_MIN_SUPPORTED = 1 << 10;
    /** Incompatible feature bits known to format 1.36. */
    static final int FEATURE_NR = 23;

    private final byte[] b;
    private final String deviceName;
    private final List<SbField> fields;
    private final SbLayout layout;

    private Superblock(byte[] b, String deviceName, SbLayout layout) {
        this.b = b;
        this.deviceName = deviceName;
        this.layout = layout;
        this.fields = parseFields();
    }

    /**
     * Reads every copy the layout names (falling back to sector 8 when the layout itself is damaged), and
     * returns the valid copy with the highest seq. Throws when no copy is valid, naming each copy's
     * problem.
     */
    public static Superblock read(BlockDevice dev) {
        List<String> problems = new ArrayList<>();
        SbLayout layout = null;
        try {
            layout = SbLayout.read(dev.read(LAYOUT_OFFSET, LAYOUT_BYTES), 0, dev.name() + " layout at byte " + LAYOUT_OFFSET);
        } catch (BcachefsException e) {
            problems.add(e.getMessage());
        }
        List<Long> offsets = new ArrayList<>();
        if (layout != null) offsets.addAll(layout.sbOffsets());
        if (!offsets.contains((long) DEFAULT_SB_SECTOR)) offsets.add(0, (long) DEFAULT_SB_SECTOR);
        Superblock best = null;
        for (long sector : offsets) {
            try {
                Superblock sb = readCopy(dev, sector, layout);
                if (best == null || Long.compareUnsigned(sb.seq(), best.seq()) > 0) best = sb;
            } catch (BcachefsException e) {
                problems.add(e.getMessage());
            }
        }
        if (best == null) {
            throw new BcachefsException(problems.stream().anyMatch(p -> p.contains("checksum")) ? ErrorCode.CHECKSUM : ErrorCode.CORRUPT,
                    dev.name() + ": no valid superblock: " + String.join("; ", problems));
        }
        best.checkSupported();
        return best;
    }

    /** Reads and verifies the copy at {@code sector}. */
    public static Superblock readCopy(BlockDevice dev, long sector, SbLayout layout) {
        String where = dev.name() + " superblock at sector " + sector;
        if (sector < 0 || sector > (dev.size() - FIELDS_OFFSET) / 512) {
            throw BcachefsException.corrupt("superblock offset beyond the end of the device", where);
        }
        byte[] head = dev.read(sector * 512, FIELDS_OFFSET);
        if (!java.util.Arrays.equals(head, 24, 40, MAGIC, 0, 16)) throw BcachefsException.corrupt("bad superblock magic", where);
        long u64s = Le.u32(head, 124);
        long total = FIELDS_OFFSET + u64s * 8;
        if (total > MAX_BYTES || total > dev.size() - sector * 512) {
            throw BcachefsException.corrupt("superblock size " + total + " bytes (u64s " + u64s + ") too large", where);
        }
        byte[] b = dev.read(sector * 512, (int) total);
        long offField = Le.u64(b, 104);
        if (offField != sector) throw BcachefsException.corrupt("superblock says it is at sector " + offField, where);
        int csumType = (int) ((Le.u64(b, 144) >>> 2) & 0x3f);
        CsumType t = CsumType.byId(csumType);
        if (t == null || t.isEncryption()) throw BcachefsException.corrupt("unknown superblock checksum type " + csumType, where);
        Csum want = Csum.read(b, 0);
        Csum got = Checksum.compute(t, b, 16, b.length - 16);
        if (!got.equals(want)) {
            throw new BcachefsException(ErrorCode.CHECKSUM, "superblock checksum error: got " + got + " should be " + want
                    + " (" + t.upstreamName() + ", " + where + ")");
        }
        Superblock sb = new Superblock(b, dev.name(), layout != null ? layout : SbLayout.read(b, 240, where + " embedded layout"));
        return sb;
    }

    /** Refuses versions and incompatible features this implementation does not know. */
    void checkSupported() {
        String where = deviceName + " superblock";
        if (version() > VERSION_MAX) {
            throw new BcachefsException(ErrorCode.UNSUPPORTED, where + ": on-disk version " + Versions.toText(version())
                    + " is newer than the newest this jbcachefs reads (" + Versions.toText(VERSION_MAX) + ")");
        }
        if (version() < VERSION_MIN_SUPPORTED) {
            throw new BcachefsException(ErrorCode.UNSUPPORTED, where + ": on-disk version " + Versions.toText(version())
                    + " is older than the oldest this jbcachefs reads (" + Versions.toText(VERSION_MIN_SUPPORTED) + ")");
        }
        long f0 = features(0);
        long unknown = f0 & ~((1L << FEATURE_NR) - 1);
        if (unknown != 0 || features(1) != 0) {
            int bit = unknown != 0 ? Long.numberOfTrailingZeros(unknown) : 64 + Long.numberOfTrailingZeros(features(1));
            throw new BcachefsException(ErrorCode.UNSUPPORTED, where + ": unknown incompatible feature bit " + bit);
        }
        long incompat = versionIncompat();
        if (incompat > VERSION_MAX) {
            throw new BcachefsException(ErrorCode.UNSUPPORTED, where + ": incompatible feature version "
                    + Versions.toText((int) incompat) + " is newer than " + Versions.toText(VERSION_MAX));
        }
    }

    private List<SbField> parseFields() {
        List<SbField> out = new ArrayList<>();
        int off = FIELDS_OFFSET;
        int end = b.length;
        while (off < end) {
            if (end - off < 8) throw BcachefsException.corrupt("truncated superblock field header", deviceName + " superblock byte " + off);
            long u64s = Le.u32(b, off);
            int type = Le.i32(b, off + 4);
            if (u64s == 0) throw BcachefsException.corrupt("superblock field with u64s 0", deviceName + " superblock byte " + off);
            if (u64s * 8 > end - off) {
                throw BcachefsException.corrupt("superblock field type " + Integer.toUnsignedString(type) + " (u64s " + u64s
                        + ") runs past the end of the superblock", deviceName + " superblock byte " + off);
            }
            out.add(new SbField(type, b, off, (int) (u64s * 8)));
            off += (int) (u64s * 8);
        }
        return Collections.unmodifiableList(out);
    }

    // --- raw access -------------------------------------------------------------------------------------
    public byte[] bytes() {
        return b;
    }

    public String deviceName() {
        return deviceName;
    }

    public SbLayout layout() {
        return layout;
    }

    /** The layout embedded in this superblock copy (at byte 240), which show-super prints. */
    public SbLayout embeddedLayout() {
        return SbLayout.read(b, EMBEDDED_LAYOUT_OFFSET, deviceName + " superblock embedded layout");
    }

    public List<SbField> fields() {
        return fields;
    }

    /** The first field of this type, or null. */
    public SbField field(SbFieldType type) {
        for (SbField f : fields) if (f.type() == type.id()) return f;
        return null;
    }

    // --- fixed fields ----------------------------------------------------------------------------------
    public Csum csum() {
        return Csum.read(b, 0);
    }

    public int version() {
        return Le.u16(b, 16);
    }

    public int versionMin() {
        return Le.u16(b, 18);
    }

    /** Internal UUID bytes (16). Its first 8 bytes, little-endian, seed the node and journal magics. */
    public byte[] uuidBytes() {
        return java.util.Arrays.copyOfRange(b, 40, 56);
    }

    public UUID uuid() {
        return uuidAt(40);
    }

    public UUID userUuid() {
        return uuidAt(56);
    }

    private UUID uuidAt(int off) {
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) hi = (hi << 8) | (b[off + i] & 0xff);
        for (int i = 8; i < 16; i++) lo = (lo << 8) | (b[off + i] & 0xff);
        return new UUID(hi, lo);
    }

    /** {@code le64(uuid[0..8])}, the seed of {@code BSET_MAGIC} and {@code JSET_MAGIC}. */
    public long uuidLe64() {
        return Le.u64(b, 40);
    }

    public String label() {
        int n = 0;
        while (n < 32 && b[72 + n] != 0) n++;
        return new String(b, 72, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    public long offset() {
        return Le.u64(b, 104);
    }

    public long seq() {
        return Le.u64(b, 112);
    }

    /** Block size in 512-byte sectors. */
    public int blockSize() {
        return Le.u16(b, 120);
    }

    public int devIdx() {
        return Le.u8(b, 122);
    }

    public int nrDevices() {
        return Le.u8(b, 123);
    }

    public long u64s() {
        return Le.u32(b, 124);
    }

    public long timeBaseLo() {
        return Le.u64(b, 128);
    }

    public long timeBaseHi() {
        return Le.u32(b, 136);
    }

    public long timePrecision() {
        return Le.u32(b, 140);
    }

    public long flags(int i) {
        return Le.u64(b, 144 + i * 8);
    }

    public long writeTime() {
        return Le.u64(b, 200);
    }

    public long features(int i) {
        return Le.u64(b, 208 + i * 8);
    }

    public long compat(int i) {
        return Le.u64(b, 224 + i * 8);
    }

    static long bits(long v, int lo, int hi) {
        int n = hi - lo;
        return n >= 64 ? v >>> lo : (v >>> lo) & ((1L << n) - 1);
    }

    // --- decoded options --------------------------------------------------------------------------------
    public boolean initialized() {
        return bits(flags(0), 0, 1) != 0;
    }

    public boolean clean() {
        return bits(flags(0), 1, 2) != 0;
    }

    /** Btree node size in sectors. */
    public int btreeNodeSize() {
        return (int) bits(flags(0), 12, 28);
    }

    public int metadataChecksumOption() {
        return (int) bits(flags(0), 40, 44);
    }

    public int dataChecksumOption() {
        return (int) bits(flags(0), 44, 48);
    }

    public int metadataReplicasWant() {
        return (int) bits(flags(0), 48, 52);
    }

    public int dataReplicasWant() {
        return (int) bits(flags(0), 52, 56);
    }

    /** str_hash option: crc32c 0, crc64 1, siphash 2. */
    public int strHashType() {
        return (int) bits(flags(1), 0, 4);
    }

    public boolean inodes32bit() {
        return bits(flags(1), 8, 9) != 0;
    }

    public boolean wideMacs() {
        return bits(flags(1), 9, 10) != 0;
    }

    public int encryptionType() {
        return (int) bits(flags(1), 10, 14);
    }

    public boolean encrypted() {
        return encryptionType() != 0;
    }

    public int encodedExtentMaxBits() {
        return (int) bits(flags(1), 14, 20);
    }

    /** Checksum type of the superblock itself ({@code BCH_SB_CSUM_TYPE}, flags[0] bits 2..8). */
    public int sbCsumType() {
        return (int) bits(flags(0), 2, 8);
    }

    public boolean hasErrors() {
        return bits(flags(0), 60, 61) != 0;
    }

    public boolean hasTopologyErrors() {
        return bits(flags(0), 61, 62) != 0;
    }

    public boolean bigEndian() {
        return bits(flags(0), 62, 63) != 0;
    }

    public int metadataReplicasRequired() {
        return (int) bits(flags(1), 20, 24);
    }

    public int dataReplicasRequired() {
        return (int) bits(flags(1), 24, 28);
    }

    /** The old shard_inode_numbers flag ({@code BCH_SB_SHARD_INUMS}). */
    public boolean shardInums() {
        return bits(flags(3), 28, 29) != 0;
    }

    public boolean multiDevice() {
        return bits(flags(3), 63, 64) != 0;
    }

    public long writeBufferSize() {
        return bits(flags(4), 34, 54);
    }

    public long versionIncompatAllowed() {
        return bits(flags(5), 48, 64);
    }

    /** {@code BCH_SB_EXTENT_BP_SHIFT} (flags[6] bits 40..48). */
    public int extentBpShift() {
        return (int) bits(flags(6), 40, 48);
    }

    public long versionIncompat() {
        return bits(flags(5), 32, 48);
    }

    public long versionUpgradeComplete() {
        return bits(flags(5), 0, 16);
    }

    /** On-disk checksum type of btree nodes and journal entries. */
    public CsumType metadataCsumType() {
        CsumType t = CsumType.forMetadataOption(metadataChecksumOption(), encrypted());
        if (t == null) throw new BcachefsException(ErrorCode.CORRUPT, deviceName + " superblock: unknown metadata_checksum option " + metadataChecksumOption());
        return t;
    }

    /** On-disk checksum type of new data extents. */
    public CsumType dataCsumType() {
        CsumType t = CsumType.forDataOption(dataChecksumOption(), encrypted(), wideMacs());
        if (t == null) throw new BcachefsException(ErrorCode.CORRUPT, deviceName + " superblock: unknown data_checksum option " + dataChecksumOption());
        return t;
    }

    /** Decoded members of the members_v2 field (never null; empty when the field is missing). */
    public Members members() {
        SbField f = field(SbFieldType.MEMBERS_V2);
        if (f == null) throw BcachefsException.corrupt("superblock has no members_v2 field", deviceName + " superblock");
        return Members.decode(f, deviceName);
    }

    /** This device's journal bucket ranges from journal_v2 (empty when it has none). */
    public List<JournalV2.Range> journalBuckets() {
        SbField f = field(SbFieldType.JOURNAL_V2);
        return f == null ? List.of() : JournalV2.decode(f, deviceName);
    }

    /** The clean section, or null after an unclean shutdown. */
    public Clean cleanSection() {
        SbField f = field(SbFieldType.CLEAN);
        return f == null ? null : Clean.decode(f, deviceName);
    }

    /** The crypt field (encryption parameters and encrypted key), or null when the filesystem is not encrypted. */
    public Crypt crypt() {
        SbField f = field(SbFieldType.CRYPT);
        return f == null ? null : Crypt.decode(f, deviceName);
    }

    /** Replicas entries from the replicas field, else replicas_v0 (empty when neither exists). */
    public List<Replicas.Entry> replicas() {
        SbField f = field(SbFieldType.REPLICAS);
        if (f != null) return Replicas.decode(f, false, deviceName);
        f = field(SbFieldType.REPLICAS_V0);
        return f == null ? List.of() : Replicas.decode(f, true, deviceName);
    }

    /** The ext field, or null when absent. */
    public Ext ext() {
        SbField f = field(SbFieldType.EXT);
        return f == null ? null : Ext.decode(f, deviceName);
    }

    /** Downgrade entries (empty when the field is absent). */
    public List<Downgrade.Entry> downgrade() {
        SbField f = field(SbFieldType.DOWNGRADE);
        return f == null ? List.of() : Downgrade.decode(f);
    }

    /** Recovery passes that have run (empty when the field is absent). */
    public List<RecoveryPasses.Entry> recoveryPasses() {
        SbField f = field(SbFieldType.RECOVERY_PASSES);
        return f == null ? List.of() : RecoveryPasses.decode(f);
    }

    /** Persistent counters by upstream name (only those the field holds), in upstream order. */
    public java.util.Map<String, Long> counters() {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        SbField f = field(SbFieldType.COUNTERS);
        if (f == null) return out;
        int nr = f.bodyLen() / 8;
        for (int i = 0; i < SbNames.COUNTERS.length; i++) {
            int s = SbNames.COUNTER_STABLE[i];
            if (s < nr) out.put(SbNames.COUNTERS[i], Le.u64(b, f.bodyOff() + s * 8));
        }
        return out;
    }

    /** The text of an option as show-super prints it without the choice list (e.g. {@code siphash}, {@code 4096}). */
    public String optionText(SbOption o) {
        return o.valueText(this);
    }

    /** Journal seq blacklist ranges (empty when there is none). */
    public List<JournalSeqBlacklist.Range> journalSeqBlacklist() {
        SbField f = field(SbFieldType.JOURNAL_SEQ_BLACKLIST);
        return f == null ? List.of() : JournalSeqBlacklist.decode(f, deviceName);
    }
}
