package dev.jbcachefs.init;

import dev.jbcachefs.alloc.AccountingBuilder;
import dev.jbcachefs.alloc.Allocator;
import dev.jbcachefs.alloc.DataType;
import dev.jbcachefs.bkey.AccountingPack;
import dev.jbcachefs.bkey.BackpointerPack;
import dev.jbcachefs.bkey.ExtentEntry;
import dev.jbcachefs.bkey.ExtentPack;
import dev.jbcachefs.btree.KeySorter;
import dev.jbcachefs.data.Compression;
import dev.jbcachefs.data.DataWrite;
import dev.jbcachefs.device.WritableDevice;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.ExtentPtr;
import dev.jbcachefs.format.KeyType;
import java.util.ArrayList;
import java.util.List;

/**
 * The data write path of format: a file's bytes, block range by block range, become encoded extents
 * (compressed, checksummed, encrypted as the options say) placed by the allocator — never across a
 * bucket end, so an extent is cut where its bucket fills — written to every replica, keyed in the
 * extents btree by end offset, with one backpointer per pointer and the accounting upstream's triggers
 * would add (replicas sectors, compression, snapshot and per-inode usage).
 */
final class DataCopy {
    /** How much of a file is read and encoded per step. */
    static final int CHUNK = 1 << 20;

    private final Allocator alloc;
    private final List<WritableDevice> devs;
    private final DataWrite dw;
    private final int replicas;
    private final KeySorter extents;
    private final KeySorter backpointers;
    private final KeySorter accountingExtra;
    private final AccountingBuilder acc;
    private final boolean encrypted;
    private long versionCounter;
    /** Bit n set when an extent of compression type n was written (the superblock's feature bits follow). */
    int compressionTypesUsed;
    final byte[] buf;

    /** Per-file totals, for the inode and the per-inode accounting. */
    long fileExtents, fileSectors, fileDiskSectors;

    DataCopy(Allocator alloc, List<WritableDevice> devs, DataWrite dw, int replicas, KeySorter extents, KeySorter backpointers,
            KeySorter accountingExtra, AccountingBuilder acc) {
        this.alloc = alloc;
        this.devs = devs;
        this.dw = dw;
        this.replicas = replicas;
        this.extents = extents;
        this.backpointers = backpointers;
        this.accountingExtra = accountingExtra;
        this.acc = acc;
        this.encrypted = dw.options().key() != null;
        this.buf = new byte[Math.max(CHUNK, dw.options().encodedExtentMax())];
    }

    /** The highest key version handed out (the superblock's key_version must not be below it). */
    long keyVersion() {
        return versionCounter;
    }

    void startFile() {
        fileExtents = fileSectors = fileDiskSectors = 0;
    }

    /** Writes {@code src[0, len)} as the file data at byte offset {@code pos} (block-aligned) of {@code inum}. */
    void write(long inum, long pos, byte[] src, int len) {
        int block = dw.options().blockSize();
        int done = 0;
        while (done < len) {
            int[] ds = alloc.chooseDevices(replicas);
            int room = alloc.userRoom(ds);
            long roomBytes = (long) room * 512;
            roomBytes -= roomBytes % block;
            if (roomBytes < block) throw new IllegalStateException("open bucket with less than a block of room");
            long version = encrypted ? ++versionCounter : 0;
            DataWrite.Encoded e = dw.encode(src, done, len - done, (int) Math.min(roomBytes, Integer.MAX_VALUE), 0, version, 0);
            int diskSectors = e.len() / 512;
            List<ExtentPtr> ptrs = alloc.allocUser(ds, diskSectors);
            for (ExtentPtr p : ptrs) devs.get(p.dev()).write(p.offset() * 512, e.buf(), e.off(), e.len());
            int liveSectors = e.srcLen() / 512;
            long end = (pos + done) / 512 + liveSectors;
            Bpos kpos = new Bpos(inum, end, Namespace.SNAPSHOT);
            List<ExtentEntry> entries = new ArrayList<>();
            if (e.needsCrcEntry()) entries.add(e.crc());
            for (ExtentPtr p : ptrs) entries.add(ExtentPack.ptr(p.dev(), p.offset(), p.gen(), false, false));
            extents.add(BkeySC.of(KeyType.EXTENT, kpos, liveSectors, version, ExtentPack.entries(entries)));
            int[] sortedDevs = new int[ptrs.size()];
            for (int i = 0; i < ptrs.size(); i++) {
                ExtentPtr p = ptrs.get(i);
                sortedDevs[i] = p.dev();
                Bpos bp = BackpointerPack.pos(p.dev(), p.offset(), 0, FsParams.EXTENT_BP_SHIFT);
                backpointers.add(BkeySC.of(KeyType.BACKPOINTER, bp, 0, 0,
                        BackpointerPack.encode(BtreeId.EXTENTS.id(), 0, DataType.USER.id, p.gen(), 0, diskSectors, kpos)));
            }
            java.util.Arrays.sort(sortedDevs);
            long disk = (long) diskSectors * ptrs.size();
            acc.replicas(DataType.USER, 1, sortedDevs, disk);
            acc.snapshot(Namespace.SNAPSHOT, disk);
            int ctype = e.crc().compressionType();
            if (ctype != Compression.TYPE_NONE) acc.compression(ctype, (long) liveSectors * ptrs.size(), disk);
            compressionTypesUsed |= 1 << ctype;
            fileExtents++;
            fileSectors += liveSectors;
            fileDiskSectors += disk;
            done += e.srcLen();
        }
    }

    /** Adds the per-inode accounting key of the file just written (files without data have none). */
    void endFile(long inum, long journalSeq) {
        if (fileExtents == 0) return;
        Bpos p = AccountingPack.pos(AccountingPack.inum(inum));
        accountingExtra.add(BkeySC.of(KeyType.ACCOUNTING, p, 0, (journalSeq << 32) | (inum & 0xffffffffL),
                AccountingPack.value(fileExtents, fileSectors, fileDiskSectors)));
    }
}
