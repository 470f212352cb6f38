package dev.jbcachefs.btree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys in random order come back sorted with their values, through spilled runs, as often as asked; duplicates fail. */
class KeySorterTest {
    @TempDir
    Path tmp;

    static BkeySC key(long inode, long offset, int i) {
        byte[] v = new byte[8 * (1 + i % 3)];
        v[0] = (byte) i;
        v[v.length - 1] = (byte) (i >>> 8);
        return BkeySC.of(KeyType.SET, new Bpos(inode, offset, i % 5), 0, i, v);
    }

    @Test
    void sortsThroughSpilledRuns() {
        List<BkeySC> keys = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 50_000; i++) keys.add(key(r.nextLong(1000), r.nextLong(), i));
        try (KeySorter s = new KeySorter("test", 256 << 10, tmp)) {
            for (BkeySC k : keys) s.add(k);
            assertThat(s.size()).isEqualTo(keys.size());
            keys.sort((a, b) -> a.pos().compareTo(b.pos()));
            for (int round = 0; round < 2; round++) {
                Iterator<BkeySC> it = s.iterator();
                for (BkeySC want : keys) {
                    BkeySC got = it.next();
                    assertThat(got.k()).isEqualTo(want.k());
                    assertThat(got.valueCopy()).isEqualTo(want.valueCopy());
                }
                assertThat(it.hasNext()).isFalse();
            }
            assertThat(tmp.toFile().list()).isNotEmpty();
        }
        assertThat(tmp.toFile().list()).as("runs deleted on close").isEmpty();
    }

    @Test
    void duplicatePositionsFail() throws Exception {
        try (KeySorter s = new KeySorter("dups", 1 << 10, tmp)) {
            for (int i = 0; i < 200; i++) s.add(key(1, i, i));
            s.add(key(1, 7, 7));
            assertThatThrownBy(() -> s.iterator().forEachRemaining(k -> { })).isInstanceOf(BcachefsException.class).hasMessageContaining("two keys at");
        }
        assertThat(Files.list(tmp).count()).isZero();
    }
}
