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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two {@code inline_data} keys of the snapshot image hold the files written after the snapshot
 * (MANIFEST: {@code hello.txt} rewritten, {@code new-after-snapshot.txt} created); their text is the one
 * place our list output cannot equal upstream's, so the bytes are checked instead.
 */
class InlineDataTest {
    @Test
    void inlineDataKeysHoldTheWrittenFiles() {
        List<String> contents = new ArrayList<>();
        try (BchFs fs = BchFs.open(Fixtures.devices("snapshot"), OpenOptions.DEFAULTS)) {
            BtreeIter it = fs.btree().iter(BtreeId.EXTENTS, Bpos.POS_MIN, 0);
            for (BkeySC k = it.next(); k != null; k = it.next()) {
                if (k.type() != KeyType.INLINE_DATA) continue;
                InlineData d = InlineData.decode(k);
                assertThat(d.data().length).isEqualTo(k.k().valBytes());
                String s = new String(d.data(), StandardCharsets.UTF_8);
                contents.add(s.substring(0, s.indexOf('\0') < 0 ? s.length() : s.indexOf('\0')));
                assertThat(KeyPrinter.keyToString(k, fs)).contains("datalen " + d.data().length + ": ");
            }
        }
        assertThat(contents).containsExactlyInAnyOrder("hello modified after snapshot\n", "created after snapshot\n");
    }
}
