package dev.jbcachefs.init;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.alloc.AccountingBuilder;
import dev.jbcachefs.alloc.Allocator;
import dev.jbcachefs.alloc.BucketMap;
import dev.jbcachefs.alloc.DataType;
import dev.jbcachefs.alloc.NodeRecord;
import dev.jbcachefs.bkey.InodePack;
import dev.jbcachefs.bkey.SnapshotPack;
import dev.jbcachefs.btree.BtreeWrite;
import dev.jbcachefs.btree.KeySorter;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.device.WritableDevice;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.ExtentPtr;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.journal.JournalWrite;
import dev.jbcachefs.journal.Jset;
import dev.jbcachefs.journal.JsetEntryWrite;
import dev.jbcachefs.journal.JsetWrite;
import dev.jbcachefs.sb.Replicas;
import dev.jbcachefs.sb.SbLayout;
import dev.jbcachefs.util.Sizes;
import java.io.Closeable;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code jbcachefs format}: makes a new bcachefs 1.36 filesystem on one or more devices, optionally
 * filled from a host directory. It builds what upstream's format + first mount leave behind — root
 * subvolume, snapshot and snapshot tree, root directory and lost+found, every btree bulk-built from
 * sorted keys, the allocation information derived from the same bucket table the allocator used, one
 * clean journal entry and the superblocks — on the same btree, journal, superblock and data write code
 * the read-write engine uses.
 *
 * <p>Crash safety: the old superblocks of the devices are wiped and flushed first, everything else is
 * written and flushed next, and the superblocks come last; a format interrupted at any point leaves a
 * device that no bcachefs reader takes for a filesystem, never one with wrong content.
 */
public final class Format implements Closeable {
    static final long JOURNAL_SEQ = 1;
    static final int ROOT_SUBVOL = 1;
    static final int ROOT_SNAPSHOT_TREE = 1;

    final FormatOptions opts;
    final FsParams p;
    final List<WritableDevice> devs = new ArrayList<>();
    final SecureRandom random = new SecureRandom();
    final Map<BtreeId, KeySorter> sorters = new EnumMap<>(BtreeId.class);
    final KeySorter userBackpointers = new KeySorter("backpointers");
    final KeySorter accountingExtra = new KeySorter("accounting");
    final AccountingBuilder accounting = new AccountingBuilder();
    final List<NodeRecord> nodes = new ArrayList<>();
    final long timeBaseNs;
    FormatGeometry geometry;
    Allocator allocator;
    Namespace ns;
    SuperblockBuild sb;
    private final Consumer<String> log;

