package dev.jbcachefs.journal;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.sb.JournalV2;
import dev.jbcachefs.sb.Members;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.sb.Versions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads every journal bucket of every device, one bucket in memory at a time, and collects each seq once
 * (the best copy across devices), as upstream's journal read does with {@code read_entire_journal}:
 * jsets are walked at block boundaries; a block without the magic ends the bucket unless a bad checksum
 * was seen in it (then the next block is tried, as the size of a damaged jset is not trusted); a seq lower
 * than the previous one in the same bucket means the rest is stale and ends the bucket. Copies with bad
 * checksums are kept (flagged) so that a good copy on another device can replace them.
 */
public final class JournalReader {
    private final Superblock sb;
    private final JournalCrypto crypto;
    private final long magic;
    private final int blockSectors;
    private final boolean entireJournal;
    /** Highest last_seq of the flush entries seen so far (upstream's {@code jlist.last_seq}). */
    private long lastSeq;

    /**
     * {@code sb}: any member's superblock (for magic, members, block size); crypto null if unencrypted.
     * Keeps every entry read ({@code read_entire_journal}), as listing needs.
     */
    public JournalReader(Superblock sb, JournalCrypto crypto) {
        this(sb, crypto, true);
    }

    /**
     * With {@code entireJournal} false, entries older than the newest flush entry's last_seq are dropped as
     * soon as they are known to be unneeded, which bounds memory by the dirty part of the journal (what
     * replay needs) rather than the whole ring.
     */
    public JournalReader(Superblock sb, JournalCrypto crypto, boolean entireJournal) {
        this.entireJournal = entireJournal;
        this.sb = sb;
        this.crypto = crypto;
        this.magic = Jset.magicFor(sb.uuidLe64());
        this.blockSectors = sb.blockSize();
        if (blockSectors <= 0) throw BcachefsException.corrupt("block size 0", sb.deviceName() + " superblock");
    }

    /** Reads the journal of {@code devices} and applies replay selection. */
    public JournalRead read(List<JournalDevice> devices) {
        TreeMap<Long, JournalEntry> entries = new TreeMap<>(Long::compareUnsigned);
        List<String> problems = new ArrayList<>();
        lastSeq = 0;
        Members members = sb.members();
        for (JournalDevice d : devices) {
            readDevice(d, members, entries, problems);
        }
        return JournalRead.select(sb, devices, entries, problems);
    }

    private void readDevice(JournalDevice d, Members members, TreeMap<Long, JournalEntry> entries, List<String> problems) {
        Members.Member m = members.get(d.idx());
        if (m == null || !m.exists()) {
            problems.add(d.name() + ": device index " + d.idx() + " is not a member");
            return;
        }
        int bucketSectors = m.bucketSize();
        if (bucketSectors <= 0) throw BcachefsException.corrupt("member " + d.idx() + " bucket size 0", d.name() + " superblock");
        List<Long> buckets = new ArrayList<>();
        for (JournalV2.Range r : d.sb().journalBuckets()) {
            for (long i = 0; i < r.nr(); i++) buckets.add(r.start() + i);
        }
        byte[] buf = new byte[bucketSectors * 512];
        for (int i = 0; i < buckets.size(); i++) {
            long bucket = buckets.get(i);
            if (bucket < m.firstBucket() || bucket >= m.nbuckets()) {
                problems.add(d.name() + ": journal bucket " + bucket + " (index " + i + ") outside the device's buckets "
                        + m.firstBucket() + ".." + m.nbuckets());
                continue;
            }
            long start = bucket * bucketSectors * 512L;
            if (start + buf.length > d.dev().size()) {
                problems.add(d.name() + ": journal bucket " + bucket + " at byte " + start + " past the end of the device");
                continue;
            }
            try {
                d.dev().read(start, buf, 0, buf.length);
            } catch (BcachefsException e) {
                // like upstream: a read error is not fatal, another device may hold the entries
                problems.add(d.name() + ": journal read error in bucket " + bucket + ": " + e.getMessage());
                continue;
            }
            readBucket(d, i, bucket * bucketSectors, buf, bucketSectors, entries, problems);
        }
    }

    private void readBucket(JournalDevice d, int bucketIdx, long bucketSector, byte[] buf, int bucketSectors,
                            TreeMap<Long, JournalEntry> entries, List<String> problems) {
        int offset = 0; // sectors into the bucket
        boolean sawBad = false;
        long bucketSeq = 0;
        while (offset < bucketSectors) {
            int o = offset * 512;
            String where = d.name() + " sector " + (bucketSector + offset);
            Jset j = new Jset(buf, o);
            if (j.magic() != magic) {
                if (!sawBad) return;
                offset += blockSectors;
                continue;
            }
            int version = j.version();
            if (!versionCompatible(version)) {
                problems.add(where + " seq " + Long.toUnsignedString(j.seq()) + ": incompatible journal entry version "
                        + Versions.major(version) + "." + Versions.minor(version));
                return;
            }
            long left = (bucketSectors - offset) * 512L;
            long bytes = j.bytes();
            if (bytes > left) {
                problems.add(where + " seq " + Long.toUnsignedString(j.seq()) + ": journal entry too big (" + bytes + " bytes)");
                Le.put32(buf, o + 40, (int) (j.u64s() - (bytes - left) / 8));
                bytes = j.bytes();
            }
            int sectors = (int) j.sectors(blockSectors);
            long seq = j.seq();
            if (Long.compareUnsigned(seq, bucketSeq) < 0) return;
            bucketSeq = seq;

            Csum[] computed = new Csum[1];
            boolean good = csumGood(j, (int) bytes, computed);
            if (!good) sawBad = true;
            byte[] copy = new byte[(int) bytes];
            System.arraycopy(buf, o, copy, 0, copy.length);
            CsumType t = j.csumType();
            if (t != null && t.isEncryption() && crypto != null) {
                crypto.decrypt(t, copy, 0, Jset.ENCRYPTED_START, copy.length - Jset.ENCRYPTED_START);
            }
            add(entries, new Jset(copy, 0), new JournalPtr(d.idx(), bucketIdx, offset, bucketSector + offset, good, computed[0]), problems, where);
            offset += sectors;
        }
    }

