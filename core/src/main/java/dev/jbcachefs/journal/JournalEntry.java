package dev.jbcachefs.journal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One journal sequence number as read ({@code struct journal_replay}): the copy of the jset that was kept
 * (the first copy with a good checksum), every place a copy was found, and why it is ignored, if it is:
 * blacklisted (not flushed, torn, or in the blacklist) or older than the replay range.
 */
public final class JournalEntry {
    private Jset jset;
    private boolean csumGood;
    private final List<JournalPtr> ptrs = new ArrayList<>();
    boolean ignoreBlacklisted;
    boolean ignoreNotDirty;

    JournalEntry(Jset jset, JournalPtr ptr) {
        this.jset = jset;
        this.csumGood = ptr.csumGood();
        ptrs.add(ptr);
    }

    /** Replaces the kept copy, keeping every pointer found so far. */
    void replace(Jset j, boolean good) {
        this.jset = j;
        this.csumGood = good;
    }

    void addPtr(JournalPtr p) {
        ptrs.add(p);
    }

    public Jset jset() {
        return jset;
    }

    public long seq() {
        return jset.seq();
    }

    public boolean csumGood() {
        return csumGood;
    }

    public List<JournalPtr> ptrs() {
        return Collections.unmodifiableList(ptrs);
    }

    /** Ignored as unflushed, torn or blacklisted. */
    public boolean ignoreBlacklisted() {
        return ignoreBlacklisted;
    }

    /** Ignored as older than the replay range. */
    public boolean ignoreNotDirty() {
        return ignoreNotDirty;
    }

    /** {@code journal_replay_ignore}. */
    public boolean ignored() {
        return ignoreBlacklisted || ignoreNotDirty;
    }
}
