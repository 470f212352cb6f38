package dev.jbcachefs.data;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.bkey.Extent;
import dev.jbcachefs.bkey.ExtentEntry;
import dev.jbcachefs.bkey.InlineData;
import dev.jbcachefs.bkey.KeyError;
import dev.jbcachefs.bkey.ReflinkP;
import dev.jbcachefs.bkey.ReflinkV;
import dev.jbcachefs.btree.Btree;
import dev.jbcachefs.crypto.BchKey;
import dev.jbcachefs.crypto.KeyedNodeCrypto;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.snapshot.SnapshotIter;
import dev.jbcachefs.snapshot.SnapshotTable;
import dev.jbcachefs.util.Segments;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * Reads file data: the extents btree of an inode as seen from one snapshot, keys addressed by their end
 * sector ({@code [p.offset - size, p.offset)}), gaps being holes. Each visible key is read by type: an
 * {@code extent} through one of its replicas ({@link ExtentDecoder}: whole encoded extent, checksum,
 * decryption, decompression, then the live slice {@code [crc.offset, crc.offset + size)}), {@code
 * inline_data} from the key, {@code reservation} as zeros, {@code reflink_p} through the reflink btree,
 * {@code error} and poisoned extents as errors. Thread-safe: the only shared state is the bounded caches.
 */
public final class DataReader {
    /** Default bounds of the decoded-extent cache. */
    static final int CACHE_ENTRIES = 16;
    static final long CACHE_BYTES = 8L << 20;

    private final Btree tree;
    private final SnapshotTable snapshots;
    private final ExtentDecoder.DeviceSource devices;
    private final IntUnaryOperator bucketSize;
    private final Consumer<String> warn;
    private final BchKey key;
    private final BucketGenCache gens;
    private final DecodedCache cache = new DecodedCache(CACHE_ENTRIES, CACHE_BYTES);
    /** Replicas already reported as failed (bounded), so a file read in small pieces warns once per replica. */
    private final java.util.Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DataReader(BchFs fs, SnapshotTable snapshots) {
        this(fs.btree(), snapshots, fs::device, fs::bucketSize, fs::replicaFailed,
                fs.crypto() instanceof KeyedNodeCrypto k ? k.key() : null);
    }

    DataReader(Btree tree, SnapshotTable snapshots, ExtentDecoder.DeviceSource devices, IntUnaryOperator bucketSize,
               Consumer<String> warn, BchKey key) {
        this.tree = tree;
        this.snapshots = snapshots;
        this.devices = devices;
        this.bucketSize = bucketSize;
        this.warn = warn;
        this.key = key;
        this.gens = tree == null ? null : new BucketGenCache(tree);
    }

