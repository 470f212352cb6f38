package dev.jbcachefs.init;

import dev.jbcachefs.sb.SbLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk geometry {@code bcachefs format} (v1.36.1) chooses for a set of devices, as facts: block
 * size, bucket size per device (the fs-wide pick, then the per-device clamp), nbuckets, btree node size,
 * the superblock layout (copies at sector 8 and right after it, a backup near the end of the device
 * rounded down to a bucket), which buckets the superblocks occupy, and the journal's size and place (1/128
 * of the buckets, at least 8, at most 8192 or 8 GiB, in the first buckets no superblock uses). Also the
 * size-string parser upstream's options use ({@code 64k}, {@code 1M}, {@code 4KiB}).
 */
public final class FormatGeometry {
    public static final int SB_SECTOR = 8;
    /** {@code SUPERBLOCK_SIZE_DEFAULT}: room reserved per superblock copy, in sectors (1 MiB). */
    public static final int SUPERBLOCK_SIZE_DEFAULT = 2048;
    /** {@code BCH_MIN_NR_NBUCKETS}. */
    public static final int MIN_NR_NBUCKETS = 512;
    /** {@code BCH_JOURNAL_BUCKETS_MIN}. */
    public static final int JOURNAL_BUCKETS_MIN = 8;
    /** Option defaults (bytes). Format itself takes the block size from the device (st_blksize for a file). */
    public static final int BLOCK_SIZE_DEFAULT = 4096, BTREE_NODE_SIZE_DEFAULT = 256 << 10, ENCODED_EXTENT_MAX_DEFAULT = 256 << 10;
    /** {@code sizeof(struct bucket)}, which the fsck-memory lower bound of the bucket size is computed from. */
    static final int IN_MEMORY_BUCKET_BYTES = 16;

    /**
     * What the caller decides; 0 means "let format choose" for btreeNodeSize and bucketSize.
     *
     * @param blockSize bytes (format uses the largest device block size; 4096 for image files on common filesystems)
     * @param totalRamBytes the machine's RAM, which bounds the bucket size from below on huge filesystems
     */
    public record Params(int blockSize, int btreeNodeSize, long bucketSize, int encodedExtentMax, int superblockSizeSectors,
            long totalRamBytes) {
        public static Params defaults() {
            return new Params(BLOCK_SIZE_DEFAULT, 0, 0, ENCODED_EXTENT_MAX_DEFAULT, SUPERBLOCK_SIZE_DEFAULT, totalRam());
        }

        public Params withBlockSize(int v) {
            return new Params(v, btreeNodeSize, bucketSize, encodedExtentMax, superblockSizeSectors, totalRamBytes);
        }

        public Params withBtreeNodeSize(int v) {
            return new Params(blockSize, v, bucketSize, encodedExtentMax, superblockSizeSectors, totalRamBytes);
        }

        public Params withBucketSize(long v) {
            return new Params(blockSize, btreeNodeSize, v, encodedExtentMax, superblockSizeSectors, totalRamBytes);
        }

        public Params withEncodedExtentMax(int v) {
            return new Params(blockSize, btreeNodeSize, bucketSize, v, superblockSizeSectors, totalRamBytes);
        }

        public Params withSuperblockSizeSectors(int v) {
            return new Params(blockSize, btreeNodeSize, bucketSize, encodedExtentMax, v, totalRamBytes);
        }

        public Params withTotalRamBytes(long v) {
            return new Params(blockSize, btreeNodeSize, bucketSize, encodedExtentMax, superblockSizeSectors, v);
        }
    }

    /**
     * One device's geometry.
     *
     * @param bucketSize bytes
     * @param journalBuckets bucket numbers of the journal, in journal order
     */
    public record Device(long sizeBytes, long bucketSize, long nbuckets, int firstBucket, SbLayout layout, long[] journalBuckets) {
        public Device {
            journalBuckets = journalBuckets.clone();
        }

        @Override
        public long[] journalBuckets() {
            return journalBuckets.clone();
        }

        public int bucketSectors() {
            return (int) (bucketSize >>> 9);
        }

