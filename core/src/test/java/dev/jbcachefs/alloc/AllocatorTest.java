package dev.jbcachefs.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.ExtentPtr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The allocator's tail packing of user data: an extent that does not fit the room left in an open bucket
 * goes whole to a fresh bucket, later smaller extents fill the older tails (best fit), and the allocation
 * information derived from the bucket table (dirty sectors, fragmentation LRU, per-device accounting)
 * describes the partly filled buckets exactly.
 */
class AllocatorTest {
    /** 64 buckets of 64 sectors: the btree gap in front of user data is one bucket (64 / 64). */
    private static final int BUCKET = 64;

    private static Allocator allocator(int devices) {
        List<BucketMap> maps = new ArrayList<>();
        for (int d = 0; d < devices; d++) maps.add(new BucketMap(d, 64, BUCKET));
        int[] durability = new int[devices];
        java.util.Arrays.fill(durability, 1);
        return new Allocator(maps, durability);
    }

    private static long bucket(ExtentPtr p) {
        return p.offset() / BUCKET;
    }

    private static int inBucket(ExtentPtr p) {
        return (int) (p.offset() % BUCKET);
    }

    @Test
    void extentThatDoesNotFitGoesToAFreshBucketAndASmallerOneFillsTheOldTail() {
        Allocator a = allocator(1);
        int[] ds = a.chooseDevices(1);
        ExtentPtr first = a.allocUser(ds, 40).getFirst();
        assertThat(bucket(first)).isEqualTo(1); // bucket 0 is the btree gap
        assertThat(inBucket(first)).isZero();

        ExtentPtr big = a.allocUser(ds, 48).getFirst(); // 24 sectors left in bucket 1: not cut, moved whole
        assertThat(bucket(big)).isEqualTo(2);
        assertThat(inBucket(big)).isZero();

        ExtentPtr small = a.allocUser(ds, 24).getFirst(); // fits bucket 1 (24 left) and 2 (16 left): 1 is the best fit
        assertThat(bucket(small)).isEqualTo(1);
        assertThat(inBucket(small)).isEqualTo(40);

        ExtentPtr tail = a.allocUser(ds, 16).getFirst(); // bucket 1 is full now; bucket 2's tail takes it exactly
        assertThat(bucket(tail)).isEqualTo(2);
        assertThat(inBucket(tail)).isEqualTo(48);

        ExtentPtr next = a.allocUser(ds, 8).getFirst(); // both full: a third bucket
        assertThat(bucket(next)).isEqualTo(3);

        BucketMap m = a.devices().getFirst();
        assertThat(m.dirty(1)).isEqualTo(BUCKET);
        assertThat(m.dirty(2)).isEqualTo(BUCKET);
        assertThat(m.dirty(3)).isEqualTo(8);
        assertThat(m.type(3)).isEqualTo(DataType.USER);
        assertThat(m.isFree(4)).isTrue();
    }

    @Test
    void partlyFilledBucketsGetExactAllocInfo() {
        Allocator a = allocator(1);
        int[] ds = a.chooseDevices(1);
        a.allocUser(ds, 40); // bucket 1: 40
        a.allocUser(ds, 48); // bucket 2: 48
        a.allocUser(ds, 8); // bucket 2: 56 (best fit: 16 left there, 24 in bucket 1)
        BucketMap m = a.devices().getFirst();
        assertThat(m.dirty(1)).isEqualTo(40);
        assertThat(m.dirty(2)).isEqualTo(56);
        AllocInfo info = new AllocInfo(a.devices(), 5, 0);
        // two partly filled user buckets: two fragmentation LRU entries
        List<BkeySC> lru = info.lruKeys();
        assertThat(lru).hasSize(2);
        // alloc keys: exactly the two user buckets, with their dirty sectors
        List<BkeySC> allocKeys = new ArrayList<>();
        info.allocKeys().forEachRemaining(allocKeys::add);
        assertThat(allocKeys).hasSize(2);
        assertThat(allocKeys.get(0).k().p().offset()).isEqualTo(1);
        assertThat(allocKeys.get(1).k().p().offset()).isEqualTo(2);
        assertThat(info.alloc(m, 1).dirtySectors()).isEqualTo(40);
        assertThat(info.alloc(m, 2).dirtySectors()).isEqualTo(56);
        // per-device accounting: 2 user buckets, 96 sectors, 32 fragmented; 62 free
        AccountingBuilder acc = new AccountingBuilder();
        info.account(acc, List.of());
        Map<dev.jbcachefs.format.Bpos, long[]> e = acc.entries();
        assertThat(e.values()).anySatisfy(v -> assertThat(v).containsExactly(2, 96, 32));
        assertThat(e.values()).anySatisfy(v -> assertThat(v).containsExactly(62, 0, 0));
    }

