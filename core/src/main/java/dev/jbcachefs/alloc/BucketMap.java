package dev.jbcachefs.alloc;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;

/**
 * What every bucket of one device holds while a filesystem is being built: its data type, its dirty
 * sectors and its generation. The alloc_v4, freespace, bucket_gens, LRU and accounting keys are all
 * derived from this one table, so they cannot disagree with each other or with the pointers that were
 * marked into it (which is what the upstream fsck's allocation checks compare). Two small arrays per
 * device keep it bounded: a 1 TiB device with 256 KiB buckets is 4 M buckets, 20 MiB.
 */
public final class BucketMap {
    private final int dev;
    private final long nbuckets;
    private final int bucketSectors;
    private final byte[] type;
    private final int[] dirty;

    public BucketMap(int dev, long nbuckets, int bucketSectors) {
        if (nbuckets > Integer.MAX_VALUE) throw new BcachefsException(ErrorCode.UNSUPPORTED, "device " + dev + ": " + nbuckets + " buckets is more than this implementation supports");
        this.dev = dev;
        this.nbuckets = nbuckets;
        this.bucketSectors = bucketSectors;
        this.type = new byte[(int) nbuckets];
        this.dirty = new int[(int) nbuckets];
    }

    /** An independent copy (for the allocation btrees' trial rounds). */
    public BucketMap copy() {
        BucketMap c = new BucketMap(dev, nbuckets, bucketSectors);
        System.arraycopy(type, 0, c.type, 0, type.length);
        System.arraycopy(dirty, 0, c.dirty, 0, dirty.length);
        return c;
    }

    public int dev() {
        return dev;
    }

    public long nbuckets() {
        return nbuckets;
    }

    public int bucketSectors() {
        return bucketSectors;
    }

    /** Adds {@code sectors} of {@code t} to bucket {@code b}; a bucket holds one data type and never overflows. */
    public void mark(long b, DataType t, int sectors) {
        if (b < 0 || b >= nbuckets) return; // the last superblock copy may lie past the usable buckets
        int i = (int) b;
        DataType cur = type(b);
        if (cur != DataType.FREE && cur != t) {
            throw new IllegalStateException("device " + dev + " bucket " + b + " holds " + cur.text() + ", cannot add " + t.text());
        }
        if (dirty[i] + sectors > bucketSectors) {
            throw new IllegalStateException("device " + dev + " bucket " + b + ": " + dirty[i] + " + " + sectors + " sectors overflow the bucket");
        }
        type[i] = (byte) t.id;
        dirty[i] += sectors;
    }

    /** Marks the sector range {@code [start, end)} as {@code t}, bucket by bucket. */
    public void markSectors(long start, long end, DataType t) {
        long s = start;
        while (s < end) {
            long b = s / bucketSectors;
            long bucketEnd = (b + 1) * bucketSectors;
            int n = (int) (Math.min(bucketEnd, end) - s);
            mark(b, t, n);
            s += n;
        }
    }

    public DataType type(long b) {
        return DataType.values()[type[(int) b]];
    }

    public int dirty(long b) {
        return dirty[(int) b];
    }

    /** Generation of bucket {@code b}: a freshly made filesystem has never reused a bucket, so all are 0. */
    public int gen(long b) {
        return 0;
    }

    public boolean isFree(long b) {
        return type[(int) b] == 0;
    }

    /** Sectors of the bucket not used by its data ({@code bucket_size - dirty} for a non-empty bucket). */
    public int fragmented(long b) {
        int d = dirty[(int) b];
        return d == 0 ? 0 : bucketSectors - d;
    }
}
