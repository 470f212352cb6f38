package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Le;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code members_v2} field: {@code le16 member_bytes; pad[6]}, then one {@code struct bch_member} of
 * member_bytes each per device slot. A slot whose UUID is all zero is empty. {@link Member#raw} holds the
 * slot zero-filled to the full 1.36 {@code struct bch_member} ({@value #MEMBER_BYTES} bytes), as upstream
 * reads shorter (older) members; the accessors decode every field of it.
 */
public final class Members {
    /** Fixed offsets inside {@code struct bch_member}. */
    static final int UUID_OFF = 0, NBUCKETS = 16, FIRST_BUCKET = 24, BUCKET_SIZE = 26, FLAGS = 40;
    /** The smallest member_bytes that holds the fields we decode ({@code BCH_MEMBER_V1_BYTES}). */
    static final int MIN_MEMBER_BYTES = 56;
    public static final int MAX_MEMBERS = 64;
    /** {@code sizeof(struct bch_member)} in 1.36. */
    public static final int MEMBER_BYTES = 224;
    static final int SHIFT = 28, LAST_MOUNT = 32, IOPS = 48, ERRORS = 64, ERRORS_AT_RESET = 88, ERRORS_RESET_TIME = 112,
            SEQ = 120, BTREE_BITMAP = 128, LAST_JOURNAL_BUCKET = 136, LAST_JOURNAL_BUCKET_OFFSET = 140, DEVICE_NAME = 144,
            DEVICE_MODEL = 160;
    /** {@code BCH_SB_MEMBER_DELETED_UUID}: a slot of a removed device. */
    static final byte[] DELETED_UUID = java.util.HexFormat.of().parseHex("ffffffffffffffffd96a60cf803df7ef");

    /** One device slot. */
    public record Member(int idx, byte[] raw, long nbuckets, int firstBucket, int bucketSize, long flags) {
        public UUID uuid() {
            long hi = 0, lo = 0;
            for (int i = 0; i < 8; i++) hi = (hi << 8) | (raw[i] & 0xff);
            for (int i = 8; i < 16; i++) lo = (lo << 8) | (raw[i] & 0xff);
            return new UUID(hi, lo);
        }

        public boolean exists() {
            for (int i = 0; i < 16; i++) if (raw[i] != 0) return true;
            return false;
        }

        /** Member state: rw 0, ro 1, evacuating 2, spare 3. */
        public int state() {
            return (int) (flags & 0xf);
        }

        /** The raw {@code BCH_MEMBER_DURABILITY} field (0 = default, else durability + 1). */
        public int durability() {
            return (int) ((flags >>> 28) & 3);
        }

        /** Effective durability: the field minus one, or 1 when unset. */
        public int durabilityValue() {
            return durability() != 0 ? durability() - 1 : 1;
        }

        /** Exists and is not the deleted-device marker ({@code bch2_member_alive}). */
        public boolean alive() {
            return exists() && !java.util.Arrays.equals(raw, 0, 16, DELETED_UUID, 0, 16);
        }

        public int btreeBitmapShift() {
            return Le.u8(raw, SHIFT);
        }

        /** Last mount time, seconds since the epoch (0 = never). */
        public long lastMount() {
            return Le.u64(raw, LAST_MOUNT);
        }

        /** iops measurement {@code i}: seqread, seqwrite, randread, randwrite. */
        public long iops(int i) {
            return Le.u32(raw, IOPS + 4 * i);
        }

        /** Error counter {@code i}: read, write, checksum. */
        public long errors(int i) {
            return Le.u64(raw, ERRORS + 8 * i);
        }

        public long errorsAtReset(int i) {
            return Le.u64(raw, ERRORS_AT_RESET + 8 * i);
        }

        public long errorsResetTime() {
            return Le.u64(raw, ERRORS_RESET_TIME);
        }

        /** Superblock seq of this member's last write. */
        public long seq() {
            return Le.u64(raw, SEQ);
        }

        public long btreeAllocatedBitmap() {
            return Le.u64(raw, BTREE_BITMAP);
        }

        public long lastJournalBucket() {
            return Le.u32(raw, LAST_JOURNAL_BUCKET);
        }

        public long lastJournalBucketOffset() {
            return Le.u32(raw, LAST_JOURNAL_BUCKET_OFFSET);
        }

        public String deviceName() {
            return cString(DEVICE_NAME, 16);
        }

        public String deviceModel() {
            return cString(DEVICE_MODEL, 64);
        }

        private String cString(int off, int max) {
            int n = 0;
            while (n < max && raw[off + n] != 0) n++;
            return new String(raw, off, n, java.nio.charset.StandardCharsets.UTF_8);
        }

        public boolean discard() {
            return ((flags >>> 14) & 1) != 0;
        }

        /** Bitmask of allowed data types ({@code BCH_DATA_*}). */
        public int dataAllowed() {
            return (int) ((flags >>> 15) & 0x1f);
        }

        /** Disk group (label) + 1, 0 when none. */
        public int group() {
            return (int) ((flags >>> 20) & 0xff);
        }

        public boolean freespaceInitialized() {
            return ((flags >>> 30) & 1) != 0;
        }

        public boolean resizeOnMount() {
            return ((flags >>> 31) & 1) != 0;
        }

        public boolean rotational() {
            return ((flags >>> 32) & 1) != 0;
        }
    }

    private final int memberBytes;
    private final List<Member> members;

    private Members(int memberBytes, List<Member> members) {
        this.memberBytes = memberBytes;
        this.members = members;
    }

    static Members decode(SbField f, String dev) {
        byte[] b = f.sb();
        String where = dev + " superblock members_v2";
        if (f.bodyLen() < 8) throw BcachefsException.corrupt("members_v2 field too short", where);
        int memberBytes = Le.u16(b, f.bodyOff());
        if (memberBytes < MIN_MEMBER_BYTES) throw BcachefsException.corrupt("member_bytes " + memberBytes + " < " + MIN_MEMBER_BYTES, where);
        int n = (f.bodyLen() - 8) / memberBytes;
        if (n > MAX_MEMBERS) n = MAX_MEMBERS;
        List<Member> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int o = f.bodyOff() + 8 + i * memberBytes;
            byte[] raw = java.util.Arrays.copyOf(java.util.Arrays.copyOfRange(b, o, o + memberBytes), Math.max(memberBytes, MEMBER_BYTES));
            out.add(new Member(i, raw, Le.u64(raw, NBUCKETS), Le.u16(raw, FIRST_BUCKET), Le.u16(raw, BUCKET_SIZE), Le.u64(raw, FLAGS)));
        }
        return new Members(memberBytes, List.copyOf(out));
    }

    /** The older {@code members_v1} field: {@value #MIN_MEMBER_BYTES}-byte members, no header. */
    static Members decodeV1(SbField f, String dev) {
        int n = Math.min(f.bodyLen() / MIN_MEMBER_BYTES, MAX_MEMBERS);
        List<Member> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int o = f.bodyOff() + i * MIN_MEMBER_BYTES;
            byte[] raw = java.util.Arrays.copyOf(java.util.Arrays.copyOfRange(f.sb(), o, o + MIN_MEMBER_BYTES), MEMBER_BYTES);
            out.add(new Member(i, raw, Le.u64(raw, NBUCKETS), Le.u16(raw, FIRST_BUCKET), Le.u16(raw, BUCKET_SIZE), Le.u64(raw, FLAGS)));
        }
        return new Members(MIN_MEMBER_BYTES, List.copyOf(out));
    }

    public int memberBytes() {
        return memberBytes;
    }

    /** All slots, empty ones included, indexed by device index. */
    public List<Member> all() {
        return members;
    }

    /** The member at {@code idx}, or null when the slot is empty or out of range. */
    public Member get(int idx) {
        if (idx < 0 || idx >= members.size()) return null;
        Member m = members.get(idx);
        return m.exists() ? m : null;
    }
}
