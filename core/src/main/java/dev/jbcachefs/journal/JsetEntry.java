package dev.jbcachefs.journal;

import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.format.Le;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code struct jset_entry} viewed in place: an 8-byte header ({@code le16 u64s; u8 btree_id; u8
 * level; u8 type; u8 pad[3]}) and {@code u64s} words of payload. The same format appears inside jsets and
 * in the superblock's clean section, so decoding takes a plain byte range. Entries never throw on a bad
 * payload: key decoding reports problems and stops where upstream's validation would.
 *
 * @param buf    buffer holding the entry (shared, not modified)
 * @param off    offset of the entry header in {@code buf}
 * @param u64s   payload size in u64s
 * @param btree  btree id (for usage entries: the usage subtype)
 * @param level  btree level (for log entries: 0 marks a transaction start)
 * @param typeId entry type id ({@link JsetEntryType})
 */
public record JsetEntry(byte[] buf, int off, int u64s, int btree, int level, int typeId) {
    public static final int HEADER_BYTES = 8;

    /** Decodes the header at {@code off}; the caller has checked 8 bytes are there. */
    static JsetEntry read(byte[] buf, int off) {
        return new JsetEntry(buf, off, Le.u16(buf, off), Le.u8(buf, off + 2), Le.u8(buf, off + 3), Le.u8(buf, off + 4));
    }

    /**
     * Walks the entries in {@code buf[off..end)} as upstream does ({@code vstruct_for_each}): stops at the
     * first entry whose header or payload would pass {@code end}, recording that as a problem.
     */
    public static List<JsetEntry> walk(byte[] buf, int off, int end, List<String> problems, String where) {
        List<JsetEntry> out = new ArrayList<>();
        int o = off;
        while (o < end) {
            if (o + HEADER_BYTES > end) {
                problems.add(where + ": journal entry header at byte " + (o - off) + " extends past end (" + (end - off) + " bytes)");
                break;
            }
            JsetEntry e = read(buf, o);
            if (e.end() > end) {
                problems.add(where + ": journal entry type " + e.typeName() + " at byte " + (o - off) + " with u64s " + e.u64s
                        + " extends past end (" + (end - off) + " bytes)");
                break;
            }
            out.add(e);
            o = e.end();
        }
        return out;
    }

    public JsetEntryType type() {
        return JsetEntryType.byId(typeId);
    }

    public String typeName() {
        StringBuilder sb = new StringBuilder();
        JsetEntryType.toText(sb, typeId);
        return sb.toString();
    }

    public int bytes() {
        return HEADER_BYTES + u64s * 8;
    }

    /** Offset just past this entry. */
    public int end() {
        return off + bytes();
    }

    /** Offset of the payload. */
    public int dataOff() {
        return off + HEADER_BYTES;
    }

    /** Payload u64 number {@code i}, or 0 when the payload is shorter. */
    public long u64(int i) {
        return i < u64s ? Le.u64(buf, dataOff() + i * 8) : 0;
    }

