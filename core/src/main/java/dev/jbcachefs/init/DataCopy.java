package dev.jbcachefs.init;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data write path of format: a file's bytes, block range by block range, become encoded extents
 * (compressed, checksummed, encrypted as the options say) placed by the allocator — never across a
 * bucket end: whole, in the tail of a partly filled bucket or at the start of a fresh one — written to
 * every replica, keyed in the extents btree by end offset, with one backpointer per pointer and the
 * accounting upstream's triggers would add (replicas sectors, compression, snapshot and per-inode usage).
 *
 * <p>It is a bounded pipeline so that encoding (the costly part: compression, checksums, encryption) uses
 * every core: {@link #write} hands a chunk to a pool of encoder threads, which encode it without regard to
 * where it will go (each extent as long as the codec and {@code encoded_extent_max} allow), and the caller's
 * thread — the only one that touches the allocator, the key sorters, the devices and the accounting —
 * places the results strictly in submission order once the chunks pending exceed a byte budget (two chunk
 * buffers per encoder, at most an eighth of the heap), which bounds memory. Placement never re-encodes: the
 * allocator packs bucket tails ({@link Allocator#allocUser}), so an extent that does not fit the room left in
 * one open bucket goes whole to another, or to the start of a fresh one, and the partly filled buckets stay
 * open for later, smaller extents. Since placement depends only on the extents' sizes and order, never on
 * which encoder finished first, the image does not depend on thread timing. The one exception is an extent
 * longer than a whole bucket (buckets smaller than {@code encoded_extent_max}, or no checksums, which leave
 * uncompressed extents unbounded by it): it is encoded again on the caller's thread, cut into pieces that
 * fill open buckets, as upstream's write path cuts at a bucket end. Encrypted extents take their key version
 * from one atomic counter when they are encoded, so every extent has its own nonce; only which extent gets
 * which version depends on timing (a discarded encoding leaves a gap in the numbers, as upstream's retries do).
 */
final class DataCopy implements AutoCloseable {
    /** How much of a file is read and encoded per step. Encoder threads: system property {@code jbcachefs.encodeThreads} (default: one per core). */
    static final int CHUNK = 1 << 20;

    private final Allocator alloc;
    private final List<WritableDevice> devs;
    private final DataWrite dw;
    private final int replicas;
    private final KeySorter extents;
    private final KeySorter backpointers;
    private final KeySorter accountingExtra;
    private final AccountingBuilder acc;
    /** Share of the room-times-ratio estimate offered to a room-limited encode, below 1 so that it usually fits first time. */
    private static final double FIT_MARGIN = 0.97;
    private final boolean encrypted;
    private final AtomicLong versionCounter = new AtomicLong();
    private final int chunkSize;
    private final ExecutorService pool;
    /** Bytes of chunks in flight allowed (chunk buffers count whole), and a cap on their number. */
    private final long maxInFlightBytes;
    private static final int MAX_IN_FLIGHT_CHUNKS = 1024;
    private long inFlightBytes;
    private int inFlightChunks;
    private final ArrayDeque<Object> inFlight = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeBuffers = new ArrayDeque<>();
    /** Bit n set when an extent of compression type n was written (the superblock's feature bits follow). */
    int compressionTypesUsed;

    /** Per-file totals of the file being placed, for its per-inode accounting key. */
    private long fileExtents, fileSectors, fileDiskSectors;
    /** Sectors handed to {@link #write} since {@link #startFile}: the inode's i_sectors, known before placement. */
    private long submittedSectors;

    /** A chunk handed to the encoders; {@code encoded} gives its extents in order, covering all of it. */
    private record Chunk(long inum, long pos, byte[] src, int len, Future<List<DataWrite.Encoded>> encoded) {}

    private record FileEnd(long inum, long journalSeq) {}

    DataCopy(Allocator alloc, List<WritableDevice> devs, DataWrite dw, int replicas, KeySorter extents, KeySorter backpointers,
            KeySorter accountingExtra, AccountingBuilder acc) {
        this(alloc, devs, dw, replicas, extents, backpointers, accountingExtra, acc,
                Integer.getInteger("jbcachefs.encodeThreads", Runtime.getRuntime().availableProcessors()));
    }

    DataCopy(Allocator alloc, List<WritableDevice> devs, DataWrite dw, int replicas, KeySorter extents, KeySorter backpointers,
            KeySorter accountingExtra, AccountingBuilder acc, int threads) {
        this.alloc = alloc;
        this.devs = devs;
        this.dw = dw;
        this.replicas = replicas;
        this.extents = extents;
        this.backpointers = backpointers;
        this.accountingExtra = accountingExtra;
        this.acc = acc;
        this.encrypted = dw.options().key() != null;
        this.chunkSize = Math.max(CHUNK, dw.options().encodedExtentMax());
        int n = Math.max(1, threads);
        AtomicInteger ids = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "jbcachefs-encode-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // two chunks per encoder keep them busy; a chunk in flight holds at most about twice its size
        // (input + encoded output), and the whole pipeline stays within an eighth of the heap
        long heapChunks = Runtime.getRuntime().maxMemory() / (16L * chunkSize);
        this.maxInFlightBytes = Math.max(2, Math.min(2L * n + 2, heapChunks)) * chunkSize;
    }

    /** Largest chunk {@link #write} takes. */
    int chunkSize() {
        return chunkSize;
    }

    /** A buffer of at least {@code size} bytes (at most {@link #chunkSize}) to read a chunk into; {@link #write} takes it over. */
    byte[] buffer(int size) {
        if (size > chunkSize) throw new IllegalArgumentException("chunk of " + size + " bytes is larger than " + chunkSize);
        if (size < chunkSize / 2) return new byte[size];
        byte[] b = freeBuffers.poll();
        return b != null ? b : new byte[chunkSize];
    }

    /** The highest key version handed out (the superblock's key_version must not be below it). */
    long keyVersion() {
        return versionCounter.get();
    }

    void startFile() {
        submittedSectors = 0;
    }

    /** Sectors (live, uncompressed) written for the current file so far. */
    long fileSectors() {
        return submittedSectors;
    }

    /**
     * Writes {@code src[0, len)} (a block multiple) as the file data at byte offset {@code pos}
     * (block-aligned) of {@code inum}. Takes {@code src} over: the caller must not touch it again.
     */
    void write(long inum, long pos, byte[] src, int len) {
        int block = dw.options().blockSize();
        if (len <= 0 || len % block != 0 || pos % block != 0) throw new IllegalArgumentException("unaligned write of " + len + " bytes at " + pos);
        submittedSectors += len / 512;
        drain(maxInFlightBytes - src.length, MAX_IN_FLIGHT_CHUNKS - 1);
        Future<List<DataWrite.Encoded>> f = pool.submit(() -> encodeAll(src, len));
        inFlight.add(new Chunk(inum, pos, src, len, f));
        inFlightBytes += src.length;
        inFlightChunks++;
    }

    /** Ends the current file: its per-inode accounting key follows its extents (files without data have none). */
    void endFile(long inum, long journalSeq) {
        inFlight.add(new FileEnd(inum, journalSeq));
    }

    /** Places everything still in flight. */
    void finish() {
        drain(0, 0);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** Encoder thread: the chunk as extents, each as long as the codec and encoded_extent_max allow. */
    private List<DataWrite.Encoded> encodeAll(byte[] src, int len) {
        List<DataWrite.Encoded> out = new ArrayList<>();
        int done = 0;
        while (done < len) {
            long version = encrypted ? versionCounter.incrementAndGet() : 0;
            DataWrite.Encoded e = dw.encode(src, done, len - done, len, 0, version, 0);
            out.add(e);
            done += e.srcLen();
        }
        return out;
    }

    /** Places chunks, oldest first, until at most {@code bytes} and {@code chunks} are left in flight. */
    private void drain(long bytes, int chunks) {
        while (!inFlight.isEmpty() && (inFlightBytes > bytes || inFlightChunks > chunks || !(inFlight.peek() instanceof Chunk))) {
            Object o = inFlight.poll();
            if (o instanceof Chunk c) {
                inFlightBytes -= c.src().length;
                inFlightChunks--;
                place(c);
            } else {
                FileEnd e = (FileEnd) o;
                fileDone(e.inum(), e.journalSeq());
            }
        }
    }

    private static List<DataWrite.Encoded> await(Future<List<DataWrite.Encoded>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BcachefsException(ErrorCode.IO, "format: interrupted while encoding data", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new BcachefsException(ErrorCode.IO, "format: encoding data failed: " + c, c);
        }
    }

    private void place(Chunk c) {
        int done = 0;
        for (DataWrite.Encoded e : await(c.encoded())) {
            int[] ds = alloc.chooseDevices(replicas);
            if (e.len() <= (long) alloc.maxUserSectors(ds) * 512) {
                emit(c.inum(), c.pos() + done, ds, e);
            } else {
                boolean compressed = e.len() < e.srcLen();
                encodeInRoom(c.inum(), c.pos(), c.src(), done, e.srcLen(), compressed ? (double) e.srcLen() / e.len() : 1);
            }
            done += e.srcLen();
        }
        if (c.src().length == chunkSize && (long) freeBuffers.size() * chunkSize <= maxInFlightBytes) freeBuffers.add(c.src());
    }

    private long roomBytes(int[] ds) {
        int block = dw.options().blockSize();
        long roomBytes = (long) alloc.userRoom(ds) * 512;
        roomBytes -= roomBytes % block;
        if (roomBytes < block) throw new IllegalStateException("open bucket with less than a block of room");
        return roomBytes;
    }

    /**
     * Encodes {@code src[off, off+len)} (file offset {@code pos + off}), which encoded as one extent is longer
     * than a bucket, against the exact room of the open buckets, piece by piece. {@code ratio} is the compression ratio this data had when encoded without a room limit
     * (1 when it did not compress): offering only about as much input as should fit the room spares the codec
     * its fail-and-shorten retries, each of which compresses up to a whole extent again.
     */
    private void encodeInRoom(long inum, long pos, byte[] src, int off, int len, double ratio) {
        int block = dw.options().blockSize();
        int done = 0;
        while (done < len) {
            int[] ds = alloc.chooseDevices(replicas);
            long roomBytes = roomBytes(ds);
            int offer = len - done;
            if (ratio > 1) {
                long guess = (long) (roomBytes * ratio * FIT_MARGIN);
                guess -= guess % block;
                offer = (int) Math.max(block, Math.min(offer, guess));
            }
            long version = encrypted ? versionCounter.incrementAndGet() : 0;
            DataWrite.Encoded e = dw.encode(src, off + done, offer, (int) Math.min(roomBytes, Integer.MAX_VALUE), 0, version, 0);
            emit(inum, pos + off + done, ds, e);
            done += e.srcLen();
        }
    }

    /** Allocates, writes and keys one encoded extent starting at byte {@code filePos} of {@code inum}. */
    private void emit(long inum, long filePos, int[] ds, DataWrite.Encoded e) {
        int diskSectors = e.len() / 512;
        List<ExtentPtr> ptrs = alloc.allocUser(ds, diskSectors);
        for (ExtentPtr p : ptrs) devs.get(p.dev()).write(p.offset() * 512, e.buf(), e.off(), e.len());
        int liveSectors = e.srcLen() / 512;
        long end = filePos / 512 + liveSectors;
        Bpos kpos = new Bpos(inum, end, Namespace.SNAPSHOT);
        List<ExtentEntry> entries = new ArrayList<>();
        if (e.needsCrcEntry()) entries.add(e.crc());
        for (ExtentPtr p : ptrs) entries.add(ExtentPack.ptr(p.dev(), p.offset(), p.gen(), false, false));
        extents.add(BkeySC.of(KeyType.EXTENT, kpos, liveSectors, e.versionLo(), ExtentPack.entries(entries)));
        int[] sortedDevs = new int[ptrs.size()];
        for (int i = 0; i < ptrs.size(); i++) {
            ExtentPtr p = ptrs.get(i);
            sortedDevs[i] = p.dev();
            Bpos bp = BackpointerPack.pos(p.dev(), p.offset(), 0, FsParams.EXTENT_BP_SHIFT);
            backpointers.add(BkeySC.of(KeyType.BACKPOINTER, bp, 0, 0,
                    BackpointerPack.encode(BtreeId.EXTENTS.id(), 0, DataType.USER.id, p.gen(), 0, diskSectors, kpos)));
        }
        Arrays.sort(sortedDevs);
        long disk = (long) diskSectors * ptrs.size();
        acc.replicas(DataType.USER, 1, sortedDevs, disk);
        acc.snapshot(Namespace.SNAPSHOT, disk);
        int ctype = e.crc().compressionType();
        if (ctype != Compression.TYPE_NONE) acc.compression(ctype, (long) liveSectors * ptrs.size(), disk);
        compressionTypesUsed |= 1 << ctype;
        fileExtents++;
        fileSectors += liveSectors;
        fileDiskSectors += disk;
    }

    /** The per-inode accounting key of a file whose extents are all placed. */
    private void fileDone(long inum, long journalSeq) {
        if (fileExtents != 0) {
            Bpos p = AccountingPack.pos(AccountingPack.inum(inum));
            accountingExtra.add(BkeySC.of(KeyType.ACCOUNTING, p, 0, (journalSeq << 32) | (inum & 0xffffffffL),
                    AccountingPack.value(fileExtents, fileSectors, fileDiskSectors)));
        }
        fileExtents = fileSectors = fileDiskSectors = 0;
    }
}
