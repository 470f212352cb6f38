package dev.jbcachefs.journal;

import dev.jbcachefs.btree.BtreeRoot;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.format.Le;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an in-memory journal replay puts over the btrees, as upstream builds its sorted journal keys: the
 * keys of the {@code btree_keys} entries of every replayed jset ({@code [last_seq, newest flush]}, not
 * blacklisted), per (btree, level) sorted by position, the newest update of a position winning. Accounting
 * keys are deltas and are all kept: {@link #resolve} applies them to the btree's key as upstream's
 * accounting replay does (a delta counts only when its version is newer than the key it is added to). Also
 * carries the btree roots of the replayed entries (the newest one per btree) and which journal seqs btree
 * writes must not be trusted for.
 */
public final class JournalReplay {
    private final JournalRead read;
    private final Map<Long, NavigableMap<Bpos, JournalKey>> overlay = new HashMap<>();
    private final Map<Long, Map<Bpos, List<JournalKey>>> accounting = new HashMap<>();
    private final List<Long> replayed = new ArrayList<>();
    private final Map<BtreeId, BtreeRoot> roots;
    private final List<String> problems = new ArrayList<>();
    private final List<long[]> entryBlacklist = new ArrayList<>();
    private int keysRead;
    /** {@code JOURNAL_BUF_NR * 4}: seqs skipped after an unclean shutdown. */
    static final int UNCLEAN_BLACKLIST_PAD = 64;

    private JournalReplay(JournalRead read) {
        this.read = read;
        List<JsetEntry> rootEntries = new ArrayList<>();
        for (JournalEntry e : read.replayEntries()) {
            long seq = e.seq();
            replayed.add(seq);
            String where = "journal entry " + Long.toUnsignedString(seq);
            Jset j = e.jset();
            for (JsetEntry en : j.entries(problems, where)) {
                if (!en.validate(problems, where)) continue;
                if (en.typeId() == JsetEntryType.BTREE_ROOT.id()) rootEntries.add(en);
                if (en.typeId() == JsetEntryType.BLACKLIST.id() && en.u64s() == 1) {
                    entryBlacklist.add(new long[] {en.u64(0), en.u64(0) + 1});
                } else if (en.typeId() == JsetEntryType.BLACKLIST_V2.id() && en.u64s() == 2 && Long.compareUnsigned(en.u64(0), en.u64(1)) <= 0) {
                    entryBlacklist.add(new long[] {en.u64(0), en.u64(1) + 1});
                }
                if (en.typeId() != JsetEntryType.BTREE_KEYS.id()) continue;
                for (BkeySC k : en.keys(problems, where)) {
                    int offset = (k.valOff() - Bkey.BYTES - j.off() - Jset.HEADER_BYTES) / 8;
                    add(new JournalKey(en.btree(), en.level(), seq, offset, k.detach()));
                }
            }
        }
        // like journal_replay_early: every replayed entry's roots in order, a later one replacing an earlier
        roots = JournalRoots.fromEntries(rootEntries, problems, "journal");
        if (read.seqReadEnd() != 0) {
            long end = read.startSeq() + (read.superblock().clean() ? 0 : UNCLEAN_BLACKLIST_PAD);
            if (read.seqReadEnd() + 1 != end) entryBlacklist.add(new long[] {read.seqReadEnd() + 1, end});
        }
    }

    /** Builds the replay overlay from a journal read. */
    public static JournalReplay of(JournalRead read) {
        return new JournalReplay(read);
    }

    private static long slot(int btree, int level) {
        return ((long) btree << 8) | level;
    }

    private void add(JournalKey jk) {
        keysRead++;
        long s = slot(jk.btree(), jk.level());
        Bpos p = jk.key().pos();
        overlay.computeIfAbsent(s, x -> new TreeMap<>()).put(p, jk);
        if (isAccounting(jk.key())) {
            accounting.computeIfAbsent(s, x -> new HashMap<>()).computeIfAbsent(p, x -> new ArrayList<>()).add(jk);
        } else {
            Map<Bpos, List<JournalKey>> a = accounting.get(s);
            if (a != null) a.remove(p);
        }
    }

    /**
     * Whether btree writes tagged with journal seq {@code seq} must be ignored (upstream's
     * {@code bch2_journal_seq_is_blacklisted} after recovery): the superblock's blacklist, blacklist
     * entries in the replayed jsets, and the seqs after the newest flush entry that a recovery blacklists
     * (up to 64 beyond the newest seq read after an unclean shutdown).
     */
    public boolean seqBlacklisted(long seq) {
        if (read.isBlacklisted(seq)) return true;
        for (long[] r : entryBlacklist) {
            if (Long.compareUnsigned(seq, r[0]) >= 0 && Long.compareUnsigned(seq, r[1]) < 0) return true;
        }
        return false;
    }

    static boolean isAccounting(BkeySC k) {
        return k.k().type() == KeyType.ACCOUNTING.id();
    }

    /** The journal read this replay was built from. */
    public JournalRead read() {
        return read;
    }

    /** Newest seq found in the journal (0 when empty). */
    public long newestSeq() {
        return read.startSeq() == 0 ? 0 : read.startSeq() - 1;
    }

    /** Oldest seq replayed: the newest flush entry's last_seq. */
    public long lastSeq() {
        return read.seqReadStart();
    }

    /** The newest flush entry, the last one replayed (0 when none). */
    public long flushSeq() {
        return read.seqReadEnd();
    }

    /** Seqs whose keys were replayed, ascending. */
    public List<Long> replayedSeqs() {
        return Collections.unmodifiableList(replayed);
    }

    /** Whether the journal needs nothing replayed (its newest flush entry is empty, as after a clean shutdown). */
    public boolean journalClean() {
        return read.journalClean();
    }

    /**
     * Btree roots from the replayed entries, the newest per btree (for the btree ids this version knows),
     * ready for {@code new Btree(ctx, roots, new JournalOverlay(replay), cache)}. A root whose pointer does
     * not decode is left out and reported in {@link #problems()}.
     */
    public Map<BtreeId, BtreeRoot> roots() {
        return Collections.unmodifiableMap(roots);
    }

    /** The root of {@code btree} from the replayed entries, or null. */
    public BtreeRoot root(BtreeId btree) {
        return roots.get(btree);
    }

    /** Number of keys read from the replayed entries (before deduplication). */
    public int keysRead() {
        return keysRead;
    }

    /** Number of positions in the overlay, all btrees and levels. */
    public int size() {
        int n = 0;
        for (NavigableMap<Bpos, JournalKey> m : overlay.values()) n += m.size();
        return n;
    }

    /** (btree, level) pairs that have keys, as {@code {btree, level}}. */
    public List<int[]> btreeLevels() {
        List<int[]> out = new ArrayList<>();
        for (long s : new TreeSet<>(overlay.keySet())) out.add(new int[] {(int) (s >>> 8), (int) (s & 0xff)});
        return out;
    }

    /**
     * The overlay of one btree level, sorted by position: the newest journal key per position (deleted keys
     * are whiteouts that hide the btree's key). For accounting positions use {@link #resolve}.
     */
    public NavigableMap<Bpos, JournalKey> keys(int btree, int level) {
        NavigableMap<Bpos, JournalKey> m = overlay.get(slot(btree, level));
        return m == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(m);
    }

    /** The accounting deltas at a position, in journal order (empty when the newest key is not accounting). */
    public List<JournalKey> accountingDeltas(int btree, int level, Bpos pos) {
        Map<Bpos, List<JournalKey>> a = accounting.get(slot(btree, level));
        List<JournalKey> l = a == null ? null : a.get(pos);
        return l == null ? List.of() : Collections.unmodifiableList(l);
    }

    /**
     * The key a reader sees at {@code pos} after replay, given the btree's own key there ({@code btreeKey},
     * null when absent): the btree key when the journal has nothing for the position, the newest journal
     * key otherwise, and for accounting the btree value plus the deltas newer than it.
     */
    public BkeySC resolve(int btree, int level, Bpos pos, BkeySC btreeKey) {
        JournalKey jk = keys(btree, level).get(pos);
        if (jk == null) return btreeKey;
        if (!isAccounting(jk.key())) return jk.key();
        return applyAccounting(btreeKey, accountingDeltas(btree, level, pos));
    }

    /**
     * Upstream's accounting replay: each delta in journal order is skipped when the current key's version
     * is not older than the delta's; otherwise it is added counter by counter to the current accounting
     * value (or becomes the value when there is none), and the result takes the newer version.
     */
    public static BkeySC applyAccounting(BkeySC btreeKey, List<JournalKey> deltas) {
        BkeySC cur = btreeKey;
        for (JournalKey d : deltas) {
            BkeySC k = d.key();
            if (cur != null && compareVersion(cur.k(), k.k()) >= 0) continue;
            if (cur == null || cur.k().type() != KeyType.ACCOUNTING.id()) {
                cur = k;
                continue;
            }
            byte[] v = k.valueCopy();
            int n = Math.min(v.length, cur.valLen()) / 8;
            for (int i = 0; i < n; i++) {
                Le.put64(v, i * 8, Le.u64(v, i * 8) + Le.u64(cur.buf(), cur.valOff() + i * 8));
            }
            cur = new BkeySC(k.k(), v, 0, v.length);
        }
        return cur;
    }

    /** {@code bversion_cmp}: hi then lo, unsigned. */
    static int compareVersion(Bkey a, Bkey b) {
        int c = Integer.compareUnsigned(a.versionHi(), b.versionHi());
        return c != 0 ? c : Long.compareUnsigned(a.versionLo(), b.versionLo());
    }

    /** Problems met decoding the replayed entries (invalid keys are reported and skipped). */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }
}
