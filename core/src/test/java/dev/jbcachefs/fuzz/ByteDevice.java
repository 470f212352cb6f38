package dev.jbcachefs.fuzz;

import dev.jbcachefs.device.BlockDevice;

/**
 * A device made of a byte array placed at a byte offset (everything before it reads as zeros), so a fuzz
 * input can stand for the interesting part of a device without carrying its leading zeros. Reads past
 * the end fail as a real device's do.
 */
final class ByteDevice implements BlockDevice {
    private final byte[] data;
    private final long at;

    ByteDevice(byte[] data, long at) {
        this.data = data;
        this.at = at;
    }

    @Override
    public String name() {
        return "fuzz.img";
    }

    @Override
    public String path() {
        return "fuzz.img";
    }

    @Override
    public long size() {
        return at + data.length;
    }

    @Override
    public void read(long pos, byte[] dst, int off, int len) {
        BlockDevice.checkRange(name(), size(), pos, len);
        for (int i = 0; i < len; i++) {
            long p = pos + i;
            dst[off + i] = p < at ? 0 : data[(int) (p - at)];
        }
    }

    @Override
    public void close() {}
}
