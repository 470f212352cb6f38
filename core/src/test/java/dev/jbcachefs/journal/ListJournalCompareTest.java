package dev.jbcachefs.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.testkit.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Compares our {@code list_journal -a} text with what upstream printed for every reference image,
 * separating structure lines (messages, entry headers, non-key entries) from key lines (whose value text
 * comes from the key printers), and prints the match counts per image.
 */
class ListJournalCompareTest {
    static final Pattern STRUCT = Pattern.compile(
            "^(|[^ ].*|  (bytes|sectors|version|last seq|flush|written at|with options:|with devices:|allowing) .*"
                    + "|\\s*(log|datetime|usage|clock|blacklist|blacklist_v2|data_usage|dev_usage|prio_ptrs|\\(unknown jset_entry_type \\d+\\))(:.*)?)$");
    static final Pattern KEY_FIRST = Pattern.compile("^\\s*(btree_keys|btree_root|overwrite|write_buffer_keys|log_bkey): btree=.*");
    static final Pattern KEY_HEADER = Pattern.compile("^(\\s*\\w+: btree=\\S+ level=\\d+ u64s \\d+ type \\S+ \\S+ len \\d+ ver \\d+)");

    record Counts(int structExpected, int structMatching, int keyLinesExpected, int keyLinesMatching, int keyHeadersExpected,
                  int keyHeadersMatching, int totalExpected, int totalActual) {
        @Override
        public String toString() {
            return String.format("structure %d/%d, key headers %d/%d, key lines %d/%d, lines expected %d actual %d",
                    structMatching, structExpected, keyHeadersMatching, keyHeadersExpected, keyLinesMatching, keyLinesExpected,
                    totalExpected, totalActual);
        }
    }

    static Counts compare(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        List<String> es = new ArrayList<>(), as = new ArrayList<>(), ek = new ArrayList<>(), ak = new ArrayList<>();
        List<String> eh = new ArrayList<>(), ah = new ArrayList<>();
        split(e, es, ek, eh);
        split(a, as, ak, ah);
        return new Counts(es.size(), matching(es, as), ek.size(), matching(ek, ak), eh.size(), matching(eh, ah), e.length, a.length);
    }

    private static void split(String[] lines, List<String> struct, List<String> keys, List<String> headers) {
        for (String l : lines) {
            if (KEY_FIRST.matcher(l).matches()) {
                keys.add(l);
                Matcher m = KEY_HEADER.matcher(l);
                headers.add(m.find() ? m.group(1) : l);
            } else if (STRUCT.matcher(l).matches()) {
                struct.add(l);
            } else {
                keys.add(l);
            }
        }
    }

    /** Lines equal at the same index (the lists align when structure matches). */
    private static int matching(List<String> x, List<String> y) {
        int n = 0;
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) if (x.get(i).equals(y.get(i))) n++;
        return n;
    }

    record Result(Counts counts, String expected, String actual) {}

    static Result run(String image) {
        String expected = Fixtures.output(image + ".list_journal.txt.zst");
        String actual = JournalFixtures.listJournal(image, image.equals("encrypted") ? EncryptedJournalReadTest.crypto() : null);
        try {
            java.nio.file.Files.writeString(Fixtures.scratch().resolve(image + ".list_journal.actual.txt"), actual);
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        Counts c = compare(expected, actual);
        System.out.println("list_journal " + image + ": " + c);
        return new Result(c, expected, actual);
    }

    @Test
    void everyImageMatchesUpstreamExceptInlineDataPointers() {
        for (String image : Fixtures.IMAGES) {
            Result res = run(image);
            Counts c = res.counts();
            assertThat(c.structMatching()).as(image + " structure lines").isEqualTo(c.structExpected());
            assertThat(c.keyHeadersMatching()).as(image + " key headers").isEqualTo(c.keyHeadersExpected());
            assertThat(c.totalActual()).as(image + " line count").isEqualTo(c.totalExpected());
            String[] e = res.expected().split("\n", -1);
            String[] a = res.actual().split("\n", -1);
            for (int i = 0; i < e.length; i++) {
                if (e[i].equals(a[i])) continue;
                // upstream's userspace build prints inline_data values as a pointer (MANIFEST): only those may differ
                assertThat(e[i]).as(image + " line " + (i + 1)).contains("type inline_data").contains(": datalen ");
                assertThat(a[i]).as(image + " line " + (i + 1)).startsWith(e[i].substring(0, e[i].indexOf(": datalen ")));
            }
        }
    }
}
