package dev.jbcachefs.bkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import dev.jbcachefs.testkit.Fixtures;
import dev.jbcachefs.testkit.UpstreamList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every key of every btree, printed by {@link KeyPrinter}, equals upstream's {@code bcachefs list} text
 * for it (header and value, all continuation lines). The only keys allowed to differ are
 * {@code inline_data}, whose value upstream's tools print as a pointer.
 */
class KeyPrintCompareTest {
    @ParameterizedTest
    @CsvSource({"default,0", "zstd,0", "lz4,0", "gzip,0", "crc64,0", "replicas2,0", "snapshot,2", "dirty-journal,1008", "encrypted,0"})
    void everyKeyPrintsAsUpstream(String image, int allowedDiffs) {
        Map<String, List<String>> expected = UpstreamList.parse(Fixtures.output(image + ".list.txt.zst"));
        int total = 0, match = 0, inlineData = 0;
        StringBuilder report = new StringBuilder();
        String firstDiff = null;
        try (BchFs fs = BchFs.open(Fixtures.devices(image), Fixtures.options(image))) {
            for (BtreeId id : BtreeId.values()) {
                List<String> want = expected.get(id.upstreamName());
                BtreeIter it = fs.btree().iter(id, Bpos.POS_MIN, 0);
                int i = 0, same = 0;
                for (BkeySC k = it.next(); k != null; k = it.next(), i++) {
                    String got = strip(KeyPrinter.keyToString(k, fs));
                    if (i < want.size() && want.get(i).equals(got)) {
                        same++;
                    } else {
                        if (k.type() == KeyType.INLINE_DATA) inlineData++;
                        else if (firstDiff == null)
                            firstDiff = id.upstreamName() + " key " + i + ":\nwant <" + (i < want.size() ? want.get(i) : "end") + ">\ngot  <" + got + ">";
                    }
                }
                total += want.size();
                match += same;
                if (!want.isEmpty()) report.append(String.format(" %s %d/%d", id.upstreamName(), same, want.size()));
            }
        }
        System.out.printf("%s: %d/%d keys print as upstream (%d inline_data differ):%s%n", image, match, total, inlineData, report);
        assertThat(total - match).as("%s: keys that differ; first non-inline_data difference: %s", image, firstDiff)
                .isLessThanOrEqualTo(allowedDiffs);
        assertThat(firstDiff).as("first difference").isNull();
    }

    /** Upstream's list prints each key with println; blank lines (a value ending in a newline) are dropped by the parser. */
    private static String strip(String s) {
        int e = s.length();
        while (e > 0 && s.charAt(e - 1) == '\n') e--;
        String t = s.substring(0, e);
        return String.join("\n", t.lines().filter(l -> !l.isEmpty()).toList());
    }
}
