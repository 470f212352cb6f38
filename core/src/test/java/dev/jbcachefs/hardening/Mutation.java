package dev.jbcachefs.hardening;

import dev.jbcachefs.format.BtreeId;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One injected fault: byte XOR masks at absolute offsets of given devices, and/or a device cut short, with
 * a description of what was aimed at (which structure, which offset inside it) so that a failing run can
 * be understood and reproduced from the printed text alone.
 */
final class Mutation {
    private final String target;
    private BtreeId only;
    private boolean differentAllowed;
    private boolean listJournal;
    private final List<long[]> xors = new ArrayList<>(); // {dev, offset, mask}
    private final long[] truncate = {-1, -1}; // {dev, new size}

    Mutation(String target) {
        this.target = target;
    }

    Mutation xor(int dev, long offset, int mask) {
        xors.add(new long[] {dev, offset, mask & 0xff});
        return this;
    }

    /** Replaces the bytes at {@code offset} by {@code now}, given the pristine bytes {@code was}. */
    Mutation patch(int dev, long offset, byte[] was, byte[] now) {
        for (int i = 0; i < now.length; i++) if (was[i] != now[i]) xor(dev, offset + i, was[i] ^ now[i]);
        return this;
    }

    Mutation truncate(int dev, long size) {
        truncate[0] = dev;
        truncate[1] = size;
        return this;
    }

    NavigableMap<Long, Byte> xorsFor(int dev) {
        NavigableMap<Long, Byte> m = new TreeMap<>();
        for (long[] x : xors) if (x[0] == dev) m.merge(x[1], (byte) x[2], (a, b) -> (byte) (a ^ b));
        return m;
    }

    long sizeFor(int dev, long size) {
        return truncate[0] == dev ? Math.min(size, truncate[1]) : size;
    }

    /**
     * Restricts the listing to {@code id}: a fault inside one btree's node can only change that btree, so
     * listing the others would just repeat the pristine run.
     */
    Mutation onlyBtree(BtreeId id) {
        this.only = id;
        return this;
    }

    /** The fault keeps checksums valid, so a listing that differs from the pristine one is legitimate. */
    Mutation allowDifferent() {
        this.differentAllowed = true;
        return this;
    }

    /** The fault is in the journal: also run {@code list_journal} over it. */
    Mutation inJournal() {
        this.listJournal = true;
        return this;
    }

    boolean isInJournal() {
        return listJournal;
    }

    boolean differentAllowed() {
        return differentAllowed;
    }

    BtreeId onlyBtree() {
        return only;
    }

    String target() {
        return target;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(target).append(':');
        for (long[] x : xors) sb.append(" dev ").append(x[0]).append(" byte ").append(x[1]).append(" ^= 0x").append(Long.toHexString(x[2]));
        if (truncate[0] >= 0) sb.append(" dev ").append(truncate[0]).append(" truncated to ").append(truncate[1]).append(" bytes");
        return sb.toString();
    }
}
