package dev.jbcachefs.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import dev.jbcachefs.testkit.Fixtures;
import dev.jbcachefs.testkit.UpstreamList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** End to end: the encrypted image opened with its passphrase lists every key header upstream listed. */
class EncryptedListTest {
    @Test
    void everyKeyHeaderMatchesUpstream() {
        Map<String, List<String>> expected = UpstreamList.parse(Fixtures.output("encrypted.list.txt.zst"));
        OpenOptions opts = OpenOptions.DEFAULTS.withPassphrase(() -> Fixtures.passphrase().getBytes(StandardCharsets.UTF_8));
        int total = 0;
        try (BchFs fs = BchFs.open(Fixtures.devices("encrypted"), opts)) {
            for (BtreeId id : BtreeId.values()) {
                List<String> want = expected.get(id.upstreamName()).stream().map(UpstreamList::header).toList();
                List<String> got = new ArrayList<>();
                BtreeIter it = fs.btree().iter(id, Bpos.POS_MIN, 0);
                for (BkeySC k = it.next(); k != null; k = it.next()) got.add(k.k().toString());
                assertThat(got).as("btree %s", id.upstreamName()).isEqualTo(want);
                total += want.size();
            }
        }
        assertThat(total).isGreaterThan(1131);
    }

    @Test
    void openingWithoutPassphraseFails() {
        assertThatThrownBy(() -> BchFs.open(Fixtures.devices("encrypted"), OpenOptions.DEFAULTS).close())
                .isInstanceOf(BcachefsException.class)
                .extracting(e -> ((BcachefsException) e).code()).isEqualTo(ErrorCode.BAD_PASSPHRASE);
    }
}
