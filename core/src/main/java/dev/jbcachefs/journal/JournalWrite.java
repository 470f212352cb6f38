package dev.jbcachefs.journal;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.device.WritableDevice;
import dev.jbcachefs.sb.JournalV2;
import dev.jbcachefs.sb.Members;
import dev.jbcachefs.sb.Superblock;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes jsets into the journal buckets of one device, in order from the first bucket of its
 * {@code journal_v2} list, as a freshly formatted filesystem's journal: each jset (already encoded and
 * padded to whole blocks by {@link JsetWrite}) goes at the current block-aligned offset of the current
 * bucket if it fits there, otherwise at the start of the next bucket; the journal does not wrap. For
 * several devices, write the same jsets through one instance per device (every device holds a copy, at
 * the same places when their buckets match).
 *
 * <p>The clean-journal rule this class implements with {@link #cleanJset} (from upstream
 * {@code journal/read.c}, {@code init/recovery.c} and {@code sb/clean.c}, and the reference images): a
 * filesystem marked clean whose clean section has {@code journal_seq = J} must have, as its newest jset,
 * a flush jset (NO_FLUSH clear) with {@code seq = J} and {@code last_seq = J} that contains no non-empty
 * {@code btree_keys} entry ({@code journal_entry_empty}, else "filesystem marked clean but journal not
 * empty"), and whose {@code btree_root} entries are byte-identical (key and level) to the clean section's
 * ({@code bch2_verify_superblock_clean}; equal seq is required, not J+1). No blacklist entry or superblock
 * blacklist range is needed: the next journal write starts at J+1, which is seq_read_end + 1. Older jsets
 * are optional (a fresh journal is just that one jset); if present they must have lower seqs and any
 * flush jset's last_seq must stay at or below its own seq. Upstream's clean shutdown writes that jset as:
 * an empty {@code btree_keys} entry (u64s 0), a {@code btree_root} per live btree by ascending id, a
 * {@code datetime}, the key_version {@code usage}, the read then write {@code clock}. The members' journal
 * position ({@code last_journal_bucket}, {@code last_journal_bucket_offset}) must be what
 * {@link #bucketIdx()} and {@link #bucketOffset()} return after the last write, so the next mount appends
 * after it. Normal mounts of a clean filesystem (and {@code fsck}) do not read the journal at all; only
 * {@code list_journal} and recovery with {@code retain_recovery_info} run the checks above.
 */
public final class JournalWrite {
    private final WritableDevice dev;
    private final int devIdx;
    private final List<Long> buckets;
    private final int bucketSectors;
    private final int blockSectors;
    private int idx;
    private int offset;
    private boolean written;

    /**
     * @param devIdx        the device's member index (recorded in the returned {@link JournalPtr}s)
     * @param buckets       the device's journal buckets, in journal order
     * @param bucketSectors bucket size in sectors (the member's bucket_size)
     * @param blockSectors  block size in sectors
     */
    public JournalWrite(WritableDevice dev, int devIdx, List<Long> buckets, int bucketSectors, int blockSectors) {
        if (buckets.isEmpty()) throw invalid(dev.name() + ": no journal buckets");
        if (blockSectors <= 0 || bucketSectors <= 0 || bucketSectors % blockSectors != 0) {
            throw invalid(dev.name() + ": bucket of " + bucketSectors + " sectors is not whole blocks of " + blockSectors);
        }
        for (long b : buckets) {
            if (b < 0 || (b + 1) * bucketSectors * 512L > dev.size()) {
                throw invalid(dev.name() + ": journal bucket " + b + " is beyond the end of the device (" + dev.size() + " bytes)");
            }
        }
        this.dev = dev;
        this.devIdx = devIdx;
        this.buckets = List.copyOf(buckets);
        this.bucketSectors = bucketSectors;
        this.blockSectors = blockSectors;
    }

    /**
     * The writer for the device whose (already written) superblock is {@code sb}: its journal_v2 buckets,
     * its member's bucket size, the block size.
     */
    public static JournalWrite forDevice(WritableDevice dev, Superblock sb) {
        Members.Member m = sb.members().get(sb.devIdx());
        if (m == null || !m.exists()) throw invalid(dev.name() + ": device index " + sb.devIdx() + " is not a member");
        return new JournalWrite(dev, sb.devIdx(), buckets(sb.journalBuckets()), m.bucketSize(), sb.blockSize());
    }

    /** The bucket numbers of {@code journal_v2} ranges, in order. */
    public static List<Long> buckets(List<JournalV2.Range> ranges) {
        List<Long> out = new ArrayList<>();
        for (JournalV2.Range r : ranges) {
            for (long i = 0; i < r.nr(); i++) out.add(r.start() + i);
        }
        return out;
    }

    /**
     * The jset a clean shutdown writes, and the only one a fresh journal needs: flush, {@code last_seq =
     * seq}, entries as upstream orders them (see the class comment). Put the same {@code roots} and
     * {@code s} in the clean section ({@link JsetEntryWrite#cleanSection}) with {@code journal_seq = seq}.
     *
     * @param roots           the live btrees' roots, by ascending btree id
     * @param datetimeSeconds the wall-clock time of the write
     */
    public static byte[] cleanJset(JsetWrite w, long seq, List<JsetEntryWrite.Root> roots, JsetEntryWrite.SuperEntries s, long datetimeSeconds) {
        byte[] entries = JsetEntryWrite.concat(List.of(
                JsetEntryWrite.empty(JsetEntryType.BTREE_KEYS),
                JsetEntryWrite.btreeRoots(roots),
                JsetEntryWrite.datetime(datetimeSeconds),
                JsetEntryWrite.superEntries(s)));
        return w.encode(seq, seq, false, entries);
    }

    /**
     * Writes one encoded jset at the next free block-aligned slot and returns where it went.
     *
     * @throws BcachefsException INVALID_ARGUMENT when the jset is not whole blocks, is bigger than a
     *                           bucket or the journal buckets are full
     */
    public JournalPtr append(byte[] jset) {
        int blockBytes = blockSectors * 512;
        if (jset.length == 0 || jset.length % blockBytes != 0) {
            throw invalid(dev.name() + ": jset of " + jset.length + " bytes is not whole blocks of " + blockBytes);
        }
        int sectors = jset.length / 512;
        if (sectors > bucketSectors) throw invalid(dev.name() + ": jset of " + sectors + " sectors does not fit a bucket of " + bucketSectors);
        if (offset + sectors > bucketSectors) {
            idx++;
            offset = 0;
        }
        if (idx >= buckets.size()) throw invalid(dev.name() + ": journal full (" + buckets.size() + " buckets)");
        long sector = buckets.get(idx) * bucketSectors + offset;
        dev.write(sector * 512, jset);
        JournalPtr p = new JournalPtr(devIdx, idx, offset, sector, true, Csum.read(jset, 0));
        offset += sectors;
        written = true;
        return p;
    }

    /** Index (in the journal bucket list) of the bucket the next jset goes to: the member's {@code last_journal_bucket}. */
    public int bucketIdx() {
        return idx;
    }

    /** Sectors used in that bucket: the member's {@code last_journal_bucket_offset}. */
    public int bucketOffset() {
        return offset;
    }

    /** True once a jset has been written. */
    public boolean written() {
        return written;
    }

    private static BcachefsException invalid(String what) {
        return new BcachefsException(ErrorCode.INVALID_ARGUMENT, what);
    }
}
