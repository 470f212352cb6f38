package dev.jbcachefs.init;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.bkey.PrintContext;
import dev.jbcachefs.btree.Btree;
import dev.jbcachefs.btree.BtreeCache;
import dev.jbcachefs.btree.BtreeContext;
import dev.jbcachefs.btree.BtreeRoot;
import dev.jbcachefs.btree.KeyOverlay;
import dev.jbcachefs.btree.NodeCrypto;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.crypto.BchKey;
import dev.jbcachefs.crypto.Crypto;
import dev.jbcachefs.crypto.KeyedNodeCrypto;
import dev.jbcachefs.journal.JournalDevice;
import dev.jbcachefs.journal.JournalOverlay;
import dev.jbcachefs.journal.JournalRead;
import dev.jbcachefs.journal.JournalReader;
import dev.jbcachefs.journal.JournalReplay;
import dev.jbcachefs.journal.JournalRoots;
import dev.jbcachefs.journal.KeyedJournalCrypto;
import dev.jbcachefs.sb.Clean;
import dev.jbcachefs.sb.JournalSeqBlacklist;
import dev.jbcachefs.sb.Members;
import dev.jbcachefs.sb.Superblock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An opened filesystem (upstream {@code struct bch_fs}, {@code init/fs.c}): its devices matched to member
 * slots, the newest superblock, the key (when encrypted), the journal replayed as an overlay, and the
 * btrees. Opening never writes: every device is opened read-only.
 */
public final class BchFs implements AutoCloseable, BtreeContext, PrintContext {
    private final Superblock sb;
    private final BlockDevice[] devices;
    private final Members members;
    private final Btree btree;
    private final NodeCrypto crypto;
    private final java.util.function.LongPredicate ignoredSeq;
    private final JournalReplay replay;
    private final List<String> warnings = new ArrayList<>();

    private BchFs(Superblock sb, BlockDevice[] devices, List<JournalDevice> journalDevices, OpenOptions opts) {
        this.sb = sb;
        this.devices = devices;
        this.members = sb.members();
        List<JournalSeqBlacklist.Range> sbBlacklist = sb.journalSeqBlacklist();
        BchKey key = unlock(sb, opts);
        this.crypto = key == null ? null : new KeyedNodeCrypto(key);
        BtreeCache cache = new BtreeCache(opts.nodeCacheBytes());
        // a clean section left from an earlier mount is stale unless BCH_SB_CLEAN is set
        Clean clean = sb.clean() ? sb.cleanSection() : null;
        if (clean != null) {
            // clean shutdown: the roots are in the superblock and nothing needs replaying (upstream skips the journal)
            List<String> problems = new ArrayList<>();
            Map<BtreeId, BtreeRoot> roots = JournalRoots.fromClean(clean, problems);
            if (!problems.isEmpty()) throw BcachefsException.corrupt(String.join("; ", problems), sb.deviceName() + " superblock clean section");
            long cleanSeq = clean.journalSeq();
            this.replay = null;
            this.ignoredSeq = seq -> {
                for (JournalSeqBlacklist.Range r : sbBlacklist) if (r.contains(seq)) return true;
                return Long.compareUnsigned(seq, cleanSeq) > 0;
            };
            this.btree = new Btree(this, roots, KeyOverlay.NONE, cache);
        } else {
            // unclean: read the journal, replay [last_seq, newest flush] as an overlay, ignore bsets from later seqs
            JournalRead read = new JournalReader(sb, key == null ? null : new KeyedJournalCrypto(key), false).read(journalDevices);
            this.replay = JournalReplay.of(read);
            this.ignoredSeq = replay::seqBlacklisted;
            Map<BtreeId, BtreeRoot> roots = replay.roots();
            if (roots.isEmpty()) {
                // every jset carries the roots: none means nothing usable was read, not an empty filesystem
                List<String> why = new ArrayList<>(read.problems());
                why.addAll(replay.problems());
                throw BcachefsException.corrupt("journal replay found no btree roots" + (why.isEmpty() ? "" : ": " + String.join("; ", why)), sb.deviceName() + " journal");
            }
            this.btree = new Btree(this, roots, new JournalOverlay(replay), cache);
            for (String p : replay.problems()) warnings.add("journal: " + p);
        }
    }

