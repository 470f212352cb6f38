package dev.jbcachefs.sb;

import dev.jbcachefs.format.Le;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A mutable {@code struct bch_member} (224 bytes in 1.36) for writing members_v2 (and its 56-byte prefix
 * for members_v1): every field upstream stores per device, with setters for the bitfields of
 * {@code flags} (state, discard, data_allowed, group, durability, freespace_initialized, resize_on_mount,
 * rotational, rotational_set). {@link #from(Members.Member)} copies a decoded member field by field.
 */
public final class SbMember {
    public UUID uuid = new UUID(0, 0);
    public long nbuckets;
    public int firstBucket;
    /** Bucket size in 512-byte sectors. */
    public int bucketSize;
    public int btreeBitmapShift;
    /** Seconds since the epoch, 0 = never mounted. */
    public long lastMount;
    public long flags;
    /** seqread, seqwrite, randread, randwrite. */
    public final long[] iops = new long[4];
    /** read, write, checksum. */
    public final long[] errors = new long[3];
    public final long[] errorsAtReset = new long[3];
    public long errorsResetTime;
    public long seq;
    public long btreeAllocatedBitmap;
    public long lastJournalBucket;
    public long lastJournalBucketOffset;
    /** At most 16 bytes UTF-8, not necessarily NUL-terminated. */
    public String deviceName = "";
    /** At most 64 bytes UTF-8. */
    public String deviceModel = "";

    public static final int STATE_RW = 0, STATE_RO = 1, STATE_EVACUATING = 2, STATE_SPARE = 3;

    /** A copy of a decoded member, every field. */
    public static SbMember from(Members.Member m) {
        SbMember s = new SbMember();
        s.uuid = m.uuid();
        s.nbuckets = m.nbuckets();
        s.firstBucket = m.firstBucket();
        s.bucketSize = m.bucketSize();
        s.btreeBitmapShift = m.btreeBitmapShift();
        s.lastMount = m.lastMount();
        s.flags = m.flags();
        for (int i = 0; i < 4; i++) s.iops[i] = m.iops(i);
        for (int i = 0; i < 3; i++) {
            s.errors[i] = m.errors(i);
            s.errorsAtReset[i] = m.errorsAtReset(i);
        }
        s.errorsResetTime = m.errorsResetTime();
        s.seq = m.seq();
        s.btreeAllocatedBitmap = m.btreeAllocatedBitmap();
        s.lastJournalBucket = m.lastJournalBucket();
        s.lastJournalBucketOffset = m.lastJournalBucketOffset();
        s.deviceName = m.deviceName();
        s.deviceModel = m.deviceModel();
        return s;
    }

    // --- flags bitfields (BCH_MEMBER_*) -----------------------------------------------------------------
    private SbMember set(int lo, int hi, long v) {
        flags = SbModel.withBits(flags, lo, hi, v);
        return this;
    }

    public SbMember state(int v) {
        return set(0, 4, v);
    }

    public SbMember discard(boolean v) {
        return set(14, 15, v ? 1 : 0);
    }

    /** Bitmask of {@code BCH_DATA_*} types (journal 2, btree 3, user 4 → 0x1c). */
    public SbMember dataAllowed(int mask) {
        return set(15, 20, mask);
    }

    /** Disk group index + 1 (0 = no label). */
    public SbMember group(int v) {
        return set(20, 28, v);
    }

    /** The raw field: durability + 1, 0 = default (1). */
    public SbMember durabilityField(int v) {
        return set(28, 30, v);
    }

    public SbMember freespaceInitialized(boolean v) {
        return set(30, 31, v ? 1 : 0);
    }

    public SbMember resizeOnMount(boolean v) {
        return set(31, 32, v ? 1 : 0);
    }

    public SbMember rotational(boolean v) {
        return set(32, 33, v ? 1 : 0);
    }

    public SbMember rotationalSet(boolean v) {
        return set(33, 34, v ? 1 : 0);
    }

    /** Writes the full {@value Members#MEMBER_BYTES}-byte member; {@code n} bytes of it at {@code off}. */
    void writeTo(byte[] b, int off, int n) {
        byte[] m = new byte[Members.MEMBER_BYTES];
        SbModel.putUuid(m, 0, uuid);
        Le.put64(m, Members.NBUCKETS, nbuckets);
        Le.put16(m, Members.FIRST_BUCKET, firstBucket);
        Le.put16(m, Members.BUCKET_SIZE, bucketSize);
        m[Members.SHIFT] = (byte) btreeBitmapShift;
        Le.put64(m, Members.LAST_MOUNT, lastMount);
        Le.put64(m, Members.FLAGS, flags);
        for (int i = 0; i < 4; i++) Le.put32(m, Members.IOPS + 4 * i, iops[i]);
        for (int i = 0; i < 3; i++) {
            Le.put64(m, Members.ERRORS + 8 * i, errors[i]);
            Le.put64(m, Members.ERRORS_AT_RESET + 8 * i, errorsAtReset[i]);
        }
        Le.put64(m, Members.ERRORS_RESET_TIME, errorsResetTime);
        Le.put64(m, Members.SEQ, seq);
        Le.put64(m, Members.BTREE_BITMAP, btreeAllocatedBitmap);
        Le.put32(m, Members.LAST_JOURNAL_BUCKET, lastJournalBucket);
        Le.put32(m, Members.LAST_JOURNAL_BUCKET_OFFSET, lastJournalBucketOffset);
        putString(m, Members.DEVICE_NAME, 16, deviceName);
        putString(m, Members.DEVICE_MODEL, 64, deviceModel);
        System.arraycopy(m, 0, b, off, n);
    }

    private static void putString(byte[] m, int off, int max, String s) {
        byte[] v = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(v, 0, m, off, Math.min(max, v.length));
    }
}