        /** Sectors of bucket {@code b} that hold superblock data (sectors 0..8, and every copy's reserved range). */
        public long superblockSectors(long b) {
            return sbSectorsInBucket(layout, bucketSectors(), b);
        }

        public boolean isSuperblockBucket(long b) {
            return superblockSectors(b) != 0;
        }

        public boolean isJournalBucket(long b) {
            for (long j : journalBuckets) if (j == b) return true;
            return false;
        }
    }

    private final int blockSize;
    private final int btreeNodeSize;
    private final int encodedExtentMax;
    private final List<Device> devices;

    private FormatGeometry(int blockSize, int btreeNodeSize, int encodedExtentMax, List<Device> devices) {
        this.blockSize = blockSize;
        this.btreeNodeSize = btreeNodeSize;
        this.encodedExtentMax = encodedExtentMax;
        this.devices = devices;
    }

    /** Block size in bytes. */
    public int blockSize() {
        return blockSize;
    }

    /** Btree node size in bytes. */
    public int btreeNodeSize() {
        return btreeNodeSize;
    }

    public int encodedExtentMax() {
        return encodedExtentMax;
    }

    public List<Device> devices() {
        return devices;
    }

    /** The geometry format picks for devices of these sizes (bytes). */
    public static FormatGeometry compute(long[] deviceSizes, Params p) {
        if (deviceSizes.length == 0) throw new IllegalArgumentException("no devices");
        if (p.blockSize() < 512 || Integer.bitCount(p.blockSize()) != 1) throw new IllegalArgumentException("block size " + p.blockSize() + " must be a power of two >= 512");
        long fsBucket = pickBucketSize(p, deviceSizes);
        long[] bucket = new long[deviceSizes.length];
        for (int i = 0; i < deviceSizes.length; i++) {
            bucket[i] = p.bucketSize() != 0 ? p.bucketSize() : devBucketSizeClamp(p, deviceSizes[i], fsBucket);
            checkBucketSize(p, bucket[i], deviceSizes[i] / bucket[i]);
        }
        int nodeSize = p.btreeNodeSize();
        if (nodeSize == 0) {
            long s = BTREE_NODE_SIZE_DEFAULT;
            for (long b : bucket) s = Math.min(s, b);
            nodeSize = (int) s;
        }
        List<Device> devs = new ArrayList<>();
        for (int i = 0; i < deviceSizes.length; i++) {
            long nbuckets = deviceSizes[i] / bucket[i];
            SbLayout layout = layout(p.blockSize(), bucket[i], p.superblockSizeSectors(), SB_SECTOR, deviceSizes[i] >>> 9);
            int bucketSectors = (int) (bucket[i] >>> 9);
            int nrJournal = journalBucketCount(nbuckets, bucketSectors);
            devs.add(new Device(deviceSizes[i], bucket[i], nbuckets, 0, layout, journalPlacement(layout, bucketSectors, 0, nbuckets, nrJournal)));
        }
        return new FormatGeometry(p.blockSize(), nodeSize, p.encodedExtentMax(), List.copyOf(devs));
    }

    /** The fs-wide bucket size ({@code bch2_pick_bucket_size}), before the per-device clamp. */
    static long pickBucketSize(Params p, long[] sizes) {
        long bucket = p.blockSize();
        if (p.btreeNodeSize() != 0) bucket = Math.max(bucket, p.btreeNodeSize());
        long minDev = MIN_NR_NBUCKETS * bucket;
        long total = 0;
        for (long s : sizes) {
            if (s < minDev) throw new IllegalArgumentException("device too small (" + s + " bytes, min " + minDev + ")");
            total += s;
        }
        long canFsck = (long) ((p.totalRamBytes() / 8) / (IN_MEMORY_BUCKET_BYTES * 1.5));
        long memLower = canFsck > 0 ? roundupPow2(total / canFsck) : 0;
        bucket = Math.max(bucket, (long) p.encodedExtentMax() * 4);
        bucket = Math.max(bucket, memLower);
        bucket = Math.max(bucket, Math.min(2L << 20, total / (1L << 20)));
        return roundupPow2(bucket);
    }