    /**
     * Reads file data of inode {@code inum} as seen from {@code snapshot}, {@code [offset, offset+len)}
     * clipped to {@code fileSize}; holes and reservations read as zeros; returns bytes read. Thread-safe.
     *
     * @throws BcachefsException CHECKSUM/IO/MISSING_DEVICE when no replica of an extent is readable (the
     *                           message names inode, file offset, device and sector), CORRUPT for bad keys,
     *                           UNSUPPORTED for erasure-coded extents
     */
    public int read(long inum, int snapshot, long fileSize, long offset, byte[] dst, int dstOff, int len) {
        if (offset < 0 || len < 0 || dstOff < 0 || dstOff > dst.length - len) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "read of inode " + Long.toUnsignedString(inum) + ": bad range offset "
                    + offset + " len " + len + " into buffer of " + dst.length + " at " + dstOff);
        }
        return read(inum, snapshot, fileSize, offset, MemorySegment.ofArray(dst).asSlice(dstOff, len));
    }

    /**
     * {@link #read(long, int, long, long, byte[], int, int)} into {@code dst}, which may be native memory:
     * plain extents are then read from the device straight into it and verified there (no bounce buffer),
     * which is how the mount fills its reply buffers.
     */
    public int read(long inum, int snapshot, long fileSize, long offset, MemorySegment dst) {
        long len = dst.byteSize();
        if (offset < 0 || len > Integer.MAX_VALUE) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "read of inode " + Long.toUnsignedString(inum) + ": bad range offset "
                    + offset + " len " + len);
        }
        if (offset >= fileSize || len == 0) return 0;
        long end = len >= fileSize - offset ? fileSize : offset + len;
        int n = (int) (end - offset);
        SnapshotIter it = new SnapshotIter(tree, snapshots, BtreeId.EXTENTS, inum, offset / 512 + 1, snapshot);
        long cursor = offset;
        for (BkeySC k = it.next(); k != null && k.pos().inode() == inum; k = it.next()) {
            long kEnd = endByte(k, inum);
            long kStart = kEnd - k.k().sizeUnsigned() * 512;
            if (kStart >= end) break;
            long a = Math.max(kStart, cursor), b = Math.min(kEnd, end);
            if (a >= b) continue;
            if (a > cursor) zero(dst, cursor - offset, a - cursor); // hole
            cursor = a;
            readKey(k, inum, kStart, a, b, dst, a - offset, a);
            cursor = b;
            if (cursor >= end) break;
        }
        if (cursor < end) zero(dst, cursor - offset, end - cursor); // trailing hole
        return n;
    }

    private static void zero(MemorySegment dst, long at, long n) {
        dst.asSlice(at, n).fill((byte) 0);
    }

    /** Byte ranges [start,end) holding data (extents, inline data; not holes, not reservations), clipped to [from,to). */
    public List<long[]> dataRanges(long inum, int snapshot, long from, long to) {
        List<long[]> out = new ArrayList<>();
        if (from < 0 || to <= from) return out;
        SnapshotIter it = new SnapshotIter(tree, snapshots, BtreeId.EXTENTS, inum, from / 512 + 1, snapshot);
        for (BkeySC k = it.next(); k != null && k.pos().inode() == inum; k = it.next()) {
            long kEnd = endByte(k, inum);
            long kStart = kEnd - k.k().sizeUnsigned() * 512;
            if (kStart >= to) break;
            if (!holdsData(k)) continue;
            long a = Math.max(kStart, from), b = Math.min(kEnd, to);
            if (a >= b) continue;
            long[] last = out.isEmpty() ? null : out.getLast();
            if (last != null && last[1] >= a) last[1] = Math.max(last[1], b);
            else out.add(new long[] {a, b});
        }
        return out;
    }

    private static boolean holdsData(BkeySC k) {
        KeyType t = k.type();
        if (t == KeyType.INLINE_DATA || t == KeyType.REFLINK_P) return true;
        if (t != KeyType.EXTENT) return false;
        for (var p : Extent.decode(k).ptrs()) if (!p.unwritten()) return true;
        return false;
    }

    /** The key's end in bytes, checked so that byte arithmetic cannot overflow. */
    private static long endByte(BkeySC k, long inum) {
        long endSector = k.pos().offset();
        long size = k.k().sizeUnsigned();
        if (endSector < 0 || endSector > Long.MAX_VALUE / 512 || size > endSector) {
            throw BcachefsException.corrupt("extent key end " + Long.toUnsignedString(endSector) + " size " + size + " out of range",
                    "extents btree, inode " + Long.toUnsignedString(inum));
        }
        return endSector * 512;
    }

    /** Reads bytes {@code [a, b)} (in the key's address space, which starts at byte {@code keyStart}) of key {@code k}. */
    private void readKey(BkeySC k, long inum, long keyStart, long a, long b, MemorySegment dst, long at, long fileOff) {
        KeyType t = k.type();
        if (t == null) throw BcachefsException.corrupt("unknown key type " + k.k().type() + " in the extents btree", where(inum, fileOff));
        switch (t) {
            case EXTENT -> readExtent(Extent.decode(k), k.k(), keyStart, a, b, dst, at, inum, fileOff);
            case INLINE_DATA, INDIRECT_INLINE_DATA -> copyInline(InlineData.decode(k).data(), keyStart, a, b, dst, at);
            case RESERVATION -> zero(dst, at, b - a);
            case REFLINK_P -> readReflink(k, keyStart, a, b, dst, at, inum, fileOff);
            case REFLINK_V -> readExtent(ReflinkV.decode(k).extent(), k.k(), keyStart, a, b, dst, at, inum, fileOff);
            case ERROR -> throw new BcachefsException(ErrorCode.IO, where(inum, fileOff) + ": data lost (error key, reason "
                    + KeyError.decode(k).err() + ")");
            default -> throw BcachefsException.corrupt("unexpected key type " + t.name().toLowerCase() + " holding file data", where(inum, fileOff));
        }
    }

    private static void copyInline(byte[] data, long keyStart, long a, long b, MemorySegment dst, long at) {
        long from = a - keyStart, to = Math.min(b - keyStart, data.length);
        int copied = to > from ? (int) (to - from) : 0;
        if (copied > 0) MemorySegment.copy(data, (int) from, dst, ValueLayout.JAVA_BYTE, at, copied);
        zero(dst, at + copied, b - a - copied); // past the inline data: zeros
    }

    private static String where(long inum, long fileOff) {
        return "inode " + Long.toUnsignedString(inum) + " offset " + fileOff;
    }

    private void readReflink(BkeySC k, long keyStart, long a, long b, MemorySegment dst, long at, long inum, long fileOff) {
        ReflinkP p = ReflinkP.decode(k);
        if (p.error()) {
            throw new BcachefsException(ErrorCode.IO, where(inum, fileOff) + ": reflink pointer to idx " + p.idx() + " is marked error (indirect extent missing)");
        }
        if (p.idx() < p.frontPad() || p.idx() > Long.MAX_VALUE / 512 - k.k().sizeUnsigned()) {
            throw BcachefsException.corrupt("reflink_p idx " + p.idx() + " front_pad " + p.frontPad() + " out of range", where(inum, fileOff));
        }
        long base = p.idx() * 512; // the key's byte 0 in the reflink btree's address space
        long pos = a;
        while (pos < b) {
            long ra = base + (pos - keyStart);
            long rSector = ra / 512;
            BkeySC r = tree.iter(BtreeId.REFLINK, new Bpos(0, rSector + 1, 0), 0).next();
            long rEnd = r == null || r.pos().inode() != 0 ? -1 : endByte(r, 0);
            long rStart = rEnd - (r == null ? 0 : r.k().sizeUnsigned() * 512);
            if (r == null || r.pos().inode() != 0 || rStart > ra) {
                throw new BcachefsException(ErrorCode.IO, where(inum, pos) + ": indirect extent missing at reflink idx " + rSector);
            }
            long rb = Math.min(rEnd, base + (b - keyStart));
            KeyType rt = r.type();
            long dstAt = at + (pos - a);
            if (rt == KeyType.REFLINK_V || rt == KeyType.INDIRECT_INLINE_DATA || rt == KeyType.ERROR) {
                readKey(r, inum, rStart, ra, rb, dst, dstAt, pos);
            } else {
                throw BcachefsException.corrupt("reflink idx " + rSector + " holds a " + (rt == null ? "type " + r.k().type() : rt.name().toLowerCase())
                        + " key, not indirect data", where(inum, pos));
            }
            pos += rb - ra;
        }
    }

    /** Reads bytes {@code [a, b)} of an extent-style value from the first good replica. */
    private void readExtent(Extent e, Bkey k, long keyStart, long a, long b, MemorySegment dst, long at, long inum, long fileOff) {
        String where = where(inum, fileOff);
        List<Replica> reps = Replica.of(e, k.sizeUnsigned(), where);
        if (reps.isEmpty()) throw BcachefsException.corrupt("extent has no pointers", where);
        List<String> failures = new ArrayList<>();
        ErrorCode code = null;
        for (Replica r : reps) {
            if (r.stripe()) {
                throw new BcachefsException(ErrorCode.UNSUPPORTED, where + ": erasure-coded data (stripe pointers) is not supported yet");
            }
            if (r.ptr().unwritten()) { // preallocated: reads as zeros
                zero(dst, at, b - a);
                return;
            }
            String at0 = "device " + r.ptr().dev() + " sector " + r.ptr().offset();
            String stale = staleness(r);
            if (stale != null) {
                if (r.ptr().cached()) continue;
                failures.add(at0 + ": " + stale);
                code = code == null ? ErrorCode.IO : code;
                report(at0, where + ": replica on " + at0 + " failed: " + stale);
                continue;
            }
            try {
                readReplica(r, k, keyStart, a, b, dst, at);
                return;
            } catch (BcachefsException ex) {
                failures.add(at0 + ": " + ex.getMessage());
                ErrorCode c = ex.code();
                if (code == null || c == ErrorCode.CHECKSUM || (code == ErrorCode.MISSING_DEVICE && c != ErrorCode.MISSING_DEVICE)) code = c;
                if (c == ErrorCode.BAD_PASSPHRASE) throw new BcachefsException(c, where + ": " + ex.getMessage(), ex);
                report(at0, where + ": replica on " + at0 + " failed: " + ex.getMessage());
            }
        }
        if (failures.isEmpty()) throw new BcachefsException(ErrorCode.IO, where + ": no usable replica (only stale cached pointers)");
        throw new BcachefsException(code, where + ": no good replica: " + String.join("; ", failures));
    }

    private void report(String replica, String message) {
        if (reported.size() > 4096) reported.clear();
        if (reported.add(replica)) warn.accept(message);
    }

    /** Why replica {@code r}'s pointer is stale (its bucket was reused), or null. */
    private String staleness(Replica r) {
        int bs = bucketSize.applyAsInt(r.ptr().dev());
        if (gens == null || bs <= 0) return null;
        int g = gens.gen(r.ptr().dev(), r.ptr().offset() / bs);
        if (g < 0 || (byte) (g - r.ptr().gen()) <= 0) return null;
        return "stale pointer (gen " + r.ptr().gen() + ", bucket gen " + g + ")";
    }

    private void readReplica(Replica r, Bkey k, long keyStart, long a, long b, MemorySegment dst, long at) {
        if (r.crc() == null) {
            BlockDevice d = ExtentDecoder.device(devices, r.ptr(), k.sizeUnsigned() * 512);
            d.read(r.ptr().offset() * 512 + (a - keyStart), dst.asSlice(at, b - a));
            return;
        }
        ExtentEntry.Crc c = r.crc();
        int size = c.uncompressedSize() * 512;
        long from = (long) c.offset() * 512 + (a - keyStart); // first wanted byte in the decoded extent
        int len = (int) (b - a);
        if (from == 0 && len == size) {
            // the whole encoded extent is wanted: decode it straight into dst (plain: read, verify and decrypt in place)
            MemorySegment whole = dst.asSlice(at, size);
            if (Codecs.isPlain(c.compressionType())) {
                ExtentDecoder.readPlainInto(devices, r, k.versionHi(), k.versionLo(), key, whole);
                return;
            }
            byte[] arr = Segments.array(whole);
            if (arr != null) {
                ExtentDecoder.decodeInto(devices, r, k.versionHi(), k.versionLo(), key, arr, Segments.offset(whole));
                return;
            }
        }
        DecodedCache.Id id = new DecodedCache.Id(r.ptr().dev(), r.ptr().offset(), r.ptr().gen(), k.versionHi(), k.versionLo(), c);
        // the read that takes the extent's last bytes is taken to be done with it: sequential reads are the common case
        boolean last = from + len == size;
        if (cache.copyOut(id, (int) from, dst, at, len, last)) return;
        byte[] data = cache.take(size);
        if (data == null) data = new byte[size];
        try {
            ExtentDecoder.decodeInto(devices, r, k.versionHi(), k.versionLo(), key, data, 0);
        } catch (RuntimeException e) {
            cache.giveBack(data);
            throw e;
        }
        MemorySegment.copy(data, (int) from, dst, ValueLayout.JAVA_BYTE, at, len);
        if (last) cache.giveBack(data);
        else cache.put(id, data);
    }

    /**
     * The live bytes ({@code key.size} sectors) of one {@code extent} or {@code reflink_v} key, read with
     * {@code devices} alone (no btree: no stale check, no reflink): for tools and fuzzing of crafted extents.
     */
    public static byte[] readExtentKey(BkeySC k, IntFunction<BlockDevice> devices, BchKey key) {
        long size = k.k().sizeUnsigned();
        if (size > Replica.MAX_SECTORS) throw BcachefsException.corrupt("extent of " + size + " sectors is larger than any encoded extent", "key " + k.pos());
        Extent e = k.type() == KeyType.REFLINK_V ? ReflinkV.decode(k).extent() : Extent.decode(k);
        DataReader r = new DataReader(null, null, devices::apply, dev -> 0, msg -> { }, key);
        byte[] out = new byte[(int) size * 512];
        r.readExtent(e, k.k(), 0, 0, out.length, MemorySegment.ofArray(out), 0, k.pos().inode(), 0);
        return out;
    }

    /** Entries and bytes held by the decoded-extent cache (for tests and benchmarks). */
    long[] cacheStats() {
        return new long[] {cache.size(), cache.bytes()};
    }
}
