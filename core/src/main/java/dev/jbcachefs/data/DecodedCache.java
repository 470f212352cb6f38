package dev.jbcachefs.data;

import dev.jbcachefs.bkey.ExtentEntry;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small LRU of recently decoded (verified, decrypted, decompressed) encoded extents, bounded both in
 * entries and in bytes. Reading a 256 KiB compressed extent 4 KiB at a time would otherwise read, verify and
 * decompress it 64 times. The cached arrays never leave the cache: callers copy out of them under its lock
 * ({@link #copyOut}). That is what lets an evicted or dropped array be recycled as the buffer of the next
 * decode ({@link #take}) instead of allocating (and zeroing) a fresh one per extent: nobody else can still
 * be reading it. The recycled arrays are few and bounded ({@link #POOL_BYTES} per cache).
 */
final class DecodedCache {
    /**
     * What identifies an encoded extent's bytes: where it is, which write it was (gen, version) and its crc
     * entry. The hash is of the position and checksum only and computed once: it is taken on every read.
     */
    record Id(int dev, long sector, int gen, int versionHi, long versionLo, ExtentEntry.Crc crc) {
        @Override
        public int hashCode() {
            long h = sector * 0x9E3779B97F4A7C15L + dev * 31L + crc.csumLo() + versionLo;
            return (int) (h ^ (h >>> 32));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Id i && i.sector == sector && i.dev == dev && i.gen == gen && i.versionHi == versionHi
                    && i.versionLo == versionLo && i.crc.equals(crc);
        }
    }

    /** Bytes of spare arrays kept for reuse. */
    static final long POOL_BYTES = 2L << 20;

    private final int maxEntries;
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<Id, byte[]> map = new LinkedHashMap<>(32, 0.75f, true);
    private final ArrayDeque<byte[]> pool = new ArrayDeque<>();
    private long poolBytes;

    DecodedCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /**
     * Copies {@code len} bytes at {@code from} of the cached extent {@code id} to {@code dst} at {@code at}; false
     * (nothing copied) when it is not cached. With {@code drop}, the entry is removed afterwards (its last
     * wanted bytes were read) and its array kept for reuse.
     */
    synchronized boolean copyOut(Id id, int from, MemorySegment dst, long at, int len, boolean drop) {
        byte[] data = map.get(id);
        if (data == null) return false;
        MemorySegment.copy(data, from, dst, ValueLayout.JAVA_BYTE, at, len);
        if (drop) {
            map.remove(id);
            bytes -= data.length;
            recycle(data);
        }
        return true;
    }

    /** An array of exactly {@code len} bytes for decoding into: a recycled one when there is one (contents undefined). */
    synchronized byte[] take(int len) {
        for (Iterator<byte[]> it = pool.iterator(); it.hasNext(); ) {
            byte[] b = it.next();
            if (b.length == len) {
                it.remove();
                poolBytes -= len;
                return b;
            }
        }
        return null;
    }

    /** Gives back an array from {@link #take} (or a new one) that was not {@link #put} (e.g. the decode failed). */
    synchronized void giveBack(byte[] data) {
        recycle(data);
    }

    /** Caches {@code data} (which the caller must no longer use) as extent {@code id}, evicting the least recently used. */
    synchronized void put(Id id, byte[] data) {
        if (maxEntries <= 0 || data.length > maxBytes) {
            recycle(data);
            return;
        }
        byte[] old = map.put(id, data);
        if (old != null) {
            bytes -= old.length;
            recycle(old);
        }
        bytes += data.length;
        Iterator<Map.Entry<Id, byte[]>> it = map.entrySet().iterator();
        while ((map.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            Map.Entry<Id, byte[]> e = it.next();
            if (e.getKey().equals(id)) continue;
            bytes -= e.getValue().length;
            recycle(e.getValue());
            it.remove();
        }
    }

    private void recycle(byte[] data) {
        if (data.length > POOL_BYTES) return;
        while (poolBytes + data.length > POOL_BYTES && !pool.isEmpty()) poolBytes -= pool.removeFirst().length;
        pool.addLast(data);
        poolBytes += data.length;
    }

    synchronized int size() {
        return map.size();
    }

    synchronized long bytes() {
        return bytes;
    }
}