    /** The per-device bucket size: at most 1/2048 of the device, then doubled toward 64 KiB while 512 buckets remain. */
    static long devBucketSizeClamp(Params p, long devSize, long fsBucket) {
        long max = rounddownPow2(devSize / (MIN_NR_NBUCKETS * 4L));
        if (p.btreeNodeSize() != 0) max = Math.max(max, p.btreeNodeSize());
        if (max * MIN_NR_NBUCKETS > devSize) throw new IllegalArgumentException("bucket size " + max + " too big for device size " + devSize);
        long b = Math.min(max, fsBucket);
        while (b < (64 << 10) && devSize / (b * 2) >= MIN_NR_NBUCKETS) b *= 2;
        return b;
    }

    static void checkBucketSize(Params p, long bucket, long nbuckets) {
        if (bucket < p.blockSize()) throw new IllegalArgumentException("bucket size (" + bucket + ") cannot be smaller than block size (" + p.blockSize() + ")");
        if (p.btreeNodeSize() != 0 && bucket < p.btreeNodeSize()) {
            throw new IllegalArgumentException("bucket size (" + bucket + ") cannot be smaller than btree node size (" + p.btreeNodeSize() + ")");
        }
        if (nbuckets < MIN_NR_NBUCKETS) throw new IllegalArgumentException("not enough buckets: " + nbuckets + ", need " + MIN_NR_NBUCKETS + " (bucket size " + bucket + ")");
    }

    /**
     * The superblock layout: two copies from {@code sbStart} (sector 8, the second rounded up to a block),
     * {@code sbSizeSectors} apart, and a third {@code sbSizeSectors} before {@code sbEnd} rounded down to a
     * bucket when the copies start at sector 8.
     */
    public static SbLayout layout(int blockSize, long bucketSize, int sbSizeSectors, long sbStart, long sbEnd) {
        if (Integer.bitCount(sbSizeSectors) != 1) throw new IllegalArgumentException("superblock size must be a power of two sectors");
        int bits = Integer.numberOfTrailingZeros(sbSizeSectors);
        List<Long> offs = new ArrayList<>();
        long pos = sbStart;
        long blockSectors = blockSize >>> 9;
        for (int i = 0; i < 2; i++) {
            if (pos != SB_SECTOR) pos = (pos + blockSectors - 1) / blockSectors * blockSectors;
            offs.add(pos);
            pos += sbSizeSectors;
        }
        if (pos > sbEnd) throw new IllegalArgumentException("insufficient space for superblocks: start " + sbStart + " end " + pos + " > " + sbEnd);
        if (sbStart == SB_SECTOR) {
            long bucketSectors = bucketSize >>> 9;
            long backup = sbEnd - (1L << bits);
            offs.add(backup / bucketSectors * bucketSectors);
        }
        return new SbLayout(0, bits, List.copyOf(offs));
    }

    /** Journal buckets a new device gets: nbuckets/128, clamped to [8, min(8192, 2^24 sectors / bucket)]. */
    public static int journalBucketCount(long nbuckets, int bucketSectors) {
        long nr = nbuckets >>> 7;
        long hi = Math.min(1 << 13, (1 << 24) / bucketSectors);
        return (int) Math.max(JOURNAL_BUCKETS_MIN, Math.min(nr, hi));
    }

    /** The first {@code nr} buckets from {@code firstBucket} that hold no superblock sector. */
    static long[] journalPlacement(SbLayout layout, int bucketSectors, int firstBucket, long nbuckets, int nr) {
        long[] out = new long[nr];
        int n = 0;
        for (long b = firstBucket; b < nbuckets && n < nr; b++) {
            if (sbSectorsInBucket(layout, bucketSectors, b) == 0) out[n++] = b;
        }
        if (n < nr) throw new IllegalArgumentException("no room for " + nr + " journal buckets");
        return out;
    }

    static long sbSectorsInBucket(SbLayout layout, int bucketSectors, long b) {
        long start = b * bucketSectors, end = start + bucketSectors, n = 0;
        for (long off : layout.sbOffsets()) {
            if (off == SB_SECTOR) n += overlap(start, end, 0, SB_SECTOR);
            n += overlap(start, end, off, off + (1L << layout.sbMaxSizeBits()));
        }
        return n;
    }