    private boolean csumGood(Jset j, int bytes, Csum[] out) {
        CsumType t = j.csumType();
        if (t == null || (t.isEncryption() && crypto == null)) {
            out[0] = Csum.ZERO;
            return false;
        }
        int from = j.off() + Jset.CSUM_START;
        int len = bytes - Jset.CSUM_START;
        Csum c = t.isEncryption() ? crypto.checksum(t, j.buf(), j.off(), from, len) : Checksum.compute(t, j.buf(), from, len);
        out[0] = c;
        return sameCsum(t, c, j.csum());
    }

    /** Compares the bytes a checksum type actually stores. */
    static boolean sameCsum(CsumType t, Csum a, Csum b) {
        int n = t.bytes();
        if (n >= 16) return a.equals(b);
        long loMask = n >= 8 ? -1L : (1L << (n * 8)) - 1;
        long hiMask = n > 8 ? (1L << ((n - 8) * 8)) - 1 : 0;
        return (a.lo() & loMask) == (b.lo() & loMask) && (a.hi() & hiMask) == (b.hi() & hiMask);
    }

    /** {@code bch2_version_compatible}: any version up to the newest this code knows. */
    static boolean versionCompatible(int v) {
        int major = Versions.major(v);
        int maxMajor = Versions.major(Superblock.VERSION_MAX);
        return major < maxMajor || (major == maxMajor && Versions.minor(v) <= Versions.minor(Superblock.VERSION_MAX));
    }

    /** {@code journal_entry_add}: keeps one jset per seq, preferring a copy with a good checksum. */
    private void add(TreeMap<Long, JournalEntry> entries, Jset j, JournalPtr ptr, List<String> problems, String where) {
        if (!entireJournal) {
            if (Long.compareUnsigned(j.seq(), lastSeq) < 0) return;
            long last = j.noFlush() ? 0 : j.lastSeq();
            if (Long.compareUnsigned(last, lastSeq) > 0) {
                lastSeq = last;
                entries.headMap(last, false).clear();
            }
        }
        JournalEntry dup = entries.get(j.seq());
        if (dup == null) {
            entries.put(j.seq(), new JournalEntry(j, ptr));
            return;
        }
        boolean identical = java.util.Arrays.equals(j.buf(), dup.jset().buf());
        for (JournalPtr p : dup.ptrs()) {
            if (p.dev() == ptr.dev()) problems.add(where + ": duplicate journal entry " + Long.toUnsignedString(j.seq()) + " on same device");
        }
        if (!identical && ptr.csumGood() && dup.csumGood()) {
            problems.add(where + ": found duplicate but non identical journal entries at seq " + Long.toUnsignedString(j.seq()));
        }
        dup.addPtr(ptr);
        if (ptr.csumGood() && !identical) dup.replace(j, true);
    }

    /**
     * Reads the superblocks of {@code devs} (members of one filesystem, any order), then the journal of
     * all of them. The superblock with the highest seq is the reference for members and geometry.
     */
    public static JournalRead read(List<BlockDevice> devs, JournalCrypto crypto) {
        return read(devs, crypto, true);
    }

    /**
     * As {@link #read(List, JournalCrypto)}; {@code entireJournal} false keeps only what replay needs (see
     * {@link #JournalReader(Superblock, JournalCrypto, boolean)}).
     */
    public static JournalRead read(List<BlockDevice> devs, JournalCrypto crypto, boolean entireJournal) {
        if (devs.isEmpty()) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "no devices given");
        List<JournalDevice> jd = new ArrayList<>();
        Superblock ref = null;
        for (BlockDevice d : devs) {
            Superblock s = Superblock.read(d);
            if (ref != null && !ref.uuid().equals(s.uuid())) {
                throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, d.name() + ": belongs to filesystem " + s.uuid() + ", not " + ref.uuid());
            }
            for (JournalDevice o : jd) {
                if (o.idx() == s.devIdx()) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, d.name() + ": device index " + s.devIdx() + " given twice");
            }
            if (ref == null || Long.compareUnsigned(s.seq(), ref.seq()) > 0) ref = s;
            jd.add(new JournalDevice(d, s));
        }
        jd.sort(java.util.Comparator.comparingInt(JournalDevice::idx));
        return new JournalReader(ref, crypto, entireJournal).read(jd);
    }
}
