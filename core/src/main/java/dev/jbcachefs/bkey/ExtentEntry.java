package dev.jbcachefs.bkey;

/**
 * One entry of an extent-style value ({@code union bch_extent_entry}): the entry type is the position of
 * the lowest set bit of its first word, and its size is fixed per type (1, 1, 2, 3, 1, 1, 1, 1, 1 u64s).
 * A crc entry applies to the ptrs that follow it until the next crc; a stripe_ptr belongs to the ptr
 * before it.
 */
public sealed interface ExtentEntry {
    int PTR = 0, CRC32 = 1, CRC64 = 2, CRC128 = 3, STRIPE_PTR = 4, REBALANCE_V1 = 5, FLAGS = 6, RECONCILE = 7,
        RECONCILE_BP = 8, MAX = 9;

    /** Sizes in u64s by type ({@code extent_type_u64s} of 1.36). */
    int[] U64S = {1, 1, 2, 3, 1, 1, 1, 1, 1};

    /** The entry type id. */
    int type();

    /** A pointer to data on a device: offset in sectors from the device start. */
    record Ptr(boolean cached, boolean unwritten, long offset, int dev, int gen) implements ExtentEntry {
        public int type() {
            return PTR;
        }

        static Ptr decode(long w) {
            return new Ptr((w & 2) != 0, (w & 8) != 0, (w >>> 4) & ((1L << 44) - 1), (int) (w >>> 48) & 0xff,
                    (int) (w >>> 56) & 0xff);
        }
    }

    /**
     * Checksum/compression description of the encoded extent the following ptrs point to, unpacked (sizes
     * are stored minus one; {@code kind} is {@link #CRC32}, {@link #CRC64} or {@link #CRC128}).
     */
    record Crc(int kind, int compressedSize, int uncompressedSize, int offset, int nonce, int csumType,
               int compressionType, long csumHi, long csumLo) implements ExtentEntry {
        public int type() {
            return kind;
        }
    }

    /** Erasure-coding membership of the preceding ptr. */
    record StripePtr(int block, int redundancy, long idx) implements ExtentEntry {
        public int type() {
            return STRIPE_PTR;
        }
    }

    /** Extent flags (bit 0: poisoned). */
    record Flags(long flags) implements ExtentEntry {
        public int type() {
            return FLAGS;
        }

        public boolean poisoned() {
            return (flags & 1) != 0;
        }
    }

    /** Desired IO options and pending background work ({@code bch_extent_reconcile}), as its raw word. */
    record Reconcile(long raw) implements ExtentEntry {
        public int type() {
            return RECONCILE;
        }

        long bits(int shift, int width) {
            return (raw >>> shift) & ((1L << width) - 1);
        }

        public int needRb() { return (int) bits(17, 5); }
        public boolean hipri() { return bits(15, 1) != 0; }
        public boolean pending() { return bits(16, 1) != 0; }
        public int dataReplicas() { return (int) bits(28, 3); }
        public int dataChecksum() { return (int) bits(31, 4); }
        public int erasureCode() { return (int) bits(35, 1); }
        public int backgroundCompression() { return (int) bits(36, 8); }
        public int backgroundTarget() { return (int) bits(44, 10); }
        public int promoteTarget() { return (int) bits(54, 10); }
        boolean dataReplicasFromInode() { return bits(22, 1) != 0; }
        boolean dataChecksumFromInode() { return bits(23, 1) != 0; }
        boolean erasureCodeFromInode() { return bits(24, 1) != 0; }
        boolean backgroundCompressionFromInode() { return bits(25, 1) != 0; }
        boolean backgroundTargetFromInode() { return bits(26, 1) != 0; }
        boolean promoteTargetFromInode() { return bits(27, 1) != 0; }
    }

    /** The older rebalance options entry ({@code bch_extent_rebalance_v1}), as its raw word. */
    record RebalanceV1(long raw) implements ExtentEntry {
        public int type() {
            return REBALANCE_V1;
        }

        long bits(int shift, int width) {
            return (raw >>> shift) & ((1L << width) - 1);
        }

        boolean promoteTargetFromInode() { return bits(9, 1) != 0; }
        boolean erasureCodeFromInode() { return bits(10, 1) != 0; }
        boolean dataChecksumFromInode() { return bits(11, 1) != 0; }
        boolean backgroundCompressionFromInode() { return bits(12, 1) != 0; }
        boolean dataReplicasFromInode() { return bits(13, 1) != 0; }
        boolean backgroundTargetFromInode() { return bits(14, 1) != 0; }
        public int promoteTarget() { return (int) bits(15, 16); }
        public int erasureCode() { return (int) bits(31, 1); }
        public int dataChecksum() { return (int) bits(32, 4); }
        public int dataReplicas() { return (int) bits(36, 4); }
        public int backgroundCompression() { return (int) bits(40, 8); }
        public int backgroundTarget() { return (int) bits(48, 16); }
    }

    /** Back reference from a btree node pointer to its reconcile work item. */
    record ReconcileBp(long idx) implements ExtentEntry {
        public int type() {
            return RECONCILE_BP;
        }
    }

    /** An entry of a type 1.36 does not know; upstream prints its first word and stops. */
    record Unknown(long word) implements ExtentEntry {
        public int type() {
            return word == 0 ? -1 : Long.numberOfTrailingZeros(word);
        }
    }
}