    /** The filesystem key, or null when the filesystem is not encrypted; asks for the passphrase only if needed. */
    private static BchKey unlock(Superblock sb, OpenOptions opts) {
        if (!sb.encrypted()) return null;
        byte[] pw = null;
        if (Crypto.keyIsEncrypted(sb)) {
            pw = opts.passphrase() != null ? opts.passphrase().get() : null;
            if (pw == null) throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, sb.deviceName() + ": filesystem is encrypted and no passphrase was given");
        }
        try {
            return Crypto.unlock(sb, pw);
        } finally {
            if (pw != null) java.util.Arrays.fill(pw, (byte) 0);
        }
    }

    /**
     * Opens the filesystem on {@code paths} (image files or block devices), read-only. All paths must belong
     * to one filesystem; every member must be present unless {@code opts.degraded()}.
     */
    public static BchFs open(List<Path> paths, OpenOptions opts) {
        if (paths.isEmpty()) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "no device given");
        List<BlockDevice> opened = new ArrayList<>();
        try {
            for (Path p : paths) opened.add(FileBlockDevice.openReadOnly(p));
        } catch (RuntimeException e) {
            for (BlockDevice d : opened) d.close();
            throw e;
        }
        return openDevices(opened, opts);
    }

    /**
     * Opens the filesystem on already opened devices (tests wrap devices to inject faults); the devices
     * are closed when opening fails, else with the filesystem.
     */
    public static BchFs openDevices(List<BlockDevice> opened, OpenOptions opts) {
        if (opened.isEmpty()) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "no device given");
        try {
            Superblock best = null;
            List<Superblock> sbs = new ArrayList<>();
            for (BlockDevice d : opened) {
                Superblock s = Superblock.read(d);
                sbs.add(s);
                if (best != null && !Arrays.equals(best.uuidBytes(), s.uuidBytes())) {
                    throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, d.name() + " superblock: belongs to filesystem " + s.userUuid()
                            + " (internal UUID " + s.uuid() + "), not " + best.userUuid() + " (internal UUID " + best.uuid() + ")");
                }
                if (best == null || Long.compareUnsigned(s.seq(), best.seq()) > 0) best = s;
            }
            Members members = best.members();
            BlockDevice[] devs = new BlockDevice[Members.MAX_MEMBERS];
            for (int i = 0; i < sbs.size(); i++) {
                int idx = sbs.get(i).devIdx();
                if (members.get(idx) == null) {
                    throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, opened.get(i).name() + " is device " + idx + ", which is not a member of filesystem " + best.userUuid());
                }
                if (devs[idx] != null) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, opened.get(i).name() + " and " + devs[idx].name() + " are both device " + idx);
                devs[idx] = opened.get(i);
            }
            List<String> missing = new ArrayList<>();
            for (Members.Member m : members.all()) {
                if (m.exists() && devs[m.idx()] == null) missing.add("device " + m.idx() + " (" + m.uuid() + ")");
            }
            if (!missing.isEmpty() && !opts.degraded()) {
                throw new BcachefsException(ErrorCode.MISSING_DEVICE, "filesystem " + best.userUuid() + " is missing " + String.join(", ", missing)
                        + ": give every device, or open degraded (--degraded) to read what the present devices hold");
            }
            List<JournalDevice> jdevs = new ArrayList<>();
            for (int i = 0; i < sbs.size(); i++) jdevs.add(new JournalDevice(opened.get(i), sbs.get(i)));
            jdevs.sort(java.util.Comparator.comparingInt(JournalDevice::idx));
            BchFs fs = new BchFs(best, devs, jdevs, opts);
            for (String m : missing) fs.warnings.add("degraded: " + m + " missing");
            return fs;
        } catch (RuntimeException e) {
            for (BlockDevice d : opened) d.close();
            throw e;
        }
    }

    public static BchFs open(Path path) {
        return open(List.of(path), OpenOptions.DEFAULTS);
    }

    public Superblock superblock() {
        return sb;
    }

    public Btree btree() {
        return btree;
    }

    public Members members() {
        return members;
    }

    /** Messages about degraded operation and replica failures, for the caller to report. */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    // --- BtreeContext -------------------------------------------------------------------------------------
    @Override
    public BlockDevice device(int idx) {
        return idx >= 0 && idx < devices.length ? devices[idx] : null;
    }

    @Override
    public int nodeBytes() {
        return sb.btreeNodeSize() * 512;
    }

    @Override
    public int blockBytes() {
        return sb.blockSize() * 512;
    }

    @Override
    public long uuidLe64() {
        return sb.uuidLe64();
    }

    @Override
    public boolean journalSeqIgnored(long journalSeq) {
        return ignoredSeq.test(journalSeq);
    }

    /** The journal replay behind the overlay, or null after a clean shutdown (nothing replayed). */
    public JournalReplay journalReplay() {
        return replay;
    }

    @Override
    public NodeCrypto crypto() {
        return crypto;
    }

    @Override
    public int version() {
        return sb.version();
    }

    @Override
    public synchronized void replicaFailed(String message) {
        if (warnings.size() < 1000) warnings.add(message);
    }

    // --- PrintContext -------------------------------------------------------------------------------------
    @Override
    public String deviceName(int dev) {
        BlockDevice d = device(dev);
        return d == null ? null : d.name();
    }

    @Override
    public int bucketSize(int dev) {
        Members.Member m = members.get(dev);
        return m == null ? 0 : m.bucketSize();
    }

    @Override
    public int durability(int dev) {
        Members.Member m = members.get(dev);
        if (m == null || m.state() == 2) return 0;
        return m.durabilityValue();
    }

    @Override
    public int extentBpShift() {
        return PrintContext.extentBpShiftOf(sb.flags(6));
    }

    @Override
    public void close() {
        for (BlockDevice d : devices) if (d != null) d.close();
    }
}
