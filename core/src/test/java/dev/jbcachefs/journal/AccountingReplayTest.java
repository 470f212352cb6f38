package dev.jbcachefs.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.format.Le;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accounting deltas combine with the btree's value as upstream's accounting replay does. */
class AccountingReplayTest {
    private static final Bpos POS = new Bpos(0, 0x0200000000000000L, 0);

    private static BkeySC acct(long version, long... counters) {
        byte[] v = new byte[counters.length * 8];
        for (int i = 0; i < counters.length; i++) Le.put64(v, i * 8, counters[i]);
        Bkey k = new Bkey(Bkey.U64S + counters.length, Bkey.U64S, false, KeyType.ACCOUNTING.id(), 0, version, 0, POS);
        return new BkeySC(k, v, 0, v.length);
    }

    private static JournalKey delta(long seq, long version, long... counters) {
        return new JournalKey(BtreeId.ACCOUNTING.id(), 0, seq, 0, acct(version, counters));
    }

    private static long counter(BkeySC k, int i) {
        return Le.u64(k.buf(), k.valOff() + i * 8);
    }

    @Test
    void onlyDeltasNewerThanTheBtreeKeyAreAdded() {
        BkeySC btree = acct(5, 10, 20);
        BkeySC r = JournalReplay.applyAccounting(btree, List.of(delta(40, 4, 100, 100), delta(41, 6, 2, 3), delta(42, 7, 1, 0)));
        assertThat(counter(r, 0)).isEqualTo(13);
        assertThat(counter(r, 1)).isEqualTo(23);
        assertThat(r.k().versionLo()).isEqualTo(7);
        assertThat(r.k().type()).isEqualTo(KeyType.ACCOUNTING.id());
    }

    @Test
    void withoutABtreeKeyTheDeltasSum() {
        BkeySC r = JournalReplay.applyAccounting(null, List.of(delta(40, 4, 1, 2), delta(41, 6, -1, 3)));
        assertThat(counter(r, 0)).isZero();
        assertThat(counter(r, 1)).isEqualTo(5);
        assertThat(r.k().versionLo()).isEqualTo(6);
    }

    @Test
    void aBtreeKeyNewerThanEveryDeltaIsKept() {
        BkeySC btree = acct(9, 10, 20);
        assertThat(JournalReplay.applyAccounting(btree, List.of(delta(40, 4, 1, 1), delta(41, 9, 1, 1)))).isSameAs(btree);
    }
}
