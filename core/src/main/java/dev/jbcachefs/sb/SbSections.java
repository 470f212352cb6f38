package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Le;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Encoders of the superblock fields a filesystem carries (members_v1/v2, journal_v2, journal_seq_blacklist,
 * replicas_v0/replicas, clean, counters, errors, ext, downgrade, recovery_passes, extent_type_u64s, crypt,
 * disk_groups), each producing an {@link SbSection} body; plus complete typed decoders for the fields
 * whose read-side decoders keep only what the readers need (errors, ext, downgrade, disk_groups,
 * recovery_passes, clean clocks), so that decode → encode reproduces the bytes.
 */
public final class SbSections {
    private SbSections() {}

    /** {@code BCH_DATA_*} bits of the member data_allowed mask a new device gets: journal, btree, user. */
    public static final int DATA_ALLOWED_DEFAULT = (1 << 2) | (1 << 3) | (1 << 4);
    /** u64s per extent entry type as 1.36 writes extent_type_u64s (ptr, crc32, crc64, crc128, stripe_ptr, rebalance_v1, flags, reconcile, reconcile_bp). */
    public static final byte[] EXTENT_TYPE_U64S_1_36 = {1, 1, 2, 3, 1, 1, 1, 1, 1};

    /** Counter slots (stable ids 0..129) the counters field of 1.36 holds. */
    public static final int COUNTERS_NR_1_36 = 130;

    /**
     * The downgrade entries a 1.36 filesystem carries (as every reference image holds them): for each
     * version, the recovery passes (stable-id bitmask) and the errors to silence when going below it.
     */
    public static List<DowngradeEntry> downgrade136() {
        int[] acctV2 = {76, 77, 78, 68, 69, 70, 71, 72, 74, 73, 75, 80};
        int[] acctV3 = {76, 77, 78, 68, 69, 70, 71, 72, 74, 73, 75, 273, 80};
        int[] acctFix = {272, 278, 277};
        return List.of(
                new DowngradeEntry(0x409, 0x20, 0, acctV2),
                new DowngradeEntry(0x40a, 0x20, 0, acctV3),
                new DowngradeEntry(0x40c, 0x20, 0, acctFix),
                new DowngradeEntry(0x40e, 0x4000, 0, new int[] {125, 128, 147}),
                new DowngradeEntry(0x40f, 0x20, 0, acctFix),
                new DowngradeEntry(0x41f, 0x20, 0, new int[] {272, 307}),
                new DowngradeEntry(0x423, 0x8400, 0, new int[0]));
    }

    // --- members ----------------------------------------------------------------------------------------
    /** members_v2: {@code le16 member_bytes (224); pad[6]}, then one 224-byte member per slot. */
    public static SbSection membersV2(List<SbMember> members) {
        int mb = Members.MEMBER_BYTES;
        byte[] b = new byte[8 + members.size() * mb];
        Le.put16(b, 0, mb);
        for (int i = 0; i < members.size(); i++) members.get(i).writeTo(b, 8 + i * mb, mb);
        return new SbSection(SbFieldType.MEMBERS_V2, b);
    }

    /** members_v1: the first 56 bytes of each member, no header (what format still writes for old readers). */
    public static SbSection membersV1(List<SbMember> members) {
        int mb = Members.MIN_MEMBER_BYTES;
        byte[] b = new byte[members.size() * mb];
        for (int i = 0; i < members.size(); i++) members.get(i).writeTo(b, i * mb, mb);
        return new SbSection(SbFieldType.MEMBERS_V1, b);
    }

    // --- journal ----------------------------------------------------------------------------------------
    /** journal_v2: {@code { le64 start; le64 nr }} per run of contiguous journal buckets. */
    public static SbSection journalV2(List<JournalV2.Range> ranges) {
        return new SbSection(SbFieldType.JOURNAL_V2, le64Pairs(ranges, JournalV2.Range::start, JournalV2.Range::nr));
    }

    /** Two le64 per element: the body of the sections that are arrays of ranges. */
    private static <T> byte[] le64Pairs(List<T> items, ToLongFunction<T> first, ToLongFunction<T> second) {
        byte[] b = new byte[items.size() * 16];
        for (int i = 0; i < items.size(); i++) {
            Le.put64(b, i * 16, first.applyAsLong(items.get(i)));
            Le.put64(b, i * 16 + 8, second.applyAsLong(items.get(i)));
        }
        return b;
    }

