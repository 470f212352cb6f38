package dev.jbcachefs.fuzz;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.btree.BtreeRoot;
import dev.jbcachefs.btree.BtreeRoots;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Decoding a run of {@code jset_entry}s into btree roots (the clean section and journal entries share
 * the format): arbitrary bytes must yield roots with decodable pointers or a {@link BcachefsException}.
 */
class JsetEntryFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void btreeRoots(byte[] input) {
        try {
            for (BtreeRoot r : BtreeRoots.fromEntries(input, 0, input.length, "fuzz entries").values()) {
                r.ptr().ptrs();
                r.key().valueCopy();
            }
        } catch (BcachefsException expected) {
            // refused with a message: fine
        }
    }
}
