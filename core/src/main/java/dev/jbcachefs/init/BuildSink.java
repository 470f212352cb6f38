package dev.jbcachefs.init;

import dev.jbcachefs.alloc.Allocator;
import dev.jbcachefs.alloc.NodeRecord;
import dev.jbcachefs.btree.BtreeWrite;
import dev.jbcachefs.device.WritableDevice;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.ExtentPtr;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the btree nodes of a filesystem being built go: each node gets its replicas from the allocator
 * (or, for the allocation btrees, from slots reserved in advance), is written to every replica's device
 * unless this is a trial run, and is recorded (btree, level, max key, replicas) so its backpointers and
 * accounting can be made.
 */
final class BuildSink implements BtreeWrite.NodeSink {
    private final Allocator alloc;
    private final List<WritableDevice> devs;
    private final int replicas;
    private final int nodeSectors;
    private final List<List<ExtentPtr>> reserved;
    private final boolean write;
    private final List<NodeRecord> records = new ArrayList<>();
    private int nextReserved;

    /** Allocates each node as it comes and writes it. */
    BuildSink(Allocator alloc, List<WritableDevice> devs, int replicas, int nodeSectors) {
        this(alloc, devs, replicas, nodeSectors, null, true);
    }

    /** Hands out {@code reserved} slots in order; writes only when {@code write}. */
    BuildSink(Allocator alloc, List<WritableDevice> devs, int replicas, int nodeSectors, List<List<ExtentPtr>> reserved, boolean write) {
        this.alloc = alloc;
        this.devs = devs;
        this.replicas = replicas;
        this.nodeSectors = nodeSectors;
        this.reserved = reserved;
        this.write = write;
    }

    @Override
    public List<ExtentPtr> place(BtreeId id, int level) {
        if (reserved == null) return alloc.allocNode(replicas, nodeSectors);
        if (nextReserved < reserved.size()) return reserved.get(nextReserved++);
        return alloc.allocNode(replicas, nodeSectors); // more nodes than reserved: placed after them, and the caller retries
    }

    @Override
    public void write(List<ExtentPtr> ptrs, byte[] node, int len) {
        if (!write) return;
        for (ExtentPtr p : ptrs) devs.get(p.dev()).write(p.offset() * 512, node, 0, len);
    }

    @Override
    public void written(BtreeId id, int level, Bpos maxKey, List<ExtentPtr> ptrs) {
        records.add(new NodeRecord(id, level, maxKey, List.copyOf(ptrs), nodeSectors));
    }

    List<NodeRecord> records() {
        return records;
    }
}
