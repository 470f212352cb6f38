package dev.jbcachefs.data;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.bkey.Extent;
import dev.jbcachefs.bkey.ExtentEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * One pointer of an extent value together with the crc entry that describes its encoded extent (null:
 * plain, uncompressed, unchecksummed data) and whether an erasure-coding stripe pointer follows it. The
 * static {@link #of} groups a decoded entry list this way (a crc applies to every following ptr until the
 * next crc; a stripe_ptr belongs to the ptr before it) and orders the result for reading: non-cached
 * pointers first, in key order, then cached ones.
 */
record Replica(ExtentEntry.Ptr ptr, ExtentEntry.Crc crc, boolean stripe) {
    /** The largest encoded extent any crc entry can describe: crc128's 13-bit sizes, 8192 sectors. */
    static final int MAX_SECTORS = 8192;
    /** {@code BCH_SB_MEMBER_INVALID}: the device of a pointer that no longer points anywhere. */
    static final int INVALID_DEV = 255;

    /** Capacity of each crc entry kind's checksum field in bytes. */
    static int csumCapacity(int kind) {
        return switch (kind) {
            case ExtentEntry.CRC32 -> 4;
            case ExtentEntry.CRC64 -> 10;
            default -> 16;
        };
    }

    /**
     * Groups {@code e} into replicas and checks it against the key's live size: throws for a poisoned
     * extent, an unknown entry, or crc fields inconsistent with {@code keySectors}.
     */
    static List<Replica> of(Extent e, long keySectors, String where) {
        List<Replica> dirty = new ArrayList<>(), cached = new ArrayList<>();
        ExtentEntry.Crc crc = null;
        List<ExtentEntry> entries = e.entries();
        for (int i = 0; i < entries.size(); i++) {
            switch (entries.get(i)) {
                case ExtentEntry.Crc c -> {
                    check(c, keySectors, where);
                    crc = c;
                }
                case ExtentEntry.Ptr p when p.dev() == INVALID_DEV -> { } // a dropped replica's placeholder
                case ExtentEntry.Ptr p -> {
                    boolean stripe = i + 1 < entries.size() && entries.get(i + 1) instanceof ExtentEntry.StripePtr;
                    (p.cached() ? cached : dirty).add(new Replica(p, crc, stripe));
                }
                case ExtentEntry.Flags f -> {
                    if (f.poisoned()) {
                        throw new BcachefsException(ErrorCode.IO, where + ": extent is poisoned (its data is known to be lost)");
                    }
                }
                case ExtentEntry.Unknown u -> throw BcachefsException.corrupt(
                        String.format("unknown extent entry %016x", u.word()), where);
                default -> { }
            }
        }
        dirty.addAll(cached);
        return dirty;
    }

    /** Validates one crc entry against the live size of its key. */
    static void check(ExtentEntry.Crc c, long keySectors, String where) {
        int comp = c.compressedSize(), size = c.uncompressedSize();
        String bad = null;
        if (comp <= 0 || size <= 0 || comp > MAX_SECTORS || size > MAX_SECTORS) {
            bad = "sizes c_size " + comp + " size " + size + " out of range";
        } else if (c.offset() < 0 || (long) c.offset() + keySectors > size) {
            bad = "offset " + c.offset() + " + key size " + keySectors + " exceeds uncompressed size " + size;
        } else if (Codecs.isPlain(c.compressionType()) && comp != size) {
            bad = "uncompressed extent with c_size " + comp + " != size " + size;
        } else if (c.compressionType() > Codecs.MAX_TYPE) {
            bad = "unknown compression type " + c.compressionType();
        } else if (dev.jbcachefs.checksum.CsumType.byId(c.csumType()) == null) {
            bad = "unknown checksum type " + c.csumType();
        } else if (dev.jbcachefs.checksum.CsumType.byId(c.csumType()).bytes() > csumCapacity(c.kind())) {
            bad = "checksum type " + dev.jbcachefs.checksum.CsumType.byId(c.csumType()).upstreamName() + " does not fit a crc" + (c.kind() == ExtentEntry.CRC32 ? "32" : "64") + " entry";
        }
        if (bad != null) throw BcachefsException.corrupt("bad crc entry: " + bad, where);
    }
}