    /** A log entry's message: the payload with trailing NULs removed ({@code jset_entry_log_msg_bytes}). */
    public String logMessage() {
        int n = u64s * 8;
        while (n > 0 && buf[dataOff() + n - 1] == 0) n--;
        return new String(buf, dataOff(), n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A log entry that starts a transaction (level 0) rather than a message. */
    public boolean isTransactionStart() {
        return typeId == JsetEntryType.LOG.id() && level == 0;
    }

    /**
     * The keys of a key-bearing entry, validated as upstream's journal_validate_key: a key with u64s 0 or
     * one overrunning the entry ends the list; a key in a non-current format or shorter than a key header
     * is skipped; unknown key types and btree ids are reported but kept.
     */
    public List<BkeySC> keys(List<String> problems, String where) {
        List<BkeySC> out = new ArrayList<>();
        int end = end();
        int o = dataOff();
        while (o < end) {
            int ku64s = Le.u8(buf, o);
            String at = where + " entry " + typeName() + " key at byte " + (o - dataOff());
            if (ku64s == 0) {
                problems.add(at + ": k->u64s 0");
                break;
            }
            if (o + ku64s * 8 > end) {
                problems.add(at + ": u64s " + ku64s + " extends past end of journal entry");
                break;
            }
            int fmt = Le.u8(buf, o + 1) & 0x7f;
            if (fmt != Bkey.FORMAT_CURRENT) {
                problems.add(at + ": bad format " + fmt);
            } else if (ku64s < Bkey.U64S) {
                problems.add(at + ": u64s " + ku64s + " smaller than a key header");
            } else {
                Bkey k = Bkey.readUnpacked(buf, o);
                if (KeyType.byId(k.type()) == null) problems.add(at + ": unknown key type " + k.type() + " (" + k + ")");
                if (btree >= BtreeId.NR_MAX) problems.add(at + ": invalid btree id " + btree);
                out.add(new BkeySC(k, buf, o + Bkey.BYTES, (ku64s - Bkey.U64S) * 8));
            }
            o += ku64s * 8;
        }
        return out;
    }

    /**
     * Checks the payload size and fields of this entry's type as upstream's per-type validation does
     * (keys are checked by {@link #keys}); returns false, with a problem, when the entry must be ignored.
     * Unknown types are accepted (the tools skip them).
     */
    public boolean validate(List<String> problems, String where) {
        JsetEntryType t = type();
        if (t == null) return true;
        String at = where + " entry " + typeName() + " at byte " + off;
        String bad = switch (t) {
            case BTREE_ROOT -> u64s == 0 || (buf[dataOff()] & 0xff) != u64s ? "wrong number of keys" : null;
            case BLACKLIST -> u64s != 1 ? "bad size" : null;
            case BLACKLIST_V2 -> u64s != 2 ? "bad size" : Long.compareUnsigned(u64(0), u64(1)) > 0 ? "start > end" : null;
            case USAGE -> u64s < 1 ? "bad size" : null;
            case DATA_USAGE -> u64s < 2 || bytes() < 19 + (buf[dataOff() + 9] & 0xff) ? "bad size" : null;
            case CLOCK -> u64s != 2 ? "bad size" : (buf[dataOff()] & 0xff) > 1 ? "bad rw" : null;
            case DEV_USAGE -> bytes() < 32 ? "bad size (" + bytes() + " < 32)" : Le.i32(buf, dataOff() + 4) != 0 ? "bad pad" : null;
            case DATETIME -> u64s < 1 ? "bad size (" + bytes() + " < 16)" : null;
            case REWIND_LIMIT -> u64s < 1 ? "bad size" : null;
            case REWIND -> u64s < 2 ? "bad size" : null;
            default -> null;
        };
        if (bad != null) problems.add(at + ": invalid journal entry: " + bad);
        return bad == null;
    }

    /** {@code datetime}: seconds since the epoch. */
    public long datetimeSeconds() {
        return u64(0);
    }

    /** {@code usage}: the value; its subtype ({@code reserved, inodes, key_version}) is {@link #btree()}. */
    public long usageValue() {
        return u64(0);
    }

    /** {@code clock}: 0 read, 1 write. */
    public int clockRw() {
        return u64s >= 1 ? Le.u8(buf, dataOff()) : 0;
    }

    /** {@code clock}: the IO clock time. */
    public long clockTime() {
        return u64(1);
    }

    /** {@code blacklist}: the seq; {@code blacklist_v2}: the first seq. {@code rewind_limit}: the seq. */
    public long blacklistStart() {
        return u64(0);
    }

    /** {@code blacklist_v2}: the last seq (inclusive); {@code blacklist}: the seq. */
    public long blacklistEnd() {
        return typeId == JsetEntryType.BLACKLIST_V2.id() ? u64(1) : u64(0);
    }

    /** Header text used in problem reports. */
    @Override
    public String toString() {
        return typeName() + " btree=" + BtreeId.nameOf(btree) + " level=" + level + " u64s " + u64s;
    }
}
