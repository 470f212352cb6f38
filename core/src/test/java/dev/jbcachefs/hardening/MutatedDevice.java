package dev.jbcachefs.hardening;

import dev.jbcachefs.device.BlockDevice;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A {@link BlockDevice} that shows a pristine image with some bytes XORed with masks and, optionally,
 * cut short: the fault injector of the corruption sweep. Nothing is written anywhere; each run gets its
 * own cheap view over the shared {@link ImagePages}. Reads past the (possibly truncated) end fail exactly
 * as {@code FileBlockDevice} fails them.
 */
final class MutatedDevice implements BlockDevice {
    private final ImagePages base;
    private final NavigableMap<Long, Byte> xors;
    private final long size;

    MutatedDevice(ImagePages base, NavigableMap<Long, Byte> xors, long size) {
        this.base = base;
        this.xors = xors;
        this.size = size;
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public String path() {
        return base.path();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long pos, byte[] dst, int off, int len) {
        BlockDevice.checkRange(name(), size, pos, len);
        base.read(pos, dst, off, len);
        for (Map.Entry<Long, Byte> e : xors.subMap(pos, true, pos + len, false).entrySet()) {
            dst[off + (int) (e.getKey() - pos)] ^= e.getValue();
        }
    }

    @Override
    public void close() {
        // the shared pages stay open for the next run
    }
}
