package dev.jbcachefs.bkey;

/**
 * What key printers need to know about the filesystem beyond the key itself: device names (upstream
 * prints {@code ptr: NAME dev:bucket:offset}) and bucket sizes to split a sector offset into bucket and
 * offset. A null-safe default ({@link #NONE}) prints devices by index only.
 */
public interface PrintContext {
    /** Name of device {@code dev}, or null when unknown/missing. */
    String deviceName(int dev);

    /** Bucket size of device {@code dev} in sectors, or 0 when unknown. */
    int bucketSize(int dev);

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
