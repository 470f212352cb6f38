package dev.jbcachefs.btree;

import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.ExtentPtr;
import java.util.Arrays;
import java.util.List;

/**
 * An in-memory device that is also a {@link BtreeWrite.NodeSink}: nodes are placed one after another
 * (node-size apart, gen 3) on device 0 and written into a growing byte array, which the reader then reads
 * back as a {@link BlockDevice}. Records every write so tests can check lengths and placement.
 */
final class MemNodeStore implements BlockDevice, BtreeWrite.NodeSink {
    /** Sector offset of the second replica's copy (dev 1), or 0 for one replica. */
    private final long replicaGap;
    private final int nodeBytes;
    private byte[] data = new byte[1 << 20];
    private long next = 8; // sectors; nothing at 0
    int writes;
    long bytesWritten;

    MemNodeStore(int nodeBytes) {
        this(nodeBytes, 0);
    }

    /** With {@code replicaGap > 0}, every node also goes to "dev 1" that many sectors further on (the same array). */
    MemNodeStore(int nodeBytes, long replicaGap) {
        this.nodeBytes = nodeBytes;
        this.replicaGap = replicaGap;
    }

    @Override
    public List<ExtentPtr> place(BtreeId id, int level) {
        ExtentPtr p = new ExtentPtr(false, false, next, 0, 3);
        next += nodeBytes / 512;
        if (replicaGap > 0) {
            if (next > replicaGap) throw new AssertionError("replica area overrun");
            return List.of(p, new ExtentPtr(false, false, p.offset() + replicaGap, 1, 3));
        }
        return List.of(p);
    }

    @Override
    public void write(List<ExtentPtr> ptrs, byte[] node, int len) {
        if (len <= 0 || len > nodeBytes || len % 512 != 0) throw new AssertionError("bad node write length " + len);
        for (ExtentPtr p : ptrs) {
            long pos = p.offset() * 512;
            if (pos + nodeBytes > data.length) data = Arrays.copyOf(data, (int) Math.max(data.length * 2L, pos + nodeBytes));
            System.arraycopy(node, 0, data, (int) pos, len);
        }
        writes++;
        bytesWritten += len;
    }

    @Override
    public String name() {
        return "mem.img";
    }

    @Override
    public String path() {
        return "mem.img";
    }

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public void read(long pos, byte[] dst, int off, int len) {
        BlockDevice.checkRange(name(), size(), pos, len);
        System.arraycopy(data, (int) pos, dst, off, len);
    }

    @Override
    public void close() {}
}