    /** journal_v2 from a list of bucket numbers in journal order: consecutive buckets merge into one range. */
    public static SbSection journalV2FromBuckets(long[] buckets) {
        List<JournalV2.Range> out = new ArrayList<>();
        for (int i = 0; i < buckets.length; ) {
            int j = i + 1;
            while (j < buckets.length && buckets[j] == buckets[j - 1] + 1) j++;
            out.add(new JournalV2.Range(buckets[i], j - i));
            i = j;
        }
        return journalV2(out);
    }

    public static SbSection journalSeqBlacklist(List<JournalSeqBlacklist.Range> ranges) {
        return new SbSection(SbFieldType.JOURNAL_SEQ_BLACKLIST, le64Pairs(ranges, JournalSeqBlacklist.Range::start, JournalSeqBlacklist.Range::end));
    }

    // --- replicas ---------------------------------------------------------------------------------------
    /** replicas_v0: {@code u8 data_type; u8 nr_devs; u8 devs[]} per entry, packed. */
    public static SbSection replicasV0(List<Replicas.Entry> entries) {
        return new SbSection(SbFieldType.REPLICAS_V0, replicasBody(entries, true));
    }

    /** replicas (v1): {@code u8 data_type; u8 nr_devs; u8 nr_required; u8 devs[]} per entry, packed. */
    public static SbSection replicas(List<Replicas.Entry> entries) {
        return new SbSection(SbFieldType.REPLICAS, replicasBody(entries, false));
    }

