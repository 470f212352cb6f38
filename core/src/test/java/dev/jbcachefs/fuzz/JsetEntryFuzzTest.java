package dev.jbcachefs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.btree.BtreeRoot;
import dev.jbcachefs.journal.JournalRoots;
import dev.jbcachefs.journal.JsetEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoding a run of {@code jset_entry}s (the clean section's and a jset's payload share the format):
 * arbitrary bytes are walked, every entry validated and its keys decoded, and the btree roots among them
 * turned into node pointers as the filesystem open does. Problems are collected; only
 * {@link BcachefsException} may escape.
 */
class JsetEntryFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void btreeRoots(byte[] input) {
        List<String> problems = new ArrayList<>();
        try {
            List<JsetEntry> entries = JsetEntry.walk(input, 0, input.length, problems, "fuzz entries");
            for (JsetEntry e : entries) {
                if (e.validate(problems, "fuzz entries")) e.keys(problems, "fuzz entries");
            }
            for (BtreeRoot r : JournalRoots.fromEntries(entries, problems, "fuzz entries").values()) r.ptr().ptrs();
        } catch (BcachefsException expected) {
            // refused with a message: fine
        }
    }
}
