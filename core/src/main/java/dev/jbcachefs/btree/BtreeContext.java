package dev.jbcachefs.btree;

import dev.jbcachefs.device.BlockDevice;

/**
 * What the btree code needs from an opened filesystem: its devices by index, geometry, the magic seed,
 * the journal seqs whose bsets must be ignored, and (on encrypted filesystems) node crypto. Implemented
 * by the filesystem object; tests may implement it directly.
 */
public interface BtreeContext {
    /** The device with this index, or null when it is not present (degraded). */
    BlockDevice device(int idx);

    /** Btree node size in bytes. */
    int nodeBytes();

    /** Block size in bytes. */
    int blockBytes();

    /** {@code le64(uuid[0..8])} of the filesystem's internal UUID. */
    long uuidLe64();

    /** True when bsets written with this journal seq must be ignored (blacklisted or never flushed). */
    boolean journalSeqIgnored(long journalSeq);

    /** Node crypto, or null on unencrypted filesystems. */
    NodeCrypto crypto();

    /** Newest on-disk format version this filesystem may contain (bsets newer than this are corrupt). */
    int version();

    /** Called when a replica could not be read and another one is tried (for reporting). */
    default void replicaFailed(String message) {}
}
