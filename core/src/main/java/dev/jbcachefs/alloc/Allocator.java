package dev.jbcachefs.alloc;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.format.ExtentPtr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hands out space on the devices of a filesystem being built, the way upstream's foreground allocator
 * fills open buckets: user data and btree nodes each have one open bucket per device, filled from its
 * start, and a new bucket is taken (lowest free bucket first) when it is full. Every allocation is marked
 * into the devices' {@link BucketMap}s at once, so the allocation information written at the end matches
 * the pointers exactly. Replicas go to distinct devices, the emptiest first.
 */
public final class Allocator {
    private final List<BucketMap> devs;
    private final int[] durability;
    /** Per device, where the search for a free bucket starts: [0] user data, [1] btree nodes. */
    private final long[][] nextFree;
    private final long[] freeLeft;
    private final long[][] open; // [dev][USER=0 / BTREE=1] -> bucket or -1
    private final int[][] openUsed;

    /**
     * {@code durability[d]} is how many replicas a copy on device {@code d} counts for (upstream's member
     * durability; 0 = a cache device, never chosen here).
     */
    public Allocator(List<BucketMap> devs, int[] durability) {
        this.devs = devs;
        int n = devs.size();
        this.durability = durability.clone();
        nextFree = new long[n][2];
        freeLeft = new long[n];
        open = new long[n][2];
        openUsed = new int[n][2];
        for (int d = 0; d < n; d++) {
            open[d][0] = open[d][1] = -1;
            BucketMap m = devs.get(d);
            long free = 0, first = -1;
            for (long b = 0; b < m.nbuckets(); b++) {
                if (m.isFree(b)) {
                    free++;
                    if (first < 0) first = b;
                }
            }
            freeLeft[d] = free;
            nextFree[d][1] = Math.max(first, 0);
            nextFree[d][0] = Math.min(m.nbuckets(), Math.max(first, 0) + btreeGap(m.nbuckets()));
        }
    }

    private Allocator(Allocator o) {
        durability = o.durability;
        devs = new ArrayList<>();
        for (BucketMap m : o.devs) devs.add(m.copy());
        nextFree = new long[o.nextFree.length][];
        for (int d = 0; d < nextFree.length; d++) nextFree[d] = o.nextFree[d].clone();
        freeLeft = o.freeLeft.clone();
        open = new long[o.open.length][];
        openUsed = new int[o.openUsed.length][];
        for (int d = 0; d < open.length; d++) {
            open[d] = o.open[d].clone();
            openUsed[d] = o.openUsed[d].clone();
        }
    }

    /** An independent copy: trial allocations on it leave this allocator untouched. */
    public Allocator copy() {
        return new Allocator(this);
    }

    public List<BucketMap> devices() {
        return devs;
    }

    private static int slot(DataType t) {
        return t == DataType.BTREE ? 1 : 0;
    }

    /**
     * Buckets kept free for btree nodes in front of the user data (1/64 of the device): the nodes, written
     * after the data, then sit together near the start, so the members' btree-allocated bitmap stays as
     * fine-grained as upstream's (a bitmap much coarser than the btree makes the kernel schedule a cleanup).
     */
    static long btreeGap(long nbuckets) {
        return nbuckets / 64;
    }

    /** The lowest free bucket at or after the cursor of slot {@code s}, else the lowest free one anywhere. */
    private long takeBucket(int d, int s) {
        BucketMap m = devs.get(d);
        for (int pass = 0; pass < 2; pass++) {
            for (long b = pass == 0 ? nextFree[d][s] : 0; b < m.nbuckets(); b++) {
                if (m.isFree(b)) {
                    if (pass == 0) nextFree[d][s] = b + 1;
                    freeLeft[d]--;
                    return b;
                }
            }
        }
        throw new BcachefsException(ErrorCode.IO, "device " + d + " is full: no free bucket left (" + m.nbuckets() + " buckets)");
    }

    /**
     * The devices for the next write of {@code replicas} copies: distinct, emptiest first (index order on
     * ties), as many as it takes for their durability to add up to {@code replicas} — a copy on a device of
     * durability 2 counts twice, so the data is neither under- nor over-replicated.
     */
    public int[] chooseDevices(int replicas) {
        List<Integer> order = new ArrayList<>();
        for (int d = 0; d < devs.size(); d++) if (durability[d] > 0) order.add(d);
        order.sort(Comparator.<Integer>comparingLong(d -> -(freeLeft[d] * devs.get(d).bucketSectors() + openRoom(d, 0))).thenComparingInt(d -> d));
        List<Integer> chosen = new ArrayList<>();
        int have = 0;
        for (int d : order) {
            if (have >= replicas) break;
            chosen.add(d);
            have += durability[d];
        }
        if (have < replicas) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, replicas + " replicas need devices whose durability adds up to " + replicas
                    + "; the filesystem's add up to " + java.util.Arrays.stream(durability).sum());
        }
        // not over-replicated either: without its least durable copy the extent must fall below the goal
        while (chosen.size() > 1) {
            int min = chosen.stream().min(Comparator.comparingInt(d -> durability[d])).orElseThrow();
            if (have - durability[min] < replicas) break;
            chosen.remove(Integer.valueOf(min));
            have -= durability[min];
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    private int openRoom(int d, int s) {
        return open[d][s] < 0 ? 0 : devs.get(d).bucketSectors() - openUsed[d][s];
    }

    /**
     * Sectors the next user-data write to {@code devsChosen} can take without crossing a bucket end: the
     * least room left in their open buckets, opening new buckets where one is full.
     */
    public int userRoom(int[] devsChosen) {
        int room = Integer.MAX_VALUE;
        for (int d : devsChosen) {
            if (openRoom(d, 0) == 0) {
                open[d][0] = takeBucket(d, 0);
                openUsed[d][0] = 0;
            }
            room = Math.min(room, openRoom(d, 0));
        }
        return room;
    }

    /** Takes {@code sectors} of user data on each chosen device (at most {@link #userRoom}), returning one pointer per device. */
    public List<ExtentPtr> allocUser(int[] devsChosen, int sectors) {
        return alloc(devsChosen, sectors, DataType.USER);
    }

    /** Takes one btree node of {@code nodeSectors} on each of {@code replicas} devices. */
    public List<ExtentPtr> allocNode(int replicas, int nodeSectors) {
        int[] ds = chooseDevices(replicas);
        for (int d : ds) {
            if (openRoom(d, 1) < nodeSectors) {
                open[d][1] = takeBucket(d, 1);
                openUsed[d][1] = 0;
            }
        }
        return alloc(ds, nodeSectors, DataType.BTREE);
    }

    private List<ExtentPtr> alloc(int[] ds, int sectors, DataType t) {
        int s = slot(t);
        List<ExtentPtr> ptrs = new ArrayList<>(ds.length);
        for (int d : ds) {
            BucketMap m = devs.get(d);
            if (open[d][s] < 0 || openRoom(d, s) < sectors) throw new IllegalStateException("allocation of " + sectors + " sectors does not fit the open bucket on device " + d);
            long b = open[d][s];
            long offset = b * m.bucketSectors() + openUsed[d][s];
            m.mark(b, t, sectors);
            openUsed[d][s] += sectors;
            ptrs.add(new ExtentPtr(false, false, offset, m.dev(), m.gen(b)));
        }
        return ptrs;
    }

    /** Free buckets left on device {@code d}, not counting room in its open buckets. */
    public long freeBuckets(int d) {
        return freeLeft[d];
    }
}
