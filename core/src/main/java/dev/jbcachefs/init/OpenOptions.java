package dev.jbcachefs.init;

import java.util.function.Supplier;

/**
 * How to open a filesystem: read-only always (for now), whether missing devices are tolerated
 * ({@code degraded}), where a passphrase comes from when the filesystem is encrypted, and the node
 * cache budget. Immutable; build with the {@code with*} methods.
 */
public record OpenOptions(boolean degraded, Supplier<byte[]> passphrase, long nodeCacheBytes) {
    public static final long DEFAULT_NODE_CACHE_BYTES = 32L << 20;
    public static final OpenOptions DEFAULTS = new OpenOptions(false, null, DEFAULT_NODE_CACHE_BYTES);

    public OpenOptions withDegraded(boolean d) {
        return new OpenOptions(d, passphrase, nodeCacheBytes);
    }

    public OpenOptions withPassphrase(Supplier<byte[]> p) {
        return new OpenOptions(degraded, p, nodeCacheBytes);
    }

    public OpenOptions withNodeCacheBytes(long n) {
        return new OpenOptions(degraded, passphrase, n);
    }
}
