package dev.jbcachefs.journal;

import dev.jbcachefs.sb.JournalSeqBlacklist;
import dev.jbcachefs.sb.Superblock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The journal as read plus upstream's replay selection ({@code bch2_journal_read} after the device
 * reads): walking back from the newest seq, unflushed entries and the first torn (bad checksum) flush
 * entry are ignored; the newest good flush entry gives the replay range {@code [last_seq, seq]}; older
 * entries are marked not dirty and blacklisted seqs (superblock table) ignored. Everything read stays
 * available for listing.
 */
public final class JournalRead {
    private final Superblock sb;
    private final List<JournalDevice> devices;
    private final NavigableMap<Long, JournalEntry> entries;
    private final List<String> problems;
    private final List<JournalSeqBlacklist.Range> blacklist;
    private long startSeq;
    private long seqReadStart;
    private long seqReadEnd;
    private boolean clean;

    private JournalRead(Superblock sb, List<JournalDevice> devices, NavigableMap<Long, JournalEntry> entries, List<String> problems) {
        this.sb = sb;
        this.devices = List.copyOf(devices);
        this.entries = entries;
        this.problems = problems;
        this.blacklist = sb.journalSeqBlacklist();
    }

    static JournalRead select(Superblock sb, List<JournalDevice> devices, TreeMap<Long, JournalEntry> entries, List<String> problems) {
        JournalRead r = new JournalRead(sb, devices, entries, problems);
        r.select();
        return r;
    }

    private void select() {
        boolean lastWriteTorn = false;
        for (JournalEntry e : entries.descendingMap().values()) {
            if (e.ignored()) continue;
            long seq = e.seq();
            if (startSeq == 0) startSeq = seq + 1;
            Jset j = e.jset();
            if (j.noFlush()) {
                e.ignoreBlacklisted = true;
                continue;
            }
            if (!lastWriteTorn && !e.csumGood()) {
                lastWriteTorn = true;
                e.ignoreBlacklisted = true;
                problems.add("journal entry " + Long.toUnsignedString(seq) + ": bad checksum on the newest flush entry (torn write), ignored");
                continue;
            }
            long last = j.lastSeq();
            if (Long.compareUnsigned(last, seq) > 0) {
                problems.add("invalid journal entry: last_seq > seq (" + Long.toUnsignedString(last) + " > " + Long.toUnsignedString(seq) + ")");
                last = seq;
            }
            seqReadStart = last;
            seqReadEnd = seq;
            clean = j.isEmpty(problems, "journal entry " + Long.toUnsignedString(seq));
            break;
        }
        if (startSeq == 0 || seqReadEnd == 0) return;
        for (JournalEntry e : entries.values()) {
            if (e.ignored()) continue;
            long seq = e.seq();
            if (Long.compareUnsigned(seq, seqReadStart) < 0) {
                e.ignoreNotDirty = true;
                continue;
            }
            if (isBlacklisted(seq)) {
                if (!e.jset().noFlush()) problems.add("found blacklisted journal entry " + Long.toUnsignedString(seq));
                e.ignoreBlacklisted = true;
            }
        }
        for (JournalEntry e : entries.values()) {
            if (!e.ignored() && !e.csumGood()) {
                problems.add("invalid journal checksum at seq " + Long.toUnsignedString(e.seq()) + " (used for replay)");
            }
        }
        long expect = seqReadStart;
        for (JournalEntry e : entries.values()) {
            if (e.ignored()) continue;
            long[] m;
            while ((m = missingRange(expect, e.seq())) != null) {
                problems.add("journal entries " + Long.toUnsignedString(m[0]) + "-" + Long.toUnsignedString(m[1] - 1) + " missing! (replaying "
                        + Long.toUnsignedString(seqReadStart) + "-" + Long.toUnsignedString(seqReadEnd) + ")");
                expect = m[1];
            }
            expect = e.seq() + 1;
        }
    }

    /** Whether the superblock's blacklist table names {@code seq}. */
    public boolean isBlacklisted(long seq) {
        for (JournalSeqBlacklist.Range r : blacklist) {
            if (r.contains(seq)) return true;
        }
        return false;
    }

    private long nextNonBlacklisted(long seq) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (JournalSeqBlacklist.Range r : blacklist) {
                if (r.contains(seq)) {
                    seq = r.end();
                    moved = true;
                }
            }
        }
        return seq;
    }

    private long nextBlacklisted(long seq) {
        long best = -1L;
        for (JournalSeqBlacklist.Range r : blacklist) {
            if (Long.compareUnsigned(r.start(), seq) >= 0 && Long.compareUnsigned(r.start(), best) < 0) best = r.start();
        }
        return best;
    }

    /**
     * {@code bch2_journal_entry_missing_range}: the first run of seqs in {@code [start, end)} that are
     * neither present nor blacklisted, as {@code {from, to}} (to exclusive), or null.
     */
    long[] missingRange(long start, long end) {
        if (Long.compareUnsigned(start, end) >= 0) return null;
        start = nextNonBlacklisted(start);
        if (Long.compareUnsigned(start, end) >= 0) return null;
        long to = nextBlacklisted(start);
        if (Long.compareUnsigned(end, to) < 0) to = end;
        return start == to ? null : new long[] {start, to};
    }

    public Superblock superblock() {
        return sb;
    }

    public List<JournalDevice> devices() {
        return devices;
    }

    /** Every seq read, ignored or not, in seq order. */
    public NavigableMap<Long, JournalEntry> entries() {
        return Collections.unmodifiableNavigableMap(entries);
    }

    public JournalEntry entry(long seq) {
        return entries.get(seq);
    }

    /** Problems met while reading (damaged jsets, missing entries, bad checksums), for fsck-like reports. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** Newest seq read plus one (0 when the journal is empty). */
    public long startSeq() {
        return startSeq;
    }

    /** First seq to replay: the newest flush entry's last_seq (0 when nothing is replayable). */
    public long seqReadStart() {
        return seqReadStart;
    }

    /** Last seq to replay: the newest good flush entry (0 when there is none). */
    public long seqReadEnd() {
        return seqReadEnd;
    }

    /** The newest flush entry needs nothing replayed ({@code journal_entry_empty}). */
    public boolean journalClean() {
        return clean;
    }

    /** Entries to replay, in seq order: not ignored and inside {@code [seqReadStart, seqReadEnd]}. */
    public List<JournalEntry> replayEntries() {
        List<JournalEntry> out = new ArrayList<>();
        if (seqReadEnd == 0) return out;
        for (Map.Entry<Long, JournalEntry> e : entries.entrySet()) {
            JournalEntry je = e.getValue();
            if (je.ignored()) continue;
            if (Long.compareUnsigned(je.seq(), seqReadEnd) > 0) continue;
            out.add(je);
        }
        return out;
    }

    /** Name of device {@code idx} among those read, or null. */
    public String deviceName(int idx) {
        for (JournalDevice d : devices) {
            if (d.idx() == idx) return d.name();
        }
        return null;
    }
}
