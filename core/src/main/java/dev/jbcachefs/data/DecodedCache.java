package dev.jbcachefs.data;

import dev.jbcachefs.bkey.ExtentEntry;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small LRU of recently decoded (verified, decrypted, decompressed) encoded extents, bounded both in
 * entries and in bytes. Reading a 256 KiB compressed extent 4 KiB at a time would otherwise read, verify and
 * decompress it 64 times. The cached arrays are never handed out for writing: callers copy out of them.
 */
final class DecodedCache {
    /** What identifies an encoded extent's bytes: where it is, which write it was (gen, version) and its crc entry. */
    record Id(int dev, long sector, int gen, int versionHi, long versionLo, ExtentEntry.Crc crc) {}

    private final int maxEntries;
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<Id, byte[]> map = new LinkedHashMap<>(32, 0.75f, true);

    DecodedCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    synchronized byte[] get(Id id) {
        return map.get(id);
    }

    synchronized void put(Id id, byte[] data) {
        if (maxEntries <= 0 || data.length > maxBytes) return;
        byte[] old = map.put(id, data);
        if (old != null) bytes -= old.length;
        bytes += data.length;
        Iterator<Map.Entry<Id, byte[]>> it = map.entrySet().iterator();
        while ((map.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            Map.Entry<Id, byte[]> e = it.next();
            if (e.getKey().equals(id)) continue;
            bytes -= e.getValue().length;
            it.remove();
        }
    }

    synchronized int size() {
        return map.size();
    }

    synchronized long bytes() {
        return bytes;
    }
}