    private Format(FormatOptions opts, Consumer<String> log) {
        this.opts = opts;
        this.log = log;
        this.p = FsParams.of(opts);
        java.time.Instant now = java.time.Instant.now();
        this.timeBaseNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Formats the devices of {@code opts}; returns a one-paragraph summary. */
    public static String run(FormatOptions opts, Consumer<String> log) {
        return run(opts, log, null);
    }

    /**
     * As {@link #run(FormatOptions, Consumer)}, with {@code progress} told (files copied, bytes copied) as
     * {@code --source} goes, for a progress line.
     */
    public static String run(FormatOptions opts, Consumer<String> log, java.util.function.BiConsumer<Long, Long> progress) {
        try (Format f = new Format(opts, log)) {
            f.progress = progress;
            return f.doFormat(null);
        }
    }

    /** Formats already opened devices (one per entry of {@code opts.devices()}): tests inject faults this way. */
    static String run(FormatOptions opts, List<WritableDevice> opened, Consumer<String> log) {
        try (Format f = new Format(opts, log)) {
            return f.doFormat(opened);
        }
    }

    KeySorter sorter(BtreeId id) {
        return sorters.computeIfAbsent(id, k -> new KeySorter(k.upstreamName()));
    }

    private String doFormat(List<WritableDevice> opened) {
        if (opened != null) {
            devs.addAll(opened);
            if (!opts.force()) for (WritableDevice d : devs) ExistingFs.refuseIfPresent(d);
        } else {
            openDevices();
        }
        long[] sizes = devs.stream().mapToLong(WritableDevice::size).toArray();
        if (opts.fsSize() > 0) {
            // --fs_size on an existing device: use that much of it, as upstream does
            for (int i = 0; i < sizes.length; i++) {
                if (opts.fsSize() > sizes[i]) {
                    throw badOption(devs.get(i).path() + ": --fs_size " + Sizes.human(opts.fsSize()) + " is larger than the device (" + Sizes.human(sizes[i]) + ")");
                }
                sizes[i] = opts.fsSize();
            }
        }
        try {
            geometry = FormatGeometry.compute(sizes, p.geometryParams());
        } catch (IllegalArgumentException e) {
            StringBuilder what = new StringBuilder();
            for (WritableDevice d : devs) what.append(what.length() > 0 ? ", " : "").append(d.path()).append(" (").append(Sizes.human(d.size())).append(')');
            throw badOption(what + ": " + e.getMessage());
        }
        sb = new SuperblockBuild(this);
        ExistingFs.wipe(devs);
        List<BucketMap> maps = new ArrayList<>();
        for (int d = 0; d < devs.size(); d++) {
            FormatGeometry.Device g = geometry.devices().get(d);
            BucketMap m = new BucketMap(d, g.nbuckets(), g.bucketSectors());
            markSuperblocks(m, g.layout());
            for (long b : g.journalBuckets()) m.mark(b, DataType.JOURNAL, g.bucketSectors());
            maps.add(m);
        }
        allocator = new Allocator(maps, opts.devices().stream().mapToInt(FormatOptions.Device::durability).toArray());
        ns = new Namespace(sorter(BtreeId.INODES), sorter(BtreeId.DIRENTS), sorter(BtreeId.XATTRS), random, p.strHashInodeType(), timeBaseNs);
        makeRoot();
        long files = 0;
        if (opts.source() != null) files = SourceCopy.copy(this, opts.source(), log);
        finishNamespace();
        Map<BtreeId, BtreeWrite.Root> roots = writeBtrees();
        writeJournalAndSuperblocks(roots);
        return summary(files);
    }

    private void openDevices() {
        for (FormatOptions.Device d : opts.devices()) {
            WritableDevice dev = FileBlockDevice.openReadWrite(d.path(), opts.fsSize());
            devs.add(dev);
            if (!opts.force()) ExistingFs.refuseIfPresent(dev);
        }
    }

    private static void markSuperblocks(BucketMap m, SbLayout l) {
        long sbSectors = 1L << l.sbMaxSizeBits();
        for (long off : l.sbOffsets()) {
            if (off == FormatGeometry.SB_SECTOR) m.markSectors(0, FormatGeometry.SB_SECTOR, DataType.SB);
            m.markSectors(off, off + sbSectors, DataType.SB);
        }
    }

    /** Root snapshot tree, snapshot and subvolume, the root directory and lost+found. */
    private void makeRoot() {
        long now = timeBaseNs;
        sorter(BtreeId.SNAPSHOT_TREES).add(BkeySC.of(KeyType.SNAPSHOT_TREE, new Bpos(0, ROOT_SNAPSHOT_TREE, 0), 0, 0,
                SnapshotPack.snapshotTree(ROOT_SUBVOL, 0xffffffffL)));
        sorter(BtreeId.SNAPSHOTS).add(BkeySC.of(KeyType.SNAPSHOT, new Bpos(0, 0xffffffffL, 0), 0, 0,
                SnapshotPack.snapshot(SnapshotPack.SNAPSHOT_SUBVOL, 0, new long[2], ROOT_SUBVOL, ROOT_SNAPSHOT_TREE, 0, new long[3], 0, 0)));
        sorter(BtreeId.SUBVOLUMES).add(BkeySC.of(KeyType.SUBVOLUME, new Bpos(0, ROOT_SUBVOL, 0), 0, 0,
                SnapshotPack.subvolume(0, 0xffffffffL, Namespace.ROOT_INO, 0, 0, 0, 0)));
        long lostFound = ns.allocInum();
        long lfOffset = ns.addDirent(Namespace.ROOT_INO, "lost+found".getBytes(), lostFound, Namespace.DT_DIR);
        ns.addInode(lostFound, ns.seedFor(lostFound), new Namespace.Attrs(040700, 0, 0, 0, 0, 0, now, now, now, now, 0,
                Namespace.ROOT_INO, lfOffset, 0, 1));
        ns.dirDone(lostFound);
        rootSubdirs = 1;
    }

    long rootSubdirs;
    long keyVersion;
    java.util.function.BiConsumer<Long, Long> progress;
    int compressionTypesUsed;
    Namespace.Attrs rootAttrs;

    private void finishNamespace() {
        long now = timeBaseNs;
        Namespace.Attrs a = rootAttrs != null ? rootAttrs
                : new Namespace.Attrs(040755, 0, 0, 0, 0, 0, now, now, now, now, 0, 0, 0, ROOT_SUBVOL, 0);
        ns.addInode(Namespace.ROOT_INO, ns.seedFor(Namespace.ROOT_INO), new Namespace.Attrs(a.mode(), a.uid(), a.gid(), 0, 0, rootSubdirs,
                a.atimeNs(), a.mtimeNs(), a.ctimeNs(), a.otimeNs(), 0, 0, 0, ROOT_SUBVOL, 0));
        ns.dirDone(Namespace.ROOT_INO);
        sorter(BtreeId.LOGGED_OPS).add(BkeySC.of(KeyType.INODE_ALLOC_CURSOR, InodePack.allocCursorPos(0), 0, 0,
                InodePack.allocCursor(0, 0, ns.nextInum())));
        accounting.nrInodes(ns.inodeCount());
    }

    /** Writes every btree; returns the roots of those that have keys. */
    private Map<BtreeId, BtreeWrite.Root> writeBtrees() {
        BtreeWrite.Options bo = p.btreeOptions(geometry, JOURNAL_SEQ, sb.uuidLe64());
        int nodeSectors = geometry.btreeNodeSize() / 512;
        Map<BtreeId, BtreeWrite.Root> roots = new EnumMap<>(BtreeId.class);
        BuildSink sink = new BuildSink(allocator, devs, p.metadataReplicas(), nodeSectors);
        for (BtreeId id : BtreeId.values()) {
            KeySorter s = sorters.get(id);
            if (s == null || s.size() == 0) continue;
            BtreeWrite w = new BtreeWrite(bo, sink, id, random);
            for (Iterator<BkeySC> it = s.iterator(); it.hasNext(); ) w.add(it.next());
            roots.put(id, w.finish());
            s.close();
        }
        nodes.addAll(sink.records());
        AllocBtrees ab = new AllocBtrees(bo, p.metadataReplicas(), nodeSectors, JOURNAL_SEQ, FsParams.EXTENT_BP_SHIFT, userBackpointers,
                accountingExtra, accounting, nodes, random.nextLong());
        List<NodeRecord> allocNodes = new ArrayList<>();
        roots.putAll(ab.write(allocator, devs, allocNodes));
        nodes.addAll(allocNodes);
        for (WritableDevice d : devs) d.flush();
        return roots;
    }

    private void writeJournalAndSuperblocks(Map<BtreeId, BtreeWrite.Root> roots) {
        List<JsetEntryWrite.Root> jroots = new ArrayList<>();
        for (Map.Entry<BtreeId, BtreeWrite.Root> e : roots.entrySet()) {
            jroots.add(new JsetEntryWrite.Root(e.getKey().id(), e.getValue().level(), e.getValue().key()));
        }
        // the write clock counts sectors written: everything the buckets hold
        JsetEntryWrite.SuperEntries se = new JsetEntryWrite.SuperEntries(keyVersion, 0, usedSectors());
        JsetWrite jw = new JsetWrite(Jset.magicFor(sb.uuidLe64()), FsParams.VERSION, p.metadataCsum(), p.journalCrypto(), geometry.blockSize() / 512);
        byte[] jset = JournalWrite.cleanJset(jw, JOURNAL_SEQ, jroots, se, timeBaseNs / 1_000_000_000L);
        int[] lastBucket = new int[devs.size()], lastOffset = new int[devs.size()];
        for (int d = 0; d < devs.size(); d++) {
            FormatGeometry.Device g = geometry.devices().get(d);
            List<Long> jb = new ArrayList<>();
            for (long b : g.journalBuckets()) jb.add(b);
            JournalWrite w = new JournalWrite(devs.get(d), d, jb, g.bucketSectors(), geometry.blockSize() / 512);
            w.append(jset);
            lastBucket[d] = w.bucketIdx();
            lastOffset[d] = w.bucketOffset();
            devs.get(d).flush();
        }
        sb.write(jroots, se, lastBucket, lastOffset);
    }

    /** The replicas entries in use (for the superblock's replicas section), sorted. */
    List<Replicas.Entry> replicasEntries() {
        TreeSet<String> seen = new TreeSet<>();
        List<Replicas.Entry> out = new ArrayList<>();
        accounting.entries().forEach((pos, v) -> {
            byte[] acc = dev.jbcachefs.bkey.Accounting.accPos(pos);
            if (acc[0] != dev.jbcachefs.bkey.Accounting.REPLICAS) return;
            int nr = acc[2] & 0xff;
            int[] d = new int[nr];
            for (int i = 0; i < nr; i++) d[i] = acc[4 + i] & 0xff;
            if (seen.add((acc[1] & 0xff) + ":" + java.util.Arrays.toString(d))) out.add(new Replicas.Entry(acc[1] & 0xff, acc[3] & 0xff, d));
        });
        for (NodeRecord n : nodes) {
            int[] d = n.ptrs().stream().mapToInt(ExtentPtr::dev).sorted().toArray();
            if (seen.add(DataType.BTREE.id + ":" + java.util.Arrays.toString(d))) out.add(new Replicas.Entry(DataType.BTREE.id, 1, d));
        }
        out.sort((x, y) -> x.dataType() != y.dataType() ? Integer.compare(y.dataType(), x.dataType()) : java.util.Arrays.compare(x.devs(), y.devs()));
        return out;
    }

    /** Sectors in use on all devices (superblocks, journal, btree nodes, data). */
    private long usedSectors() {
        long used = 0;
        for (BucketMap m : allocator.devices()) for (long b = 0; b < m.nbuckets(); b++) used += m.dirty(b);
        return used;
    }

    private String summary(long files) {
        long used = usedSectors(), total = 0;
        for (BucketMap m : allocator.devices()) total += m.nbuckets() * m.bucketSectors();
        return String.format("formatted %d device(s), %s, block size %d, bucket size %d, btree node size %d%s; %d files copied, %s of %s used",
                devs.size(), p.describe(), geometry.blockSize(), geometry.devices().get(0).bucketSize(), geometry.btreeNodeSize(),
                opts.encrypted() ? ", encrypted" : "", files, Sizes.human(used * 512), Sizes.human(total * 512));
    }

    @Override
    public void close() {
        for (KeySorter s : sorters.values()) s.close();
        userBackpointers.close();
        accountingExtra.close();
        BcachefsException first = null;
        for (WritableDevice d : devs) {
            try {
                d.close();
            } catch (BcachefsException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    /** A bad option value: a usage error (exit 2 from the CLI), never a filesystem error. */
    static IllegalArgumentException badOption(String msg) {
        return new IllegalArgumentException(msg);
    }

}
