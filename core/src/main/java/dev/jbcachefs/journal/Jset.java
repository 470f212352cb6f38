package dev.jbcachefs.journal;

import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.format.Le;
import java.util.List;

/**
 * One journal write ({@code struct jset}) viewed in place: a 56-byte header (csum, magic, seq, version,
 * flags, u64s, two unused clocks, last_seq) followed by {@code u64s} words of {@link JsetEntry}s. The
 * checksum covers bytes 16 to the end; on encrypted filesystems everything from byte 44 on is encrypted.
 *
 * @param buf buffer holding the jset (owned by the reader once accepted)
 * @param off offset of the jset in {@code buf}
 */
public record Jset(byte[] buf, int off) {
    public static final int HEADER_BYTES = 56;
    /** {@code JSET_MAGIC}; a jset's magic is this xored with the first 8 bytes of the internal UUID. */
    public static final long JSET_MAGIC = 0x245235c1a3625032L;
    /** Start of the checksummed range. */
    public static final int CSUM_START = 16;
    /** Start of the encrypted range ({@code encrypted_start}). */
    public static final int ENCRYPTED_START = 44;
    static final int FLAG_BIG_ENDIAN = 1 << 4;
    static final int FLAG_NO_FLUSH = 1 << 5;

    /** The magic jsets of a filesystem carry, from {@code le64(uuid[0..8])}. */
    public static long magicFor(long uuidLe64) {
        return uuidLe64 ^ JSET_MAGIC;
    }

    public Csum csum() {
        return Csum.read(buf, off);
    }

    public long magic() {
        return Le.u64(buf, off + 16);
    }

    public long seq() {
        return Le.u64(buf, off + 24);
    }

    public int version() {
        return Le.i32(buf, off + 32);
    }

    public int flags() {
        return Le.i32(buf, off + 36);
    }

    /** Size of the entries in u64s (unsigned 32-bit). */
    public long u64s() {
        return Le.u32(buf, off + 40);
    }

    public long lastSeq() {
        return Le.u64(buf, off + 48);
    }

    public int csumTypeId() {
        return flags() & 0xf;
    }

    /** The checksum type, or null for an id 1.36 does not define. */
    public CsumType csumType() {
        return CsumType.byId(csumTypeId());
    }

    public boolean bigEndian() {
        return (flags() & FLAG_BIG_ENDIAN) != 0;
    }

    /** {@code JSET_NO_FLUSH}: written without a cache flush; its last_seq is meaningless. */
    public boolean noFlush() {
        return (flags() & FLAG_NO_FLUSH) != 0;
    }

    /** {@code vstruct_bytes}: header plus entries. */
    public long bytes() {
        return HEADER_BYTES + u64s() * 8;
    }

    /** {@code vstruct_sectors}: bytes rounded up to whole blocks, in sectors. */
    public long sectors(int blockSectors) {
        long blockBytes = blockSectors * 512L;
        return (bytes() + blockBytes - 1) / blockBytes * blockSectors;
    }

    /** The entries; the caller has made sure {@link #bytes()} fit in the buffer. */
    public List<JsetEntry> entries(List<String> problems, String where) {
        return JsetEntry.walk(buf, off + HEADER_BYTES, (int) (off + bytes()), problems, where);
    }

    /**
     * {@code journal_entry_empty}: a jset that needs nothing replayed, i.e. its own last_seq and no
     * non-empty btree_keys entry.
     */
    public boolean isEmpty(List<String> problems, String where) {
        if (seq() != lastSeq()) return false;
        for (JsetEntry e : entries(problems, where)) {
            if (e.typeId() == JsetEntryType.BTREE_KEYS.id() && e.u64s() != 0) return false;
        }
        return true;
    }
}
