package dev.jbcachefs.journal;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.Le;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Encoders for {@code struct jset_entry}s, the write-side twin of {@link JsetEntry}: each returns the
 * complete entry bytes (8-byte header {@code le16 u64s; u8 btree_id; u8 level; u8 type; u8 pad[3]} plus
 * the payload zero-padded to whole u64s). The same bytes go into a jset ({@link JsetWrite}) or the
 * superblock's clean section ({@link #cleanSection}), which is why they are plain byte producers.
 */
public final class JsetEntryWrite {
    /** {@code BCH_FS_USAGE_key_version}: the usage subtype a clean shutdown writes. */
    public static final int USAGE_KEY_VERSION = 2;
    /** Clock entry direction ({@code jset_entry_clock.rw}). */
    public static final int CLOCK_READ = 0, CLOCK_WRITE = 1;
    /** {@code JSET_KEYS_U64s}: the header of a jset entry, in u64s. */
    public static final int HEADER_U64S = JsetEntry.HEADER_BYTES / 8;
    /** {@code BKEY_BTREE_PTR_U64s_MAX}: the largest btree pointer key, in u64s. */
    public static final int BTREE_PTR_U64S_MAX = 16;
    /**
     * {@code journal.entry_u64s_reserved} of a 1.36 filesystem: room for a btree_root entry per btree id
     * ({@code BTREE_ID_NR * (JSET_KEYS_U64s + BKEY_BTREE_PTR_U64s_MAX)}) plus the two clock entries. The
     * clean section's entry area has exactly this size, zero-filled after the entries.
     */
    public static final int ENTRY_U64S_RESERVED = BtreeId.NR * (HEADER_U64S + BTREE_PTR_U64S_MAX) + 2 * 3;
    /** {@code struct bch_sb_field_clean} before its entries, without the field header. */
    public static final int CLEAN_HEADER_BYTES = 16;
    /** Size of a transaction-name log entry's payload ({@code JSET_ENTRY_LOG_U64s}). */
    public static final int TRANSACTION_NAME_U64S = 4;
    private static final int MAX_U64S = 0xffff;

    private JsetEntryWrite() {}

    /** A btree root: which btree, the root node's level and its pointer key ({@code btree_ptr_v2}). */
    public record Root(int btree, int level, BkeySC key) {
        public Root {
            if (btree < 0 || btree >= BtreeId.NR_MAX) throw invalid("btree root: btree id " + btree + " out of range");
            if (level < 0 || level > 255) throw invalid("btree root of btree " + btree + ": level " + level + " out of range");
            if (key == null) throw invalid("btree root of btree " + btree + ": no key");
        }
    }

    /** The filesystem counters every jset and the clean section carry ({@code bch2_journal_super_entries_add_common}). */
    public record SuperEntries(long keyVersion, long readClock, long writeClock) {}

    /** Any entry: header and {@code payload[off..off+len)}, zero-padded to whole u64s. */
    public static byte[] entry(JsetEntryType type, int btree, int level, byte[] payload, int off, int len) {
        return entry(type.id(), btree, level, payload, off, len);
    }

    /** {@link #entry(JsetEntryType, int, int, byte[], int, int)} with a raw type id (also unknown types). */
    public static byte[] entry(int typeId, int btree, int level, byte[] payload, int off, int len) {
        if (typeId < 0 || typeId > 255 || btree < 0 || btree > 255 || level < 0 || level > 255) {
            throw invalid("jset entry type " + typeId + " btree " + btree + " level " + level + ": field out of range");
        }
        int u64s = (len + 7) / 8;
        if (u64s > MAX_U64S) throw invalid("jset entry type " + typeId + ": payload of " + len + " bytes exceeds u64s " + MAX_U64S);
        byte[] b = new byte[JsetEntry.HEADER_BYTES + u64s * 8];
        Le.put16(b, 0, u64s);
        b[2] = (byte) btree;
        b[3] = (byte) level;
        b[4] = (byte) typeId;
        System.arraycopy(payload, off, b, JsetEntry.HEADER_BYTES, len);
        return b;
    }

    /** An entry with no payload (u64s 0), e.g. the empty {@code btree_keys} a journal flush leaves. */
    public static byte[] empty(JsetEntryType type) {
        return entry(type, 0, 0, new byte[0], 0, 0);
    }

    /** {@code btree_root}: the root's key as a {@code bkey_i}; the header's u64s is the key's u64s. */
    public static byte[] btreeRoot(Root r) {
        byte[] k = keyBytes(r.key());
        return entry(JsetEntryType.BTREE_ROOT, r.btree(), r.level(), k, 0, k.length);
    }