    private static long overlap(long a0, long a1, long b0, long b1) {
        return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
    }

    static long roundupPow2(long v) {
        return v <= 1 ? 1 : Long.highestOneBit(v - 1) << 1;
    }

    static long rounddownPow2(long v) {
        return v <= 0 ? 0 : Long.highestOneBit(v);
    }

    static long totalRam() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 8L << 30;
    }

    // --- size strings -----------------------------------------------------------------------------------
    private static final String SI_UNITS = "?kMGTPEZY";
    private static final String[] UNITS_2 = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    private static final String[] UNITS_10 = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    /**
     * Parses a size as upstream's options do ({@code bch2_strtou64_h}): digits, an optional decimal
     * fraction, an optional space, then one of {@code k M G T P E Z Y} (powers of 1024), {@code B KiB MiB
     * ...} (1024) or {@code kB MB ...} (1000); nothing else may follow. The one-letter units match first,
     * so {@code 1MiB} and {@code 1MB} are rejected as upstream rejects them.
     */
    public static long parseSize(String s) {
        String cp = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        int i = 0;
        while (i < cp.length() && Character.isDigit(cp.charAt(i)) && cp.charAt(i) < 128) i++;
        if (i == 0) throw new IllegalArgumentException("invalid size: " + s);
        long v;
        try {
            v = Long.parseUnsignedLong(cp.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size out of range: " + s);
        }
        long fracN = 0, fracD = 1;
        if (i < cp.length() && cp.charAt(i) == '.') {
            int j = ++i;
            while (i < cp.length() && Character.isDigit(cp.charAt(i)) && cp.charAt(i) < 128) i++;
            if (i == j) throw new IllegalArgumentException("invalid size: " + s);
            fracN = Long.parseLong(cp.substring(j, Math.min(i, j + 18)));
            for (int k = j; k < Math.min(i, j + 18); k++) fracD *= 10;
        }
        if (i < cp.length() && cp.charAt(i) == ' ') i++;
        String rest = cp.substring(i);
        long unit = 1;
        int used = 0;
        int si = rest.isEmpty() ? -1 : SI_UNITS.indexOf(rest.charAt(0));
        if (si >= 1) {
            unit = pow(1024, si, s);
            used = 1;
        } else if (!rest.isEmpty()) {
            boolean found = false;
            for (int u = 0; u < UNITS_2.length && !found; u++) {
                if (rest.startsWith(UNITS_2[u])) {
                    unit = pow(1024, u, s);
                    used = UNITS_2[u].length();
                    found = true;
                }
            }
            for (int u = 0; u < UNITS_10.length && !found; u++) {
                if (rest.startsWith(UNITS_10[u])) {
                    unit = pow(1000, u, s);
                    used = UNITS_10[u].length();
                    found = true;
                }
            }
        } else if (i > 0 && cp.charAt(i - 1) == ' ') {
            throw new IllegalArgumentException("invalid size: " + s);
        }
        if (used != rest.length()) throw new IllegalArgumentException("invalid size: " + s);
        if (unit == 0 || Long.compareUnsigned(v, Long.divideUnsigned(-1L, unit)) > 0) throw new IllegalArgumentException("size out of range: " + s);
        java.math.BigInteger r = java.math.BigInteger.valueOf(fracN).multiply(java.math.BigInteger.valueOf(unit)).divide(java.math.BigInteger.valueOf(fracD))
                .add(new java.math.BigInteger(Long.toUnsignedString(v)).multiply(java.math.BigInteger.valueOf(unit)));
        if (r.bitLength() > 64) throw new IllegalArgumentException("size out of range: " + s);
        return r.longValue();
    }

    private static long pow(long n, int p, String s) {
        long r = 1;
        for (int i = 0; i < p; i++) {
            if (Long.compareUnsigned(r, Long.divideUnsigned(-1L, n)) > 0) throw new IllegalArgumentException("size out of range: " + s);
            r *= n;
        }
        return r;
    }
}
