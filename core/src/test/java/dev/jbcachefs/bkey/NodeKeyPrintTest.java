package dev.jbcachefs.bkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.btree.BtreeRoot;
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

/**
 * Node pointer keys ({@code btree_ptr_v2}) print as {@code bcachefs list -m nodes} prints them: the
 * root's key plus every interior key must be exactly the set of node keys upstream listed.
 */
class NodeKeyPrintTest {
    @ParameterizedTest
    @ValueSource(strings = {"default", "zstd", "lz4", "gzip", "crc64", "replicas2", "snapshot"})
    void nodePointersPrintAsUpstream(String image) {
        String text = Fixtures.output(image + ".list-nodes.txt").replaceAll("##### btree (\\w+) nodes", "##### btree $1").replaceAll("##### btree (\\w+) formats", "##### btree $1-formats");
        Map<String, List<String>> expected = UpstreamList.parse(text);
        int total = 0;
        try (BchFs fs = BchFs.open(Fixtures.devices(image), OpenOptions.DEFAULTS)) {
            for (String name : List.of("extents", "inodes", "dirents", "xattrs")) {
                BtreeId id = BtreeId.byName(name);
                BtreeRoot root = fs.btree().root(id);
                List<String> got = new ArrayList<>();
                got.add(KeyPrinter.keyToString(root.key(), fs));
                for (int level = 1; level <= root.level(); level++) {
                    BtreeIter it = fs.btree().iter(id, Bpos.POS_MIN, level);
                    for (BkeySC k = it.next(); k != null; k = it.next()) got.add(KeyPrinter.keyToString(k, fs));
                }
                assertThat(got).as("%s %s node keys", image, name).containsExactlyInAnyOrderElementsOf(expected.get(name));
                total += got.size();
            }
        }
        System.out.printf("%s: %d node pointer keys print as upstream%n", image, total);
    }
}