    /** A key-bearing entry ({@code btree_keys}, {@code overwrite}, {@code write_buffer_keys}, {@code log_bkey}). */
    public static byte[] keys(JsetEntryType type, int btree, int level, List<BkeySC> keys) {
        if (!type.hasKeys()) throw invalid("jset entry type " + type.upstreamName() + " does not hold keys");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BkeySC k : keys) out.writeBytes(keyBytes(k));
        byte[] p = out.toByteArray();
        return entry(type, btree, level, p, 0, p.length);
    }

    /** {@code btree_keys}: keys to insert into {@code btree} at {@code level}. */
    public static byte[] btreeKeys(int btree, int level, List<BkeySC> keys) {
        return keys(JsetEntryType.BTREE_KEYS, btree, level, keys);
    }

    /** {@code overwrite}: the keys an update replaced (for debugging and rewind). */
    public static byte[] overwrite(int btree, int level, List<BkeySC> keys) {
        return keys(JsetEntryType.OVERWRITE, btree, level, keys);
    }

    /** {@code usage}: one filesystem counter; {@code subtype} goes in the btree_id byte. */
    public static byte[] usage(int subtype, long v) {
        byte[] p = new byte[8];
        Le.put64(p, 0, v);
        return entry(JsetEntryType.USAGE, subtype, 0, p, 0, 8);
    }

    /** {@code clock}: the IO clock of one direction ({@link #CLOCK_READ} or {@link #CLOCK_WRITE}). */
    public static byte[] clock(int rw, long time) {
        if (rw != CLOCK_READ && rw != CLOCK_WRITE) throw invalid("clock entry: rw " + rw + " is neither read (0) nor write (1)");
        byte[] p = new byte[16];
        p[0] = (byte) rw;
        Le.put64(p, 8, time);
        return entry(JsetEntryType.CLOCK, 0, 0, p, 0, 16);
    }

    /** {@code datetime}: wall-clock seconds since the epoch when the jset was written. */
    public static byte[] datetime(long seconds) {
        byte[] p = new byte[8];
        Le.put64(p, 0, seconds);
        return entry(JsetEntryType.DATETIME, 0, 0, p, 0, 8);
    }

    /**
     * {@code log}: a message, NUL-padded to whole u64s. Level 0 marks the name of the transaction whose
     * keys follow (use {@link #transactionName} for those); other levels are free-form messages.
     */
    public static byte[] log(int level, byte[] msg) {
        return entry(JsetEntryType.LOG, 0, level, msg, 0, msg.length);
    }

    /**
     * The {@code log} entry that starts a transaction's keys (level 0): its name in a fixed
     * {@link #TRANSACTION_NAME_U64S} u64s, truncated or NUL-padded to that size as upstream's commit path does.
     */
    public static byte[] transactionName(byte[] name) {
        byte[] p = Arrays.copyOf(name, TRANSACTION_NAME_U64S * 8);
        return entry(JsetEntryType.LOG, 0, 0, p, 0, p.length);
    }

    /** {@code blacklist_v2}: journal seqs {@code start..end} (inclusive) are not to be replayed. */
    public static byte[] blacklistV2(long start, long end) {
        if (Long.compareUnsigned(start, end) > 0) throw invalid("blacklist_v2 entry: start " + Long.toUnsignedString(start) + " > end " + Long.toUnsignedString(end));
        byte[] p = new byte[16];
        Le.put64(p, 0, start);
        Le.put64(p, 8, end);
        return entry(JsetEntryType.BLACKLIST_V2, 0, 0, p, 0, 16);
    }

    /** The usage and clock entries in upstream's order: key_version usage, read clock, write clock. */
    public static byte[] superEntries(SuperEntries s) {
        return concat(List.of(usage(USAGE_KEY_VERSION, s.keyVersion()), clock(CLOCK_READ, s.readClock()), clock(CLOCK_WRITE, s.writeClock())));
    }

    /** One btree_root entry per root, in the order given (upstream writes them by ascending btree id). */
    public static byte[] btreeRoots(List<Root> roots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Root r : roots) out.writeBytes(btreeRoot(r));
        return out.toByteArray();
    }

    /**
     * The entry area of the superblock clean section ({@code bch2_fs_mark_clean}): the super entries, then
     * the btree roots, then zeros up to {@link #ENTRY_U64S_RESERVED} u64s (zero bytes read as empty
     * btree_keys entries, which the tools skip). The section itself adds {@code flags}, the two unused
     * clocks and {@code journal_seq} in front.
     */
    public static byte[] cleanSection(SuperEntries s, List<Root> roots) {
        byte[] e = concat(List.of(superEntries(s), btreeRoots(roots)));
        int reserved = ENTRY_U64S_RESERVED * 8;
        if (e.length > reserved) throw invalid("clean section entries of " + e.length + " bytes exceed the reserved " + reserved);
        byte[] out = new byte[reserved];
        System.arraycopy(e, 0, out, 0, e.length);
        return out;
    }

    /**
     * The whole body of the superblock {@code clean} field (what follows its 8-byte field header):
     * {@code le32 flags = 0; le16 read_clock = 0; le16 write_clock = 0; le64 journal_seq}, then
     * {@link #cleanSection}. {@code journalSeq} is the seq of the newest jset (see {@link JournalWrite}).
     */
    public static byte[] cleanFieldBody(long journalSeq, SuperEntries s, List<Root> roots) {
        byte[] e = cleanSection(s, roots);
        byte[] b = new byte[CLEAN_HEADER_BYTES + e.length];
        Le.put64(b, 8, journalSeq);
        System.arraycopy(e, 0, b, CLEAN_HEADER_BYTES, e.length);
        return b;
    }

    /** The bytes of a {@code bkey_i}: the unpacked header, then the value zero-padded to the key's u64s. */
    public static byte[] keyBytes(BkeySC k) {
        Bkey h = k.k();
        int bytes = h.u64s() * 8;
        if (h.u64s() < Bkey.U64S || Bkey.BYTES + k.valLen() > bytes || bytes - Bkey.BYTES - k.valLen() >= 8) {
            throw invalid("key " + h + ": u64s " + h.u64s() + " does not hold a header and a value of " + k.valLen() + " bytes");
        }
        byte[] b = new byte[bytes];
        h.writeUnpacked(b, 0);
        System.arraycopy(k.buf(), k.valOff(), b, Bkey.BYTES, k.valLen());
        return b;
    }

    /** The entries one after another. */
    public static byte[] concat(List<byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) out.writeBytes(e);
        return out.toByteArray();
    }

    private static BcachefsException invalid(String what) {
        return new BcachefsException(ErrorCode.INVALID_ARGUMENT, what);
    }
}