    private static byte[] replicasBody(List<Replicas.Entry> entries, boolean v0) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (Replicas.Entry e : entries) {
            if (e.dataType() <= 0 || e.dataType() > 255) throw new IllegalArgumentException("replicas data type " + e.dataType());
            o.write(e.dataType());
            o.write(e.devs().length);
            if (!v0) o.write(e.nrRequired());
            for (int d : e.devs()) o.write(d);
        }
        return o.toByteArray();
    }

    // --- clean ------------------------------------------------------------------------------------------
    /**
     * The clean field's contents: flags, the two unused clock words, the journal seq, and the jset entries
     * (btree roots, usage, clocks) as raw bytes, each already a whole {@code jset_entry}.
     */
    public record CleanBody(long flags, int readClock, int writeClock, long journalSeq, byte[] entries) {
        public CleanBody {
            entries = entries.clone();
        }

        @Override
        public byte[] entries() {
            return entries.clone();
        }

        static CleanBody decode(SbField f, String dev) {
            Clean c = Clean.decode(f, dev);
            byte[] b = f.sb();
            return new CleanBody(c.flags(), Le.u16(b, f.bodyOff() + 4), Le.u16(b, f.bodyOff() + 6), c.journalSeq(),
                    Arrays.copyOfRange(b, c.entriesOff(), c.entriesEnd()));
        }
    }

    public static SbSection clean(CleanBody c) {
        if (c.entries.length % 8 != 0) throw new IllegalArgumentException("clean jset entries must be whole u64s, got " + c.entries.length + " bytes");
        byte[] b = new byte[16 + c.entries.length];
        Le.put32(b, 0, c.flags());
        Le.put16(b, 4, c.readClock());
        Le.put16(b, 6, c.writeClock());
        Le.put64(b, 8, c.journalSeq());
        System.arraycopy(c.entries, 0, b, 16, c.entries.length);
        return new SbSection(SbFieldType.CLEAN, b);
    }

    // --- counters, errors, ext --------------------------------------------------------------------------
    /** counters: one le64 per counter, indexed by stable counter id. */
    public static SbSection counters(long[] byStableId) {
        byte[] b = new byte[byStableId.length * 8];
        for (int i = 0; i < byStableId.length; i++) Le.put64(b, i * 8, byStableId[i]);
        return new SbSection(SbFieldType.COUNTERS, b);
    }

    static long[] decodeCounters(SbField f) {
        long[] v = new long[f.bodyLen() / 8];
        for (int i = 0; i < v.length; i++) v[i] = Le.u64(f.sb(), f.bodyOff() + i * 8);
        return v;
    }

    /** One errors entry: error id (16 bits), times seen (48 bits), last time (seconds). */
    public record ErrorEntry(int id, long nr, long lastErrorTime) {
        public static List<ErrorEntry> decode(SbField f, String dev) {
            if (f.bodyLen() % 16 != 0) throw BcachefsException.corrupt("errors field length " + f.bodyLen() + " not a multiple of 16", dev + " superblock errors");
            List<ErrorEntry> out = new ArrayList<>();
            for (int o = f.bodyOff(); o < f.off() + f.len(); o += 16) {
                long v = Le.u64(f.sb(), o);
                out.add(new ErrorEntry((int) (v & 0xffff), v >>> 16, Le.u64(f.sb(), o + 8)));
            }
            return out;
        }
    }

    public static SbSection errors(List<ErrorEntry> entries) {
        byte[] b = new byte[entries.size() * 16];
        for (int i = 0; i < entries.size(); i++) {
            ErrorEntry e = entries.get(i);
            Le.put64(b, i * 16, (e.id() & 0xffffL) | (e.nr() << 16));
            Le.put64(b, i * 16 + 8, e.lastErrorTime());
        }
        return new SbSection(SbFieldType.ERRORS, b);
    }

    /** ext: {@code le64 recovery_passes_required[2]; le64 errors_silent[8]; le64 btrees_lost_data}. */
    public record ExtBody(long[] recoveryPassesRequired, long[] errorsSilent, long btreesLostData) {
        public ExtBody {
            if (recoveryPassesRequired.length != 2 || errorsSilent.length != 8) throw new IllegalArgumentException("ext: 2 + 8 words");
            recoveryPassesRequired = recoveryPassesRequired.clone();
            errorsSilent = errorsSilent.clone();
        }

        /** An ext field with nothing required, nothing silenced, no lost data (what format writes). */
        public static ExtBody empty() {
            return new ExtBody(new long[2], new long[8], 0);
        }

        static ExtBody decode(SbField f, String dev) {
            if (f.bodyLen() < 88) throw BcachefsException.corrupt("ext field too small (" + f.bodyLen() + " body bytes)", dev + " superblock ext");
            byte[] b = f.sb();
            int o = f.bodyOff();
            long[] silent = new long[8];
            for (int i = 0; i < 8; i++) silent[i] = Le.u64(b, o + 16 + 8 * i);
            return new ExtBody(new long[] {Le.u64(b, o), Le.u64(b, o + 8)}, silent, Le.u64(b, o + 80));
        }
    }

    public static SbSection ext(ExtBody e) {
        byte[] b = new byte[88];
        Le.put64(b, 0, e.recoveryPassesRequired[0]);
        Le.put64(b, 8, e.recoveryPassesRequired[1]);
        for (int i = 0; i < 8; i++) Le.put64(b, 16 + 8 * i, e.errorsSilent[i]);
        Le.put64(b, 80, e.btreesLostData());
        return new SbSection(SbFieldType.EXT, b);
    }

    // --- downgrade --------------------------------------------------------------------------------------
    /** One downgrade entry: version, recovery passes (stable ids, two words), error ids. */
    public record DowngradeEntry(int version, long recoveryPasses0, long recoveryPasses1, int[] errors) {
        public DowngradeEntry {
            errors = errors.clone();
        }

        @Override
        public int[] errors() {
            return errors.clone();
        }

        static List<DowngradeEntry> decode(SbField f) {
            byte[] b = f.sb();
            int end = f.off() + f.len();
            List<DowngradeEntry> out = new ArrayList<>();
            for (int o = f.bodyOff(); o + Downgrade.ENTRY_HDR <= end; ) {
                int nr = Le.u16(b, o + 18);
                if (o + Downgrade.ENTRY_HDR + 2 * nr > end) break;
                int version = Le.u16(b, o);
                int[] errs = new int[nr];
                for (int j = 0; j < nr; j++) errs[j] = Le.u16(b, o + Downgrade.ENTRY_HDR + 2 * j);
                out.add(new DowngradeEntry(version, Le.u64(b, o + 2), Le.u64(b, o + 10), errs));
                o += Downgrade.ENTRY_HDR + 2 * nr;
            }
            // zero padding reads as empty version-0 entries: they are not entries
            while (!out.isEmpty() && out.getLast().isPadding()) out.removeLast();
            return out;
        }

        boolean isPadding() {
            return version == 0 && recoveryPasses0 == 0 && recoveryPasses1 == 0 && errors.length == 0;
        }
    }

    /** downgrade: packed 2-byte-aligned {@code le16 version; le64 recovery_passes[2]; le16 nr_errors; le16 errors[]}. */
    public static SbSection downgrade(List<DowngradeEntry> entries) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (DowngradeEntry e : entries) {
            byte[] h = new byte[Downgrade.ENTRY_HDR + 2 * e.errors.length];
            Le.put16(h, 0, e.version());
            Le.put64(h, 2, e.recoveryPasses0());
            Le.put64(h, 10, e.recoveryPasses1());
            Le.put16(h, 18, e.errors.length);
            for (int j = 0; j < e.errors.length; j++) Le.put16(h, Downgrade.ENTRY_HDR + 2 * j, e.errors[j]);
            o.writeBytes(h);
        }
        return new SbSection(SbFieldType.DOWNGRADE, o.toByteArray());
    }

    // --- recovery_passes --------------------------------------------------------------------------------
    /** One recovery_passes slot (indexed by stable pass id): last run (s), runtime (s), flags. */
    public record RecoveryPassSlot(long lastRun, long lastRuntime, long flags) {
        static List<RecoveryPassSlot> decode(SbField f) {
            List<RecoveryPassSlot> out = new ArrayList<>();
            byte[] b = f.sb();
            for (int i = 0; i < f.bodyLen() / RecoveryPasses.ENTRY_BYTES; i++) {
                int o = f.bodyOff() + i * RecoveryPasses.ENTRY_BYTES;
                out.add(new RecoveryPassSlot(Le.u64(b, o), Le.u32(b, o + 8), Le.u32(b, o + 12)));
            }
            return out;
        }
    }

    public static SbSection recoveryPasses(List<RecoveryPassSlot> slots) {
        byte[] b = new byte[slots.size() * RecoveryPasses.ENTRY_BYTES];
        for (int i = 0; i < slots.size(); i++) {
            int o = i * RecoveryPasses.ENTRY_BYTES;
            Le.put64(b, o, slots.get(i).lastRun());
            Le.put32(b, o + 8, slots.get(i).lastRuntime());
            Le.put32(b, o + 12, slots.get(i).flags());
        }
        return new SbSection(SbFieldType.RECOVERY_PASSES, b);
    }

    // --- extent_type_u64s, crypt, disk_groups -----------------------------------------------------------
    /** extent_type_u64s: one u8 per extent entry type; see {@link #EXTENT_TYPE_U64S_1_36}. */
    public static SbSection extentTypeU64s(byte[] u64sByType) {
        return new SbSection(SbFieldType.EXTENT_TYPE_U64S, u64sByType);
    }

    /** crypt: {@code le64 flags (KDF type); le64 kdf_flags (scrypt log2 N | r << 16 | p << 32)}, encrypted key. */
    public static SbSection crypt(Crypt c) {
        byte[] b = new byte[Crypt.BODY_BYTES];
        Le.put64(b, 0, c.kdfType() & 0xfL);
        Le.put64(b, 8, (c.scryptNLog2() & 0xffffL) | (c.scryptRLog2() & 0xffffL) << 16 | (c.scryptPLog2() & 0xffffL) << 32);
        System.arraycopy(c.encryptedKey(), 0, b, 16, Crypt.ENCRYPTED_KEY_BYTES);
        return new SbSection(SbFieldType.CRYPT, b);
    }

    /** One disk group (label): 32-byte label, flags[0] (deleted bit 0, data_allowed 1..6, parent 6..24), flags[1]. */
    public record DiskGroup(String label, long flags0, long flags1) {
        static List<DiskGroup> decode(SbField f) {
            List<DiskGroup> out = new ArrayList<>();
            for (int i = 0; i < SbTargets.groupsNr(f); i++) {
                int o = f.bodyOff() + i * SbTargets.GROUP_BYTES;
                out.add(new DiskGroup(SbTargets.groupLabel(f, i), Le.u64(f.sb(), o + 32), Le.u64(f.sb(), o + 40)));
            }
            return out;
        }
    }

    public static SbSection diskGroups(List<DiskGroup> groups) {
        byte[] b = new byte[groups.size() * SbTargets.GROUP_BYTES];
        for (int i = 0; i < groups.size(); i++) {
            int o = i * SbTargets.GROUP_BYTES;
            byte[] l = groups.get(i).label().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(l, 0, b, o, Math.min(l.length, SbTargets.LABEL_BYTES));
            Le.put64(b, o + 32, groups.get(i).flags0());
            Le.put64(b, o + 40, groups.get(i).flags1());
        }
        return new SbSection(SbFieldType.DISK_GROUPS, b);
    }
}