    @Test
    void theFullestOpenBucketIsClosedWhenTheLimitIsReached() {
        Allocator a = allocator(1);
        int[] ds = a.chooseDevices(1);
        // USER_OPEN buckets each left with a tail; bucket 1 the fullest (8 sectors left)
        List<Long> buckets = new ArrayList<>();
        buckets.add(bucket(a.allocUser(ds, 56).getFirst()));
        for (int i = 1; i < Allocator.USER_OPEN; i++) buckets.add(bucket(a.allocUser(ds, 57 - i).getFirst()));
        assertThat(buckets).doesNotHaveDuplicates().hasSize(Allocator.USER_OPEN);
        // one more that fits no tail: a fresh bucket, and bucket 1 (8 left) is closed
        long fresh = bucket(a.allocUser(ds, 60).getFirst());
        assertThat(buckets).doesNotContain(fresh);
        // an 8-sector extent would have fitted bucket 1 exactly; closed, it goes to the best remaining fit (9 left)
        ExtentPtr p = a.allocUser(ds, 8).getFirst();
        assertThat(bucket(p)).isEqualTo(buckets.get(1));
        assertThat(a.devices().getFirst().dirty(buckets.get(0))).isEqualTo(56);
    }

    @Test
    void replicasGoToDistinctDevicesEachPackedOnItsOwn() {
        Allocator a = allocator(2);
        int[] ds = a.chooseDevices(2);
        assertThat(ds).containsExactlyInAnyOrder(0, 1);
        List<ExtentPtr> p1 = a.allocUser(ds, 40);
        List<ExtentPtr> p2 = a.allocUser(ds, 48);
        List<ExtentPtr> p3 = a.allocUser(ds, 24);
        for (List<ExtentPtr> ps : List.of(p1, p2, p3)) assertThat(ps).extracting(ExtentPtr::dev).containsExactlyInAnyOrder(0, 1);
        for (int d = 0; d < 2; d++) {
            BucketMap m = a.devices().get(d);
            assertThat(m.dirty(1)).isEqualTo(64);
            assertThat(m.dirty(2)).isEqualTo(48);
        }
    }

    @Test
    void anExtentLargerThanABucketIsRefusedAndUserRoomIsTheLargestTail() {
        Allocator a = allocator(1);
        int[] ds = a.chooseDevices(1);
        assertThat(a.maxUserSectors(ds)).isEqualTo(BUCKET);
        assertThatThrownBy(() -> a.allocUser(ds, BUCKET + 8)).isInstanceOf(IllegalStateException.class);
        assertThat(a.userRoom(ds)).isEqualTo(BUCKET); // opens a bucket
        a.allocUser(ds, 40);
        a.allocUser(ds, 56);
        assertThat(a.userRoom(ds)).isEqualTo(24);
    }

    @Test
    void placementDependsOnlyOnTheRequests() {
        int[] sizes = {40, 48, 8, 64, 16, 24, 56, 8, 32, 40, 8, 8, 16, 48, 24};
        List<ExtentPtr> run1 = new ArrayList<>(), run2 = new ArrayList<>();
        for (List<ExtentPtr> out : List.of(run1, run2)) {
            Allocator a = allocator(2);
            for (int s : sizes) out.addAll(a.allocUser(a.chooseDevices(1), s));
        }
        assertThat(run1).isEqualTo(run2);
        // no two extents overlap
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) ranges.add(new long[] {run1.get(i).dev(), run1.get(i).offset(), run1.get(i).offset() + sizes[i]});
        for (long[] x : ranges) {
            for (long[] y : ranges) {
                if (x != y && x[0] == y[0]) assertThat(x[2] <= y[1] || y[2] <= x[1]).as("overlap").isTrue();
            }
        }
    }
}
