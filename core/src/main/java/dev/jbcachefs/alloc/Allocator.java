package dev.jbcachefs.alloc;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.format.ExtentPtr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hands out space on the devices of a filesystem being built. Btree nodes fill one open bucket per device
 * from its start, a new bucket (lowest free first) taken when the next node does not fit. User data packs
 * tails: each device keeps up to {@link #USER_OPEN} partly filled user buckets open, an extent goes to the
 * open bucket with the least room that still holds it whole (best fit), and only when none does is a fresh
 * bucket opened — the fullest open one is then closed if the limit is reached, and a bucket that fills up
 * exactly closes by itself. An extent is thus never cut at a bucket end just because the current bucket
 * ran out, and the room left behind is filled by later, smaller extents. Placement depends only on the
 * order and sizes of the requests. Every allocation is marked into the devices' {@link BucketMap}s at once,
 * so the allocation information written at the end matches the pointers exactly, partly filled buckets
 * included. Replicas go to distinct devices, the emptiest first.
 */
public final class Allocator {
    private final List<BucketMap> devs;
    private final int[] durability;
    /** Per device, where the search for a free bucket starts: [0] user data, [1] btree nodes. */
    private final long[][] nextFree;
    private final long[] freeLeft;
    /** Per device, the open btree-node bucket (-1: none) and the sectors used in it. */
    private final long[] nodeOpen;
    private final int[] nodeUsed;
    /** Most partly filled user-data buckets kept open per device for later extents to fill. */
    public static final int USER_OPEN = 8;
    /** Per device, the open user buckets ({@code userCount[d]} of them, in the order they were opened) and their used sectors. */
    private final long[][] userOpen;
    private final int[][] userUsed;
    private final int[] userCount;

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
        nodeOpen = new long[n];
        nodeUsed = new int[n];
        userOpen = new long[n][USER_OPEN];
        userUsed = new int[n][USER_OPEN];
        userCount = new int[n];
        for (int d = 0; d < n; d++) {
            nodeOpen[d] = -1;
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
        nodeOpen = o.nodeOpen.clone();
        nodeUsed = o.nodeUsed.clone();
        userOpen = new long[o.userOpen.length][];
        userUsed = new int[o.userUsed.length][];
        for (int d = 0; d < userOpen.length; d++) {
            userOpen[d] = o.userOpen[d].clone();
            userUsed[d] = o.userUsed[d].clone();
        }
        userCount = o.userCount.clone();
    }

    /** An independent copy: trial allocations on it leave this allocator untouched. */
    public Allocator copy() {
        return new Allocator(this);
    }

    public List<BucketMap> devices() {
        return devs;
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
        order.sort(Comparator.<Integer>comparingLong(d -> -(freeLeft[d] * devs.get(d).bucketSectors() + userOpenRoom(d))).thenComparingInt(d -> d));
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

    /** Sectors left in all open user buckets of device {@code d}. */
    private long userOpenRoom(int d) {
        long room = 0;
        for (int i = 0; i < userCount[d]; i++) room += devs.get(d).bucketSectors() - userUsed[d][i];
        return room;
    }

    /**
     * The longest user-data write (sectors) that {@code devsChosen} can take in open buckets without crossing
     * a bucket end: on each device the most room any open user bucket has, a fresh bucket opened where none
     * is open; the least of these. Only extents longer than a bucket need it (they must be cut); everything
     * else goes straight to {@link #allocUser}.
     */
    public int userRoom(int[] devsChosen) {
        int room = Integer.MAX_VALUE;
        for (int d : devsChosen) {
            if (userCount[d] == 0) openUser(d);
            int most = 0;
            for (int i = 0; i < userCount[d]; i++) most = Math.max(most, devs.get(d).bucketSectors() - userUsed[d][i]);
            room = Math.min(room, most);
        }
        return room;
    }

    /** Largest user-data write {@link #allocUser} takes: one whole bucket of the smallest-bucket chosen device. */
    public int maxUserSectors(int[] devsChosen) {
        int max = Integer.MAX_VALUE;
        for (int d : devsChosen) max = Math.min(max, devs.get(d).bucketSectors());
        return max;
    }

    /**
     * Takes {@code sectors} (at most {@link #maxUserSectors}) of user data on each chosen device, returning one
     * pointer per device: in the open user bucket with the least room that holds them, else at the start of a
     * fresh bucket (see the class comment).
     */
    public List<ExtentPtr> allocUser(int[] devsChosen, int sectors) {
        if (sectors <= 0) throw new IllegalArgumentException("allocation of " + sectors + " sectors");
        List<ExtentPtr> ptrs = new ArrayList<>(devsChosen.length);
        for (int d : devsChosen) {
            BucketMap m = devs.get(d);
            if (sectors > m.bucketSectors()) throw new IllegalStateException("allocation of " + sectors + " sectors is larger than a bucket of device " + d);
            int best = -1;
            for (int i = 0; i < userCount[d]; i++) {
                int room = m.bucketSectors() - userUsed[d][i];
                if (room >= sectors && (best < 0 || room < m.bucketSectors() - userUsed[d][best])) best = i;
            }
            if (best < 0) best = openUser(d);
            long b = userOpen[d][best];
            long offset = b * m.bucketSectors() + userUsed[d][best];
            m.mark(b, DataType.USER, sectors);
            userUsed[d][best] += sectors;
            if (userUsed[d][best] == m.bucketSectors()) closeUser(d, best);
            ptrs.add(new ExtentPtr(false, false, offset, m.dev(), m.gen(b)));
        }
        return ptrs;
    }

    /** Opens a fresh user bucket on device {@code d}, first closing the fullest open one when the limit is reached; returns its index. */
    private int openUser(int d) {
        if (userCount[d] == USER_OPEN) {
            int fullest = 0;
            for (int i = 1; i < USER_OPEN; i++) if (userUsed[d][i] > userUsed[d][fullest]) fullest = i;
            closeUser(d, fullest);
        }
        int i = userCount[d]++;
        userOpen[d][i] = takeBucket(d, 0);
        userUsed[d][i] = 0;
        return i;
    }

    /** Drops open user bucket {@code i} of device {@code d} (it keeps what it holds), keeping the others in order. */
    private void closeUser(int d, int i) {
        int n = --userCount[d];
        System.arraycopy(userOpen[d], i + 1, userOpen[d], i, n - i);
        System.arraycopy(userUsed[d], i + 1, userUsed[d], i, n - i);
    }

    /** Takes one btree node of {@code nodeSectors} on each of {@code replicas} devices. */
    public List<ExtentPtr> allocNode(int replicas, int nodeSectors) {
        int[] ds = chooseDevices(replicas);
        List<ExtentPtr> ptrs = new ArrayList<>(ds.length);
        for (int d : ds) {
            BucketMap m = devs.get(d);
            if (nodeSectors > m.bucketSectors()) throw new IllegalStateException("btree node of " + nodeSectors + " sectors is larger than a bucket of device " + d);
            if (nodeOpen[d] < 0 || m.bucketSectors() - nodeUsed[d] < nodeSectors) {
                nodeOpen[d] = takeBucket(d, 1);
                nodeUsed[d] = 0;
            }
            long b = nodeOpen[d];
            long offset = b * m.bucketSectors() + nodeUsed[d];
            m.mark(b, DataType.BTREE, nodeSectors);
            nodeUsed[d] += nodeSectors;
            ptrs.add(new ExtentPtr(false, false, offset, m.dev(), m.gen(b)));
        }
        return ptrs;
    }

    /** Free buckets left on device {@code d}, not counting room in its open buckets. */
    public long freeBuckets(int d) {
        return freeLeft[d];
    }
}
