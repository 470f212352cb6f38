package dev.jbcachefs.btree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import dev.jbcachefs.testkit.Fixtures;
import dev.jbcachefs.testkit.UpstreamList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every key header of every btree equals upstream's list output, in order. */
class BtreeListTest {
    @ParameterizedTest
    @ValueSource(strings = {"default", "zstd", "lz4", "gzip", "crc64", "replicas2", "snapshot", "dirty-journal", "encrypted"})
    void keyHeadersMatchUpstream(String image) {
        Map<String, List<String>> expected = UpstreamList.parse(Fixtures.output(image + ".list.txt.zst"));
        try (BchFs fs = BchFs.open(Fixtures.devices(image), Fixtures.options(image))) {
            int total = 0, match = 0;
            for (BtreeId id : BtreeId.values()) {
                List<String> want = expected.get(id.upstreamName()).stream().map(UpstreamList::header).toList();
                List<String> got = new ArrayList<>();
                BtreeIter it = fs.btree().iter(id, Bpos.POS_MIN, 0);
                for (BkeySC k = it.next(); k != null; k = it.next()) got.add(k.k().toString());
                total += want.size();
                for (int i = 0; i < Math.min(want.size(), got.size()); i++) if (want.get(i).equals(got.get(i))) match++;
                int first = 0;
                while (first < Math.min(want.size(), got.size()) && want.get(first).equals(got.get(first))) first++;
                assertThat(first == want.size() && got.size() == want.size())
                        .as("%s btree %s: %d keys, we have %d; first difference at %d: want <%s> got <%s>", image, id.upstreamName(),
                                want.size(), got.size(), first, first < want.size() ? want.get(first) : "end",
                                first < got.size() ? got.get(first) : "end")
                        .isTrue();
            }
            System.out.printf("%s: %d/%d key headers match%n", image, match, total);
        }
    }
}
