package dev.jbcachefs.journal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.bkey.PrintContext;
import dev.jbcachefs.util.Printbuf;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.CsumType;
import java.util.ArrayList;
import java.util.List;

/**
 * One journal write ({@code struct jset}) from arbitrary bytes, as {@code list_journal} decodes it: the
 * harness re-seals the checksum when the declared size fits (so mutations reach the entries), then walks
 * the entries, validates each, decodes keys and prints every entry with {@link JsetEntryText} (keys with
 * their values). Problems are collected as the reader does; only {@link BcachefsException} may escape.
 */
class JsetFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void jset(byte[] input) {
        if (input.length < Jset.HEADER_BYTES) return;
        byte[] buf = input.clone();
        Jset j = new Jset(buf, 0);
        if (j.bytes() > buf.length) return;
        CsumType t = j.csumType();
        if (t != null && !t.isEncryption()) Checksum.compute(t, buf, Jset.CSUM_START, (int) j.bytes() - Jset.CSUM_START).write(buf, 0);
        List<String> problems = new ArrayList<>();
        try {
            j.isEmpty(problems, "fuzz jset");
            Printbuf out = new Printbuf();
            for (JsetEntry e : j.entries(problems, "fuzz jset")) {
                if (!e.validate(problems, "fuzz jset")) continue;
                e.keys(problems, "fuzz jset");
                JsetEntryText.toText(out, e, PrintContext.NONE);
            }
        } catch (BcachefsException expected) {
            // refused with a message: fine
        }
    }
}
