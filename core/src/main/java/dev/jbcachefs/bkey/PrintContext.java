package dev.jbcachefs.bkey;

/**
 * What key printers need to know about the filesystem beyond the key itself: device names (upstream
 * prints {@code ptr: NAME dev:bucket:offset}) and bucket sizes to split a sector offset into bucket and
 * offset, device durability, and superblock-derived constants. A null-safe default ({@link #NONE}) prints
 * devices by index only, as upstream does for a pointer to a device that is not in the filesystem.
 */
public interface PrintContext {
    /** Name of device {@code dev}, or null when the filesystem has no such device. */
    String deviceName(int dev);

    /** Bucket size of device {@code dev} in sectors, or 0 when unknown. */
    int bucketSize(int dev);

    /** Durability of device {@code dev} (member field; 1 unless set), 0 when the device does not exist. */
    default int durability(int dev) {
        return deviceName(dev) != null ? 1 : 0;
    }

    /**
     * The in-memory generation of a bucket ({@code bucket_gen}), or -1 when not known. When known, a
     * pointer whose generation is older prints {@code stale=N} as upstream does.
     */
    default int bucketGen(int dev, long bucket) {
        return -1;
    }

    /**
     * {@code BCH_SB_EXTENT_BP_SHIFT} of the superblock, or its default 10 when unset. A filesystem context
     * should return {@link #extentBpShiftOf} of its superblock's {@code flags[6]}.
     */
    default int extentBpShift() {
        return 10;
    }

    /** The backpointer shift stored in superblock {@code flags[6]} bits 40..47, or the default 10 when 0. */
    static int extentBpShiftOf(long sbFlags6) {
        int s = (int) ((sbFlags6 >>> 40) & 0xff);
        return s != 0 ? s : 10;
    }

    /**
     * Text of an IO target option value: {@code none}, a device ({@code /dev/NAME}), or a disk group (this
     * default prints the group number; a context that knows the disk groups may print its label path).
     */
    default String targetText(int target) {
        if (target == 0) return "none";
        if (target < 257) {
            int dev = target - 1;
            String name = deviceName(dev);
            return name != null ? "/dev/" + name : "invalid device " + dev;
        }
        return "group " + (target - 257);
    }

    PrintContext NONE = new PrintContext() {
        @Override
        public String deviceName(int dev) {
            return null;
        }

        @Override
        public int bucketSize(int dev) {
            return 0;
        }
    };
}
